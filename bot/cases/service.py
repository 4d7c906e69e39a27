"""Cases: open them, change their state, extend their deadline — every change an audit event.

The only module that writes `Case` rows and their `CaseEvent`s. Functions take the caller's
session and never commit: a case change, its event and the reply it causes share one transaction.
"""

from __future__ import annotations

import logging
from datetime import date
from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, select

from bot.cases.audit import add_event
from bot.cases.deadlines import due_dates, local_today
from bot.mail.headers import msg_id
from bot.runtime import Runtime
from models import (
    ActorType,
    Case,
    CaseCounter,
    CaseEvent,
    CaseMessage,
    CaseStatus,
    InboundMessage,
    Person,
    RequestKind,
)
from models.enums import CLOSED_STATUSES

log = logging.getLogger(__name__)


class CaseError(Exception):
    """An operation the case's state or the law does not allow; the message says why."""


def next_reference(s: Session, rt: Runtime, year: int) -> str:
    """PR-YYYY-NNNNN, unique across instances (one atomic upsert on the year's counter row)."""
    prefix = rt.settings.replies.subject_prefix
    dialect = s.get_bind().dialect.name
    ins: Any = postgresql.insert(CaseCounter) if dialect == "postgresql" else sqlite.insert(CaseCounter)
    stmt = ins.values(prefix=prefix, year=year, last=1).on_conflict_do_update(
        index_elements=["prefix", "year"], set_={"last": CaseCounter.last + 1}
    ).returning(CaseCounter.last)
    number = s.execute(stmt).scalar_one()
    return f"{prefix}-{year}-{number:05d}"



def open_case(s: Session, rt: Runtime, *, kind: RequestKind | str, requester_email: str,
              language: str, received_at: Any, inbound: InboundMessage | None = None,
              person: Person | None = None, scores: dict[str, float] | None = None,
              reasons: list[str] | None = None, status: CaseStatus = CaseStatus.RECEIVED,
              actor_type: ActorType = ActorType.BOT, actor: str = "bot",
              needs_review: bool = False, flags: list[str] | None = None,
              thread_message_id: str = "") -> Case:
    d = rt.settings.deadlines
    due, _extended_limit = due_dates(received_at, timezone=d.timezone, country=d.country)
    year = received_at.astimezone(_tz(rt)).year
    now = rt.clock.now()
    case = Case(
        reference=next_reference(s, rt, year),
        kind=RequestKind(kind),
        status=status,
        requester_email=requester_email,
        person_id=person.id if person else None,
        language=language,
        received_at=received_at,
        due_date=due,
        scores=dict(scores or {}),
        reasons=list(reasons or []),
        needs_review=needs_review,
        flags=list(flags or []),
        inbound_message_id=inbound.id if inbound else None,
        # A msg-id or nothing: the thread id becomes the In-Reply-To of every reply on the case.
        thread_message_id=msg_id(thread_message_id) or msg_id(inbound.message_id if inbound else ""),
        created_at=now,
        updated_at=now,
    )
    s.add(case)
    s.flush()
    assert case.id is not None
    if inbound is not None and inbound.id is not None:
        s.add(CaseMessage(case_id=case.id, inbound_message_id=inbound.id))
    add_event(s, rt, case, "opened", actor_type=actor_type, actor=actor, details={
        "kind": case.kind.value, "status": case.status.value, "due": due.isoformat(),
        "inbound_message_id": case.inbound_message_id, "person_id": case.person_id,
    })
    log.info("case opened", extra={"case": case.reference, "kind": case.kind.value})
    return case


def link_message(s: Session, rt: Runtime, case: Case, inbound: InboundMessage, *,
                 reason: str) -> None:
    """A follow-up message joins an open case (thread reply, or same requester and kind); the
    case shows staff a "new reply" until they open or act on it."""
    assert case.id is not None and inbound.id is not None
    s.add(CaseMessage(case_id=case.id, inbound_message_id=inbound.id))
    add_event(s, rt, case, "message_linked", actor_type=ActorType.REQUESTER,
              actor=case.requester_email, details={"inbound_message_id": inbound.id, "reason": reason})
    case.updated_at = rt.clock.now()
    case.flags = sorted({*case.flags, "new_reply"})
    s.add(case)


def set_status(s: Session, rt: Runtime, case: Case, status: CaseStatus, *,
               actor_type: ActorType = ActorType.BOT, actor: str = "bot",
               details: dict[str, Any] | None = None) -> CaseEvent:
    old = case.status
    if old in CLOSED_STATUSES and status != old:
        raise CaseError(f"case {case.reference} is {old.value}; it cannot become {status.value}")
    now = rt.clock.now()
    case.status = status
    case.updated_at = now
    if status == CaseStatus.VERIFIED and case.verified_at is None:
        case.verified_at = now
    if status in CLOSED_STATUSES:
        case.closed_at = now
    s.add(case)
    return add_event(s, rt, case, "status_changed", actor_type=actor_type, actor=actor,
                     details={"from": old.value, "to": status.value, **(details or {})})


