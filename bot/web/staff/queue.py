"""`/staff`: the queue of open cases by deadline, with counts, filters and search."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import and_, func, or_
from sqlmodel import Session, col, select
from starlette.requests import Request
from starlette.responses import Response

from bot.cases.views import open_processor_tasks
from bot.mail.addresses import normalise_email
from bot.runtime import Runtime
from bot.staff.accounts import StaffLogin
from bot.web.pages import render
from models import Case, CaseStatus, Person, PersonEmail, RequestKind, StaffUser
from models.enums import CLOSED_STATUSES

MAX_ROWS = 500
DUE_SOON_DAYS = 7


def today(rt: Runtime) -> date:
    """Deadlines are Helsinki calendar dates."""
    return rt.clock.now().astimezone(ZoneInfo(rt.settings.deadlines.timezone)).date()


@dataclass(frozen=True)
class QueueFilters:
    status: str = "open"  # "open", "all" or a CaseStatus value
    kind: str = ""
    language: str = ""
    assignee: str = ""  # "" any, "-" unassigned, else a username
    q: str = ""

    @classmethod
    def from_query(cls, params: dict[str, str]) -> QueueFilters:
        q = params.get("q", "").strip()[:320]
        status = params.get("status") or ("all" if q else "open")  # a search looks everywhere
        if status not in ("open", "all") and status not in CaseStatus.__members__.values():
            status = "open"
        kind = params.get("kind", "")
        return cls(status=status, kind=kind if kind in RequestKind.__members__.values() else "",
                   language=params.get("language", "")[:8], assignee=params.get("assignee", "")[:64],
                   q=q)


def _due():
    return func.coalesce(Case.extended_due_date, Case.due_date)


def find_cases(s: Session, f: QueueFilters) -> list[Case]:
    stmt = select(Case)
    if f.status == "open":
        stmt = stmt.where(col(Case.status).not_in([c.value for c in CLOSED_STATUSES]))
    elif f.status != "all":
        stmt = stmt.where(Case.status == f.status)
    if f.kind:
        stmt = stmt.where(Case.kind == f.kind)
    if f.language:
        stmt = stmt.where(Case.language == f.language)
    if f.assignee == "-":
        stmt = stmt.where(col(Case.assignee).is_(None))
    elif f.assignee:
        stmt = stmt.where(Case.assignee == f.assignee)
    if f.q:
        stmt = stmt.where(or_(col(Case.reference).ilike(f"%{_escape_like(f.q)}%", escape="\\"),
                              col(Case.requester_email) == normalise_email(f.q),
                              col(Case.requester_email).ilike(f"%{_escape_like(f.q)}%", escape="\\"),
                              col(Case.person_id).in_(select(Person.id).where(person_matches(f.q)))))
    from bot.cases.attention import new_reply_first  # a requester's new mail first

    stmt = stmt.order_by(new_reply_first(), _due(), col(Case.received_at), col(Case.id)).limit(MAX_ROWS)
    return list(s.exec(stmt))


def person_matches(q: str) -> Any:
    """A register entry whose name holds every word of `q`, or whose address or phone holds `q`."""
    words = [w for w in q.split() if w][:6]
    like = f"%{_escape_like(q)}%"
    conds = [and_(*[col(Person.name).ilike(f"%{_escape_like(w)}%", escape="\\") for w in words]),
             col(Person.address).ilike(like, escape="\\"),
             col(Person.id).in_(select(PersonEmail.person_id)
                                .where(col(PersonEmail.normalized).ilike(like.lower(), escape="\\")))]
    digits = re.sub(r"\D", "", q)
    if len(digits) >= 5 and len(digits) * 2 >= len(q.replace(" ", "")):  # it looks like a phone number
        phone = func.replace(func.replace(func.replace(func.replace(
            col(Person.phone), " ", ""), "-", ""), "+", ""), "(", "")
        tails = {digits, digits.lstrip("0"), "358" + digits[1:] if digits.startswith("0") else digits}
        conds += [phone.like(f"%{t}%") for t in tails if len(t) >= 5]
    return or_(*conds)


def find_people(s: Session, q: str, limit: int = 50) -> list[Person]:
    if len(q.strip()) < 2:
        return []
    return list(s.exec(select(Person).where(person_matches(q.strip()))
                       .order_by(col(Person.name), col(Person.id)).limit(limit)))


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def counts(s: Session, rt: Runtime) -> dict[str, int]:
    rows = s.exec(
        # sqlmodel's select() is typed for at most 4 columns; it takes any number at runtime
        select(Case.status, Case.due_date, Case.extended_due_date, Case.needs_review, Case.assignee)  # type: ignore[call-overload]
        .where(col(Case.status).not_in([c.value for c in CLOSED_STATUSES]))
    ).all()
    t = today(rt)
    soon = t + timedelta(days=DUE_SOON_DAYS)
    out = {"open": 0, "overdue": 0, "due_soon": 0, "approval": 0, "review": 0, "unassigned": 0}
    for status, due, ext, review, assignee in rows:
        effective = ext or due
        out["open"] += 1
        out["overdue"] += effective < t
        out["due_soon"] += t <= effective <= soon
        out["approval"] += status == CaseStatus.AWAITING_APPROVAL
        out["review"] += bool(review)
        out["unassigned"] += assignee is None
    return out


def options(s: Session) -> dict[str, list[str]]:
    languages = sorted({lang for lang in s.exec(select(Case.language).distinct()) if lang})
    staff = [u for u in s.exec(select(StaffUser.username).where(StaffUser.active == True)  # noqa: E712
                               .order_by(StaffUser.username))]
    return {"languages": languages, "staff": staff, "kinds": [k.value for k in RequestKind],
            "statuses": [c.value for c in CaseStatus]}


def queue_page(request: Request, login: StaffLogin) -> Response:
    rt: Runtime = request.app.state.rt
    f = QueueFilters.from_query(dict(request.query_params))
    with rt.db.session() as s:
        cases = find_cases(s, f)
        people = find_people(s, f.q) if f.q else []
        c = counts(s, rt)
        opts = options(s)
    t = today(rt)
    rows = []
    for case in cases:
        left = (case.effective_due - t).days
        rows.append((case, left, left < 0 and case.status not in CLOSED_STATUSES))
    return render(request, "staff/queue.html", login=login, rows=rows, counts=c, f=f, opts=opts,
                  people=people, truncated=len(cases) >= MAX_ROWS)


def processors_page(request: Request, login: StaffLogin) -> Response:
    """`/staff/processors`: open processor tasks (Art. 19), oldest first, with their age."""
    rt: Runtime = request.app.state.rt
    with rt.db.session() as s:
        rows = open_processor_tasks(s, rt.clock.now())
    return render(request, "staff/processors.html", login=login, rows=rows)
