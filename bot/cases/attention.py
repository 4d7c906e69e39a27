"""What raises a case in the staff queue: a requester's new mail on it (`new_reply`, set when a
message joins the case, cleared when staff open or act on it); who acts next on a case (the case
page and each queue row)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import String, case, cast
from sqlmodel import col

from models import Case, CaseStatus, ProcessorTask
from models.enums import CLOSED_STATUSES

NEW_REPLY = "new_reply"


def new_reply_first() -> Any:
    """An ORDER BY term: cases with a new reply before the rest (the flag list as text, the same
    test on SQLite and PostgreSQL)."""
    return case((cast(col(Case.flags), String).like(f'%"{NEW_REPLY}"%'), 0), else_=1)


def waiting_for(case: Case, tasks: list[ProcessorTask]) -> str:
    """Who acts next: requester / staff / processors / nobody (closed)."""
    if case.status in CLOSED_STATUSES:
        return "nobody"
    if case.status in (CaseStatus.AWAITING_VERIFICATION, CaseStatus.AWAITING_REQUESTER):
        return "requester"
    if case.status == CaseStatus.AWAITING_PROCESSORS or any(t.done_at is None for t in tasks):
        return "processors" if case.status == CaseStatus.AWAITING_PROCESSORS else "staff"
    return "staff"
