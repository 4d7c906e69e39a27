"""How a case ends (Art. 12(3), 12(4)): staff choose its outcome, and each outcome has its letter
in the requester's language, previewed before it goes. Not sending it is an explicit choice with
a reason, audited. A case never closes in silence.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, select

from bot.cases.audit import add_event
from bot.cases.service import CaseError, merge, set_status
from bot.replies import RenderedReply, render
from bot.replies.send import base_context, case_line, send_reply, status_context
from bot.runtime import Runtime
from handlers.processors import final_letter, finish, letter_lines
from models import ActorType, Case, CaseStatus, OutboundMessage
from models.enums import CLOSED_STATUSES

OUTCOMES = ("completed", "no_data", "refused", "withdrawn", "merged", "expired")
STATUS = {"completed": CaseStatus.COMPLETED, "no_data": CaseStatus.COMPLETED,
          "refused": CaseStatus.REJECTED, "withdrawn": CaseStatus.WITHDRAWN,
          "merged": CaseStatus.MERGED, "expired": CaseStatus.EXPIRED}
TEMPLATES = {"completed": "outcome_completed", "no_data": "outcome_no_data", "refused": "rejection",
             "withdrawn": "outcome_withdrawn", "merged": "outcome_merged", "expired": "expiry"}


@dataclass
class Closing:
    """What staff chose: the outcome, the text sent to the requester (a refusal's reasons, or a
    summary), the case a duplicate joins, and whether the letter goes (if not: why)."""

    outcome: str
    reason: str = ""
    into: str = ""
    send: bool = True
    skip_reason: str = ""


def _check(s: Session, case: Case, c: Closing) -> Case | None:
    if case.status in CLOSED_STATUSES:
        raise CaseError(f"case {case.reference} is {case.status.value}")
    if c.outcome not in OUTCOMES:
        raise CaseError(f"choose an outcome: {', '.join(OUTCOMES)}")
    if c.outcome == "refused" and not c.reason.strip():
        raise CaseError("a refusal needs its reasons (they are sent to the requester)")
    if not c.send and not c.skip_reason.strip():
        raise CaseError("not sending the letter needs a reason (it is kept in the audit trail)")
    if c.outcome != "merged":
        return None
    into = s.exec(select(Case).where(Case.reference == c.into.strip().upper())).first() if c.into else None
    if into is None:
        raise CaseError(f"no case {c.into or '?'} to merge into")
    return into


def letter(s: Session, rt: Runtime, case: Case, c: Closing) -> tuple[str, dict[str, Any]]:
    """The template and context of the outcome's letter."""
    if c.outcome == "completed" and (kept := final_letter(case)) is not None:
        template, kept_context = kept  # the kind's own letter, with what each processor did by now
        return template, {**kept_context, "processors": letter_lines(s, rt, case)}
    context: dict[str, Any] = {"summary": c.reason.strip(), "reason": c.reason.strip(),
                               "into": c.into.strip().upper(), "requester": case.requester_email}
    return TEMPLATES[c.outcome], context


def preview(s: Session, rt: Runtime, case: Case, c: Closing) -> RenderedReply:
    """The letter exactly as `close` would queue it (subject before the references are added)."""
    _check(s, case, c)
    template, context = letter(s, rt, case, c)
    ctx = {**base_context(rt, case.language), "cases": [case_line(case)], "case": case_line(case),
           **status_context(rt, [case], case.requester_email), **context}
    return render(template, case.language, **ctx)


def close(s: Session, rt: Runtime, case: Case, c: Closing, *, actor: str,
          actor_type: ActorType = ActorType.STAFF) -> OutboundMessage | None:
    into = _check(s, case, c)
    out = None
    if c.send:
        template, context = letter(s, rt, case, c)
        thread = case.thread_message_id or None
        out = send_reply(s, rt, template=template, language=case.language, to=case.requester_email,
                         cases=[case], purpose=f"outcome_{c.outcome}", auto_reply=False,
                         in_reply_to=thread, references=[thread] if thread else None, **context)
    else:
        add_event(s, rt, case, "letter_skipped", actor_type=actor_type, actor=actor,
                  details={"outcome": c.outcome, "reason": c.skip_reason.strip()})
    case.details = {**case.details, "outcome": c.outcome,
                    **({"rejection_reason": c.reason.strip()} if c.outcome == "refused" else {})}
    s.add(case)
    details = {"outcome": c.outcome, "letter": out.id if out is not None else None,
               **({"reason": c.reason.strip()} if c.reason.strip() else {})}
    if into is not None:
        merge(s, rt, case, into, actor=actor)
        add_event(s, rt, case, "closed", actor_type=actor_type, actor=actor, details=details)
    elif c.outcome == "completed" and final_letter(case) is not None:
        finish(s, rt, case, actor_type=actor_type, actor=actor, details=details, send=False)
    else:
        set_status(s, rt, case, STATUS[c.outcome], actor_type=actor_type, actor=actor, details=details)
    return out
