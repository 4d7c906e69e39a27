"""What raises a case in the staff queue: a requester's new mail on it (`new_reply`, set when a
message joins the case, cleared when staff open or act on it)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import String, case, cast
from sqlmodel import col

from models import Case

NEW_REPLY = "new_reply"


def new_reply_first() -> Any:
    """An ORDER BY term: cases with a new reply before the rest (the flag list as text, the same
    test on SQLite and PostgreSQL)."""
    return case((cast(col(Case.flags), String).like(f'%"{NEW_REPLY}"%'), 0), else_=1)
