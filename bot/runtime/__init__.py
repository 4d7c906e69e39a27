"""What every long-running part of the bot shares: settings, database, clock, instance id."""

from __future__ import annotations

import asyncio
import os
import socket
import uuid
from dataclasses import dataclass, field

from bot.runtime.clock import Clock, SystemClock
from bot.runtime.config import Settings
from bot.runtime.db import Database


def new_instance_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


@dataclass
class Runtime:
    settings: Settings
    db: Database
    clock: Clock = field(default_factory=SystemClock)
    instance_id: str = field(default_factory=new_instance_id)
    ports: dict[str, int] = field(default_factory=dict)  # bound ports, by part (port 0 in tests)
    parts: list[str] = field(default_factory=list)  # parts started by bot.app.run (for /healthz)
    _wakeups: dict[str, asyncio.Event] = field(default_factory=dict)
    _loops: dict[str, asyncio.AbstractEventLoop] = field(default_factory=dict)

    def wakeup(self, name: str) -> asyncio.Event:
        """An event a part waits on to start its next round at once instead of polling."""
        ev = self._wakeups.setdefault(name, asyncio.Event())
        try:
            self._loops[name] = asyncio.get_running_loop()
        except RuntimeError:
            pass
        return ev

    def wake(self, name: str) -> None:
        """Wake a part; safe from the event loop and from worker threads (asyncio.to_thread)."""
        ev = self._wakeups.get(name)
        if ev is None:
            return
        loop = self._loops.get(name)
        try:
            running = asyncio.get_running_loop()
        except RuntimeError:
            running = None
        if loop is None or running is loop:
            ev.set()
        elif not loop.is_closed():
            loop.call_soon_threadsafe(ev.set)

    @classmethod
    def from_settings(cls, settings: Settings, *, migrate: bool = True,
                      clock: Clock | None = None) -> Runtime:
        db = Database(settings.database.url, echo=settings.database.echo)
        if migrate:
            db.migrate()
        return cls(settings=settings, db=db, clock=clock or SystemClock())


async def nap(wake: asyncio.Event, stop: asyncio.Event, timeout: float) -> None:
    """Sleep until `wake` or `stop` is set, or `timeout` seconds pass: a polling part's pause."""
    waiter = asyncio.create_task(wake.wait())
    stopper = asyncio.create_task(stop.wait())
    try:
        await asyncio.wait({waiter, stopper}, timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
    finally:
        waiter.cancel()
        stopper.cancel()
