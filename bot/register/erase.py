"""Erasure (Art. 17) in the register: every row about the person deleted or anonymised, except
what the law or the notice keeps — each exception with its reason — and what to ask processors.

Pure register work over a session; `handlers/erasure.py` puts the case, approval, processor
tasks and the reply around it. The report holds tables and counts only, never erased values.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from sqlalchemy import delete, func, or_, select, update
from sqlmodel import Session, col

from bot.register.collect import person_addresses
from bot.register.suppression import suppress
from bot.runtime import Runtime
from models import (
    PERSONAL_TABLES,
    Case,
    Consent,
    DownloadLink,
    Invoice,
    Person,
    PersonEmail,
    Suppression,
)


@dataclass
class Kept:
    table: str
    count: int
    reason: str
    code: str = ""  # accounting / suppression / case: the reply explains it in the requester's language


@dataclass
class ErasureReport:
    erased: dict[str, int] = field(default_factory=dict)  # table -> rows deleted
    anonymised: dict[str, int] = field(default_factory=dict)  # table -> rows emptied, kept as shells
    kept: list[Kept] = field(default_factory=list)
    processors: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @property
    def total_erased(self) -> int:
        return sum(self.erased.values()) + sum(self.anonymised.values())


def _kept_tables(rt: Runtime) -> set[str]:
    # `[retention] invoice_categories` names the tables kept under the Accounting Act.
    return set(rt.settings.retention.invoice_categories)


def accounting_reason(rt: Runtime) -> str:
    years = rt.settings.retention.invoices_years
    return (f"Accounting Act (kirjanpitolaki 2:10 §): accounting records are kept {years} years "
            "from the end of the financial year; deleted when that period ends")


def _count(s: Session, stmt: Any) -> int:
    return int(s.execute(select(func.count()).select_from(stmt.subquery())).scalar_one())


def preview(s: Session, rt: Runtime, person: Person) -> ErasureReport:
    """What `erase_person` would do, without doing it (what staff approve)."""
    return _erase(s, rt, person, None, dry_run=True)


def erase_person(s: Session, rt: Runtime, person: Person, case: Case | None = None) -> ErasureReport:
    return _erase(s, rt, person, case, dry_run=False)


def _erase(s: Session, rt: Runtime, person: Person, case: Case | None, *, dry_run: bool) -> ErasureReport:
    assert person.id is not None
    pid = person.id
    now = rt.clock.now()
    report = ErasureReport()
    addresses = person_addresses(s, pid)
    kept_tables = _kept_tables(rt)

    for name, model in PERSONAL_TABLES.items():
        t = model.__table__  # type: ignore[attr-defined]
        where = t.c.person_id == pid
        if model is Consent and addresses:
            where = or_(where, t.c.email_normalized.in_(addresses))
        if name in kept_tables:
            n = _count(s, select(t.c.id).where(where))
            if n:
                report.kept.append(Kept(name, n, accounting_reason(rt), "accounting"))
                if not dry_run:
                    # Kept as the accounting record it is, no longer linked to the erased person.
                    s.execute(update(t).where(where).values(person_id=None))
            continue
        if model is PersonEmail:
            continue  # the addresses go last: they are needed until then
        if dry_run:
            n = _count(s, select(t.c.id).where(where))
        else:
            n = int(s.exec(delete(t).where(where)).rowcount or 0)
        if n:
            report.erased[name] = n

    # Exports already built for this person hold a full copy of their data: drop them.
    links = select(col(DownloadLink.id)).join(Case, col(Case.id) == DownloadLink.case_id).where(
        col(Case.person_id) == pid, col(DownloadLink.content).is_not(None))
    n_links = _count(s, links)
    if n_links:
        report.erased["download_link"] = n_links
        if not dry_run:
            ids = [r[0] for r in s.execute(links)]
            s.execute(update(DownloadLink).where(col(DownloadLink.id).in_(ids)).values(content=None))

    # The suppression list outlives erasure (privacy notice): a later import must not mail them.
    n_sup = _count(s, select(col(Suppression.id)).where(col(Suppression.email_normalized).in_(addresses)))
    if rt.settings.execution.suppress_on_erasure and addresses:
        if not dry_run:
            for a in addresses:
                suppress(s, a, at=now, source="erasure", reason="erasure")
        n_sup = max(n_sup, len(addresses))
    if n_sup:
        report.kept.append(Kept("suppression", n_sup,
                                "marketing suppression list: the email address is kept so that no "
                                "marketing is sent to it again (privacy notice)", "suppression"))

    n_cases = _count(s, select(col(Case.id)).where(col(Case.person_id) == pid))
    if n_cases:
        report.kept.append(Kept("case", n_cases,
                                "the privacy requests and our answers are kept as evidence that they "
                                "were handled (GDPR Art. 5(2)) for "
                                f"{rt.settings.retention.closed_cases_days} days after closing", "case"))

    n_emails = _count(s, select(col(PersonEmail.id)).where(col(PersonEmail.person_id) == pid))
    report.erased["person_email"] = n_emails
    report.anonymised["person"] = 1
    if not dry_run:
        s.execute(delete(PersonEmail).where(col(PersonEmail.person_id) == pid))
        # The person row stays as an empty shell so cases keep a valid link; nothing identifies it.
        for attr in ("name", "phone", "address", "organisation", "role", "language", "source"):
            setattr(person, attr, "")
        person.restricted = False
        person.restricted_at = None
        person.restriction_reason = None
        person.anonymised_at = now
        person.updated_at = now
        person.last_activity_at = None
        s.add(person)
        s.flush()

    report.processors = [p.name for p in rt.settings.register.processors]
    return report


__all__ = ["ErasureReport", "Invoice", "Kept", "accounting_reason", "erase_person", "preview"]
