"""Several instances on one database: parts that must run in one process at a time, and the
guard that keeps SQLite to a single instance.

`singleton("imap-poller", serve)` wraps a part so that only the instance holding the lease of that
name runs it; the others wait and take over when the holder dies (its lease expires) or stops
(it releases the lease). On SQLite, `python -m bot run` refuses to start beside a live instance.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
from collections.abc import Callable, Coroutine
from typing import Any

from bot.runtime import Runtime, leases

log = logging.getLogger(__name__)

Service = Callable[[Runtime, asyncio.Event], Coroutine[Any, Any, None]]
SQLITE_LEASE = "sqlite-instance"


async def _wait(stop: asyncio.Event, seconds: float) -> None:
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), timeout=seconds)


def singleton(name: str, serve: Service, *, ttl: float | None = None) -> Service:
    """A part run by one instance at a time, under the lease `name` (renewed every ttl/3)."""

    async def run(rt: Runtime, stop: asyncio.Event) -> None:
        lease_ttl = ttl or rt.settings.scheduler.job_lease_seconds
        while not stop.is_set():
            try:
                got = await asyncio.to_thread(leases.acquire, rt, name, lease_ttl)
            except Exception:  # database unreachable: try again, do not kill the process
                log.warning("lease acquisition failed", exc_info=True, extra={"lease": name})
                got = False
            if not got:
                await _wait(stop, lease_ttl / 3)
                continue
            log.info("lease taken; running part", extra={"lease": name, "instance": rt.instance_id})
            inner = asyncio.Event()  # stops the part: our stop, or the lease lost
            async with leases.hold(rt, name, lease_ttl, lost=inner):
                relay = asyncio.create_task(_relay(stop, inner))
                try:
                    await serve(rt, inner)
                finally:
                    relay.cancel()
            if not stop.is_set():
                log.warning("part gave up its lease; waiting to take it again", extra={"lease": name})
                await _wait(stop, lease_ttl / 3)

    return run


async def _relay(outer: asyncio.Event, inner: asyncio.Event) -> None:
    await outer.wait()
    inner.set()


# --- SQLite: one instance ---------------------------------------------------------------------

def _alive_here(owner: str) -> bool | None:
    """Whether the process named by an instance id (host:pid:rand) is alive; None if not ours."""
    host, _, rest = owner.partition(":")
    pid = rest.partition(":")[0]
    if host != socket.gethostname() or not pid.isdigit():
        return None
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def claim_sqlite(rt: Runtime, ttl: float = 30.0) -> str | None:
    """Take the SQLite instance lease; returns an error message when another instance runs."""
    if rt.db.dialect != "sqlite":
        return None
    if leases.acquire(rt, SQLITE_LEASE, ttl):
        return None
    owner = leases.holder(rt, SQLITE_LEASE)
    if owner and _alive_here(owner) is False:  # crashed on this host: no need to wait for expiry
        leases.release(rt, SQLITE_LEASE, owner=owner)
        if leases.acquire(rt, SQLITE_LEASE, ttl):
            return None
    return (f"another instance ({owner}) is running on this SQLite database; SQLite supports one "
            "instance only. Stop it, or use PostgreSQL ([database] url) to run several.")


async def hold_sqlite(rt: Runtime, stop: asyncio.Event, ttl: float = 30.0) -> None:
    """A part keeping the SQLite instance lease while the bot runs."""
    lost = asyncio.Event()
    async with leases.hold(rt, SQLITE_LEASE, ttl, lost=lost):
        waits = {asyncio.create_task(stop.wait()), asyncio.create_task(lost.wait())}
        await asyncio.wait(waits, return_when=asyncio.FIRST_COMPLETED)
        for t in waits:
            t.cancel()
    if lost.is_set() and not stop.is_set():
        raise RuntimeError("another instance took over this SQLite database")
