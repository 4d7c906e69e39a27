"""Every row the register holds about one person, table by table, as plain JSON-able dicts.

Streams in chunks (core selects, `yield_per`) so an export of a long history stays small in
memory. Consents and suppression entries are matched by address too: they may predate the person.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Table, or_, select
from sqlmodel import Session, col

from bot.register.categories import EXPORT_TABLES, provided_filter
from models import Case, Person, PersonEmail, Suppression

CHUNK = 1000


def jsonable(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes):
        return value.hex()
    return value


def person_addresses(s: Session, person_id: int) -> list[str]:
    stmt = select(col(PersonEmail.normalized)).where(col(PersonEmail.person_id) == person_id)
    return list(s.execute(stmt).scalars())


def _table(model: Any) -> Table:
    return model.__table__


def _where(name: str, person_id: int, addresses: list[str]) -> Any:
    t = _table(EXPORT_TABLES[name])
    if name == "person":
        return t.c.id == person_id
    if name == "consent" and addresses:
        return or_(t.c.person_id == person_id, t.c.email_normalized.in_(addresses))
    return t.c.person_id == person_id


def table_rows(s: Session, name: str, person_id: int, addresses: list[str], *,
               provided_only: bool = False) -> Iterator[dict[str, Any]]:
    """The person's rows of one table, oldest first."""
    t = _table(EXPORT_TABLES[name])
    stmt = select(t).where(_where(name, person_id, addresses)).order_by(t.c.id)
    if provided_only:
        f = provided_filter(name)
        if f is None:
            return
        if f is not True:
            stmt = stmt.where(f)
    # Keyset pages (id > last, LIMIT n): constant memory without a server-side cursor, which on
    # PostgreSQL costs extra round trips for every small table of an ordinary person.
    last = 0
    while True:
        page = s.connection().execute(stmt.where(t.c.id > last).limit(CHUNK)).mappings().all()
        for row in page:
            yield {k: jsonable(v) for k, v in row.items()}
        if len(page) < CHUNK:
            return
        last = page[-1]["id"]


def suppression_rows_for(s: Session, addresses: list[str]) -> Iterator[dict[str, Any]]:
    if not addresses:
        return
    t = _table(Suppression)
    for row in s.connection().execute(select(t).where(t.c.email_normalized.in_(addresses))).mappings():
        yield {k: jsonable(v) for k, v in row.items()}


def case_rows_for(s: Session, person_id: int) -> Iterator[dict[str, Any]]:
    """The privacy requests themselves (what was asked and when; not the staff's notes)."""
    t = _table(Case)
    cols = [t.c.reference, t.c.kind, t.c.status, t.c.requester_email, t.c.received_at, t.c.due_date,
            t.c.extended_due_date, t.c.verified_at, t.c.closed_at]
    stmt = select(*cols).where(t.c.person_id == person_id).order_by(t.c.id)
    for row in s.connection().execute(stmt).mappings():
        yield {k: jsonable(v) for k, v in row.items()}


def count_rows(s: Session, person: Person) -> dict[str, int]:
    """Rows per table about the person (for previews and the audit trail)."""
    from sqlalchemy import func

    assert person.id is not None
    addresses = person_addresses(s, person.id)
    out = {}
    for name, model in EXPORT_TABLES.items():
        t = _table(model)
        out[name] = int(s.connection().execute(
            select(func.count()).select_from(t).where(_where(name, person.id, addresses))).scalar_one())
    return out


