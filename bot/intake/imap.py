"""IMAP intake: reads an existing mailbox (imapclient, in a worker thread) into the same store
as SMTP. A message's identity is (UIDVALIDITY, UID); the highest UID handled is checkpointed in
the database, so a restart neither misses nor repeats mail. After a message is committed it is
moved to `done_folder` (or flagged) so staff see what the bot took.

`poll_round` is one round (fetch what is new, store, move, checkpoint); `run` loops rounds with
IDLE (re-issued before 29 minutes) or polling and reconnects with backoff. bot/app.py runs
`serve` under the "imap-poller" lease (bot.runtime.instances.singleton): one instance reads the mailbox.
"""

from __future__ import annotations

import asyncio
import logging
import socket
import ssl
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime

from imapclient import IMAPClient
from imapclient.exceptions import IMAPClientError
from sqlmodel import select

from bot.intake.store import store_message
from bot.runtime import Runtime
from bot.runtime.config import ImapSettings
from models import ImapCheckpoint, MessageSource

log = logging.getLogger(__name__)

FETCH_BATCH = 20  # messages per FETCH: bounded memory with 25 MB messages
IDLE_SLICE = 10.0  # IDLE is checked in slices so a stop (or a lost lease) is noticed quickly
NETWORK_ERRORS = (IMAPClientError, OSError, ssl.SSLError, socket.timeout, EOFError)


@dataclass(frozen=True)
class RoundResult:
    stored: int  # new rows
    duplicates: int  # already stored (same bytes), e.g. after a UIDVALIDITY change
    uidvalidity: int
    last_uid: int


def account_key(s: ImapSettings) -> str:
    return f"{s.username}@{s.host}:{s.port}"


def connect(settings: ImapSettings, *, timeout: float = 60.0) -> IMAPClient:
    """A logged-in client with the intake folder selected and the done folder present."""
    ctx = tls_context(settings)
    if ctx is None and settings.host not in ("127.0.0.1", "::1", "localhost"):
        log.warning("imap login without TLS: set [imap] tls or starttls", extra={"host": settings.host})
    client = IMAPClient(settings.host, port=settings.port, ssl=settings.tls, ssl_context=ctx,
                        timeout=timeout)
    client.normalise_times = False  # INTERNALDATE with its offset, not converted to local naive
    try:
        if settings.starttls and not settings.tls:
            client.starttls(ctx)  # raises if not offered: the password never goes in the clear
        client.login(settings.username, settings.password())
        if settings.done_folder and not client.folder_exists(settings.done_folder):
            client.create_folder(settings.done_folder)
        client.select_folder(settings.folder)
    except Exception:
        _close(client)
        raise
    return client


def tls_context(settings: ImapSettings) -> ssl.SSLContext | None:
    """Certificate and host name always verified: against `ca_file` when set, else the system's
    trust store. None for a plaintext connection (tls and starttls both off)."""
    if not (settings.tls or settings.starttls):
        return None
    ctx = ssl.create_default_context(cafile=settings.ca_file or None)
    ctx.minimum_version = ssl.TLSVersion.TLSv1_2
    return ctx


def _close(client: IMAPClient) -> None:
    try:
        client.logout()
    except Exception:  # already gone: nothing to tell the server
        try:
            client.shutdown()
        except Exception:
            log.debug("imap shutdown after a failed logout also failed", exc_info=True)


def _checkpoint(rt: Runtime, account: str, folder: str, uidvalidity: int) -> int:
    """The last UID handled under this UIDVALIDITY; a changed UIDVALIDITY starts again from 0."""
    with rt.db.session() as s:
        cp = s.exec(select(ImapCheckpoint).where(ImapCheckpoint.account == account,
                                                 ImapCheckpoint.folder == folder)).first()
        if cp is None:
            s.add(ImapCheckpoint(account=account, folder=folder, uidvalidity=uidvalidity, last_uid=0,
                                 updated_at=rt.clock.now()))
            return 0
        if cp.uidvalidity != uidvalidity:
            # Old UIDs mean nothing now: re-scan the folder; content hashes keep it from taking
            # anything twice (email-rules.md).
            log.warning("imap UIDVALIDITY changed; re-scanning folder",
                        extra={"old": cp.uidvalidity, "new": uidvalidity})
            cp.uidvalidity, cp.last_uid, cp.updated_at = uidvalidity, 0, rt.clock.now()
            s.add(cp)
            return 0
        return cp.last_uid


def _advance(rt: Runtime, account: str, folder: str, uidvalidity: int, uid: int) -> None:
    with rt.db.session() as s:
        cp = s.exec(select(ImapCheckpoint).where(ImapCheckpoint.account == account,
                                                 ImapCheckpoint.folder == folder)).one()
        if cp.uidvalidity == uidvalidity and uid > cp.last_uid:
            cp.last_uid, cp.updated_at = uid, rt.clock.now()
            s.add(cp)


def _received_at(value: object, rt: Runtime) -> datetime:
    """INTERNALDATE (when the mailbox got it) is the receipt time; the deadline runs from it."""
    if isinstance(value, datetime):
        return value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC)
    return rt.clock.now()


