"""Demo data: realistic Finnish and Swedish test people with a history in every table.

Names, addresses, phones and companies come from Faker's fi_FI and sv_SE locales, drawn once
into pools and combined at random (seeded), so 100 000 people with ~1.2 M rows of history are
generated and bulk-inserted in seconds rather than minutes.
"""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from faker import Faker
from sqlalchemy import func, insert, select
from sqlmodel import Session, SQLModel, col

from models import (
    Communication,
    Consent,
    Contract,
    EventParticipation,
    Invoice,
    MarketingAction,
    Order,
    Person,
    PersonEmail,
    ServiceUsage,
    WebActivity,
)

BATCH = 5000
POOL = 400
DOMAINS = ["example.fi", "example.se", "example.com", "yritys.example", "foretag.example"]
PRODUCTS = ["Xcure Cloud", "Xcure Backup", "Tukipalvelu", "Konsultointi", "Koulutuspaketti",
            "Licens Pro", "Support Plus"]
CAMPAIGNS = ["Syysuutiskirje", "Kevätwebinaari", "Höstens nyhetsbrev", "Xcure Day -kutsu",
             "Product launch", "Asiakastyytyväisyyskysely"]
EVENTS = [("Xcure Day 2025", "event"), ("Tietoturvakoulutus", "training"), ("Kundträff Vasa", "event"),
          ("GDPR-työpaja", "training"), ("Webinar: backups", "training")]
PAGES = ["/", "/palvelut", "/hinnoittelu", "/yhteystiedot", "/sv/tjanster", "/blogi/tietoturva"]
ROLES_FI = ["Toimitusjohtaja", "IT-päällikkö", "Talouspäällikkö", "Myyntijohtaja", "Kehittäjä",
            "Hankintapäällikkö", "Asiantuntija"]
ROLES_SV = ["Verkställande direktör", "IT-chef", "Ekonomichef", "Försäljningschef", "Utvecklare",
            "Inköpschef"]


@dataclass
class _Pools:
    first: list[str]
    last: list[str]
    street: list[str]
    city: list[str]
    company: list[str]
    phone: list[str]
    roles: list[str]
    lang: str


