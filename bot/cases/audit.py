"""The audit trail: every change to a case is a `CaseEvent` written here.

It sits below everything that records events (cases, the register, replies, the outbox, handlers,
staff actions), so any of them can tell the trail what it did without importing the others.
"""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from bot.runtime import Runtime
from models import ActorType, Case, CaseEvent


def add_event(s: Session, rt: Runtime, case: Case, action: str, *,
              actor_type: ActorType = ActorType.BOT, actor: str = "bot",
              details: dict[str, Any] | None = None) -> CaseEvent:
    assert case.id is not None, "flush the case before adding events"
    ev = CaseEvent(case_id=case.id, at=rt.clock.now(), actor_type=actor_type, actor=actor,
                   action=action, details=dict(details or {}))
    s.add(ev)
    return ev
