"""Read-only views of cases for commands and staff pages: the queue and one case in full.

Plain dicts (JSON-ready) built from the tables, with days left and overdue computed from the
injectable clock in the controller's timezone.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlmodel import Session, col, select

from bot.cases.deadlines import days_left, is_overdue
from models import Case, CaseEvent, CaseMessage, CaseStatus, InboundMessage, OutboundMessage, RequestKind
from models.enums import CLOSED_STATUSES


def queue_row(case: Case, now: datetime, timezone: str) -> dict[str, Any]:
    due = case.effective_due
    open_ = case.status not in CLOSED_STATUSES
    return {
        "reference": case.reference,
        "kind": case.kind.value,
        "status": case.status.value,
        "requester": case.requester_email,
        "language": case.language,
        "received_at": case.received_at.isoformat(),
        "due": due.isoformat(),
        "extended": case.extended_due_date is not None,
        "days_left": days_left(due, now, timezone=timezone) if open_ else None,
        "overdue": open_ and is_overdue(due, now, timezone=timezone),
        "needs_review": case.needs_review,
        "flags": list(case.flags),
    }


def queue(s: Session, *, now: datetime, timezone: str, status: str | None = None,
          kind: str | None = None, include_closed: bool = False) -> list[dict[str, Any]]:
    q = select(Case)
    if status:
        q = q.where(Case.status == CaseStatus(status))
    elif not include_closed:
        q = q.where(col(Case.status).not_in(list(CLOSED_STATUSES)))
    if kind:
        q = q.where(Case.kind == RequestKind(kind))
    rows = [queue_row(c, now, timezone) for c in s.exec(q.order_by(col(Case.due_date), col(Case.id)))]
    rows.sort(key=lambda r: (r["due"], r["reference"]))
    return rows


def case_detail(s: Session, reference: str, *, now: datetime, timezone: str) -> dict[str, Any] | None:
    case = s.exec(select(Case).where(Case.reference == reference.strip().upper())).first()
    if case is None:
        return None
    out = queue_row(case, now, timezone)
    out.update({
        "original_due": case.due_date.isoformat(),
        "extended_due": case.extended_due_date.isoformat() if case.extended_due_date else None,
        "extension_reason": case.extension_reason,
        "person_id": case.person_id,
        "verified_at": case.verified_at.isoformat() if case.verified_at else None,
        "closed_at": case.closed_at.isoformat() if case.closed_at else None,
        "assignee": case.assignee,
        "scores": case.scores,
        "reasons": case.reasons,
        "details": case.details,
    })
    events = s.exec(select(CaseEvent).where(CaseEvent.case_id == case.id).order_by(col(CaseEvent.id)))
    out["events"] = [{"at": e.at.isoformat(), "actor_type": e.actor_type.value, "actor": e.actor,
                      "action": e.action, "details": e.details} for e in events]
    inbound = s.exec(select(InboundMessage).join(CaseMessage, col(CaseMessage.inbound_message_id)
                                                 == InboundMessage.id)
                     .where(CaseMessage.case_id == case.id).order_by(col(InboundMessage.id)))
    out["messages"] = [{"direction": "in", "id": m.id, "at": m.received_at.isoformat(),
                        "from": m.from_addr, "subject": m.subject, "message_id": m.message_id,
                        "automated": m.automated, "outcome": m.outcome} for m in inbound]
    outbound = s.exec(select(OutboundMessage).where(OutboundMessage.case_id == case.id)
                      .order_by(col(OutboundMessage.id)))
    out["messages"] += [{"direction": "out", "id": m.id, "at": m.created_at.isoformat(),
                         "to": m.to_addr, "subject": m.subject, "message_id": m.message_id,
                         "purpose": m.purpose, "state": m.state.value, "attempts": m.attempts,
                         "sent_at": m.sent_at.isoformat() if m.sent_at else None,
                         "last_error": m.last_error} for m in outbound]
    return out
