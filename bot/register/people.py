"""Who is this address? The register's person behind an address (normal form: bot.mail.addresses)."""

from __future__ import annotations

from sqlmodel import Session, col, select

from bot.mail.addresses import normalise_email
from models import Person, PersonEmail


def find_person(s: Session, address: str) -> Person | None:
    norm = normalise_email(address)
    if not norm:
        return None
    row = s.exec(
        select(Person).join(PersonEmail, col(PersonEmail.person_id) == Person.id)
        .where(PersonEmail.normalized == norm, col(Person.anonymised_at).is_(None))
    ).first()
    return row
