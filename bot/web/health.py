"""`/healthz`: is this instance able to work — database reachable, its parts running.

A load balancer or supervisor polls it; 200 when healthy, 503 otherwise, with a small JSON body
that names what is wrong (no personal data); "degraded" (still 200) while a processor task's
API integration cannot run.
"""

from __future__ import annotations

import asyncio
from typing import Any

from sqlalchemy import func, text
from sqlmodel import select
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import BaseRoute, Route

from bot.register.processor_api import failing_tasks
from bot.runtime import Runtime
from models import InboundMessage, MessageState


def _db_check(rt: Runtime) -> dict[str, Any]:
    with rt.db.session() as s:
        s.execute(text("SELECT 1"))
        waiting, oldest = s.exec(
            select(func.count(), func.min(InboundMessage.received_at))
            .where(InboundMessage.state == MessageState.NEW)
        ).one()
        failing = failing_tasks(s)
    age = None
    if oldest is not None:
        if oldest.tzinfo is None:  # SQLite aggregate skips the column type
            from datetime import UTC

            oldest = oldest.replace(tzinfo=UTC)
        age = round((rt.clock.now() - oldest).total_seconds(), 1)
    return {"waiting_messages": int(waiting), "oldest_waiting_seconds": age,
            "processor_tasks_failing": failing}


def running_parts(rt: Runtime) -> dict[str, bool]:
    """The parts `python -m bot run` started (rt.parts) and whether each task is still running."""
    alive = {t.get_name() for t in asyncio.all_tasks() if not t.done()}
    return {name: name in alive for name in rt.parts}


async def healthz(request: Request) -> JSONResponse:
    rt: Runtime = request.app.state.rt
    body: dict[str, Any] = {"instance": rt.instance_id}
    ok = True
    try:
        body.update(await asyncio.wait_for(run_in_threadpool(_db_check, rt), timeout=5))
        body["database"] = "ok"
    except Exception as e:  # any failure to reach the database is the answer, not a crash
        body["database"] = f"error: {type(e).__name__}"
        ok = False
    parts = running_parts(rt)
    body["parts"] = parts
    if not all(parts.values()):
        ok = False
    # Degraded: this instance works, but something staff must fix is failing (a processor API
    # without a token or refusing us). 200: a load balancer must not take the instance out for it.
    degraded = bool(body.get("processor_tasks_failing"))
    body["status"] = ("degraded" if degraded else "ok") if ok else "fail"
    return JSONResponse(body, status_code=200 if ok else 503)


def routes() -> list[BaseRoute]:
    return [Route("/healthz", healthz, methods=["GET", "HEAD"])]
