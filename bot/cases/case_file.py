"""One case's full file for the supervisory authority or the requester's complaint: the case's
facts, every event (the audit trail), every message in and every letter out in full, the
decisions taken (by whom, when, why) and the processor tasks. JSON-ready; the staff page and
`python -m bot case REF --file pdf|json` print it (bot/web/staff/case_file.py).

Mail to staff about the case (alerts, reminders) is not part of the file: it is not a letter.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlmodel import Session, col, select

from bot.cases.register_of_requests import STAFF_PURPOSES
from bot.cases.views import case_detail
from models import Case, ProcessorTask

# the events that decide something about the case (the rest record what happened)
DECISIONS = frozenset({
    "opened_by_staff", "approved", "rejected", "extended", "closed", "letter_skipped", "merged_from",
    "reclassified", "reopened", "assigned", "corrected", "erased", "restricted", "restriction_lifted",
    "unsubscribed", "unsubscribe_undone", "processor_task_done", "queued_for_staff",
})


def case_file(s: Session, reference: str, *, now: datetime, timezone: str) -> dict[str, Any] | None:
    d = case_detail(s, reference, now=now, timezone=timezone)
    if d is None:
        return None
    d["messages"] = sorted((m for m in d["messages"]
                            if m["direction"] == "in" or m.get("purpose") not in STAFF_PURPOSES),
                           key=lambda m: (m["at"], m["direction"], m["id"]))
    d["decisions"] = [e for e in d["events"] if e["action"] in DECISIONS
                      or (e["action"] == "status_changed" and e["actor_type"] == "staff")]
    case_id = s.exec(select(Case.id).where(Case.reference == d["reference"])).one()
    d["processor_tasks"] = [
        {"processor": t.processor, "action": t.action, "created_at": t.created_at.isoformat(),
         "done_at": t.done_at.isoformat() if t.done_at else None, "done_by": t.done_by}
        for t in s.exec(select(ProcessorTask).where(ProcessorTask.case_id == case_id)
                        .order_by(col(ProcessorTask.id)))]
    d["file_generated_at"] = now.isoformat()
    return d
