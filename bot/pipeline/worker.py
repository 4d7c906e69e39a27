"""The worker: claims stored messages from the queue in the database and moves each one on.

Claiming takes a lease (owner + expiry) so a crashed worker's claim is taken over; on PostgreSQL
the claim uses FOR UPDATE SKIP LOCKED so several instances never take the same row. Each message
is parsed (bot/mail), then handed to `bot.pipeline.router.route` (classification and cases). Only
this outermost loop catches everything, and it records the failure on the row, with the time of
the next attempt (exponential backoff, `[worker] retry_*`), so a restart keeps the pause.
"""

from __future__ import annotations

import asyncio
import logging
import time
from datetime import timedelta

from sqlalchemy import or_, update
from sqlmodel import Session, col, select

from bot.mail.parse import clean, parse_stored
from bot.pipeline import router
from bot.runtime import Runtime, nap
from models import InboundMessage, MessageState

log = logging.getLogger(__name__)


def claim(rt: Runtime, limit: int) -> list[int]:
    now = rt.clock.now()
    until = now + timedelta(seconds=rt.settings.worker.lease_seconds)
    with rt.db.session() as s:
        q = (
            select(InboundMessage.id)
            .where(
                or_(
                    (col(InboundMessage.state) == MessageState.NEW)
                    & or_(col(InboundMessage.next_attempt_at).is_(None),
                          col(InboundMessage.next_attempt_at) <= now),
                    (col(InboundMessage.state) == MessageState.PROCESSING)
                    & (col(InboundMessage.lease_until) < now),
                )
            )
            .order_by(col(InboundMessage.id))
            .limit(limit)
        )
        if rt.db.dialect == "postgresql":
            q = q.with_for_update(skip_locked=True)
        ids = list(s.exec(q).all())
        if ids:
            s.exec(
                update(InboundMessage)
                .where(col(InboundMessage.id).in_(ids))
                .values(state=MessageState.PROCESSING, lease_owner=rt.instance_id,
                        lease_until=until, attempts=InboundMessage.attempts + 1)
            )
        return [i for i in ids if i is not None]


def process(rt: Runtime, msg_id: int) -> None:
    """Parse and route one claimed message; record any failure on its row."""
    started = time.monotonic()
    try:
        with rt.db.session() as s:
            # On PostgreSQL the row stays locked while it is processed: a worker whose lease
            # expired mid-way cannot be overtaken (claims skip locked rows), so the message is
            # routed once even when processing outlasts the lease.
            msg = s.get(InboundMessage, msg_id, with_for_update=rt.db.dialect == "postgresql")
            if msg is None or msg.lease_owner != rt.instance_id:
                return  # lost the lease to another worker
            _process(rt, s, msg)
            outcome, flagged = msg.outcome, bool(msg.parsed.get("defects"))
        log.info("message processed", extra={"inbound_id": msg_id, "outcome": outcome,
                                             "automated": msg.automated, "defects": flagged,
                                             "ms": round((time.monotonic() - started) * 1000)})
    except Exception as e:
        log.exception("message failed", extra={"inbound_id": msg_id})
        _fail(rt, msg_id, f"{type(e).__name__}: {e}"[:2000])


def _process(rt: Runtime, s: Session, msg: InboundMessage) -> None:
    parsed = parse_stored(msg.raw, source=msg.source, envelope_from=msg.envelope_from)
    msg.from_addr = parsed.from_addr[:998]
    msg.subject = parsed.subject[:998]
    msg.automated = parsed.automated
    msg.automated_reasons = parsed.automated_reasons
    msg.parsed = parsed.to_json()

    router.route(rt, s, msg, parsed)
    msg.state = MessageState.PROCESSED
    msg.processed_at = rt.clock.now()
    msg.lease_owner = None
    msg.lease_until = None
    msg.error = None
    s.add(msg)


def _fail(rt: Runtime, msg_id: int, error: str) -> None:
    with rt.db.session() as s:
        msg = s.get(InboundMessage, msg_id)
        if msg is None:
            return
        msg.error = clean(error)
        msg.lease_owner = None
        msg.lease_until = None
        final = msg.attempts >= rt.settings.worker.max_attempts
        msg.state = MessageState.FAILED if final else MessageState.NEW
        if final:
            msg.outcome = "failed"
            msg.next_attempt_at = None
        else:
            msg.next_attempt_at = rt.clock.now() + timedelta(seconds=retry_delay(rt, msg.attempts))
        s.add(msg)


def retry_delay(rt: Runtime, attempts: int) -> float:
    """Seconds before the next attempt after `attempts` failures: base, 2 * base, 4 * base … capped."""
    w = rt.settings.worker
    return float(min(w.retry_base_seconds * 2 ** max(attempts - 1, 0), w.retry_max_seconds))


def run_once(rt: Runtime) -> int:
    """Claim and process one batch; returns how many were claimed."""
    ids = claim(rt, rt.settings.worker.batch_size)
    for i in ids:
        process(rt, i)
    return len(ids)


def release(rt: Runtime) -> None:
    """Give back this instance's claims (clean shutdown)."""
    with rt.db.session() as s:
        s.exec(
            update(InboundMessage)
            .where(col(InboundMessage.lease_owner) == rt.instance_id,
                   col(InboundMessage.state) == MessageState.PROCESSING)
            .values(state=MessageState.NEW, lease_owner=None, lease_until=None)
        )


async def serve(rt: Runtime, stop: asyncio.Event) -> None:
    wake = rt.wakeup("worker")
    backoff = 0.0
    try:
        while not stop.is_set():
            wake.clear()
            try:
                n = await asyncio.to_thread(run_once, rt)
                backoff = 0.0
            except Exception:
                # The database is unreachable or broken: the worker waits and tries again
                # instead of dying; stored messages stay in the queue.
                backoff = min(max(backoff * 2, 0.5), 30.0)
                log.exception("worker round failed; retrying", extra={"retry_in": backoff})
                n = 0
            if n:
                continue
            await nap(wake, stop, backoff or rt.settings.worker.poll_seconds)
    finally:
        try:
            await asyncio.to_thread(release, rt)
        except Exception:
            log.exception("could not release claims; their leases expire")
