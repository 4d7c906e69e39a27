"""Restriction requests (Art. 18): after verification the person is marked restricted — no
marketing, left out of processing jobs and processor exports, shown in the staff view — until
staff lift it (`lift_restriction`); the processors holding the data restrict it too (Art. 19),
and the requester is told once they have.
"""

from __future__ import annotations

from sqlmodel import Session

from bot.cases.audit import add_event
from bot.register.restriction import lift, restrict
from bot.runtime import Runtime
from handlers.base import RegisterHandler
from handlers.execution import record
from handlers.processors import create_tasks, wait_or_finish
from models import ActorType, Case, Person, RequestKind

__all__ = ["HANDLER", "lift_restriction", "restrict"]


def lift_restriction(s: Session, rt: Runtime, person: Person, *, actor: str,
                     case: Case | None = None) -> bool:
    """Staff end a restriction (Art. 18(3): the person is told first, by staff, in the case)."""
    changed = lift(s, person, at=rt.clock.now())
    if changed and case is not None:
        add_event(s, rt, case, "restriction_lifted", actor_type=ActorType.STAFF, actor=actor,
                  details={"tables": {"person": 1}})
    return changed


class RestrictionHandler(RegisterHandler):
    kind = RequestKind.RESTRICTION
    needs_verification = True

    def verified(self, s: Session, rt: Runtime, case: Case, person: Person) -> None:
        self._restrict(s, rt, case, person, ActorType.BOT, "bot")

    def approved(self, s: Session, rt: Runtime, case: Case, person: Person, actor: str) -> None:
        self._restrict(s, rt, case, person, ActorType.STAFF, actor)

    def _restrict(self, s: Session, rt: Runtime, case: Case, person: Person, actor_type: ActorType,
                  actor: str) -> None:
        changed = restrict(s, person, at=rt.clock.now(), reason=f"{case.reference}: restriction requested")
        record(s, rt, case, "restricted", tables={"person": int(changed)}, already_restricted=not changed)
        create_tasks(s, rt, case, person)  # Art. 19: the processors restrict too
        wait_or_finish(s, rt, case, "restriction_done", actor_type=actor_type, actor=actor)


HANDLER = RestrictionHandler()
