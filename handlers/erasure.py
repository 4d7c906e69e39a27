"""Erasure requests (Art. 17): after verification and (by default) staff approval, the person's
data is deleted or anonymised in every table, the exceptions kept with their reasons, one
processor task per `[[register.processors]]` entry created, and the requester told all of it.
"""

from __future__ import annotations

from sqlmodel import Session

from bot.cases.audit import add_event
from bot.cases.service import set_status
from bot.register.collect import person_addresses
from bot.register.erase import ErasureReport, Kept, erase_person, preview
from bot.runtime import Runtime
from handlers.base import RegisterHandler
from handlers.execution import TABLE_LABELS, final_reply, lang, record
from models import ActorType, Case, CaseStatus, Person, ProcessorTask, RequestKind

__all__ = ["HANDLER", "ErasureReport", "erase_person", "execute", "mark_processor_task_done"]


def _instructions(rt: Runtime, case: Case, text: str, addresses: list[str]) -> str:
    who = ", ".join(addresses) or "(no address on file)"
    return (f"{text}\nCase {case.reference}. Find the person by the email address(es): {who}.\n"
            "The addresses are removed from this task when it is marked done.")


def create_processor_tasks(s: Session, rt: Runtime, case: Case, addresses: list[str]) -> list[ProcessorTask]:
    assert case.id is not None
    tasks = []
    for p in rt.settings.register.processors:
        # A processor with an API (`api = "hubspot"`) is called by the job `processors.api`,
        # outside this transaction; the addresses wait in the task until it succeeds.
        t = ProcessorTask(case_id=case.id, processor=p.name, action="erase", created_at=rt.clock.now(),
                          instructions=_instructions(rt, case, p.erasure_instructions, addresses),
                          result={"api": p.api, "addresses": addresses} if p.api else {})
        s.add(t)
        tasks.append(t)
    s.flush()
    return tasks


def mark_processor_task_done(s: Session, rt: Runtime, task: ProcessorTask, *, actor: str,
                             note: str = "") -> None:
    """Staff ticked the task off: the addresses it carried are no longer needed, so they go."""
    task.done_at = rt.clock.now()
    task.done_by = actor
    task.instructions = f"Done. {note}".strip() if "@" in task.instructions else task.instructions
    task.result = {k: v for k, v in task.result.items() if k != "addresses"} | {"note": note[:500]}
    s.add(task)
    case = s.get(Case, task.case_id)
    if case is not None:
        add_event(s, rt, case, "processor_task_done", actor_type=ActorType.STAFF, actor=actor,
                  details={"task": task.id, "processor": task.processor, "action": task.action,
                           **({"note": note} if note else {})})


def execute(s: Session, rt: Runtime, case: Case, person: Person, *,
            actor_type: ActorType = ActorType.BOT, actor: str = "bot") -> ErasureReport:
    set_status(s, rt, case, CaseStatus.IN_PROGRESS, actor_type=actor_type, actor=actor)
    assert person.id is not None
    addresses = person_addresses(s, person.id)
    report = erase_person(s, rt, person, case)
    tasks = create_processor_tasks(s, rt, case, addresses)
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
    final_reply(s, rt, case, "erasure_done", erased=erased, kept=kept, processors=report.processors,
                invoices_years=rt.settings.retention.invoices_years,
                case_days=rt.settings.retention.closed_cases_days)
    set_status(s, rt, case, CaseStatus.COMPLETED, actor_type=actor_type, actor=actor,
               details={"processor_tasks": len(tasks)})
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
