"""Correction requests (Art. 16): after verification the proposed changes are read from the
request (fi/sv/en) and shown to staff beside the current values (`case.details["correction"]`);
staff approve (optionally editing `proposed`), the register is updated, the processors holding the
data are asked to correct it too (Art. 19), and the requester told once they are done.
When nothing clear can be read, the case waits for staff to ask the requester.
"""

from __future__ import annotations

from sqlmodel import Session

from bot.cases.audit import add_event
from bot.cases.service import set_status
from bot.register.correction import FIELDS, apply_changes, current_values, extract_changes
from bot.runtime import Runtime
from handlers.base import RegisterHandler, RequestHandler
from handlers.execution import FIELD_LABELS, lang, record, request_text
from handlers.processors import create_tasks, wait_or_finish
from models import ActorType, Case, CaseStatus, Person, RequestKind

__all__ = ["HANDLER", "extract_changes"]

UNCLEAR_FLAG = "correction_unclear"


class CorrectionHandler(RegisterHandler):
    kind = RequestKind.CORRECTION
    needs_verification = True

    def verified(self, s: Session, rt: Runtime, case: Case, person: Person) -> None:
        proposed = extract_changes(request_text(s, case))
        current = current_values(person)
        case.details = {**case.details, "correction": {
            "proposed": proposed, "current": {f: current[f] for f in FIELDS}}}
        if not proposed:
            case.needs_review = True
            case.flags = sorted({*case.flags, UNCLEAR_FLAG})
            s.add(case)
            add_event(s, rt, case, "queued_for_staff",
                      details={"reason": "what to correct is unclear: staff ask the requester"})
            return
        s.add(case)
        set_status(s, rt, case, CaseStatus.AWAITING_APPROVAL,
                   details={"reason": "staff confirm the proposed correction", "fields": sorted(proposed)})

    def approved(self, s: Session, rt: Runtime, case: Case, person: Person, actor: str) -> None:
        proposed = dict((case.details.get("correction") or {}).get("proposed") or {})
        if not proposed:
            RequestHandler.on_approved(self, s, rt, case, actor)
            return
        set_status(s, rt, case, CaseStatus.IN_PROGRESS, actor_type=ActorType.STAFF, actor=actor)
        changed = apply_changes(s, person, proposed, at=rt.clock.now())
        record(s, rt, case, "corrected", tables={"person": 1 if changed else 0}, fields=sorted(changed))
        labels = FIELD_LABELS[lang(case)]
        create_tasks(s, rt, case, person, fields=sorted(changed))  # Art. 19: the recipients correct too
        wait_or_finish(s, rt, case, "correction_done", actor_type=ActorType.STAFF, actor=actor,
                       changes=[{"label": labels[f], "value": getattr(person, f)} for f in FIELDS
                                if f in proposed])


HANDLER = CorrectionHandler()
