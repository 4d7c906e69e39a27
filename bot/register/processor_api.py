"""Erasure at processors that have an API: open processor tasks for such a processor (today:
HubSpot) are carried out by the scheduled job `processors.api`, retried on its next run when
they fail, and ticked off by the bot when they succeed. Other processors stay manual tasks. A task
that cannot run (no token, an HTTP error) says why on the task and flags its case; the job's run
fails with that reason and /healthz reports it (never a silent skip).
"""

from __future__ import annotations

import os
from typing import Any

from sqlmodel import Session, col, select

from bot.cases.audit import add_event
from bot.register.hubspot import HubSpotClient, HubSpotError
from bot.runtime import Runtime
from bot.runtime.config import ProcessorSettings
from models import ActorType, Case, ProcessorTask

BOT_ACTOR = "bot:api"
API_FAILED_FLAG = "processor_api_failed"


def client_for(p: ProcessorSettings) -> HubSpotClient | None:
    if p.api != "hubspot" or not p.api_url:
        return None
    token = os.environ.get(p.api_token_env, "") if p.api_token_env else ""
    return HubSpotClient(p.api_url, token) if token else None


def _fail(s: Session, rt: Runtime, task: ProcessorTask, case: Case | None, p: ProcessorSettings,
          reason: str, status: int | None = None) -> str:
    """The task could not run: say why on the task and flag the case (an event when the reason
    is new, not every five minutes); the job's run fails with the returned reason."""
    attempts = int(task.result.get("api_attempts", 0)) + 1
    previous = task.result.get("api_error")
    task.result = {**task.result, "api_attempts": attempts, "api_error": reason,
                   **({"last_error": {"status": status}} if status is not None else {})}
    s.add(task)
    if case is not None:
        case.needs_review = True
        case.flags = sorted({*case.flags, API_FAILED_FLAG})
        s.add(case)
        if previous != reason:
            add_event(s, rt, case, "processor_api_failed", details={
                "processor": p.name, "task_id": task.id, "reason": reason, "status": status,
                "attempts": attempts})
    return f"{case.reference if case else task.case_id} {p.name}: {reason}"


def run_api_tasks(s: Session, rt: Runtime, *, clients: dict[str, Any] | None = None) -> dict[str, Any]:
    """Carry out every open API task; returns counts and the reasons of failures (never addresses)."""
    procs = {p.name: p for p in rt.settings.register.processors if p.api}
    out: dict[str, Any] = {"done": 0, "failed": 0, "skipped": 0, "errors": []}
    tasks = s.exec(select(ProcessorTask).where(col(ProcessorTask.done_at).is_(None),
                                               col(ProcessorTask.processor).in_(list(procs)),
                                               ProcessorTask.action == "erase")
                   .order_by(col(ProcessorTask.id))).all()
    for task in tasks:
        p = procs[task.processor]
        client = (clients or {}).get(p.name) or client_for(p)
        addresses = list(task.result.get("addresses") or [])
        case = s.get(Case, task.case_id)
        if not addresses:
            out["skipped"] += 1  # nothing to find the person by: staff do it by hand
            continue
        if client is None:
            out["failed"] += 1
            why = (f"no API token: environment variable {p.api_token_env} is not set"
                   if p.api_token_env else "no API token configured (api_token_env)")
            out["errors"].append(_fail(s, rt, task, case, p, why if p.api_url else "no api_url configured"))
            continue
        try:
            statuses = [client.gdpr_delete(a) for a in addresses]
        except HubSpotError as e:
            out["failed"] += 1
            out["errors"].append(_fail(s, rt, task, case, p, f"HTTP {e.status} {e.category}".strip(),
                                       e.status))
            continue
        task.done_at = rt.clock.now()
        task.done_by = BOT_ACTOR
        task.instructions = f"Done through the {p.name} API ({len(addresses)} contact(s), GDPR delete)."
        task.result = {"api": p.api, "statuses": statuses}
        s.add(task)
        out["done"] += 1
        if case is not None:
            add_event(s, rt, case, "processor_erased_via_api", actor_type=ActorType.BOT, actor=BOT_ACTOR,
                      details={"processor": p.name, "task_id": task.id, "contacts": len(addresses)})
            _clear_flag(s, case)
    return out


def _clear_flag(s: Session, case: Case) -> None:
    s.flush()
    failing = s.exec(select(ProcessorTask).where(ProcessorTask.case_id == case.id,
                                                 col(ProcessorTask.done_at).is_(None))).all()
    if API_FAILED_FLAG in case.flags and not any(t.result.get("api_error") for t in failing):
        case.flags = [f for f in case.flags if f != API_FAILED_FLAG]
        s.add(case)


def failing_tasks(s: Session) -> int:
    """Open tasks whose API integration could not run (for /healthz)."""
    open_tasks = s.exec(select(ProcessorTask).where(col(ProcessorTask.done_at).is_(None))).all()
    return sum(1 for t in open_tasks if t.result.get("api_error"))
