"""Read-only views of cases for commands and staff pages: the queue and one case in full.

Plain dicts (JSON-ready) built from the tables, with days left and overdue computed from the
injectable clock in the controller's timezone.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from sqlmodel import Session, col, select

from bot.cases.deadlines import days_left, is_overdue
from bot.mail.parse import parse_message
from models import (
    Case,
    CaseEvent,
    CaseMessage,
    CaseStatus,
    InboundMessage,
    OutboundMessage,
    ProcessorTask,
    RequestKind,
)
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
                        "automated": m.automated, "outcome": m.outcome,
                        **readable(m.raw, m.envelope_from, m.language or "")} for m in inbound]
    outbound = s.exec(select(OutboundMessage).where(OutboundMessage.case_id == case.id)
                      .order_by(col(OutboundMessage.id)))
    languages = letter_languages(s, case)
    out["messages"] += [{"direction": "out", "id": m.id, "at": m.created_at.isoformat(),
                         "to": m.to_addr, "subject": m.subject, "message_id": m.message_id,
                         "purpose": m.purpose, "state": m.state.value, "attempts": m.attempts,
                         "sent_at": m.sent_at.isoformat() if m.sent_at else None,
                         "last_error": m.last_error,
                         **readable(m.raw, None, languages.get(m.id or 0, case.language))}
                        for m in outbound]
    return out


_URL = re.compile(r"https?://[^\s<>\"')\]]+")


def readable(raw: bytes, envelope_from: str | None, language: str) -> dict[str, Any]:
    """A message in or out as staff read it: its whole text (HTML only ever as text), language,
    the links in it and its attachments by name, type and size (never opened)."""
    try:
        p = parse_message(raw, envelope_from=envelope_from)
        text, attachments, html_only = p.text or "", list(p.attachments), p.html_only
    except Exception:  # hostile mail the parser refuses: the raw source stays on the message page
        text, attachments, html_only = "", [], False
    links = list(dict.fromkeys(_URL.findall(text)))
    return {"text": text, "language": language, "links": links, "html_only": html_only,
            "attachments": [{"filename": str(a.get("filename") or ""),
                             "content_type": str(a.get("content_type") or ""),
                             "size": int(a.get("size") or 0)} for a in attachments]}


def letter_languages(s: Session, case: Case) -> dict[int, str]:
    """The language of each letter sent on the case (recorded when it was queued)."""
    events = s.exec(select(CaseEvent).where(CaseEvent.case_id == case.id,
                                            CaseEvent.action == "reply_queued"))
    return {int(e.details["outbound_id"]): str(e.details.get("language") or case.language)
            for e in events if e.details.get("outbound_id")}


def open_processor_tasks(s: Session, now: datetime) -> list[dict[str, Any]]:
    """Processor tasks not done yet, oldest first, with their age in days and why an API task
    could not run (for `python -m bot processors` and /staff/processors)."""
    rows = s.exec(select(ProcessorTask, Case.reference, Case.status)
                  .join(Case, col(ProcessorTask.case_id) == Case.id)
                  .where(col(ProcessorTask.done_at).is_(None))
                  .order_by(col(ProcessorTask.created_at), col(ProcessorTask.id))).all()
    return [{"task": t.id, "reference": ref, "case_status": str(status), "processor": t.processor,
             "action": t.action, "created_at": t.created_at.isoformat(),
             "age_days": max(0, (now - t.created_at).days),
             "api": str(t.result.get("api") or ""), "error": str(t.result.get("api_error") or "")}
            for t, ref, status in rows]