def reopen(s: Session, rt: Runtime, case: Case, reason: str, *, actor: str,
           actor_type: ActorType = ActorType.STAFF, flag: str = "reopened") -> CaseEvent:
    """A closed case opens again (staff found it wrong, or the requester wrote in its thread):
    back in the queue, flagged for staff, its deadline unchanged. Merged cases stay merged (their
    request lives on in the case they joined)."""
    reason = (reason or "").strip()
    if not reason:
        raise CaseError("reopening a case needs a reason")
    if case.status not in CLOSED_STATUSES:
        raise CaseError(f"case {case.reference} is {case.status.value}, not closed")
    if case.status == CaseStatus.MERGED:
        raise CaseError(f"case {case.reference} was merged into another case; it goes on there")
    old = case.status
    case.status = CaseStatus.IN_PROGRESS
    case.closed_at = None
    case.needs_review = True
    case.flags = sorted({*case.flags, flag})
    case.updated_at = rt.clock.now()
    s.add(case)
    return add_event(s, rt, case, "reopened", actor_type=actor_type, actor=actor,
                     details={"from": old.value, "to": case.status.value, "reason": reason[:2000]})


def merge(s: Session, rt: Runtime, duplicate: Case, into: Case, *, actor: str) -> None:
    """Staff found two cases for one request: `duplicate` closes as merged, its messages join
    `into`, and `into` keeps the earlier deadline (the clock runs from the first message). No
    reply: the requester's request goes on in `into`, whose replies they already get."""
    if duplicate.id == into.id:
        raise CaseError("a case cannot be merged into itself")
    for c in (duplicate, into):
        if c.status in CLOSED_STATUSES:
            raise CaseError(f"case {c.reference} is {c.status.value}; only open cases are merged")
    if duplicate.kind != into.kind:
        raise CaseError(f"{duplicate.reference} is {duplicate.kind.value} and {into.reference} is "
                        f"{into.kind.value}: reclassify one of them first")
    linked = set(s.exec(select(CaseMessage.inbound_message_id).where(CaseMessage.case_id == into.id)))
    moved = [m for m in s.exec(select(CaseMessage.inbound_message_id)
                               .where(CaseMessage.case_id == duplicate.id)) if m not in linked]
    for inbound_id in moved:
        s.add(CaseMessage(case_id=into.id, inbound_message_id=inbound_id))  # type: ignore[arg-type]
    changed: dict[str, Any] = {}
    if duplicate.received_at < into.received_at:
        d = rt.settings.deadlines
        due, limit = due_dates(duplicate.received_at, timezone=d.timezone, country=d.country)
        changed = {"received_at": [into.received_at.isoformat(), duplicate.received_at.isoformat()],
                   "due_date": [into.due_date.isoformat(), due.isoformat()]}
        into.received_at, into.due_date = duplicate.received_at, due
        if into.extended_due_date and into.extended_due_date > limit:
            changed["extended_due_date"] = [into.extended_due_date.isoformat(), limit.isoformat()]
            into.extended_due_date = limit
    into.flags = sorted({*into.flags, *duplicate.flags})
    into.needs_review = into.needs_review or duplicate.needs_review
    into.updated_at = rt.clock.now()
    s.add(into)
    set_status(s, rt, duplicate, CaseStatus.MERGED, actor_type=ActorType.STAFF, actor=actor,
               details={"into": into.reference})
    add_event(s, rt, into, "merged_from", actor_type=ActorType.STAFF, actor=actor,
              details={"duplicate": duplicate.reference, "messages": moved, **changed})


def extend_due(s: Session, rt: Runtime, case: Case, reason: str, *, actor: str,
               actor_type: ActorType = ActorType.STAFF) -> date:
    """Extend to receipt + 3 months: only while open, only before the due date, with a reason.

    Telling the requester is the caller's part (`bot.replies.send.extend` does both).
    """
    reason = (reason or "").strip()
    if not reason:
        raise CaseError("an extension needs a reason (it is sent to the requester)")
    if case.status in CLOSED_STATUSES:
        raise CaseError(f"case {case.reference} is closed")
    if case.extended_due_date is not None:
        raise CaseError(f"case {case.reference} is already extended")
    d = rt.settings.deadlines
    if local_today(rt.clock.now(), d.timezone) > case.due_date:
        raise CaseError(f"case {case.reference} is past its due date {case.due_date.isoformat()}; "
                        "an extension must be decided and told before it")
    _due, extended = due_dates(case.received_at, timezone=d.timezone, country=d.country)
    case.extended_due_date = extended
    case.extension_reason = reason
    case.updated_at = rt.clock.now()
    s.add(case)
    add_event(s, rt, case, "extended", actor_type=actor_type, actor=actor,
              details={"extended_due": extended.isoformat(), "reason": reason})
    return extended


def _tz(rt: Runtime) -> Any:
    from zoneinfo import ZoneInfo

    return ZoneInfo(rt.settings.deadlines.timezone)
