"""The marketing suppression list and unsubscribing: takes effect at once, needs no proof.

Unsubscribing only ever removes the address it names from marketing, so it is safe without
identity verification (DESIGN.md). The list keeps normalised addresses and outlives erasure.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from sqlalchemy import or_, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col, select

from bot.mail.addresses import normalise_email
from bot.runtime import Runtime
from models import Consent, Person, PersonEmail, Suppression

ALL_LISTS = "*"
# Consent statuses that let marketing go out; unsubscribing turns them into WITHDRAWN.
GRANTED = "granted"
WITHDRAWN = "withdrawn"


def _insert_ignore(s: Session, row: dict[str, object]) -> bool:
    """INSERT ... ON CONFLICT DO NOTHING: safe when two instances unsubscribe one address at once."""
    dialect = s.get_bind().dialect.name
    ins = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(Suppression)
    result = s.exec(ins.values(**row).on_conflict_do_nothing())
    return bool(result.rowcount)


def is_suppressed(s: Session, email: str, *, list_name: str = ALL_LISTS) -> bool:
    """On the list for every list, or for the named one."""
    norm = normalise_email(email)
    names = {ALL_LISTS, list_name}
    row = s.exec(
        select(Suppression.id).where(
            Suppression.email_normalized == norm,
            col(Suppression.list_name).in_(names),
        )
    ).first()
    return row is not None


def suppress(s: Session, email: str, *, at: datetime, source: str, reason: str = "unsubscribe",
             list_name: str = ALL_LISTS) -> bool:
    """Put an address on the list; True when it was not there yet."""
    norm = normalise_email(email)
    if not norm or is_suppressed(s, norm, list_name=list_name):
        return False
    return _insert_ignore(s, {"email_normalized": norm, "list_name": list_name, "reason": reason,
                              "source": source[:64], "at": at})


def withdraw_consents(s: Session, email: str, *, at: datetime, list_name: str = ALL_LISTS) -> int:
    """Withdraw the granted marketing consents given with this address or by its person."""
    norm = normalise_email(email)
    person_ids = select(PersonEmail.person_id).where(PersonEmail.normalized == norm)
    stmt = (
        update(Consent)
        .where(
            or_(col(Consent.email_normalized) == norm, col(Consent.person_id).in_(person_ids)),
            col(Consent.status) == GRANTED,
        )
        .values(status=WITHDRAWN, withdrawn_at=at)
    )
    if list_name != ALL_LISTS:
        stmt = stmt.where(col(Consent.purpose) == list_name)
    return int(s.exec(stmt).rowcount or 0)


def unsubscribe(s: Session, rt: Runtime, email: str, *, source: str,
                list_name: str = ALL_LISTS) -> tuple[int, int]:
    """Unsubscribe at once: (consents withdrawn, suppression entries added)."""
    now = rt.clock.now()
    withdrawn = withdraw_consents(s, email, at=now, list_name=list_name)
    added = suppress(s, email, at=now, source=source, list_name=list_name)
    return withdrawn, int(added)


def unsubscribe_address(s: Session, rt: Runtime, email: str, *, source: str,
                        list_name: str = ALL_LISTS) -> bool:
    """Unsubscribe at once: consents withdrawn, address suppressed. True if anything changed.

    Idempotent, and works for addresses that are not in the register (they are suppressed all
    the same, so a later import cannot start mailing them).
    """
    withdrawn, added = unsubscribe(s, rt, email, source=source, list_name=list_name)
    return bool(withdrawn or added)


def suppression_rows(s: Session) -> Iterator[tuple[str, str, str, datetime | None]]:
    """The list for the marketing tool: (address, list, reason, since), restricted people included.

    A person under restriction of processing must get no marketing either, so their addresses
    are exported as if suppressed (reason `restricted`) while the restriction lasts.
    """
    for sup in s.exec(select(Suppression).order_by(Suppression.email_normalized)).yield_per(1000):
        yield sup.email_normalized, sup.list_name, sup.reason, sup.at
    restricted = s.exec(
        select(PersonEmail.normalized, Person.restricted_at)
        .join(Person, col(Person.id) == PersonEmail.person_id)
        .where(Person.restricted == True)  # noqa: E712
        .order_by(PersonEmail.normalized)
    )
    for norm, since in restricted:
        yield norm, ALL_LISTS, "restricted", since
