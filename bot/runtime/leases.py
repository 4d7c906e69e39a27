"""Named leases in the `lease` table: one holder at a time across every instance on a database.

The IMAP poller and each running scheduled job hold a lease and renew it while they work; when a
holder dies its lease expires and another instance may take it. Acquisition is one atomic upsert
(INSERT ... ON CONFLICT DO UPDATE ... WHERE expired OR mine), so two instances never both win.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from datetime import timedelta

from sqlalchemy import delete, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import col, select

from bot.runtime import Runtime
from models import Lease

log = logging.getLogger(__name__)


class LeaseLost(Exception):
    """The lease expired and another instance took it while we believed we held it."""


def acquire(rt: Runtime, name: str, ttl: float, *, owner: str | None = None) -> bool:
    """Take (or extend) the lease `name` for `ttl` seconds; False if someone else holds it."""
    owner = owner or rt.instance_id
    now = rt.clock.now()
    until = now + timedelta(seconds=ttl)
    insert = postgresql.insert if rt.db.dialect == "postgresql" else sqlite.insert
    table = Lease.__table__  # type: ignore[attr-defined]
    stmt = insert(table).values(name=name, owner=owner, expires_at=until)
    upsert = stmt.on_conflict_do_update(
        index_elements=[table.c.name],
        set_={"owner": owner, "expires_at": until},
        # Only an expired lease or our own is overwritten: the database decides who wins.
        where=(table.c.expires_at < now) | (table.c.owner == owner),
    ).returning(table.c.owner)
    # RETURNING yields a row only when we inserted or updated (rowcount is unreliable for
    # upserts across drivers).
    with rt.db.session() as s:
        return s.connection().execute(upsert).first() is not None


def renew(rt: Runtime, name: str, ttl: float, *, owner: str | None = None) -> bool:
    """Push our lease's expiry forward; False if it is no longer ours."""
    owner = owner or rt.instance_id
    until = rt.clock.now() + timedelta(seconds=ttl)
    with rt.db.session() as s:
        result = s.connection().execute(
            update(Lease).where(col(Lease.name) == name, col(Lease.owner) == owner)
            .values(expires_at=until)
        )
        return bool(result.rowcount == 1)


def release(rt: Runtime, name: str, *, owner: str | None = None) -> bool:
    """Give the lease up at once (clean shutdown) so another instance need not wait for expiry."""
    owner = owner or rt.instance_id
    with rt.db.session() as s:
        result = s.connection().execute(
            delete(Lease).where(col(Lease.name) == name, col(Lease.owner) == owner)
        )
        return bool(result.rowcount == 1)


def holder(rt: Runtime, name: str) -> str | None:
    """Who holds `name` now (None when free or expired)."""
    with rt.db.session() as s:
        lease = s.exec(select(Lease).where(Lease.name == name)).first()
        if lease is None or lease.expires_at < rt.clock.now():
            return None
        return lease.owner


def is_held_by(rt: Runtime, name: str, owner: str) -> bool:
    return holder(rt, name) == owner


@contextlib.asynccontextmanager
async def hold(rt: Runtime, name: str, ttl: float,
               lost: asyncio.Event | None = None) -> AsyncIterator[None]:
    """Keep an already acquired lease renewed (every ttl/3) while the body runs; release after.

    If a renewal fails (we were paused longer than `ttl` and someone took over), `lost` is set so
    the body can stop doing work that is no longer ours.
    """

    async def _renew() -> None:
        while True:
            await asyncio.sleep(ttl / 3)
            try:
                ok = await asyncio.to_thread(renew, rt, name, ttl)
            except Exception:  # a database hiccup: try again next round, the ttl has slack
                log.warning("lease renewal failed", exc_info=True, extra={"lease": name})
                continue
            if not ok:
                log.error("lease lost", extra={"lease": name, "instance": rt.instance_id})
                if lost is not None:
                    lost.set()
                return

    task = asyncio.create_task(_renew(), name=f"lease:{name}")
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        with contextlib.suppress(Exception):
            await asyncio.to_thread(release, rt, name)
