"""`/staff`: the queue of open cases by deadline, with counts, filters and search."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import String, and_, cast, func, or_
from sqlmodel import Session, col, select
from starlette.requests import Request
from starlette.responses import Response

from bot.cases.attention import new_reply_first, waiting_for  # a requester's new mail first
from bot.cases.followups import followups_due
from bot.cases.views import open_processor_tasks
from bot.mail.addresses import normalise_email
from bot.runtime import Runtime
from bot.staff.accounts import StaffLogin
from bot.web.pages import render
from models import Case, CaseStatus, Person, PersonEmail, ProcessorTask, RequestKind, StaffUser
from models.enums import CLOSED_STATUSES

MAX_ROWS = 500  # rows per page
DUE_SOON_DAYS = 7
# the working day's views: each a count card on the queue and a filter
VIEWS = ("review", "overdue", "due_soon", "approval", "waiting_requester", "waiting_processors",
         "new_reply", "unassigned", "followup_due")


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
    view: str = ""  # one of VIEWS (open cases only)
    page: int = 1

    @classmethod
    def from_query(cls, params: dict[str, str]) -> QueueFilters:
        q = params.get("q", "").strip()[:320]
        status = params.get("status") or ("all" if q else "open")  # a search looks everywhere
        if status not in ("open", "all") and status not in CaseStatus.__members__.values():
            status = "open"
        kind = params.get("kind", "")
        view = params.get("view", "")
        try:
            page = min(max(int(params.get("page", "1")), 1), 100_000)
        except ValueError:
            page = 1
        return cls(status=status, kind=kind if kind in RequestKind.__members__.values() else "",
                   language=params.get("language", "")[:8], assignee=params.get("assignee", "")[:64],
                   q=q, view=view if view in VIEWS else "", page=page)

    def link(self, **changes: object) -> str:
        """This filter as a query string, with `changes` (page 1 unless a page is given)."""
        from urllib.parse import urlencode

        d = {"q": self.q, "status": self.status if self.status != "open" else "", "kind": self.kind,
             "language": self.language, "assignee": self.assignee, "view": self.view, "page": 1}
        d.update(changes)
        return "/staff?" + urlencode({k: v for k, v in d.items() if v and not (k == "page" and v == 1)})


def _due():
    return func.coalesce(Case.extended_due_date, Case.due_date)


def find_cases(s: Session, f: QueueFilters, today: date | None = None) -> tuple[list[Case], int]:
    """One page of cases (MAX_ROWS) by due date, and how many match in all."""
    stmt = _filtered(select(Case), f, today or date.today(), s)
    total = s.exec(_filtered(select(func.count()).select_from(Case), f, today or date.today(), s)).one()
    stmt = (stmt.order_by(new_reply_first(), _due(), col(Case.received_at), col(Case.id))
            .offset((f.page - 1) * MAX_ROWS).limit(MAX_ROWS))
    return list(s.exec(stmt)), int(total)


def _view(stmt: Any, view: str, today: date, s: Session | None = None) -> Any:
    if view == "followup_due":
        ids = [c.id for c, _, _ in followups_due(s, today + timedelta(days=DUE_SOON_DAYS))] if s else []
        return stmt.where(col(Case.id).in_(ids))
    stmt = stmt.where(col(Case.status).not_in([c.value for c in CLOSED_STATUSES]))
    if view == "review":
        return stmt.where(col(Case.needs_review).is_(True))
    if view == "overdue":
        return stmt.where(_due() < today)
    if view == "due_soon":
        return stmt.where(_due() >= today, _due() <= today + timedelta(days=DUE_SOON_DAYS))
    if view == "approval":
        return stmt.where(Case.status == CaseStatus.AWAITING_APPROVAL)
    if view == "waiting_requester":
        return stmt.where(Case.status == CaseStatus.AWAITING_REQUESTER)
    if view == "waiting_processors":
        return stmt.where(Case.status == CaseStatus.AWAITING_PROCESSORS)
    if view == "new_reply":  # the flag list as text: the same test on SQLite and PostgreSQL
        return stmt.where(cast(col(Case.flags), String).like('%"new_reply"%'))
    if view == "unassigned":
        return stmt.where(col(Case.assignee).is_(None))
    return stmt


def _filtered(stmt: Any, f: QueueFilters, today: date, s: Session | None = None) -> Any:
    if f.view:
        stmt = _view(stmt, f.view, today, s)
    if f.status == "open":
        if f.view != "followup_due":  # that view holds completed restrictions too
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
    return stmt


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
    out = {"open": 0, "overdue": 0, "due_soon": 0, "approval": 0, "review": 0, "unassigned": 0,
           "waiting_requester": 0, "waiting_processors": 0}
    for status, due, ext, review, assignee in rows:
        effective = ext or due
        out["open"] += 1
        out["overdue"] += effective < t
        out["due_soon"] += t <= effective <= soon
        out["approval"] += status == CaseStatus.AWAITING_APPROVAL
        out["review"] += bool(review)
        out["unassigned"] += assignee is None
        out["waiting_requester"] += status == CaseStatus.AWAITING_REQUESTER
        out["waiting_processors"] += status == CaseStatus.AWAITING_PROCESSORS
    out["new_reply"] = s.exec(_view(select(func.count()).select_from(Case), "new_reply", t)).one()
    out["followup_due"] = len(followups_due(s, soon))
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
    t = today(rt)
    with rt.db.session() as s:
        cases, total = find_cases(s, f, t)
        people = find_people(s, f.q) if f.q else []
        c = counts(s, rt)
        opts = options(s)
        open_tasks: dict[int, list[ProcessorTask]] = {}
        for task in s.exec(select(ProcessorTask).where(
                col(ProcessorTask.case_id).in_([c.id for c in cases]), col(ProcessorTask.done_at).is_(None))):
            open_tasks.setdefault(task.case_id, []).append(task)
    rows = []
    for case in cases:
        left = (case.effective_due - t).days
        is_open = case.status not in CLOSED_STATUSES
        rows.append((case, left, left < 0 and is_open, is_open and 0 <= left <= DUE_SOON_DAYS,
                     waiting_for(case, open_tasks.get(case.id or 0, []))))
    pages = max(1, -(-total // MAX_ROWS))
    return render(request, "staff/queue.html", login=login, rows=rows, counts=c, f=f, opts=opts,
                  people=people, total=total, pages=pages, views=VIEWS,
                  first=(f.page - 1) * MAX_ROWS + 1 if rows else 0, last=(f.page - 1) * MAX_ROWS + len(rows))


def processors_page(request: Request, login: StaffLogin) -> Response:
    """`/staff/processors`: open processor tasks (Art. 19), oldest first, with their age."""
    rt: Runtime = request.app.state.rt
    with rt.db.session() as s:
        rows = open_processor_tasks(s, rt.clock.now())
    return render(request, "staff/processors.html", login=login, rows=rows)
