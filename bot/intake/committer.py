"""Group commit for SMTP intake: concurrent deliveries share one transaction (one fsync).

Each DATA waits for its own message's commit before the 250, exactly as before; while one batch
commits, the next messages queue up and go together in the following transaction. One writer
thread also means SQLite writers never wait on each other's locks (busy_timeout back-off).
"""

from __future__ import annotations

import asyncio
import logging
import queue
import threading
import time
from collections.abc import Callable

from bot.intake.store import Incoming, Stored, store_batch
from bot.runtime.db import Database

log = logging.getLogger(__name__)

MAX_BATCH = 64  # messages per transaction
MAX_BATCH_BYTES = 32 * 1024 * 1024  # and at most this much raw mail
# How long the first message of a batch waits for company: only while other SMTP sessions are
# open (a lone sender is never kept waiting), at most this long, and only while messages keep
# arriving. bench/intake.py chose the figures: longer windows lose more at 8 clients than they
# win at 32.
GATHER_SECONDS = 0.001
GATHER_GAP_SECONDS = 0.0003  # ...stops waiting once arrivals pause this long

class ShuttingDown(RuntimeError):
    """The committer is closed: the sender gets a 4xx and retries (with another instance)."""


_Job = tuple[Incoming, asyncio.AbstractEventLoop, "asyncio.Future[Stored]"]


class GroupCommitter:
    def __init__(self, db: Database, open_sessions: Callable[[], int] = lambda: 0) -> None:
        self.db = db
        self._q: queue.SimpleQueue[_Job | None] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self._open_sessions = open_sessions
        self._closed = False

    @property
    def sessions(self) -> int:
        """Open SMTP sessions: no batch waits for more messages than could come from them."""
        return self._open_sessions()

    async def store(self, item: Incoming) -> Stored:
        """Committed when this returns; raises what the commit raised (ShuttingDown once closed)."""
        if self._closed:
            raise ShuttingDown("intake is shutting down")
        self._ensure_thread()
        loop = asyncio.get_running_loop()
        fut: asyncio.Future[Stored] = loop.create_future()
        self._q.put((item, loop, fut))
        return await fut

    def close(self) -> None:
        """Commit what is queued, answer its senders, then refuse further messages."""
        with self._lock:
            self._closed = True
            if self._thread is not None:
                self._q.put(None)
                self._thread.join(timeout=60)
                self._thread = None

    def _ensure_thread(self) -> None:
        with self._lock:
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="smtp-commit", daemon=True)
                self._thread.start()

    def _run(self) -> None:
        while True:
            first = self._q.get()
            if first is None:
                return
            batch = [first]
            size = len(first[0].raw)
            gather_until = time.monotonic() + GATHER_SECONDS
            while len(batch) < min(MAX_BATCH, self.sessions) and size < MAX_BATCH_BYTES:
                try:
                    wait = min(GATHER_GAP_SECONDS, gather_until - time.monotonic())
                    nxt = self._q.get(timeout=max(0.0, wait))
                except queue.Empty:
                    break
                if nxt is None:
                    self._q.put(None)  # finish this batch, then stop
                    break
                batch.append(nxt)
                size += len(nxt[0].raw)
            try:
                results: list[Stored | BaseException] = list(store_batch(self.db, [b[0] for b in batch]))
            except Exception as e:  # every message of the batch gets a 451 and is retried
                log.warning("batch store failed", extra={"messages": len(batch), "error": repr(e)[:300]})
                results = [e] * len(batch)
            # One wake-up per event loop for the whole batch, not one per message.
            by_loop: dict[asyncio.AbstractEventLoop, list[_Settle]] = {}
            for (_, loop, fut), result in zip(batch, results, strict=True):
                by_loop.setdefault(loop, []).append((fut, result))
            for loop, settles in by_loop.items():
                loop.call_soon_threadsafe(_settle, settles)


_Settle = tuple["asyncio.Future[Stored]", "Stored | BaseException"]


def _settle(settles: list[_Settle]) -> None:
    for fut, result in settles:
        if fut.done():  # the SMTP session went away meanwhile; the message is stored anyway
            continue
        if isinstance(result, BaseException):
            fut.set_exception(result)
        else:
            fut.set_result(result)
