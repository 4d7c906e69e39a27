"""Operations: leases shared by several instances, and the record of scheduled job runs."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from models.fields import dt, json_dict


class Lease(SQLModel, table=True):
    """A named lease (the IMAP poller, the scheduler): one holder at a time, renewed or lost."""

    __tablename__ = "lease"

    name: str = Field(primary_key=True, max_length=64)
    owner: str = Field(max_length=128)
    expires_at: datetime = dt(nullable=False)


class JobRun(SQLModel, table=True):
    __tablename__ = "job_run"
    __table_args__ = (UniqueConstraint("job", "period"),)

    id: int | None = Field(default=None, primary_key=True)
    job: str = Field(max_length=64)
    period: str = Field(max_length=64)  # e.g. "2026-11-25" for a daily job: run once per period
    owner: str = Field(max_length=128)
    started_at: datetime = dt(nullable=False, now=True)
    finished_at: datetime | None = dt()
    status: str = Field(default="running", max_length=16)
    dry_run: bool = False
    details: dict[str, Any] = json_dict()
