"""IMAP take-over: two instances on PostgreSQL and a real Dovecot. The poller's instance is killed
(SIGKILL) in the middle of the mailbox; the other takes over when its lease expires and continues
from the UID checkpoint: every message stored once, none missed."""

from __future__ import annotations

import time
from collections.abc import Iterator
from email.message import EmailMessage
from email.utils import make_msgid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select
from sqlalchemy.engine import Engine

from bot.runtime.db import normalise_url
from models import InboundMessage, Lease, MessageSource
from tests.conftest import PG_URL, pg_schema_url
from tests.fixtures.bots import BotProcess
from tests.intake.dovecot import PASSWORD, USER, Dovecot  # the intake part's real-Dovecot fixture

N = 40


@pytest.fixture
def pg_url() -> Iterator[str]:
    if not PG_URL:
        pytest.skip("BOT_TEST_POSTGRES_URL not set")
    yield from pg_schema_url()


@pytest.fixture
def dovecot() -> Iterator[Dovecot]:
    d = Dovecot().start()
    yield d
    d.cleanup()


def request(i: int) -> bytes:
    msg = EmailMessage()
    msg["From"] = f"IMAP Customer {i} <imap{i}@example.org>"
    msg["To"] = "info@xcure.fi"
    msg["Subject"] = "Unsubscribe"
    msg["Message-ID"] = make_msgid(idstring=f"imap{i}", domain="example.org")
    msg.set_content(f"Please remove me from your newsletter. ({i})\n")
    return msg.as_bytes()


def wait_until(cond, timeout: float, what: str, info=lambda: "") -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not cond():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}\n{info()}")
        time.sleep(0.1)


def stored(engine: Engine) -> int:
    with engine.connect() as c:
        return int(c.execute(select(func.count()).select_from(InboundMessage)).scalar_one())


def poller(engine: Engine, bots: list[BotProcess]) -> BotProcess | None:
    """The instance holding the IMAP lease (instance ids are host:pid:random)."""
    with engine.connect() as c:
        owners = {o for (o,) in c.execute(select(Lease.owner).where(Lease.name.like("imap%")))}  # type: ignore[attr-defined]
    pids = {int(o.split(":")[1]) for o in owners}
    found = [b for b in bots if b.alive() and b.proc is not None and b.proc.pid in pids]
    return found[0] if len(found) == 1 else None


def test_another_instance_takes_over_the_mailbox_from_the_checkpoint(
        pg_url: str, dovecot: Dovecot, tmp_path: Path) -> None:
    env = {
        "BOT_IMAP__ENABLED": "true", "BOT_IMAP__HOST": "127.0.0.1", "BOT_IMAP__PORT": str(dovecot.port),
        "BOT_IMAP__TLS": "false", "BOT_IMAP__USERNAME": USER, "BOT_IMAP_PASSWORD": PASSWORD,
        "BOT_IMAP__POLL_SECONDS": "0.5", "BOT_IMAP__LEASE_SECONDS": "3",
        "BOT_SCHEDULER__ENABLED": "false",
    }
    engine = create_engine(normalise_url(pg_url))
    bots = [BotProcess(f"imap{i}", pg_url, tmp_path, extra_env=env) for i in range(2)]
    try:
        for i in range(N // 2):
            dovecot.append(request(i))
        bots[0].start().wait_ready()
        bots[1].start().wait_ready()
        wait_until(lambda: poller(engine, bots) is not None and stored(engine) >= 5, 60,
                   "the first instance to poll", lambda: "\n".join(b.tail() for b in bots))
        first = poller(engine, bots)
        assert first is not None
        for i in range(N // 2, N):  # more mail arrives while the poller works through the box
            dovecot.append(request(i))
        first.kill()  # mid-way: part of the mailbox stored, the rest not
        assert stored(engine) < N  # the survivor has work left to take over
        survivor = next(b for b in bots if b is not first)
        wait_until(lambda: stored(engine) >= N and len(dovecot.uids("INBOX")) == 0, 90,
                   "the survivor to take over and store the rest",
                   lambda: f"stored={stored(engine)}\n{survivor.tail()}")
        assert poller(engine, bots) is survivor
    finally:
        for b in bots:
            b.stop()
    with engine.connect() as c:
        rows = c.execute(select(InboundMessage.message_id, InboundMessage.imap_uid,
                                InboundMessage.source)).all()
    engine.dispose()
    assert len(rows) == N  # none twice...
    assert sorted(m.strip("<>").split("@")[0].split(".")[-1] for m, _, _ in rows) == sorted(
        f"imap{i}" for i in range(N))  # ...none missed
    assert len({u for _, u, _ in rows}) == N and {s for _, _, s in rows} == {MessageSource.IMAP}
    assert len(dovecot.uids("Processed")) == N
