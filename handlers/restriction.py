"""Restriction requests (Art. 18): after verification the person is marked restricted — no
marketing, left out of processing jobs and processor exports, shown in the staff view — until
staff lift it (`lift_restriction`); the processors holding the data restrict it too (Art. 19),
and the requester is told once they have.

The case records its ground (18(1) a-d) and the follow-up that ground implies, with a due date:
(a) contested accuracy is checked, (d) a pending objection is decided; (b) and (c) last until the
person or the claim says otherwise. Lifting sends the person the notice first (18(3)), then ends
the restriction, audited under the staff member's name.
"""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

from sqlmodel import Session, col, select

from bot.cases.audit import add_event
from bot.cases.deadlines import local_today
from bot.cases.service import CaseError
from bot.register.restriction import lift, restrict
from bot.replies.send import send_reply
from bot.runtime import Runtime
from handlers.base import RegisterHandler
from handlers.execution import record, request_text
from handlers.processors import create_tasks, wait_or_finish
from models import ActorType, Case, OutboundState, Person, ProcessorTask, RequestKind

__all__ = ["FOLLOWUPS", "GROUNDS", "HANDLER", "followup_done", "guess_ground", "lift_restriction",
           "restrict", "restriction_case", "set_ground"]

GROUNDS = ("a", "b", "c", "d")
# What each ground leaves to do while the data is held: a follow-up with a due date, or nothing.
FOLLOWUPS: dict[str, str | None] = {"a": "check_accuracy", "b": None, "c": None, "d": "decide_objection"}

# Words that point at a ground, in fi/sv/en (a guess staff confirm or change on the case).
_GROUND_WORDS = {
    "d": r"\bobject|vastust|invänd|artikla 21|article 21|artikel 21",
    "a": r"incorrect|inaccurate|\bwrong\b|not accurate|virheelli|väärä|paikkansapitämät|felaktig|oriktig"
         r"|\bfel\b|contest|kiistä|bestrid",
    "c": r"legal claim|oikeusvaat|oikeudenkäyn|court|tuomioistuin|rättslig|domstol",
    "b": r"unlawful|illegal|laiton|lainvastai|olaglig|olovlig|instead of eras|poistamisen sijaan"
         r"|i stället för radering",
}


def guess_ground(text: str) -> str | None:
    """The 18(1) ground the request's words point at, or None (staff choose)."""
    low = (text or "").lower()
    for ground, pattern in _GROUND_WORDS.items():
        if re.search(pattern, low):
            return ground
    return None


def set_ground(s: Session, rt: Runtime, case: Case, ground: str, *,
               actor_type: ActorType = ActorType.STAFF, actor: str) -> dict[str, Any]:
    """Record the case's ground and open the follow-up it implies (due in
    `[execution] restriction_followup_days`)."""
    if ground not in GROUNDS:
        raise CaseError(f"unknown restriction ground {ground!r} (Art. 18(1) a-d)")
    followup = FOLLOWUPS[ground]
    today = local_today(rt.clock.now(), rt.settings.deadlines.timezone)
    due = today + timedelta(days=rt.settings.execution.restriction_followup_days) if followup else None
    old = dict((case.details or {}).get("restriction") or {})
    info = {"ground": ground, "followup": followup, "followup_due": due.isoformat() if due else None,
            "set_by": actor}
    case.details = {**(case.details or {}), "restriction": info}
    case.updated_at = rt.clock.now()
    s.add(case)
    add_event(s, rt, case, "restriction_ground", actor_type=actor_type, actor=actor,
              details={"from": old.get("ground"), "to": ground, "followup": followup,
                       "followup_due": info["followup_due"]})
    return info


def followup_done(s: Session, rt: Runtime, case: Case, *, actor: str, result: str) -> None:
    """Staff record the outcome of the accuracy check / the objection decision."""
    info = dict((case.details or {}).get("restriction") or {})
    if not info.get("followup"):
        raise CaseError(f"case {case.reference} has no open restriction follow-up")
    if info.get("followup_done_at"):
        raise CaseError(f"the follow-up of {case.reference} is already recorded")
    info.update(followup_done_at=rt.clock.now().isoformat(), followup_done_by=actor,
                followup_result=result[:2000])
    case.details = {**(case.details or {}), "restriction": info}
    s.add(case)
    add_event(s, rt, case, "restriction_followup_done", actor_type=ActorType.STAFF, actor=actor,
              details={"followup": info["followup"], "result": result[:2000]})


def restriction_case(s: Session, person: Person) -> Case | None:
    """The person's latest restriction case (where a lift is recorded and the notice threads)."""
    return s.exec(select(Case).where(Case.person_id == person.id, Case.kind == RequestKind.RESTRICTION)
                  .order_by(col(Case.id).desc())).first()


def lift_restriction(s: Session, rt: Runtime, person: Person, *, actor: str,
                     case: Case | None = None, reason: str = "") -> bool:
    """Staff end a restriction. Art. 18(3): the notice to the person is queued first (threaded on
    the case, in its language); when it cannot be (no address, its headers held), nothing is
    lifted. Then the restriction ends and the case records both, under the staff member's name.
    False when the person was not restricted (no notice, no event)."""
    if not person.restricted:
        return False
    case = case or restriction_case(s, person)
    if case is None:
        raise CaseError("no restriction case for this person: the notice (Art. 18(3)) has no case "
                        "to go out on")
    notice = send_reply(s, rt, template="restriction_lift", language=case.language,
                        to=case.requester_email, cases=[case], purpose="restriction_lift",
                        auto_reply=False, in_reply_to=case.thread_message_id or None,
                        references=[case.thread_message_id] if case.thread_message_id else None,
                        reason=reason.strip())
    if notice is None or notice.state == OutboundState.HELD:
        raise CaseError("the notice to the person could not be queued; the restriction stays")
    lift(s, person, at=rt.clock.now())
    add_event(s, rt, case, "restriction_lifted", actor_type=ActorType.STAFF, actor=actor,
              details={"tables": {"person": 1}, "notice_outbound_id": notice.id,
                       "reason": reason.strip()[:2000]})
    return True


class RestrictionHandler(RegisterHandler):
    kind = RequestKind.RESTRICTION
    needs_verification = True

    def verified(self, s: Session, rt: Runtime, case: Case, person: Person) -> None:
        self._restrict(s, rt, case, person, ActorType.BOT, "bot")

    def approved(self, s: Session, rt: Runtime, case: Case, person: Person, actor: str) -> None:
        self._restrict(s, rt, case, person, ActorType.STAFF, actor)

    def _restrict(self, s: Session, rt: Runtime, case: Case, person: Person, actor_type: ActorType,
                  actor: str) -> None:
        if not (case.details or {}).get("restriction"):
            ground = guess_ground(request_text(s, case))
            if ground is not None:
                set_ground(s, rt, case, ground, actor_type=ActorType.BOT, actor="bot")
            else:
                case.needs_review = True
                case.flags = sorted({*case.flags, "restriction_ground_unknown"})
                s.add(case)
        changed = restrict(s, person, at=rt.clock.now(), reason=f"{case.reference}: restriction requested")
        record(s, rt, case, "restricted", tables={"person": int(changed)}, already_restricted=not changed)
        if s.exec(select(ProcessorTask.id).where(ProcessorTask.case_id == case.id)).first() is None:
            create_tasks(s, rt, case, person)  # Art. 19: the processors restrict too
        wait_or_finish(s, rt, case, "restriction_done", actor_type=actor_type, actor=actor)


HANDLER = RestrictionHandler()
