"""Scheduled jobs around cases: the staff digest, deadline reminders, challenge expiry, recovery
of work left behind by a dead instance (replies stuck "sending", messages stuck "processing").

Staff mail goes through the outbox like every reply (`bot.replies.outbox.enqueue`), to `[scheduler]
digest_to`; it names case references and links to the staff queue, never requesters' addresses.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import jinja2
from sqlalchemy import update
from sqlmodel import Session, col, select

from bot.cases.audit import add_event
from bot.cases.deadlines import add_working_days, local_today, working_days_between
from bot.cases.followups import followups_due
from bot.jobs.alerts import Alert, recipients, wants
from bot.jobs.job import Job, daily_at, every
from bot.jobs.staff_texts import fdate, translator
from bot.replies.outbox import enqueue
from bot.runtime import Runtime
from handlers.verification import expire_challenges as expire
from models import (
    Case,
    CaseEvent,
    CaseMessage,
    CaseStatus,
    InboundMessage,
    JobRun,
    MessageState,
    OutboundMessage,
    OutboundState,
    ProcessorTask,
    StaffUser,
)
from models.enums import CLOSED_STATUSES, JobStatus

TEMPLATES = Path(__file__).resolve().parent / "templates" / "staff"
_env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=False,  # noqa: S701 - plain-text mail
                          keep_trailing_newline=True, undefined=jinja2.StrictUndefined)
STAFF_HEADERS = {"Auto-Submitted": "auto-generated"}  # RFC 3834: no one should auto-answer these
REMINDER = "deadline_reminder"  # the case event recording a reminder (its working_days: threshold)
OVERDUE = "overdue_notice"


@dataclass(frozen=True)
class CaseLine:
    """What staff mail says about one case: no personal data."""

    reference: str
    kind: str
    status: str
    due: date
    left: int  # working days until the effective due date; < 0 overdue
    assignee: str | None
    url: str
    extendable: bool


def _today(rt: Runtime) -> date:
    return local_today(rt.clock.now(), rt.settings.deadlines.timezone)


def _line(rt: Runtime, case: Case, today: date) -> CaseLine:
    due = case.effective_due
    return CaseLine(
        reference=case.reference, kind=str(case.kind), status=str(case.status), due=due,
        left=working_days_between(today, due, rt.settings.deadlines.country),
        assignee=case.assignee, url=case_url(rt, case.reference),
        extendable=case.extended_due_date is None and today <= case.due_date,
    )


def case_url(rt: Runtime, reference: str) -> str:
    return f"{rt.settings.web.base_url.rstrip('/')}/staff/cases/{reference}"


def _open_cases(s: Session) -> list[Case]:
    return list(s.exec(select(Case).where(
        col(Case.status).not_in([str(c) for c in CLOSED_STATUSES])
    ).order_by(col(Case.due_date), col(Case.id))).all())


# --- the daily digest ---------------------------------------------------------------------------

def digest_recipients(s: Session, rt: Runtime) -> list[tuple[str, str]]:
    """(address, language): every active staff member with an address who has not turned the
    digest off, in their language; then the `[scheduler] digest_to` addresses not among them,
    in `digest_language`."""
    out: list[tuple[str, str]] = []
    for u in s.exec(select(StaffUser).where(col(StaffUser.active).is_(True)).order_by(col(StaffUser.id))):
        if u.email and wants(u, "digest") and all(a != u.email.lower() for a, _ in out):
            out.append((u.email.lower(), u.language))
    mine = {a for a, _ in out}
    out += [(a.lower(), rt.settings.scheduler.digest_language) for a in rt.settings.scheduler.digest_to
            if a.lower() not in mine]
    return out


def _local_minute(at: datetime, rt: Runtime) -> str:
    t = at.astimezone(_tz(rt))
    return f"{fdate(t.date())} {t.hour}.{t.minute:02d}"


_Rows = list[dict[str, Any]]


def _messages_to_check(s: Session, rt: Runtime) -> tuple[datetime, _Rows, _Rows]:
    """Mail that became no case since the last digest (a request the classifier missed must not
    wait unseen until its deadline) and every message that failed. Ids, dates and links only:
    staff mail carries no requester's address or words."""
    from datetime import timedelta

    now = rt.clock.now()
    last = s.exec(select(JobRun.started_at).where(JobRun.job == "staff.digest",
                                                  JobRun.status == JobStatus.OK,
                                                  col(JobRun.dry_run).is_(False))
                  .order_by(col(JobRun.started_at).desc())).first()
    since = max(last or now - timedelta(days=1), now - timedelta(days=14))
    base = rt.settings.web.base_url.rstrip("/")

    def row(m: InboundMessage) -> dict[str, Any]:
        return {"id": m.id, "received": _local_minute(m.received_at, rt),
                "outcome": m.outcome or m.state, "url": f"{base}/staff/messages/{m.id}"}

    in_case = select(CaseMessage.inbound_message_id)
    unmatched = s.exec(select(InboundMessage).where(
        InboundMessage.state == MessageState.PROCESSED, col(InboundMessage.automated).is_(False),
        col(InboundMessage.received_at) >= since, col(InboundMessage.id).not_in(in_case),
        col(InboundMessage.outcome).in_(["not_request", "no_sender"]),
        col(InboundMessage.checked_at).is_(None))  # staff already read it: not a request
        .order_by(col(InboundMessage.received_at)).limit(200)).all()
    failed = s.exec(select(InboundMessage).where(InboundMessage.state == MessageState.FAILED)
                    .order_by(col(InboundMessage.received_at)).limit(200)).all()
    return since, [row(m) for m in unmatched], [row(m) for m in failed]


