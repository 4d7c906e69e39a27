"""Cases and their audit trail, identity challenges, the outbox, processor tasks, staff."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Column, LargeBinary
from sqlmodel import Field, SQLModel

from bot.kinds import RequestKind
from models.enums import ActorType, CaseStatus, OutboundState
from models.fields import dt, json_dict, json_list


class Case(SQLModel, table=True):
    __tablename__ = "case"

    id: int | None = Field(default=None, primary_key=True)
    reference: str = Field(max_length=32, unique=True)  # PR-2026-00042
    kind: RequestKind = Field(max_length=16, index=True)
    status: CaseStatus = Field(default=CaseStatus.RECEIVED, max_length=24, index=True)
    requester_email: str = Field(max_length=320, index=True)  # normalised From address
    person_id: int | None = Field(default=None, foreign_key="person.id", index=True)
    language: str = Field(default="en", max_length=8)
    received_at: datetime = dt(nullable=False)
    due_date: date
    extended_due_date: date | None = None
    extension_reason: str | None = None
    verified_at: datetime | None = dt()
    closed_at: datetime | None = dt()
    assignee: str | None = Field(default=None, max_length=64)
    scores: dict[str, Any] = json_dict()
    reasons: list[str] = json_list()
    needs_review: bool = False  # low confidence, DMARC failure, second access within 12 months...
    flags: list[str] = json_list()
    inbound_message_id: int | None = Field(default=None, foreign_key="inbound_message.id")
    thread_message_id: str = Field(default="", max_length=998, index=True)
    challenge_id: int | None = Field(default=None, foreign_key="verification_challenge.id")
    details: dict[str, Any] = json_dict()  # kind-specific (proposed correction, export ids ...)
    created_at: datetime = dt(nullable=False, now=True)
    updated_at: datetime = dt(nullable=False, now=True)

    @property
    def effective_due(self) -> date:
        return self.extended_due_date or self.due_date


class CaseCounter(SQLModel, table=True):
    """The last case number handed out per reference prefix and year.

    Incremented with one atomic upsert (INSERT ... ON CONFLICT DO UPDATE ... RETURNING), whose row
    lock serialises concurrent instances until their transaction ends: numbers are unique and
    gap-free per year.
    """

    __tablename__ = "case_counter"

    prefix: str = Field(primary_key=True, max_length=16)
    year: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    last: int = 0


class CaseEvent(SQLModel, table=True):
    """Append-only: never updated, never deleted (retention keeps it in minimal form)."""

    __tablename__ = "case_event"

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="case.id", index=True)
    at: datetime = dt(nullable=False, now=True)
    actor_type: ActorType = Field(default=ActorType.BOT, max_length=16)
    actor: str = Field(default="bot", max_length=320)
    action: str = Field(max_length=64)
    details: dict[str, Any] = json_dict()


class CaseMessage(SQLModel, table=True):
    """Links inbound messages to the cases they belong to (the first and any follow-ups)."""

    __tablename__ = "case_message"

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="case.id", index=True)
    inbound_message_id: int = Field(foreign_key="inbound_message.id", index=True)


class VerificationChallenge(SQLModel, table=True):
    __tablename__ = "verification_challenge"

    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(max_length=64, unique=True)
    code_hash: str = Field(max_length=64)
    sent_to: str = Field(max_length=320)
    created_at: datetime = dt(nullable=False, now=True)
    expires_at: datetime = dt(nullable=False)
    attempts: int = 0
    max_attempts: int = 5
    used_at: datetime | None = dt()
    used_by: str | None = Field(default=None, max_length=320)  # IP or address that answered
    state: str = Field(default="pending", max_length=16)  # pending / verified / expired / locked


class OutboundMessage(SQLModel, table=True):
    __tablename__ = "outbound_message"

    id: int | None = Field(default=None, primary_key=True)
    case_id: int | None = Field(default=None, foreign_key="case.id", index=True)
    inbound_message_id: int | None = Field(default=None, foreign_key="inbound_message.id")
    purpose: str = Field(default="reply", max_length=32)  # ack / challenge / final / digest ...
    to_addr: str = Field(max_length=320, index=True)
    to_domain: str = Field(default="", max_length=255, index=True)  # the per-domain daily cap
    from_addr: str = Field(max_length=320)
    subject: str = Field(max_length=998)
    message_id: str = Field(max_length=998, unique=True)
    raw: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    state: OutboundState = Field(default=OutboundState.QUEUED, max_length=16, index=True)
    attempts: int = 0
    next_attempt_at: datetime = dt(nullable=False, now=True)
    lease_owner: str | None = Field(default=None, max_length=128)
    lease_until: datetime | None = dt()
    last_error: str | None = None
    created_at: datetime = dt(nullable=False, now=True)
    sent_at: datetime | None = dt()
    attempt_log: list[dict[str, Any]] = json_list()
    auto_reply: bool = True  # counts towards [replies] max_auto_replies_per_day


class ProcessorTask(SQLModel, table=True):
    __tablename__ = "processor_task"

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="case.id", index=True)
    processor: str = Field(max_length=128)
    action: str = Field(default="erase", max_length=32)
    instructions: str = ""
    created_at: datetime = dt(nullable=False, now=True)
    done_at: datetime | None = dt()
    done_by: str | None = Field(default=None, max_length=64)
    result: dict[str, Any] = json_dict()


class StaffUser(SQLModel, table=True):
    __tablename__ = "staff_user"

    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(max_length=64, unique=True)
    password_hash: str = Field(max_length=255)
    active: bool = True
    failed_logins: int = 0
    locked_until: datetime | None = dt()
    created_at: datetime = dt(nullable=False, now=True)
    last_login_at: datetime | None = dt()
    # alerts: where and in which language staff mail reaches this person, and the alert events
    # they turned off (bot.jobs.alerts.EVENTS); no email, no alerts and no personal digest
    email: str | None = Field(default=None, max_length=320)
    language: str = Field(default="fi", max_length=8)
    alerts_off: list[str] = json_list()


class StaffLoginClient(SQLModel, table=True):
    """Failed staff logins per client (a hash of its address): past `[staff] client_max_failures`
    within `client_window_minutes` the client is refused until the window ends."""

    __tablename__ = "staff_login_client"

    id: int | None = Field(default=None, primary_key=True)
    client: str = Field(max_length=64, unique=True)
    failures: int = 0
    window_started_at: datetime = dt(nullable=False, now=True)
    blocked_until: datetime | None = dt()


class StaffSession(SQLModel, table=True):
    """A staff login: the cookie holds a random id, only its SHA-256 is stored (a stolen database
    gives no usable sessions); logout and expiry end it on the server, not only in the browser."""

    __tablename__ = "staff_session"

    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(max_length=64, unique=True)
    username: str = Field(max_length=64, index=True)
    csrf_token: str = Field(max_length=64)
    created_at: datetime = dt(nullable=False, now=True)
    expires_at: datetime = dt(nullable=False)
    ended_at: datetime | None = dt()
