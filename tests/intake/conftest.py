"""Fixtures for intake tests: the bot's SMTP server and worker running in the test's event loop."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable

import pytest
from sqlmodel import select

from bot.app import run
from bot.intake.smtp import serve as smtp_serve
from bot.pipeline.worker import serve as worker_serve
from bot.runtime import Runtime
from bot.runtime.config import Settings
from models import InboundMessage


async def wait_for(cond: Callable[[], bool], timeout: float = 15.0) -> None:
    """Poll `cond` (run in a thread: it may touch the database) until true or the deadline."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not await asyncio.to_thread(cond):
        assert loop.time() < deadline, "condition not met in time"
        await asyncio.sleep(0.02)


def stored(rt: Runtime) -> list[InboundMessage]:
    with rt.db.session() as s:
        return list(s.exec(select(InboundMessage).order_by(InboundMessage.id)).all())


SIZE_LIMIT = 100_000
UTF8_MAILBOX = "henkilötiedot@xcure.fi"


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """A small size limit (oversize tests stay fast) and a second, UTF-8 mailbox."""
    settings.smtp.max_message_bytes = SIZE_LIMIT
    settings.mailboxes.addresses = ["info@xcure.fi", UTF8_MAILBOX]
    return settings


@pytest.fixture
async def smtp_bot(rt: Runtime) -> AsyncIterator[Runtime]:
    """The bot's SMTP server and worker; `rt.ports["smtp"]` is the bound port."""
    stop = asyncio.Event()
    task = asyncio.create_task(run(rt, stop, parts=[("smtp", smtp_serve), ("worker", worker_serve)]))
    await wait_for(lambda: "smtp" in rt.ports)
    yield rt
    stop.set()
    assert await task == 0
