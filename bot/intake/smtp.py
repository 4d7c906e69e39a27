"""SMTP intake: aiosmtpd in the bot's event loop. Accepts mail for our own mailboxes only and
answers 250 only after the message is committed; any store failure answers 451 (sender retries).
The handler never parses or classifies: it stores, wakes the worker and answers.
"""

from __future__ import annotations

import asyncio
import logging
import ssl
from typing import Any, AnyStr, cast

from aiosmtpd.smtp import SMTP, Envelope, Session

from bot.intake.committer import GroupCommitter, ShuttingDown
from bot.intake.store import Incoming
from bot.runtime import Runtime
from bot.runtime.config import SmtpSettings, split_hostport
from bot.runtime.logs import addr_hash
from models import MessageSource

log = logging.getLogger(__name__)

REPLY_OK = "250 2.0.0 OK: queued"
REPLY_RCPT_OK = "250 2.1.5 OK"
REPLY_NOT_OURS = "550 5.7.1 Relaying denied: not a local recipient"
REPLY_TOO_BIG = "552 5.3.4 Message size exceeds fixed maximum message size"
REPLY_TRY_LATER = "451 4.3.0 Temporary failure storing message, try again later"
REPLY_SHUTTING_DOWN = b"421 4.3.2 Service shutting down, try again later\r\n"
DRAIN_SECONDS = 10.0  # on stop, how long sessions waiting for their commit get to be answered

# aiosmtpd's own size refusals carry no enhanced status code (RFC 3463); ours do.
_AIOSMTPD_TOO_BIG = (b"552 Error: message size exceeds", b"552 Error: Too much mail data")


class IntakeSMTP(SMTP):
    """aiosmtpd's protocol with RFC 3463 codes on size refusals and a configurable line limit."""

    line_length_limit = 1001  # replaced per server from [smtp] max_line_bytes

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        super().connection_made(transport)  # called again after STARTTLS: a set counts it once
        if isinstance(self.event_handler, IntakeHandler):
            self.event_handler.live.add(self)

    def connection_lost(self, error: Exception | None) -> None:
        if isinstance(self.event_handler, IntakeHandler):
            self.event_handler.live.discard(self)
        super().connection_lost(error)

    def shut_down(self) -> None:
        """Tell the client we are going away (RFC 5321 4.2.2: 421) and close the connection."""
        if self.transport is not None and not self.transport.is_closing():
            # aiosmtpd annotates it as a BaseTransport; a connection's transport can write
            cast(asyncio.WriteTransport, self.transport).write(REPLY_SHUTTING_DOWN)
            self.transport.close()

    async def push(self, status: AnyStr) -> None:
        raw = status.encode() if isinstance(status, str) else bytes(status)
        if raw.startswith(_AIOSMTPD_TOO_BIG):
            await super().push(REPLY_TOO_BIG)
            return
        await super().push(status)


class IntakeHandler:
    """Accepts RCPT for `[mailboxes] addresses` only; stores DATA before answering."""

    def __init__(self, rt: Runtime) -> None:
        self.rt = rt
        self.accepted = {a.lower() for a in rt.settings.mailboxes.addresses}
        self.live: set[IntakeSMTP] = set()  # open sessions, told 421 when the server stops
        self.committer = GroupCommitter(rt.db, open_sessions=lambda: len(self.live))
        self.in_data = 0  # DATA handlers waiting for their commit

    async def handle_RCPT(self, server: SMTP, session: Session, envelope: Envelope,
                          address: str, rcpt_options: list[str]) -> str:
        if address.strip().lower() not in self.accepted:
            log.info("recipient refused", extra={"rcpt": addr_hash(address)})
            return REPLY_NOT_OURS
        envelope.rcpt_tos.append(address)
        return REPLY_RCPT_OK

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        raw = envelope.original_content or b""
        if isinstance(raw, str):
            raw = raw.encode("utf-8", "surrogateescape")
        peer = session.peer[0] if isinstance(session.peer, tuple) else str(session.peer or "")
        item = Incoming(raw, MessageSource.SMTP, self.rt.clock.now(), envelope.mail_from or "",
                        tuple(envelope.rcpt_tos), peer)
        self.in_data += 1
        try:
            stored = await self.committer.store(item)
        except ShuttingDown:
            return REPLY_TRY_LATER
        except Exception:
            log.exception("store failed; answering 451")
            return REPLY_TRY_LATER
        finally:
            self.in_data -= 1
        log.info("message accepted", extra={"inbound_id": stored.id, "duplicate": stored.duplicate,
                                             "size": len(raw)})
        if not stored.duplicate:
            self.rt.wake("worker")
        return REPLY_OK


def tls_context(s: SmtpSettings) -> ssl.SSLContext | None:
    """The STARTTLS context when a certificate is configured, else None (no STARTTLS offered)."""
    if not (s.tls_cert and s.tls_key):
        return None
    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ctx.minimum_version = ssl.TLSVersion.TLSv1_2
    ctx.load_cert_chain(s.tls_cert, s.tls_key)
    return ctx


def make_server_factory(rt: Runtime, handler: Any | None = None) -> Any:
    """A protocol factory for `loop.create_server`; `handler` is replaceable (bench: no-op)."""
    s = rt.settings.smtp
    tls = tls_context(s)
    handler = handler if handler is not None else IntakeHandler(rt)

    class _Server(IntakeSMTP):
        line_length_limit = s.max_line_bytes

    def factory() -> SMTP:
        return _Server(
            handler,
            data_size_limit=s.max_message_bytes,
            enable_SMTPUTF8=True,  # UTF-8 addresses and headers (RFC 6531)
            decode_data=False,  # keep the bytes exactly as sent; 8BITMIME is advertised
            hostname=s.hostname,
            tls_context=tls,
            require_starttls=s.require_starttls and tls is not None,
            timeout=s.timeout_seconds,
        )

    return factory


async def serve(rt: Runtime, stop: asyncio.Event) -> None:
    host, port = split_hostport(rt.settings.smtp.listen)
    loop = asyncio.get_running_loop()
    handler = IntakeHandler(rt)
    server = await loop.create_server(make_server_factory(rt, handler), host=host, port=port)
    rt.ports["smtp"] = server.sockets[0].getsockname()[1]
    log.info("smtp listening", extra={"host": host, "port": rt.ports["smtp"],
                                       "starttls": bool(rt.settings.smtp.tls_cert)})
    try:
        await stop.wait()
    finally:
        server.close()  # no new connections
        # Messages already queued are committed and answered 250; later DATA gets 451.
        await asyncio.to_thread(handler.committer.close)
        deadline = loop.time() + DRAIN_SECONDS
        while handler.in_data and loop.time() < deadline:
            await asyncio.sleep(0.01)  # let the answered DATA handlers write their 250
        for session in list(handler.live):
            session.shut_down()
        await server.wait_closed()
        log.info("smtp stopped", extra={"sessions_closed": len(handler.live)})
