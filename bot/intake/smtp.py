"""SMTP intake: aiosmtpd in the bot's event loop. Accepts mail for our own mailboxes only and
answers 250 only after the message is committed; any store failure answers 451 (sender retries).
"""

from __future__ import annotations

import asyncio
import logging
import ssl
from typing import Any

from aiosmtpd.smtp import SMTP, Envelope, Session

from bot.config import split_hostport
from bot.intake.store import store_message
from bot.runtime import Runtime
from models import MessageSource

log = logging.getLogger(__name__)


class IntakeHandler:
    def __init__(self, rt: Runtime) -> None:
        self.rt = rt
        self.accepted = {a.lower() for a in rt.settings.mailboxes.addresses}

    async def handle_RCPT(self, server: SMTP, session: Session, envelope: Envelope,
                          address: str, rcpt_options: list[str]) -> str:
        if address.strip().lower() not in self.accepted:
            return "550 5.7.1 Relaying denied: unknown recipient"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        raw = envelope.original_content or b""
        if isinstance(raw, str):
            raw = raw.encode("utf-8", "surrogateescape")
        peer = session.peer[0] if isinstance(session.peer, tuple) else str(session.peer or "")
        try:
            stored = await asyncio.to_thread(
                store_message,
                self.rt.db,
                raw,
                source=MessageSource.SMTP,
                received_at=self.rt.clock.now(),
                envelope_from=envelope.mail_from or "",
                envelope_to=list(envelope.rcpt_tos),
                peer=peer,
            )
        except Exception:
            log.exception("store failed; answering 451")
            return "451 4.3.0 Temporary failure storing message, try again later"
        log.info("message accepted", extra={"inbound_id": stored.id, "duplicate": stored.duplicate,
                                             "size": len(raw)})
        self.rt.wake("worker")
        return "250 2.0.0 OK: queued"


def make_server_factory(rt: Runtime) -> Any:
    s = rt.settings.smtp
    tls: ssl.SSLContext | None = None
    if s.tls_cert and s.tls_key:
        tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        tls.load_cert_chain(s.tls_cert, s.tls_key)
    handler = IntakeHandler(rt)

    def factory() -> SMTP:
        return SMTP(
            handler,
            data_size_limit=s.max_message_bytes,
            enable_SMTPUTF8=True,
            decode_data=False,
            hostname=s.hostname,
            tls_context=tls,
            require_starttls=s.require_starttls and tls is not None,
        )

    return factory


async def serve(rt: Runtime, stop: asyncio.Event) -> None:
    host, port = split_hostport(rt.settings.smtp.listen)
    loop = asyncio.get_running_loop()
    server = await loop.create_server(make_server_factory(rt), host=host, port=port)
    rt.ports["smtp"] = server.sockets[0].getsockname()[1]
    log.info("smtp listening", extra={"host": host, "port": rt.ports["smtp"]})
    try:
        await stop.wait()
    finally:
        server.close()
        await server.wait_closed()
