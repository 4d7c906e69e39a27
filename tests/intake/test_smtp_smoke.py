"""A message sent with a real SMTP client is stored, parsed and visible."""

from __future__ import annotations

import asyncio
import smtplib

from sqlmodel import select

from bot.app import run
from bot.runtime import Runtime
from models import InboundMessage, MessageState

MSG = (
    b"From: Matti <matti@example.fi>\r\nTo: info@xcure.fi\r\nSubject: Tietopyynt\xc3\xb6\r\n"
    b"Message-ID: <smoke-1@example.fi>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
    b"Haluan n\xc3\xa4hd\xc3\xa4 tietoni.\r\n"
)


async def _wait_for(cond, timeout: float = 10.0) -> None:
    deadline = asyncio.get_running_loop().time() + timeout
    while not await asyncio.to_thread(cond):
        assert asyncio.get_running_loop().time() < deadline, "condition not met in time"
        await asyncio.sleep(0.05)


async def test_accepted_message_is_stored_and_processed(rt: Runtime) -> None:
    stop = asyncio.Event()
    task = asyncio.create_task(run(rt, stop))
    await _wait_for(lambda: "smtp" in rt.ports)

    def send() -> None:
        with smtplib.SMTP("127.0.0.1", rt.ports["smtp"]) as c:
            c.sendmail("matti@example.fi", ["INFO@xcure.fi"], MSG)

    await asyncio.to_thread(send)

    def processed() -> bool:
        with rt.db.session() as s:
            m = s.exec(select(InboundMessage)).first()
            return m is not None and m.state == MessageState.PROCESSED

    await _wait_for(processed)
    with rt.db.session() as s:
        m = s.exec(select(InboundMessage)).one()
        assert m.raw == MSG
        assert m.message_id == "<smoke-1@example.fi>"
        assert m.subject == "Tietopyyntö"
        assert m.received_at.tzinfo is not None
    stop.set()
    assert await task == 0
