"""Portability requests (Art. 20): after verification, the data the person provided, as JSON
and CSV in one ZIP, delivered like an access export (single-use, expiring link)."""

from __future__ import annotations

from sqlmodel import Session

from bot.register.exporter import ExportKind
from bot.runtime import Runtime
from handlers.access import deliver_export
from handlers.base import RequestHandler
from handlers.execution import person_of
from models import ActorType, Case, RequestKind


class PortabilityHandler(RequestHandler):
    kind = RequestKind.PORTABILITY
    needs_verification = True

    def on_verified(self, s: Session, rt: Runtime, case: Case) -> None:
        person = person_of(s, case)
        if person is None:
            super().on_verified(s, rt, case)
            return
        deliver_export(s, rt, case, person, ExportKind.PORTABILITY)

    def on_approved(self, s: Session, rt: Runtime, case: Case, actor: str) -> None:
        person = person_of(s, case)
        if person is None:
            super().on_approved(s, rt, case, actor)
            return
        deliver_export(s, rt, case, person, ExportKind.PORTABILITY, actor_type=ActorType.STAFF,
                       actor=actor)


HANDLER = PortabilityHandler()