def _pools(locale: str, seed: int) -> _Pools:
    f = Faker(locale)
    f.seed_instance(seed)
    return _Pools(
        first=[f.first_name() for _ in range(POOL)], last=[f.last_name() for _ in range(POOL)],
        street=[f.street_address() for _ in range(POOL)],
        city=[f"{f.postcode()} {f.city()}" for _ in range(POOL)],
        company=[f.company() for _ in range(POOL // 2)], phone=[f.phone_number() for _ in range(POOL)],
        roles=ROLES_FI if locale == "fi_FI" else ROLES_SV, lang="fi" if locale == "fi_FI" else "sv",
    )


def _ascii(s: str) -> str:
    s = unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode()
    return "".join(c for c in s.lower() if c.isalnum() or c == "-")


@dataclass
class DemoResult:
    people: int = 0
    rows: dict[str, int] = field(default_factory=dict)


def _insert(s: Session, model: type[SQLModel], rows: list[dict[str, Any]], result: DemoResult) -> None:
    if rows:
        s.execute(insert(model), rows)
        name = model.__tablename__
        assert isinstance(name, str)  # SQLModel types it `str | Callable` (a declared_attr)
        result.rows[name] = result.rows.get(name, 0) + len(rows)


def history_rows(rng: random.Random, pid: int, email: str, name: str, address: str, now: datetime,
                 scale: int = 1) -> dict[type[SQLModel], list[dict[str, Any]]]:
    """A plausible history for one person; `scale` multiplies it (the benchmark's long history)."""
    def when(days: int = 1500) -> datetime:
        return now - timedelta(days=rng.randint(1, days), minutes=rng.randint(0, 1440))

    def day(days: int = 1500) -> date:
        return (now - timedelta(days=rng.randint(1, days))).date()

    out: dict[type[SQLModel], list[dict[str, Any]]] = {}
    out[Consent] = [{"person_id": pid, "email_normalized": email, "purpose": p, "source": "web form",
                     "status": rng.choice(["granted", "granted", "withdrawn"]), "at": when(),
                     "withdrawn_at": None}
                    for p in rng.sample(["newsletter", "marketing", "events"], rng.randint(1, 2))]
    out[Contract] = [{"person_id": pid, "title": rng.choice(["Palvelusopimus", "Tukisopimus", "Avtal"]),
                      "started_on": day(), "ended_on": None, "details": {}}
                     for _ in range(rng.randint(0, 1) * scale)]
    out[Order] = [{"person_id": pid, "kind": rng.choice(["offer", "order", "delivery"]),
                   "product": rng.choice(PRODUCTS), "price": Decimal(rng.randint(100, 50000)) / 10,
                   "on": day(), "details": {}} for _ in range(rng.randint(0, 3) * scale)]
    out[Invoice] = [{"person_id": pid, "number": f"{pid}-{i}", "issued_on": day(),
                     "amount": Decimal(rng.randint(100, 50000)) / 10, "billing_name": name,
                     "billing_address": address, "details": {}} for i in range(rng.randint(0, 2) * scale)]
    out[ServiceUsage] = [{"person_id": pid, "kind": rng.choice(["log", "log", "log", "role", "setting"]),
                          "at": when(400), "detail": rng.choice(["login", "export report", "admin",
                                                                 "language=fi", "2FA enabled"])}
                         for _ in range(rng.randint(0, 5) * scale)]
    out[Communication] = [{"person_id": pid, "kind": rng.choice(["email", "call", "feedback", "meeting"]),
                           "at": when(),
                           "subject": rng.choice(["Tarjous", "Tukipyyntö", "Offert", "Kysymys"]),
                           "summary": f"Yhteydenotto: {name}"} for _ in range(rng.randint(0, 4) * scale)]
    out[EventParticipation] = [{"person_id": pid, "event": ev, "kind": kind, "on": day(), "attended": True}
                               for ev, kind in rng.sample(EVENTS, rng.randint(0, 2))] * scale
    out[MarketingAction] = [{"person_id": pid, "campaign": rng.choice(CAMPAIGNS), "at": when(),
                             "result": rng.choice(["sent", "opened", "clicked", "meeting"])}
                            for _ in range(rng.randint(0, 4) * scale)]
    out[WebActivity] = [{"person_id": pid, "kind": rng.choice(["analytics", "analytics", "form"]),
                         "at": when(420), "url": "https://www.xcure.fi" + rng.choice(PAGES), "data": {}}
                        for _ in range(rng.randint(0, 3) * scale)]
    return out


def generate(s: Session, *, people: int, now: datetime, seed: int = 1,
             progress: Callable[[int], None] | None = None) -> DemoResult:
    """Insert `people` demo people (about 70 % Finnish, 30 % Swedish) with their history."""
    rng = random.Random(seed)
    pools = [_pools("fi_FI", seed), _pools("sv_SE", seed)]
    result = DemoResult()
    start = int(s.execute(select(func.count()).select_from(Person)).scalar_one())  # unique addresses
    done = 0
    while done < people:
        n = min(BATCH, people - done)
        persons: list[dict[str, Any]] = []
        emails: list[str] = []
        for i in range(n):
            pool = pools[0] if rng.random() < 0.7 else pools[1]
            first, last = rng.choice(pool.first), rng.choice(pool.last)
            k = start + done + i
            email = f"{_ascii(first)}.{_ascii(last)}.{k}@{rng.choice(DOMAINS)}"
            persons.append({"name": f"{first} {last}", "phone": rng.choice(pool.phone),
                            "address": f"{rng.choice(pool.street)}, {rng.choice(pool.city)}",
                            "organisation": rng.choice(pool.company), "role": rng.choice(pool.roles),
                            "language": pool.lang, "source": "demo-data", "restricted": False,
                            "created_at": now, "updated_at": now})
            emails.append(email)
        stmt = insert(Person).returning(col(Person.id), sort_by_parameter_order=True)
        ids = [r[0] for r in s.execute(stmt, persons)]
        batch: dict[type[SQLModel], list[dict[str, Any]]] = {PersonEmail: []}
        for pid, p, email in zip(ids, persons, emails, strict=True):
            batch[PersonEmail].append({"person_id": pid, "email": email, "normalized": email,
                                       "primary": True})
            for model, rows in history_rows(rng, pid, email, p["name"], p["address"], now).items():
                batch.setdefault(model, []).extend(rows)
        for model, rows in batch.items():
            _insert(s, model, rows, result)
        done += n
        result.people = done
        if progress:
            progress(done)
    return result
