"""A case held because its sender failed DMARC (router: no automatic reply to a probably forged
sender) goes on once staff judged the sender genuine: the handler receives it now and the
acknowledgement (with the identity challenge) goes out, as if the mail had passed. Audited.
"""

from __future__ import annotations

from sqlmodel import Session, select

from bot.cases.audit import add_event
from bot.cases.service import CaseError
from bot.mail.parse import parse_stored
from bot.pipeline.acknowledge import acknowledge
from bot.runtime import Runtime
from handlers import ReceivedContext, get_handler
from models import ActorType, Case, CaseEvent, CaseStatus, InboundMessage, Person

HELD_FLAG = "dmarc_fail"


def is_held(s: Session, case: Case) -> bool:
    """Still waiting for staff because of DMARC: flagged, never received by its handler."""
    if HELD_FLAG not in case.flags or case.status != CaseStatus.RECEIVED:
        return False
    done = s.exec(select(CaseEvent.id).where(CaseEvent.case_id == case.id,
                                              CaseEvent.action == "dmarc_proceeded")).first()
    return done is None and get_handler(case.kind).needs_verification


def proceed_held(rt: Runtime, s: Session, case: Case, *, actor: str, reason: str) -> None:
    if not is_held(s, case):
        raise CaseError(f"case {case.reference} is not held for a failed DMARC check")
    msg = s.get(InboundMessage, case.inbound_message_id) if case.inbound_message_id else None
    if msg is None:
        raise CaseError(f"case {case.reference} has no message to answer")
    add_event(s, rt, case, "dmarc_proceeded", actor_type=ActorType.STAFF, actor=actor,
              details={"reason": reason[:2000]})
    parsed = parse_stored(msg.raw, source=msg.source, envelope_from=msg.envelope_from)
    person = s.get(Person, case.person_id) if case.person_id else None
    ctx = ReceivedContext(inbound=msg, parsed=parsed, person=person, language=case.language)
    get_handler(case.kind).on_received(s, rt, case, ctx)
    acknowledge(s, rt, msg, parsed, person, [case], ctx)
