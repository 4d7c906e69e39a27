"""Unsubscribe requests: executed at once when the request is clear, asked about when it is not.

The register work lives in `bot.register.suppression` (the web's one-click `/u/{token}` calls it
there); this module is the cases flow's step. A clear unsubscribe (rule-backed, not for review)
is carried out and the acknowledgement says it is done. A doubtful one withdraws nothing: the case
waits for the requester's "Yes" (`confirm`), and staff see it. What an unsubscribe withdrew is
kept in its audit event, so staff can `undo` it exactly.
"""

from __future__ import annotations

from sqlmodel import Session, col, select

from bot.cases.audit import add_event
from bot.cases.service import CaseError, set_status
from bot.register.suppression import remove_suppression, restore_consents, unsubscribe_recorded
from bot.replies.send import send_reply
from bot.runtime import Runtime
from handlers.base import ReceivedContext, RequestHandler
from handlers.execution import record
from models import ActorType, Case, CaseEvent, CaseStatus, RequestKind

UNCONFIRMED = "unsubscribe_unconfirmed"  # the case's flag while we wait for the requester's Yes


class UnsubscribeHandler(RequestHandler):
    kind = RequestKind.UNSUBSCRIBE
    needs_verification = False  # it only ever removes the named address from marketing

    def on_received(self, s: Session, rt: Runtime, case: Case, ctx: ReceivedContext) -> None:
        if case.id in ctx.doubtful:
            # Nothing irreversible on a guess (case-lifecycle.md): ask first, staff see it.
            case.needs_review = True
            case.flags = sorted({*case.flags, UNCONFIRMED})
            s.add(case)
            set_status(s, rt, case, CaseStatus.AWAITING_REQUESTER,
                       details={"reason": "doubtful unsubscribe: asked the requester first"})
            ctx.to_ask.append(case)
            return
        execute(s, rt, case)
        ctx.mark_done(case)


def execute(s: Session, rt: Runtime, case: Case, *, source: str = "email") -> None:
    done = unsubscribe_recorded(s, rt, case.requester_email, source=source)
    record(s, rt, case, "unsubscribed",
           tables={"consent": len(done.consents), "suppression": int(done.suppression_added)},
           already_suppressed=not done.suppression_added, **done.audit())
    set_status(s, rt, case, CaseStatus.COMPLETED, details={"suppressed": True})


def confirm(s: Session, rt: Runtime, case: Case, *, via: str) -> bool:
    """The requester said Yes to "do you want to stop receiving marketing?": carried out now,
    and told so. False when there was nothing to confirm (already answered, or closed)."""
    if case.kind != RequestKind.UNSUBSCRIBE or case.status != CaseStatus.AWAITING_REQUESTER:
        return False
    add_event(s, rt, case, "confirmed_by_requester", actor_type=ActorType.REQUESTER,
              actor=case.requester_email, details={"via": via})
    case.flags = sorted(set(case.flags) - {UNCONFIRMED})
    case.needs_review = False
    s.add(case)
    execute(s, rt, case)
    send_reply(s, rt, template="acknowledgement", language=case.language, to=case.requester_email,
               cases=[case], purpose="unsubscribe_confirmed", auto_reply=False,
               case_lines=[{"reference": case.reference, "kind": case.kind.value,
                            "due": case.effective_due, "done": True, "needs_verification": False}],
               verify=None, due=case.effective_due, in_reply_to=case.thread_message_id or None,
               references=[case.thread_message_id] if case.thread_message_id else None)
    return True


def undo(s: Session, rt: Runtime, case: Case, *, actor: str, note: str = "") -> dict[str, int]:
    """Staff undo what this case's unsubscribe did: the consents as they were before (from the
    audit event), the suppression entry it added removed, and an optional note to the person."""
    events = list(s.exec(select(CaseEvent).where(CaseEvent.case_id == case.id)
                         .order_by(col(CaseEvent.id))).all())
    if any(e.action == "unsubscribe_undone" for e in events):
        raise CaseError(f"the unsubscribe of {case.reference} has already been undone")
    done = [e for e in events if e.action == "unsubscribed" and "consents_withdrawn" in e.details]
    if not done:
        raise CaseError(f"case {case.reference} has no recorded unsubscribe to undo")
    restored = removed = 0
    for ev in done:
        restored += restore_consents(s, list(ev.details.get("consents_withdrawn") or []))
        if ev.details.get("suppression_added"):
            removed += remove_suppression(s, case.requester_email,
                                          list_name=str(ev.details.get("list") or "*"))
    note = (note or "").strip()[:4000]
    add_event(s, rt, case, "unsubscribe_undone", actor_type=ActorType.STAFF, actor=actor,
              details={"consents_restored": restored, "suppression_removed": removed,
                       "note_sent": bool(note)})
    if note:
        send_reply(s, rt, template="unsubscribe_undone", language=case.language,
                   to=case.requester_email, cases=[case], purpose="unsubscribe_undone",
                   auto_reply=False, note=note, in_reply_to=case.thread_message_id or None,
                   references=[case.thread_message_id] if case.thread_message_id else None)
    return {"consents_restored": restored, "suppression_removed": removed}


HANDLER = UnsubscribeHandler()