def digest(s: Session, rt: Runtime) -> dict[str, Any]:
    sch = rt.settings.scheduler
    today = _today(rt)
    lines = [_line(rt, c, today) for c in _open_cases(s)]
    overdue = [c for c in lines if c.due < today]
    due_soon = [c for c in lines if c.due >= today and c.left <= sch.digest_due_within_working_days]
    approval = [c for c in lines if c.status == CaseStatus.AWAITING_APPROVAL]
    tasks = [
        {"reference": ref, "action": t.action, "processor": t.processor,
         "since": t.created_at.astimezone(_tz(rt)).date()}
        for t, ref in s.exec(
            select(ProcessorTask, Case.reference).join(Case, col(ProcessorTask.case_id) == Case.id)
            .where(col(ProcessorTask.done_at).is_(None)).order_by(col(ProcessorTask.created_at))
        ).all()
    ]
    since, unmatched, failed = _messages_to_check(s, rt)
    followups = [
        {"reference": c.reference, "followup": f, "due": d, "url": case_url(rt, c.reference)}
        for c, f, d in followups_due(s, add_working_days(today, sch.digest_due_within_working_days,
                                                         rt.settings.deadlines.country))]
    counts = {"overdue": len(overdue), "due_soon": len(due_soon),
              "awaiting_approval": len(approval), "processor_tasks": len(tasks), "open": len(lines),
              "not_requests": len(unmatched), "failed_messages": len(failed),
              "restriction_followups": len(followups)}
    busy = overdue or due_soon or approval or tasks or unmatched or failed or followups
    to = digest_recipients(s, rt)
    if not to or (not sch.digest_when_empty and not busy):
        return {"sent": 0, "counts": counts}
    ids = []
    for addr, lang in to:
        _ = translator(lang)
        text = _env.get_template("digest.txt").render(
            _=_, fdate=fdate, today=today, controller=rt.settings.controller.name,
            within=sch.digest_due_within_working_days, overdue=overdue, due_soon=due_soon,
            awaiting_approval=approval, tasks=tasks, unmatched=unmatched, failed=failed,
            followups=followups,
            since=_local_minute(since, rt), open_total=len(lines),
            queue_url=f"{rt.settings.web.base_url.rstrip('/')}/staff/",
        )
        subject = (_("digest_subject", today=fdate(today), overdue=len(overdue), soon=len(due_soon),
                     approve=len(approval), tasks=len(tasks))
                   + (_("digest_subject_check", n=len(unmatched) + len(failed))
                      if unmatched or failed else ""))
        row = enqueue(s, rt, to=addr, subject=subject, text=text, purpose="digest",
                      auto_reply=False, extra_headers=STAFF_HEADERS)
        assert row.id is not None
        ids.append(row.id)
    return {"sent": len(ids), "outbound_ids": ids, "counts": counts}


# --- reminders before the due date, and the overdue notice ----------------------------------

def _sent_thresholds(s: Session, case_id: int) -> tuple[set[int], bool]:
    events = s.exec(select(CaseEvent).where(
        CaseEvent.case_id == case_id,
        col(CaseEvent.action).in_([REMINDER, OVERDUE]),
    )).all()
    return ({int(e.details.get("working_days", -1)) for e in events if e.action == REMINDER},
            any(e.action == OVERDUE for e in events))


def reminder_recipients(s: Session, rt: Runtime, case: Case) -> list[tuple[str, str]]:
    """(address, language) for a case's reminder: the staff the alerts would mail for a case
    falling due (the assignee with an address, else every active staff member with one, each
    unless they turned `due_soon` off), in their language; then the `[scheduler] digest_to`
    addresses not among them, in `digest_language`."""
    users = list(s.exec(select(StaffUser).where(col(StaffUser.active).is_(True)).order_by(col(StaffUser.id))))
    out: list[tuple[str, str]] = []
    for u in recipients(users, Alert(f"reminder:{case.id}", "due_soon", case)):
        if u.email and all(a != u.email.lower() for a, _ in out):
            out.append((u.email.lower(), u.language))
    mine = {a for a, _ in out}
    out += [(a.lower(), rt.settings.scheduler.digest_language) for a in rt.settings.scheduler.digest_to
            if a.lower() not in mine]
    return out


