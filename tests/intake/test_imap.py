"""IMAP intake against a real Dovecot: nothing missed, nothing taken twice across restarts and
UIDVALIDITY changes; staff see what the bot took (moved or flagged, never marked read); the
poller reconnects after the server goes away."""

from __future__ import annotations

import asyncio
import logging
import signal
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from sqlmodel import select

from bot.intake import imap
from bot.runtime import Runtime
from models import ImapCheckpoint, InboundMessage, MessageSource
from tests.intake.conftest import stored, wait_for
from tests.intake.dovecot import PASSWORD, USER, Dovecot


def request(n: int) -> bytes:
    return (f"From: Liisa <liisa{n}@example.fi>\r\nTo: info@xcure.fi\r\nSubject: Tietopyyntö {n}\r\n"
            f"Message-ID: <imap-{n}@example.fi>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
            f"Haluan nähdä tietoni ({n}).\r\n").encode()


@pytest.fixture
def dovecot() -> Iterator[Dovecot]:
    d = Dovecot().start()
    yield d
    d.cleanup()


def use_mailbox(rt: Runtime, d: Dovecot, monkeypatch: pytest.MonkeyPatch, **extra: object) -> None:
    monkeypatch.setenv("BOT_IMAP_PASSWORD", PASSWORD)
    s = rt.settings.imap
    s.enabled, s.host, s.port, s.tls, s.username = True, "127.0.0.1", d.port, False, USER
    s.folder, s.done_folder, s.poll_seconds, s.backoff_max_seconds = "INBOX", "Processed", 0.2, 1.0
    for k, v in extra.items():
        setattr(s, k, v)


async def run_poller(rt: Runtime) -> tuple[asyncio.Event, asyncio.Task[None]]:
    stop = asyncio.Event()
    return stop, asyncio.create_task(imap.serve(rt, stop))


def checkpoint(rt: Runtime) -> ImapCheckpoint:
    with rt.db.session() as s:
        return s.exec(select(ImapCheckpoint)).one()


async def test_three_then_restart_then_two_stores_five_none_twice(
        rt: Runtime, dovecot: Dovecot, monkeypatch: pytest.MonkeyPatch) -> None:
    use_mailbox(rt, dovecot, monkeypatch)
    for n in range(3):
        dovecot.append(request(n))
    stop, task = await run_poller(rt)
    await wait_for(lambda: len(stored(rt)) == 3)
    await wait_for(lambda: len(dovecot.uids("Processed")) == 3)  # moved once stored
    stop.set()
    await task
    assert dovecot.uids("INBOX") == {}

    restarted = Runtime.from_settings(rt.settings, migrate=False)  # a new process, same database
    try:
        stop, task = await run_poller(restarted)
        await asyncio.to_thread(dovecot.append, request(3))  # arrives while the poller IDLEs
        await asyncio.to_thread(dovecot.append, request(4))
        await wait_for(lambda: len(stored(rt)) == 5)
        await wait_for(lambda: len(dovecot.uids("Processed")) == 5)
        stop.set()
        await task
    finally:
        restarted.db.dispose()
    rows = stored(rt)
    assert sorted(m.raw for m in rows) == sorted(request(n) for n in range(5))
    assert {m.source for m in rows} == {MessageSource.IMAP}
    assert [m.imap_uid for m in rows] == [1, 2, 3, 4, 5]
    assert checkpoint(rt).last_uid == 5


