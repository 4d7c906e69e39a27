"""`python -m bot run`: every long-running part in one asyncio process.

Each part is a coroutine `serve(rt, stop)` that runs until `stop` is set and then finishes or
releases its in-flight work. SIGTERM/SIGINT set `stop`. If a part crashes, the others are
stopped too and the process exits non-zero, so a supervisor restarts it.
"""

from __future__ import annotations

import asyncio
import logging
import signal
import sys
from collections.abc import Callable, Coroutine
from typing import Any

from bot.intake.imap import serve as imap_serve
from bot.intake.smtp import serve as smtp_serve
from bot.jobs.scheduler import serve as scheduler_serve
from bot.pipeline.worker import serve as worker_serve
from bot.replies.outbox import serve as outbox_serve
from bot.runtime import Runtime
from bot.runtime.instances import claim_sqlite, hold_sqlite, singleton
from bot.web.server import serve as web_serve

log = logging.getLogger(__name__)

Service = Callable[[Runtime, asyncio.Event], Coroutine[Any, Any, None]]


def services(rt: Runtime) -> list[tuple[str, Service]]:
    """The parts this configuration runs, in start order."""
    found: list[tuple[str, Service]] = []
    # Each part's module is imported here so a configuration that disables it never loads it.
    if rt.settings.smtp.enabled:
        found.append(("smtp", smtp_serve))
    if rt.settings.imap.enabled:
        # One poller per mailbox across all instances; another takes over when it dies.
        found.append(("imap", singleton("imap-poller", imap_serve,
                                        ttl=rt.settings.imap.lease_seconds)))
    if rt.settings.worker.enabled:
        found.append(("worker", worker_serve))
    if rt.settings.web.enabled:
        found.append(("web", web_serve))

    found.append(("outbox", outbox_serve))
    if rt.settings.scheduler.enabled:
        found.append(("scheduler", scheduler_serve))
    return found


async def run(rt: Runtime, stop: asyncio.Event | None = None,
              parts: list[tuple[str, Service]] | None = None) -> int:
    stop = stop or asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        try:
            loop.add_signal_handler(sig, stop.set)
        except (NotImplementedError, RuntimeError):  # not the main thread (tests)
            pass
    parts = parts if parts is not None else services(rt)

    refused = await asyncio.to_thread(claim_sqlite, rt)
    if refused:
        log.error(refused)
        print(refused, file=sys.stderr)
        return 3
    if rt.db.dialect == "sqlite":
        parts = [("sqlite-instance", hold_sqlite), *parts]
    rt.parts = [name for name, _ in parts]
    tasks: dict[asyncio.Task[Any], str] = {asyncio.create_task(fn(rt, stop), name=name): name
                                           for name, fn in parts}
    log.info("bot started", extra={"instance": rt.instance_id, "parts": [n for n, _ in parts]})
    stopper = asyncio.create_task(stop.wait())
    done, _ = await asyncio.wait({stopper, *tasks}, return_when=asyncio.FIRST_COMPLETED)
    code = 0
    for t in done:
        if t is not stopper and not stop.is_set():
            exc = t.exception() if not t.cancelled() else None
            log.error("part stopped unexpectedly", extra={"part": tasks[t], "error": repr(exc)})
            code = 1
    stop.set()
    pending = [t for t in tasks if not t.done()]
    if pending:
        _, still = await asyncio.wait(pending, timeout=30)
        for t in still:
            t.cancel()
        await asyncio.gather(*still, return_exceptions=True)
    for t in tasks:
        if not t.cancelled() and t.exception() is not None:
            log.error("part failed", extra={"part": tasks[t], "error": repr(t.exception())})
            code = 1
    stopper.cancel()
    log.info("bot stopped", extra={"instance": rt.instance_id})
    return code
