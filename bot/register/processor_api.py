"""Erasure at processors that have an API: open processor tasks for such a processor (today:
HubSpot) are carried out by the scheduled job `processors.api`, retried on its next run when
they fail, and ticked off by the bot when they succeed. Other processors stay manual tasks.
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


def client_for(p: ProcessorSettings) -> HubSpotClient | None:
    if p.api != "hubspot" or not p.api_url:
        return None
    token = os.environ.get(p.api_token_env, "") if p.api_token_env else ""
    return HubSpotClient(p.api_url, token) if token else None


def run_api_tasks(s: Session, rt: Runtime, *, clients: dict[str, Any] | None = None) -> dict[str, Any]:
    """Carry out every open API task; returns counts (never addresses)."""
    procs = {p.name: p for p in rt.settings.register.processors if p.api}
    out = {"done": 0, "failed": 0, "skipped": 0}
    tasks = s.exec(select(ProcessorTask).where(col(ProcessorTask.done_at).is_(None),
                                               col(ProcessorTask.processor).in_(list(procs)))
                   .order_by(col(ProcessorTask.id))).all()
    for task in tasks:
        p = procs[task.processor]
        client = (clients or {}).get(p.name) or client_for(p)
        addresses = list(task.result.get("addresses") or [])
        case = s.get(Case, task.case_id)
        if client is None or not addresses:
            out["skipped"] += 1  # no token configured: staff do it by hand
            continue
        try:
            statuses = [client.gdpr_delete(a) for a in addresses]
        except HubSpotError as e:
            out["failed"] += 1
            attempts = int(task.result.get("api_attempts", 0)) + 1
            task.result = {**task.result, "api_attempts": attempts,
                           "last_error": {"status": e.status, "category": e.category}}
            s.add(task)
            if case is not None:
                case.needs_review = True
                case.flags = sorted({*case.flags, "processor_api_failed"})
                s.add(case)
                add_event(s, rt, case, "processor_api_failed", details={
                    "processor": p.name, "task_id": task.id, "status": e.status, "attempts": attempts})
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
    return out
