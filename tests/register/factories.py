"""Register rows for tests: a person with addresses and a little history."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

from sqlmodel import Session

from bot.mail.addresses import normalise_email
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

AT = datetime(2026, 3, 4, 10, 0, tzinfo=UTC)


def make_person(s: Session, email: str = "matti.meikalainen@example.fi", *, name: str = "Matti Meikäläinen",
                phone: str = "+358 40 1234567", address: str = "Esimerkkikatu 1 A 2, 00100 Helsinki",
                organisation: str = "Esimerkki Oy", role: str = "CTO", extra_emails: tuple[str, ...] = (),
                history: bool = True) -> Person:
    p = Person(name=name, phone=phone, address=address, organisation=organisation, role=role,
               language="fi", source="test")
    s.add(p)
    s.flush()
    for i, e in enumerate((email, *extra_emails)):
        s.add(PersonEmail(person_id=p.id, email=e, normalized=normalise_email(e), primary=i == 0))
    if history:
        pid = p.id
        assert pid is not None
        s.add(Consent(person_id=pid, email_normalized=normalise_email(email), purpose="newsletter",
                      status="granted", source="web form", at=AT))
        s.add(Consent(person_id=pid, email_normalized=normalise_email(email), purpose="events",
                      status="granted", source="event", at=AT))
        s.add(Contract(person_id=pid, title="Tukisopimus", started_on=date(2024, 1, 1)))
        s.add(Order(person_id=pid, kind="order", product="Xcure Cloud", price=Decimal("1200.00"),
                    on=date(2025, 2, 3)))
        s.add(Invoice(person_id=pid, number="INV-1", issued_on=date(2025, 2, 10), amount=Decimal("1200.00"),
                      billing_name=name, billing_address=address))
        s.add(ServiceUsage(person_id=pid, kind="log", at=AT, detail=f"login by {email}"))
        s.add(Communication(person_id=pid, kind="call", at=AT, subject="Tarjous",
                            summary=f"Called {name} at {phone}"))
        s.add(EventParticipation(person_id=pid, event="Xcure Day 2025", kind="event", on=date(2025, 5, 5)))
        s.add(MarketingAction(person_id=pid, campaign="Autumn newsletter", at=AT, result="opened"))
        s.add(WebActivity(person_id=pid, kind="form", at=AT, url="https://www.xcure.fi/yhteys",
                          data={"name": name, "email": email, "message": "Soittakaa"}))
    s.flush()
    return p
