"""Alerts mailed to staff: one row per staff member and alert, so each goes once (the unique key
holds across instances and runs)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from models.fields import dt


class StaffAlert(SQLModel, table=True):
    __tablename__ = "staff_alert"
    __table_args__ = (UniqueConstraint("staff_user_id", "key"),)

    id: int | None = Field(default=None, primary_key=True)
    staff_user_id: int = Field(foreign_key="staff_user.id", index=True)
    key: str = Field(max_length=128)  # "event:<case_event id>" or "due:<case id>:<due date>"
    event: str = Field(max_length=32)  # one of bot.jobs.alerts.EVENTS
    case_id: int | None = Field(default=None, foreign_key="case.id")
    outbound_id: int | None = None
    sent_at: datetime = dt(nullable=False, now=True)