def reminders(s: Session, rt: Runtime) -> dict[str, Any]:
    """For each open case, one reminder per configured threshold (e.g. 7 and 2 working days
    before the due date) and one overdue notice; each recorded as a case event so it is sent
    once, whichever instance runs the job. A bot that was down sends only the nearest one."""
    thresholds = sorted(set(rt.settings.deadlines.reminder_working_days))
    today = _today(rt)
    sent: dict[str, list[str]] = {"reminders": [], "overdue": []}
    for case in _open_cases(s):
        line = _line(rt, case, today)
        assert case.id is not None
        done, overdue_sent = _sent_thresholds(s, case.id)
        details: dict[str, Any]
        if line.due < today:
            if overdue_sent:
                continue
            action, details, key = OVERDUE, {"due_date": line.due.isoformat()}, "overdue"
        else:
            reached = [n for n in thresholds if line.left <= n]
            if not reached or any(d <= min(reached) for d in done):
                continue
            action, key = REMINDER, "reminders"
            details = {"working_days": min(reached), "due_date": line.due.isoformat()}
        ids = []
        for to, lang in reminder_recipients(s, rt, case):
            _ = translator(lang)
            subject = (_("reminder_subject_overdue", reference=case.reference, due=fdate(line.due))
                       if action == OVERDUE else _("reminder_subject_due", reference=case.reference,
                                                   due=fdate(line.due), left=line.left))
            text = _env.get_template("reminder.txt").render(_=_, fdate=fdate, c=line, left=line.left)
            row = enqueue(s, rt, to=to, subject=subject, text=text, case=case, purpose="reminder",
                          auto_reply=False, extra_headers=STAFF_HEADERS)
            assert row.id is not None  # enqueue flushes
            ids.append(row.id)
        add_event(s, rt, case, action, details={**details, "outbound_ids": ids})
        sent[key].append(case.reference)
    return {"sent": len(sent["reminders"]) + len(sent["overdue"]), "cases": sent}


# --- identity challenges nobody answered -----------------------------------------------------

def expire_challenges(s: Session, rt: Runtime) -> dict[str, Any]:
    """Delegates to the cases part: it expires the challenge, closes the cases as expired and
    sends the requester the last message (handlers/verification.py)."""
    result = expire(s, rt)
    if isinstance(result, dict):
        return result
    n = len(result) if isinstance(result, list | tuple | set) else int(result or 0)
    return {"expired": n}


# --- work left behind by a dead instance -------------------------------------------------------

def recover_stuck(s: Session, rt: Runtime) -> dict[str, Any]:
    """Replies left "sending" and messages left "processing" by an instance that died are put
    back in their queues once their lease has expired (the sender and the worker would also take
    them over when they next look; this makes it prompt and visible in the run record)."""
    now = rt.clock.now()
    replies = s.connection().execute(
        update(OutboundMessage)
        .where(col(OutboundMessage.state) == OutboundState.SENDING,
               col(OutboundMessage.lease_until) < now)
        .values(state=OutboundState.QUEUED, lease_owner=None, lease_until=None, next_attempt_at=now)
    ).rowcount
    messages = s.connection().execute(
        update(InboundMessage)
        .where(col(InboundMessage.state) == MessageState.PROCESSING,
               col(InboundMessage.lease_until) < now)
        .values(state=MessageState.NEW, lease_owner=None, lease_until=None)
    ).rowcount
    if replies:
        from sqlalchemy import event

        event.listen(s, "after_commit", lambda _s: rt.wake("outbox"), once=True)
    if messages:
        from sqlalchemy import event

        event.listen(s, "after_commit", lambda _s: rt.wake("worker"), once=True)
    return {"recovered": {"outbound_message": replies, "inbound_message": messages}}


def _tz(rt: Runtime) -> Any:
    from zoneinfo import ZoneInfo

    return ZoneInfo(rt.settings.deadlines.timezone)



JOBS = [
    Job("staff.digest", "daily staff digest: overdue, due soon, to approve, processor tasks",
        daily_at(lambda st: st.scheduler.digest_time), digest),
    Job("cases.reminders", "deadline reminders to staff before each case's due date; overdue notice",
        daily_at(lambda st: st.scheduler.digest_time), reminders),
    Job("recovery.stuck", "requeue replies and messages left in flight by a dead instance",
        every(lambda st: st.scheduler.recovery_minutes), recover_stuck),
    Job("verification.expire", "expire unanswered identity challenges; tell the requester",
        every(lambda st: st.scheduler.challenge_expiry_minutes), expire_challenges),
]