async def test_changed_uidvalidity_rescans_without_taking_anything_twice(
        rt: Runtime, dovecot: Dovecot, monkeypatch: pytest.MonkeyPatch) -> None:
    # Flag mode: the messages stay in the folder, as they would on a server migration.
    use_mailbox(rt, dovecot, monkeypatch, folder="Privacy", done_folder="")
    for n in range(3):
        dovecot.append(request(n), folder="Privacy")
    client = await asyncio.to_thread(imap.connect, rt.settings.imap)
    try:
        first = await asyncio.to_thread(imap.poll_round, rt, client)
        assert (first.stored, first.last_uid) == (3, 3)
        again = await asyncio.to_thread(imap.poll_round, rt, client)
        assert (again.stored, again.duplicates) == (0, 0)  # the checkpoint, not the hash, stops it
    finally:
        client.logout()

    # The folder is re-created (new UIDVALIDITY) with the same three messages plus a new one.
    c = dovecot.client()
    c.delete_folder("Privacy")
    c.logout()
    for n in (0, 1, 2, 3):
        dovecot.append(request(n), folder="Privacy")
    client = await asyncio.to_thread(imap.connect, rt.settings.imap)
    try:
        after = await asyncio.to_thread(imap.poll_round, rt, client)
    finally:
        client.logout()
    assert after.uidvalidity != first.uidvalidity
    assert (after.stored, after.duplicates, after.last_uid) == (1, 3, 4)
    assert sorted(m.raw for m in stored(rt)) == sorted(request(n) for n in range(4))
    cp = checkpoint(rt)
    assert (cp.uidvalidity, cp.last_uid) == (after.uidvalidity, 4)
    flags = dovecot.uids("Privacy")
    assert all(b"\\Flagged" in f and b"\\Seen" not in f for f in flags.values())  # BODY.PEEK[]


async def test_internaldate_is_the_receipt_time(
        rt: Runtime, dovecot: Dovecot, monkeypatch: pytest.MonkeyPatch) -> None:
    use_mailbox(rt, dovecot, monkeypatch)
    when = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)  # delivered to the mailbox days ago
    dovecot.append(request(1), when=when)
    client = await asyncio.to_thread(imap.connect, rt.settings.imap)
    try:
        await asyncio.to_thread(imap.poll_round, rt, client)
    finally:
        client.logout()
    [m] = stored(rt)
    assert m.received_at == when
    with rt.db.session() as s:
        assert s.exec(select(InboundMessage.imap_folder)).one() == "INBOX"


async def test_server_without_idle_or_move_is_polled_and_copied(
        rt: Runtime, monkeypatch: pytest.MonkeyPatch) -> None:
    d = Dovecot(capabilities="IMAP4rev1 UIDPLUS LITERAL+").start()
    try:
        use_mailbox(rt, d, monkeypatch)
        stop, task = await run_poller(rt)
        await asyncio.to_thread(d.append, request(1))
        await asyncio.to_thread(d.append, request(2))
        await wait_for(lambda: len(stored(rt)) == 2)
        await wait_for(lambda: len(d.uids("Processed")) == 2 and not d.uids("INBOX"))
        stop.set()
        await task
    finally:
        d.cleanup()


async def test_idle_is_reissued_and_still_hears_new_mail(
        rt: Runtime, dovecot: Dovecot, monkeypatch: pytest.MonkeyPatch) -> None:
    use_mailbox(rt, dovecot, monkeypatch, idle_seconds=1)
    rt.settings.imap.poll_seconds = 30  # only idle_seconds ends IDLE here
    reissued = 0
    real_idle = imap.IMAPClient.idle

    def counting_idle(self: imap.IMAPClient) -> object:
        nonlocal reissued
        reissued += 1
        return real_idle(self)

    monkeypatch.setattr(imap.IMAPClient, "idle", counting_idle)
    stop, task = await run_poller(rt)
    await wait_for(lambda: reissued >= 3)  # IDLE renewed every idle_seconds
    await asyncio.to_thread(dovecot.append, request(7))
    await wait_for(lambda: len(stored(rt)) == 1)
    stop.set()
    await task


async def test_reconnects_with_backoff_when_the_server_goes_away(
        rt: Runtime, dovecot: Dovecot, monkeypatch: pytest.MonkeyPatch,
        caplog: pytest.LogCaptureFixture) -> None:
    use_mailbox(rt, dovecot, monkeypatch)
    caplog.set_level(logging.INFO, logger="bot.intake.imap")
    stop, task = await run_poller(rt)
    await wait_for(lambda: any(r.msg == "imap connected" for r in caplog.records))
    await asyncio.to_thread(dovecot.stop, signal.SIGKILL)  # the server crashes
    await wait_for(lambda: any("reconnecting" in r.msg for r in caplog.records))
    await asyncio.to_thread(dovecot.start)
    await asyncio.to_thread(dovecot.append, request(9))
    await wait_for(lambda: len(stored(rt)) == 1, timeout=30)
    stop.set()
    await task
    assert [m.raw for m in stored(rt)] == [request(9)]


