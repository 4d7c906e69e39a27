"""Erasure requests (Art. 17): after verification and (by default) staff approval, the person's
data is deleted or anonymised in every table, the exceptions kept with their reasons, one
processor task per `[[register.processors]]` entry holding their data created (handlers/processors.py),
and the requester told all of it once the processors are done.
"""

from __future__ import annotations

from sqlmodel import Session

from bot.cases.service import set_status
from bot.register.erase import ErasureReport, Kept, erase_person, preview
from bot.runtime import Runtime
from handlers.base import RegisterHandler
from handlers.execution import TABLE_LABELS, lang, record
from handlers.processors import create_tasks, wait_or_finish
from models import ActorType, Case, CaseStatus, Person, RequestKind

__all__ = ["HANDLER", "ErasureReport", "erase_person", "execute"]


def execute(s: Session, rt: Runtime, case: Case, person: Person, *,
            actor_type: ActorType = ActorType.BOT, actor: str = "bot") -> ErasureReport:
    set_status(s, rt, case, CaseStatus.IN_PROGRESS, actor_type=actor_type, actor=actor)
    assert person.id is not None
    tasks = create_tasks(s, rt, case, person)  # before erasing: it looks at what the person has
    report = erase_person(s, rt, person, case)
    if tasks:
        report.kept.append(Kept("processor_task", len(tasks),
                                "the email address is needed to find the person at each processor; "
                                "removed from each task when staff mark it done", "processor"))
    record(s, rt, case, "erased", **report.to_json())
    labels = TABLE_LABELS[lang(case)]
    erased = [{"label": labels.get(t, t), "count": n}
              for t, n in {**report.erased, **report.anonymised}.items() if n]
    kept = [{"label": labels.get(k.table, k.table), "code": k.code, "reason": k.reason}
            for k in report.kept if k.code != "processor"]
    wait_or_finish(s, rt, case, "erasure_done", actor_type=actor_type, actor=actor, erased=erased,
                   kept=kept, invoices_years=rt.settings.retention.invoices_years,
                   case_days=rt.settings.retention.closed_cases_days)
    return report


class ErasureHandler(RegisterHandler):
    kind = RequestKind.ERASURE
    needs_verification = True

    def verified(self, s: Session, rt: Runtime, case: Case, person: Person) -> None:
        if not rt.settings.execution.erasure_requires_approval:
            execute(s, rt, case, person)
            return
        plan = preview(s, rt, person)
        # Staff see what will go and what stays (tables and counts only).
        case.details = {**case.details, "erasure_preview": plan.to_json()}
        s.add(case)
        set_status(s, rt, case, CaseStatus.AWAITING_APPROVAL,
                   details={"reason": "erasure waits for staff approval "
                                      "([execution] erasure_requires_approval)"})

    def approved(self, s: Session, rt: Runtime, case: Case, person: Person, actor: str) -> None:
        execute(s, rt, case, person, actor_type=ActorType.STAFF, actor=actor)


HANDLER = ErasureHandler()
