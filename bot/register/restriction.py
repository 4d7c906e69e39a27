"""Restriction of processing (Art. 18): the person is marked, and until staff lift it they get
no marketing (their addresses are exported as suppressed), are left out of processing jobs and
of exports to processors (`processable_people`), and show as restricted in the staff view.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlmodel import Session, col, select

from models import Person


def restrict(s: Session, person: Person, *, at: datetime, reason: str) -> bool:
    """Mark the person restricted; False when they already were."""
    if person.restricted:
        return False
    person.restricted = True
    person.restricted_at = at
    person.restriction_reason = reason[:500]
    person.updated_at = at
    s.add(person)
    s.flush()
    return True


def lift(s: Session, person: Person, *, at: datetime) -> bool:
    """End the restriction (staff decide; the requester is told before, Art. 18(3))."""
    if not person.restricted:
        return False
    person.restricted = False
    person.restricted_at = None
    person.restriction_reason = None
    person.updated_at = at
    s.add(person)
    s.flush()
    return True


def processable_people() -> Any:
    """People that processing jobs and processor exports may touch: not restricted, not erased."""
    return select(Person).where(Person.restricted == False, col(Person.anonymised_at).is_(None))  # noqa: E712