async def test_the_bot_polls_the_mailbox_under_the_poller_lease(
        rt: Runtime, dovecot: Dovecot, monkeypatch: pytest.MonkeyPatch) -> None:
    from bot.app import run, services
    from bot.runtime import leases

    use_mailbox(rt, dovecot, monkeypatch)
    parts = [p for p in services(rt) if p[0] == "imap"]  # as `python -m bot run` wires it
    stop = asyncio.Event()
    task = asyncio.create_task(run(rt, stop, parts=parts))
    await asyncio.to_thread(dovecot.append, request(1))
    await wait_for(lambda: len(stored(rt)) == 1)
    assert await asyncio.to_thread(leases.holder, rt, "imap-poller") == rt.instance_id
    stop.set()
    assert await task == 0
    assert await asyncio.to_thread(leases.holder, rt, "imap-poller") is None  # released on stop


@pytest.fixture
def tls_dovecot() -> Iterator[Dovecot]:
    d = Dovecot(tls=True).start()
    yield d
    d.cleanup()


@pytest.mark.parametrize("mode", ["implicit", "starttls"])
async def test_mail_is_read_over_tls_with_a_private_ca(
        rt: Runtime, tls_dovecot: Dovecot, monkeypatch: pytest.MonkeyPatch, mode: str) -> None:
    d = tls_dovecot
    if mode == "implicit":
        use_mailbox(rt, d, monkeypatch, port=d.tls_port, tls=True, ca_file=str(d.cert))
    else:
        use_mailbox(rt, d, monkeypatch, starttls=True, ca_file=str(d.cert))
    d.append(request(1))
    stop, task = await run_poller(rt)
    await wait_for(lambda: len(stored(rt)) == 1)
    await wait_for(lambda: len(d.uids("Processed")) == 1)
    stop.set()
    await task
    assert [m.raw for m in stored(rt)] == [request(1)]
    # Dovecot marks each login with how it was protected; the test's own client logs in over
    # plaintext ("secured": loopback), the bot's login is the one over TLS.
    assert ", TLS, " in "".join(logins(d))


def logins(d: Dovecot) -> list[str]:
    return [line for line in d.log().splitlines() if "Login: user=" in line]


async def test_untrusted_certificate_or_missing_starttls_never_logs_in(
        rt: Runtime, tls_dovecot: Dovecot, dovecot: Dovecot, monkeypatch: pytest.MonkeyPatch) -> None:
    import ssl

    from imapclient.exceptions import CapabilityError

    before = len(logins(dovecot)), len(logins(tls_dovecot))
    # The system trust store does not know the test CA: refused before any login.
    use_mailbox(rt, tls_dovecot, monkeypatch, port=tls_dovecot.tls_port, tls=True)
    with pytest.raises(ssl.SSLCertVerificationError):
        await asyncio.to_thread(imap.connect, rt.settings.imap)
    # The right CA but the wrong name: 127.0.0.1 is certified, localhost is not.
    use_mailbox(rt, tls_dovecot, monkeypatch, port=tls_dovecot.tls_port, tls=True,
                ca_file=str(tls_dovecot.cert), host="localhost")
    with pytest.raises(ssl.SSLCertVerificationError):
        await asyncio.to_thread(imap.connect, rt.settings.imap)
    # STARTTLS asked for, a server without it: no fallback to sending the password in the clear.
    use_mailbox(rt, dovecot, monkeypatch, starttls=True, ca_file=str(tls_dovecot.cert))
    with pytest.raises(CapabilityError):
        await asyncio.to_thread(imap.connect, rt.settings.imap)
    assert (len(logins(dovecot)), len(logins(tls_dovecot))) == before
    assert stored(rt) == []
