"""The marketing suppression list and unsubscribing: takes effect at once, needs no proof.

Unsubscribing only ever removes the address it names from marketing, so it is safe without
identity verification (DESIGN.md). The list keeps normalised addresses and outlives erasure.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import delete, or_, update
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


def suppressed_lists(s: Session, email: str, *, list_name: str | None = None) -> list[str]:
    """The lists the address is suppressed on (`*`: every list), restriction included; with
    `list_name`, only the entries that cover that list (its own and `*`). Built on
    `suppression_rows`, so `suppression check` says exactly what `suppression export` lists."""
    names = sorted({lst for _e, lst, _r, _at in suppression_rows(s, email=email)})
    if list_name is not None:
        names = [n for n in names if n in (ALL_LISTS, list_name)]
    return names


def suppress(s: Session, email: str, *, at: datetime, source: str, reason: str = "unsubscribe",
             list_name: str = ALL_LISTS) -> bool:
    """Put an address on the list; True when it was not there yet."""
    norm = normalise_email(email)
    if not norm or is_suppressed(s, norm, list_name=list_name):
        return False
    return _insert_ignore(s, {"email_normalized": norm, "list_name": list_name, "reason": reason,
                              "source": source[:64], "at": at})


def _granted_consents(norm: str, list_name: str) -> Any:
    person_ids = select(PersonEmail.person_id).where(PersonEmail.normalized == norm)
    q = select(Consent).where(
        or_(col(Consent.email_normalized) == norm, col(Consent.person_id).in_(person_ids)),
        col(Consent.status) == GRANTED,
    )
    if list_name != ALL_LISTS:
        q = q.where(col(Consent.purpose) == list_name)
    return q


def withdraw_consents(s: Session, email: str, *, at: datetime, list_name: str = ALL_LISTS) -> int:
    """Withdraw the granted marketing consents given with this address or by its person."""
    return len(withdraw_consents_recorded(s, email, at=at, list_name=list_name))


def withdraw_consents_recorded(s: Session, email: str, *, at: datetime,
                               list_name: str = ALL_LISTS) -> list[dict[str, Any]]:
    """Withdraw as above and return what each consent was before (id, purpose, withdrawn_at),
    so an unsubscribe done on a wrong guess can be undone exactly (`restore_consents`)."""
    norm = normalise_email(email)
    rows = list(s.exec(_granted_consents(norm, list_name).order_by(col(Consent.id))).all())
    if not rows:
        return []
    # Read before the UPDATE: the ORM's UPDATE also refreshes these objects in the session.
    before = [{"id": r.id, "purpose": r.purpose, "status": GRANTED,
               "withdrawn_at": r.withdrawn_at.isoformat() if r.withdrawn_at else None} for r in rows]
    s.exec(update(Consent).where(col(Consent.id).in_([b["id"] for b in before]),
                                 col(Consent.status) == GRANTED)
           .values(status=WITHDRAWN, withdrawn_at=at))
    return before


@dataclass
class Unsubscribed:
    """What one unsubscribe changed: the consents as they were, and whether the address was added."""

    consents: list[dict[str, Any]] = field(default_factory=list)
    suppression_added: bool = False
    list_name: str = ALL_LISTS

    def audit(self) -> dict[str, Any]:
        return {"consents_withdrawn": self.consents, "suppression_added": self.suppression_added,
                "list": self.list_name}


def unsubscribe(s: Session, rt: Runtime, email: str, *, source: str,
                list_name: str = ALL_LISTS) -> tuple[int, int]:
    """Unsubscribe at once: (consents withdrawn, suppression entries added)."""
    done = unsubscribe_recorded(s, rt, email, source=source, list_name=list_name)
    return len(done.consents), int(done.suppression_added)


def unsubscribe_recorded(s: Session, rt: Runtime, email: str, *, source: str,
                         list_name: str = ALL_LISTS) -> Unsubscribed:
    now = rt.clock.now()
    consents = withdraw_consents_recorded(s, email, at=now, list_name=list_name)
    added = suppress(s, email, at=now, source=source, list_name=list_name)
    return Unsubscribed(consents=consents, suppression_added=added, list_name=list_name)


def restore_consents(s: Session, consents: list[dict[str, Any]]) -> int:
    """Put consents back as `withdraw_consents_recorded` found them. Only rows still withdrawn are
    touched: a consent the person changed since (granted again, prohibited) is left as it is."""
    restored = 0
    for before in consents:
        prev = before.get("withdrawn_at")
        result = s.exec(update(Consent).where(col(Consent.id) == before.get("id"),
                                              col(Consent.status) == WITHDRAWN)
                        .values(status=str(before.get("status") or GRANTED),
                                withdrawn_at=datetime.fromisoformat(prev) if prev else None))
        restored += int(result.rowcount or 0)
    return restored


def remove_suppression(s: Session, email: str, *, list_name: str = ALL_LISTS) -> int:
    """Take an address off the list (one list, or the every-list entry); rows removed."""
    norm = normalise_email(email)
    result = s.exec(delete(Suppression).where(col(Suppression.email_normalized) == norm,
                                              col(Suppression.list_name) == list_name))
    return int(result.rowcount or 0)


def unsubscribe_address(s: Session, rt: Runtime, email: str, *, source: str,
                        list_name: str = ALL_LISTS) -> bool:
    """Unsubscribe at once: consents withdrawn, address suppressed. True if anything changed.

    Idempotent, and works for addresses that are not in the register (they are suppressed all
    the same, so a later import cannot start mailing them).
    """
    withdrawn, added = unsubscribe(s, rt, email, source=source, list_name=list_name)
    return bool(withdrawn or added)


def suppression_rows(s: Session, *, email: str | None = None
                     ) -> Iterator[tuple[str, str, str, datetime | None]]:
    """The list for the marketing tool: (address, list, reason, since), restricted people included.

    A person under restriction of processing must get no marketing either, so their addresses
    are exported as if suppressed (reason `restricted`) while the restriction lasts. With `email`,
    only that address's entries: the one rule `check` and `export` share.
    """
    q = select(Suppression).order_by(Suppression.email_normalized)
    r = (select(PersonEmail.normalized, Person.restricted_at)
         .join(Person, col(Person.id) == PersonEmail.person_id)
         .where(Person.restricted == True)  # noqa: E712
         .order_by(PersonEmail.normalized))
    if email is not None:
        norm = normalise_email(email)
        q = q.where(Suppression.email_normalized == norm)
        r = r.where(PersonEmail.normalized == norm)
    for sup in s.exec(q).yield_per(1000):
        yield sup.email_normalized, sup.list_name, sup.reason, sup.at
    for norm, since in s.exec(r):
        yield norm, ALL_LISTS, "restricted", since