def poll_round(rt: Runtime, client: IMAPClient) -> RoundResult:
    """One round: store every message above the checkpoint, then move or flag it, then advance."""
    s = rt.settings.imap
    account = account_key(s)
    status = client.select_folder(s.folder)
    uidvalidity = int(status[b"UIDVALIDITY"])
    last = _checkpoint(rt, account, s.folder, uidvalidity)
    # "last+1:*" always matches the highest UID, even when it is <= last: filter it out.
    uids = sorted(u for u in client.search(["UID", f"{last + 1}:*"]) if u > last)
    stored = duplicates = 0
    for i in range(0, len(uids), FETCH_BATCH):
        batch = uids[i:i + FETCH_BATCH]
        data = client.fetch(batch, ["BODY.PEEK[]", "INTERNALDATE"])  # PEEK: no \Seen
        for uid in batch:
            item = data.get(uid)
            if item is None:  # expunged meanwhile by someone else
                _advance(rt, account, s.folder, uidvalidity, uid)
                continue
            raw = item.get(b"BODY[]") or b""
            result = store_message(rt.db, raw, source=MessageSource.IMAP,
                                   received_at=_received_at(item.get(b"INTERNALDATE"), rt),
                                   imap=(s.folder, uidvalidity, uid))
            stored += not result.duplicate
            duplicates += result.duplicate
            _mark_done(client, s, uid)
            _advance(rt, account, s.folder, uidvalidity, uid)
        if stored:
            rt.wake("worker")
    if uids:
        log.info("imap round", extra={"stored": stored, "duplicates": duplicates,
                                      "uidvalidity": uidvalidity, "last_uid": uids[-1]})
    return RoundResult(stored, duplicates, uidvalidity, uids[-1] if uids else last)


def catch_up(rt: Runtime, client: IMAPClient, max_rounds: int = 50) -> None:
    """Rounds until the folder's UIDNEXT shows nothing above the checkpoint. Mail that arrives
    during a round is announced in the replies to our FETCH/MOVE, not to the IDLE that follows,
    so without this check it would wait for the next round."""
    folder = rt.settings.imap.folder
    for _ in range(max_rounds):
        last = poll_round(rt, client).last_uid
        uidnext = int(client.folder_status(folder, [b"UIDNEXT"])[b"UIDNEXT"])
        if uidnext - 1 <= last:
            return


def _mark_done(client: IMAPClient, s: ImapSettings, uid: int) -> None:
    """Show staff what the bot took: MOVE (RFC 6851), else COPY + delete, or only a flag."""
    if not s.done_folder:
        client.add_flags([uid], [s.flag.encode()], silent=True)
        return
    if client.has_capability("MOVE"):
        client.move([uid], s.done_folder)
        return
    client.copy([uid], s.done_folder)
    client.add_flags([uid], [b"\\Deleted"], silent=True)
    if client.has_capability("UIDPLUS"):
        client.uid_expunge([uid])
    else:
        client.expunge()


def wait_for_news(rt: Runtime, client: IMAPClient, stop: threading.Event) -> None:
    """Until the mailbox reports news or `stop` is set: IDLE where the
    server has it (re-issued every `idle_seconds`, below the 29-minute limit), else one poll wait."""
    s = rt.settings.imap
    if not client.has_capability("IDLE"):
        deadline = time.monotonic() + s.poll_seconds
        while not stop.is_set() and time.monotonic() < deadline:
            stop.wait(min(IDLE_SLICE, max(0.0, deadline - time.monotonic())))
        return
    client.idle()
    started = time.monotonic()
    slice_ = min(IDLE_SLICE, s.poll_seconds, s.idle_seconds)
    # IDLE ends for a round after idle_seconds (< 29 min, RFC 2177) and also after poll_seconds:
    # a safety poll that catches mail announced while we were busy and proves the link alive.
    until = started + min(s.idle_seconds, s.poll_seconds)
    quick_empty = 0
    try:
        while not stop.is_set():
            t0 = time.monotonic()
            responses = client.idle_check(timeout=slice_)
            if any(r[1] in (b"EXISTS", b"RECENT") for r in responses if len(r) > 1):
                return
            # imapclient returns [] both on timeout and on EOF: an empty answer long before the
            # timeout, again and again, is a connection the server has closed.
            quick_empty = quick_empty + 1 if not responses and time.monotonic() - t0 < slice_ / 2 else 0
            if quick_empty >= 3:
                raise ConnectionError("IMAP server closed the connection during IDLE")
            if time.monotonic() >= until:
                return
    finally:
        client.idle_done()


def run(rt: Runtime, stop: threading.Event) -> None:
    """Poll rounds until `stop`: reconnect with exponential backoff on any error."""
    s = rt.settings.imap
    backoff = 1.0
    client: IMAPClient | None = None
    try:
        while not stop.is_set():
            try:
                if client is None:
                    client = connect(s)
                    log.info("imap connected", extra={"host": s.host, "folder": s.folder,
                                                      "idle": client.has_capability("IDLE")})
                catch_up(rt, client)
                backoff = 1.0
                wait_for_news(rt, client, stop)
            except Exception as e:  # network, server or database: nothing is lost, try again
                kind = "connection lost" if isinstance(e, NETWORK_ERRORS) else "round failed"
                log.warning(f"imap {kind}; reconnecting", exc_info=not isinstance(e, NETWORK_ERRORS),
                            extra={"error": f"{type(e).__name__}: {e}"[:300], "retry_in": backoff})
                if client is not None:
                    _close(client)
                    client = None
                stop.wait(backoff)
                backoff = min(backoff * 2, s.backoff_max_seconds)
    finally:
        if client is not None:
            _close(client)


async def serve(rt: Runtime, stop: asyncio.Event) -> None:
    """The poller in a worker thread (imapclient blocks), stopped through a threading.Event."""
    flag = threading.Event()

    async def relay() -> None:
        await stop.wait()
        flag.set()

    relay_task = asyncio.create_task(relay())
    try:
        await asyncio.to_thread(run, rt, flag)
    finally:
        flag.set()
        relay_task.cancel()
