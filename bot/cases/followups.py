"""Open restriction follow-ups (Art. 18(1) a: check the accuracy; d: decide the objection), read
from the case's details (`handlers.restriction.set_ground` writes them), for the queue, the alerts
and the digest."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session, col, select

from models import Case, CaseStatus, RequestKind

# a completed restriction case still holds the data restricted: its follow-up stays open
_ENDED = [CaseStatus.WITHDRAWN.value, CaseStatus.MERGED.value, CaseStatus.REJECTED.value,
          CaseStatus.EXPIRED.value]


def open_followup(case: Case) -> tuple[str, date] | None:
    """(follow-up, due date) while the case's restriction follow-up is not recorded as done."""
    info = (case.details or {}).get("restriction") or {}
    if not info.get("followup") or not info.get("followup_due") or info.get("followup_done_at"):
        return None
    try:
        return str(info["followup"]), date.fromisoformat(str(info["followup_due"]))
    except ValueError:
        return None


def followups_due(s: Session, until: date) -> list[tuple[Case, str, date]]:
    """Restriction cases (open or completed) whose follow-up is due by `until` (overdue ones
    included), soonest first."""
    rows = s.exec(select(Case).where(Case.kind == RequestKind.RESTRICTION, col(Case.status).not_in(_ENDED))
                  .order_by(col(Case.id)))
    out = [(c, *f) for c in rows if (f := open_followup(c)) and f[1] <= until]
    return sorted(out, key=lambda r: (r[2], r[0].id or 0))
