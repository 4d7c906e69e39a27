"""Art. 19: a correction, erasure or restriction reaches every processor that holds the person's
data. One `ProcessorTask` per such processor; the case waits (`awaiting_processors`) until every
task is done, then the final letter says what each processor did and when. A case closed before
that (staff choose "completed") says truthfully which processors are still to confirm.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlmodel import Session, col, select

from bot.cases.audit import add_event
from bot.cases.deadlines import local_today
from bot.cases.service import set_status
from bot.register.collect import count_rows, person_addresses
from bot.register.processor_api import API_FAILED_FLAG
from bot.runtime import Runtime
from bot.runtime.config import ProcessorSettings
from handlers.execution import final_reply
from models import ActorType, Case, CaseStatus, OutboundMessage, Person, ProcessorTask, RequestKind

ACTIONS = {RequestKind.ERASURE: "erase", RequestKind.CORRECTION: "rectify",
           RequestKind.RESTRICTION: "restrict"}
DEFAULTS = {
    "erase": "Erase the person's data.",
    "rectify": "Correct the person's data as in the case ({fields}).",
    "restrict": "Restrict the processing of the person's data: store it only, use it for nothing "
                "else until the controller lifts the restriction.",
}


def holders(rt: Runtime, counts: dict[str, int]) -> list[ProcessorSettings]:
    """The configured processors that hold some of the person's data (`holds`; empty: all)."""
    return [p for p in rt.settings.register.processors
            if not p.holds or any(counts.get(t, 0) for t in p.holds)]


def _instructions(p: ProcessorSettings, action: str, case: Case, addresses: list[str], fields: str) -> str:
    text = {"erase": p.erasure_instructions, "rectify": p.correction_instructions,
            "restrict": p.restriction_instructions}[action] or DEFAULTS[action]
    who = ", ".join(addresses) or "(no address on file)"
    return (f"{text.format(fields=fields)}\nCase {case.reference}. Find the person by the email "
            f"address(es): {who}.\nThe addresses are removed from this task when it is marked done.")


def create_tasks(s: Session, rt: Runtime, case: Case, person: Person, *,
                 fields: list[str] | None = None) -> list[ProcessorTask]:
    """One task per processor holding the person's data (call before erasing: it counts rows)."""
    assert case.id is not None and person.id is not None
    action = ACTIONS[case.kind]
    addresses = person_addresses(s, person.id)
    tasks = []
    for p in holders(rt, count_rows(s, person)):
        # A processor with an API is called by the job `processors.api`, outside this
        # transaction; the addresses wait in the task until it succeeds.
        by_api = bool(p.api) and action == "erase"  # the API deletes; corrections are by hand
        t = ProcessorTask(case_id=case.id, processor=p.name, action=action, created_at=rt.clock.now(),
                          instructions=_instructions(p, action, case, addresses, ", ".join(fields or [])),
                          result={"api": p.api, "addresses": addresses} if by_api else {})
        s.add(t)
        tasks.append(t)
    s.flush()
    return tasks


def tasks_of(s: Session, case: Case) -> list[ProcessorTask]:
    return list(s.exec(select(ProcessorTask).where(ProcessorTask.case_id == case.id)
                       .order_by(col(ProcessorTask.id))))


def letter_lines(s: Session, rt: Runtime, case: Case) -> list[dict[str, Any]]:
    """What each processor has done, for the letter: done on DATE, or asked on DATE."""
    tz = rt.settings.deadlines.timezone

    def day(at: Any) -> date:
        return local_today(at, tz)

    return [{"name": t.processor, "done": t.done_at is not None,
             "date": day(t.done_at) if t.done_at is not None else day(t.created_at)}
            for t in tasks_of(s, case)]


def wait_or_finish(s: Session, rt: Runtime, case: Case, template: str, *, actor_type: ActorType,
                   actor: str, **context: Any) -> None:
    """The register work is done: keep the final letter (JSON-able context) for when the
    processors are, and wait for them — or send it now when there is nothing to wait for."""
    case.details = {**case.details, "final_letter": {"template": template, "context": context}}
    s.add(case)
    waiting = [t for t in tasks_of(s, case) if t.done_at is None]
    if waiting:
        set_status(s, rt, case, CaseStatus.AWAITING_PROCESSORS, actor_type=actor_type, actor=actor,
                   details={"processor_tasks": len(waiting)})
    else:
        finish(s, rt, case, actor_type=actor_type, actor=actor)


def final_letter(case: Case) -> tuple[str, dict[str, Any]] | None:
    letter = (case.details or {}).get("final_letter")
    if not letter:
        return None
    return str(letter["template"]), dict(letter.get("context") or {})


def finish(s: Session, rt: Runtime, case: Case, *, actor_type: ActorType, actor: str,
           details: dict[str, Any] | None = None, send: bool = True) -> OutboundMessage | None:
    """Send the kept final letter (what each processor did, as it stands now) and complete."""
    letter = final_letter(case)
    out = None
    if send and letter is not None:
        template, context = letter
        out = final_reply(s, rt, case, template, processors=letter_lines(s, rt, case), **context)
    open_tasks = sum(1 for t in tasks_of(s, case) if t.done_at is None)
    set_status(s, rt, case, CaseStatus.COMPLETED, actor_type=actor_type, actor=actor,
               details={**({"processor_tasks_open": open_tasks} if open_tasks else {}), **(details or {})})
    return out


def mark_done(s: Session, rt: Runtime, task: ProcessorTask, *, actor: str, note: str = "",
              actor_type: ActorType = ActorType.STAFF) -> None:
    """A task is done: the addresses it carried go (they were only needed to find the person);
    the last one of a waiting case sends its final letter and completes it."""
    task.done_at = rt.clock.now()
    task.done_by = actor
    task.instructions = f"Done. {note}".strip() if "@" in task.instructions else task.instructions
    task.result = {k: v for k, v in task.result.items() if k not in ("addresses", "api_error")} | (
        {"note": note[:500]} if note else {})
    s.add(task)
    s.flush()
    case = s.get(Case, task.case_id)
    if case is None:
        return
    add_event(s, rt, case, "processor_task_done", actor_type=actor_type, actor=actor,
              details={"task": task.id, "processor": task.processor, "action": task.action,
                       **({"note": note} if note else {})})
    tasks = tasks_of(s, case)
    failing = any(t.result.get("api_error") for t in tasks if t.done_at is None)
    if API_FAILED_FLAG in case.flags and not failing:
        case.flags = [f for f in case.flags if f != API_FAILED_FLAG]
        s.add(case)
    if case.status == CaseStatus.AWAITING_PROCESSORS and all(t.done_at is not None for t in tasks):
        finish(s, rt, case, actor_type=actor_type, actor=actor)


def finish_ready(s: Session, rt: Runtime) -> list[str]:
    """Cases still waiting though every task is done (e.g. done by the API job): finish them."""
    done = []
    for case in s.exec(select(Case).where(Case.status == CaseStatus.AWAITING_PROCESSORS)):
        if all(t.done_at is not None for t in tasks_of(s, case)):
            finish(s, rt, case, actor_type=ActorType.BOT, actor="bot")
            done.append(case.reference)
    return done
