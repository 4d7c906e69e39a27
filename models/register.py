"""The customer register: the data the requests are about, one table per category of the notice.

Every table holding personal data has `person_id`, so access, erasure and retention can walk
`PERSONAL_TABLES` without knowing each table. `Suppression` deliberately has no person link: it
outlives erasure.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Column, LargeBinary, UniqueConstraint
from sqlmodel import Field, SQLModel

from models.fields import dt, json_dict


class Person(SQLModel, table=True):
    __tablename__ = "person"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(default="", max_length=255)
    phone: str = Field(default="", max_length=64)
    address: str = Field(default="", max_length=512)
    organisation: str = Field(default="", max_length=255)
    role: str = Field(default="", max_length=255)
    language: str = Field(default="", max_length=8)
    source: str = Field(default="", max_length=128)
    restricted: bool = False
    restricted_at: datetime | None = dt()
    restriction_reason: str | None = None
    anonymised_at: datetime | None = dt()
    created_at: datetime = dt(nullable=False, now=True)
    updated_at: datetime = dt(nullable=False, now=True)
    last_activity_at: datetime | None = dt()


class PersonEmail(SQLModel, table=True):
    __tablename__ = "person_email"

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    email: str = Field(max_length=320)
    normalized: str = Field(max_length=320, unique=True)
    primary: bool = True


class Consent(SQLModel, table=True):
    __tablename__ = "consent"

    id: int | None = Field(default=None, primary_key=True)
    person_id: int | None = Field(default=None, foreign_key="person.id", index=True)
    email_normalized: str = Field(default="", max_length=320, index=True)
    purpose: str = Field(default="newsletter", max_length=64)  # newsletter / marketing / events
    status: str = Field(default="granted", max_length=16)  # granted / withdrawn / prohibited
    source: str = Field(default="", max_length=128)
    at: datetime = dt(nullable=False, now=True)
    withdrawn_at: datetime | None = dt()


class Suppression(SQLModel, table=True):
    """The marketing suppression list: kept after erasure, as the notice promises."""

    __tablename__ = "suppression"
    __table_args__ = (UniqueConstraint("email_normalized", "list_name", name="uq_suppression_email_list"),)

    id: int | None = Field(default=None, primary_key=True)
    email_normalized: str = Field(max_length=320, index=True)
    list_name: str = Field(default="*", max_length=64)  # "*": every list
    reason: str = Field(default="unsubscribe", max_length=64)
    source: str = Field(default="", max_length=64)  # email / link / staff / import
    at: datetime = dt(nullable=False, now=True)


class Contract(SQLModel, table=True):
    __tablename__ = "contract"

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    title: str = Field(default="", max_length=255)
    started_on: date | None = None
    ended_on: date | None = None
    details: dict[str, Any] = json_dict()


class Order(SQLModel, table=True):
    """Offers, orders and deliveries (`kind`)."""

    __tablename__ = "order_record"

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    kind: str = Field(default="order", max_length=16)  # offer / order / delivery
    product: str = Field(default="", max_length=255)
    price: Decimal | None = Field(default=None, max_digits=12, decimal_places=2)
    on: date | None = None
    details: dict[str, Any] = json_dict()


class Invoice(SQLModel, table=True):
    """Kept under the Accounting Act after erasure (the person's identity is anonymised)."""

    __tablename__ = "invoice"

    id: int | None = Field(default=None, primary_key=True)
    person_id: int | None = Field(default=None, foreign_key="person.id", index=True)
    number: str = Field(default="", max_length=64)
    issued_on: date | None = None
    amount: Decimal | None = Field(default=None, max_digits=12, decimal_places=2)
    billing_name: str = Field(default="", max_length=255)
    billing_address: str = Field(default="", max_length=512)
    details: dict[str, Any] = json_dict()


class ServiceUsage(SQLModel, table=True):
    __tablename__ = "service_usage"

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    kind: str = Field(default="log", max_length=16)  # log / role / setting
    at: datetime = dt(nullable=False, now=True)
    detail: str = ""


class Communication(SQLModel, table=True):
    __tablename__ = "communication"

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    kind: str = Field(default="email", max_length=16)  # email / call / feedback / meeting
    at: datetime = dt(nullable=False, now=True)
    subject: str = Field(default="", max_length=998)
    summary: str = ""


class EventParticipation(SQLModel, table=True):
    __tablename__ = "event_participation"

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    event: str = Field(default="", max_length=255)
    kind: str = Field(default="event", max_length=16)  # event / training
    on: date | None = None
    attended: bool = True


class MarketingAction(SQLModel, table=True):
    __tablename__ = "marketing_action"

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    campaign: str = Field(default="", max_length=255)
    at: datetime = dt(nullable=False, now=True)
    result: str = Field(default="", max_length=64)  # sent / opened / clicked / meeting ...


class WebActivity(SQLModel, table=True):
    __tablename__ = "web_activity"

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    kind: str = Field(default="analytics", max_length=16)  # form / analytics
    at: datetime = dt(nullable=False, now=True)
    url: str = Field(default="", max_length=2048)
    data: dict[str, Any] = json_dict()


class DownloadLink(SQLModel, table=True):
    """An access or portability export waiting for its single, expiring download (`/x/{token}`).

    The token is stored only as its SHA-256; the ZIP lives here (not on one instance's disk) and
    is cleared when it is downloaded or expires.
    """

    __tablename__ = "download_link"

    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(max_length=64, unique=True)
    case_id: int | None = Field(default=None, foreign_key="case.id", index=True)
    kind: str = Field(default="access", max_length=16)  # access / portability
    filename: str = Field(max_length=255)
    content: bytes | None = Field(default=None, sa_column=Column(LargeBinary, nullable=True))
    size: int = 0
    created_at: datetime = dt(nullable=False, now=True)
    expires_at: datetime = dt(nullable=False)
    used_at: datetime | None = dt()


# Every table that holds rows about one person, by the notice's category names.
PERSONAL_TABLES: dict[str, type[SQLModel]] = {
    "person_email": PersonEmail,
    "consent": Consent,
    "contract": Contract,
    "order": Order,
    "invoice": Invoice,
    "service_usage": ServiceUsage,
    "communication": Communication,
    "event_participation": EventParticipation,
    "marketing_action": MarketingAction,
    "web_activity": WebActivity,
}
