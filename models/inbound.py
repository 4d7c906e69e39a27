"""Mail as it arrived: raw bytes first, everything else derived from them by the pipeline."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Column, LargeBinary, UniqueConstraint
from sqlmodel import Field, SQLModel

from models.enums import MessageSource, MessageState
from models.fields import dt, json_dict, json_list


class InboundMessage(SQLModel, table=True):
    __tablename__ = "inbound_message"

    id: int | None = Field(default=None, primary_key=True)
    received_at: datetime = dt(nullable=False, index=True, now=True)
    source: MessageSource = Field(default=MessageSource.SMTP, max_length=8)
    peer: str = Field(default="", max_length=255)
    envelope_from: str = Field(default="", max_length=998)
    envelope_to: list[str] = json_list()
    message_id: str = Field(default="", max_length=998, index=True)
    sha256: str = Field(max_length=64, unique=True)
    size: int = 0
    raw: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    # IMAP origin, when source == imap
    imap_folder: str | None = Field(default=None, max_length=255)
    imap_uidvalidity: int | None = None
    imap_uid: int | None = None

    # Processing state: a queue in the database.
    state: MessageState = Field(default=MessageState.NEW, max_length=16, index=True)
    lease_owner: str | None = Field(default=None, max_length=128)
    lease_until: datetime | None = dt()
    attempts: int = 0
    next_attempt_at: datetime | None = dt()  # a failed message waits (backoff) until then
    error: str | None = None
    processed_at: datetime | None = dt()

    # Parse result (filled by the worker; shown in `inbox` and to staff).
    from_addr: str = Field(default="", max_length=998)
    subject: str = Field(default="", max_length=998)
    automated: bool = False
    automated_reasons: list[str] = json_list()
    language: str | None = Field(default=None, max_length=8)
    kinds: list[str] = json_list()
    outcome: str | None = Field(default=None, max_length=32)  # request / not_request / automated / ...
    flags: list[str] = json_list()  # what staff should know, e.g. dmarc_fail (no automatic reply)
    parsed: dict[str, Any] = json_dict()
    # a staff member read this message (one that became no case) and found it is not a request
    checked_at: datetime | None = dt()
    checked_by: str | None = Field(default=None, max_length=64)


class ImapCheckpoint(SQLModel, table=True):
    """The highest UID handled per folder, valid only under its UIDVALIDITY."""

    __tablename__ = "imap_checkpoint"
    __table_args__ = (UniqueConstraint("account", "folder"),)

    id: int | None = Field(default=None, primary_key=True)
    account: str = Field(max_length=255)
    folder: str = Field(max_length=255)
    uidvalidity: int
    last_uid: int = 0
    updated_at: datetime = dt(nullable=False, now=True)
