"""Portability requests (Art. 20): after verification, the data the person provided, as JSON
and CSV in one ZIP, delivered like an access export (single-use, expiring link)."""

from __future__ import annotations

from sqlmodel import Session

from bot.register.exporter import ExportKind
from bot.runtime import Runtime
from handlers.access import deliver_export
from handlers.base import RegisterHandler
from models import ActorType, Case, Person, RequestKind


class PortabilityHandler(RegisterHandler):
    kind = RequestKind.PORTABILITY
    needs_verification = True

    def verified(self, s: Session, rt: Runtime, case: Case, person: Person) -> None:
        deliver_export(s, rt, case, person, ExportKind.PORTABILITY)

    def approved(self, s: Session, rt: Runtime, case: Case, person: Person, actor: str) -> None:
        deliver_export(s, rt, case, person, ExportKind.PORTABILITY, actor_type=ActorType.STAFF,
                       actor=actor)


HANDLER = PortabilityHandler()
