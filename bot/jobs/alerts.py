"""Alerts: staff are mailed when a case needs them, between daily digests, in their own language
and only for the events they have not turned off (`staff_user.alerts_off`).

A job every `[scheduler] alerts_minutes` reads the case events recorded since it last looked
(a day back at most) and the open cases due within `[scheduler] alert_due_within_working_days`,
and mails each staff member with an address once per alert: the `staff_alert` row's unique
(staff member, key) makes "once" hold across runs and instances. A case with an assignee who
has an address alerts only them; otherwise every active staff member. Mail goes through the
outbox, names the case reference, kind and state and links to the case — no requester's address.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlmodel import Session, col, select

from bot.cases.deadlines import add_working_days, local_today, working_days_between
from bot.cases.followups import followups_due, open_followup
from bot.jobs.job import Job, every
from bot.jobs.staff_texts import fdate, translator
from bot.replies.outbox import enqueue
from bot.runtime import Runtime
from models import Case, CaseEvent, JobRun, StaffAlert, StaffUser
from models.enums import CLOSED_STATUSES, CaseStatus, JobStatus

# The events staff can choose; "digest" is the daily digest (bot.jobs.staff.digest).
EVENTS = ("new_case", "awaiting_approval", "requester_replied", "bounce", "reply_failed",
          "processor_failed", "due_soon", "followup_due", "digest")
STAFF_HEADERS = {"Auto-Submitted": "auto-generated"}


def event_of(ev: CaseEvent) -> str | None:
    """Which alert a recorded case event raises, if any."""
    d = ev.details or {}
    if ev.action in ("queued_for_staff", "reopened"):
        return "new_case"
    if ev.action == "status_changed" and d.get("to") == CaseStatus.AWAITING_APPROVAL.value:
        return "awaiting_approval"
    if ev.action == "message_linked":
        return "requester_replied"
    if ev.action == "reply_bounced":
        return "bounce"
    if ev.action in ("reply_failed", "reply_held", "reply_suppressed"):
        return "reply_failed"
    if ev.action == "processor_api_failed":
        return "processor_failed"
    return None


@dataclass(frozen=True)
class Alert:
    key: str
    event: str
    case: Case


def wants(user: StaffUser, event: str) -> bool:
    return bool(user.active and user.email) and event not in (user.alerts_off or [])


def recipients(users: list[StaffUser], alert: Alert) -> list[StaffUser]:
    who = [u for u in users if wants(u, alert.event)]
    if alert.case.assignee:
        mine = [u for u in users if u.username == alert.case.assignee and u.active and u.email]
        if mine:  # the case has someone: it needs them, not everyone
            return [u for u in mine if wants(u, alert.event)]
    return who


def _since(s: Session, now: datetime) -> datetime:
    last = s.exec(select(JobRun.started_at).where(JobRun.job == "staff.alerts",
                                                  JobRun.status == JobStatus.OK,
                                                  col(JobRun.dry_run).is_(False))
                  .order_by(col(JobRun.started_at).desc())).first()
    # a little overlap with the last run: the unique key stops repeats
    return max((last or now) - timedelta(minutes=30), now - timedelta(days=1))


def pending(s: Session, rt: Runtime) -> list[Alert]:
    now = rt.clock.now()
    out: list[Alert] = []
    events = s.exec(select(CaseEvent, Case).join(Case, col(CaseEvent.case_id) == Case.id)
                    .where(col(CaseEvent.at) >= _since(s, now))
                    .order_by(col(CaseEvent.id))).all()
    for ev, case in events:
        name = event_of(ev)
        if name:
            out.append(Alert(f"event:{ev.id}", name, case))
    n = rt.settings.scheduler.alert_due_within_working_days
    today = local_today(now, rt.settings.deadlines.timezone)
    for case in s.exec(select(Case).where(col(Case.status).not_in([str(c) for c in CLOSED_STATUSES]))
                       .order_by(col(Case.id))):
        due = case.effective_due
        if today <= due and working_days_between(today, due, rt.settings.deadlines.country) <= n:
            out.append(Alert(f"due:{case.id}:{due.isoformat()}", "due_soon", case))
    # a restriction's follow-up (accuracy check, objection decision) due within the same window
    for case, _followup, fdue in followups_due(s, followup_window(rt, today)):
        out.append(Alert(f"followup:{case.id}:{fdue.isoformat()}", "followup_due", case))
    return out


def followup_window(rt: Runtime, today: date) -> date:
    """The last date a restriction follow-up counts as due: the alert window in working days."""
    return add_working_days(today, rt.settings.scheduler.alert_due_within_working_days,
                            rt.settings.deadlines.country)


def render(rt: Runtime, alert: Alert, lang: str) -> tuple[str, str]:
    _ = translator(lang)
    c = alert.case
    base = rt.settings.web.base_url.rstrip("/")
    today = local_today(rt.clock.now(), rt.settings.deadlines.timezone)
    due = c.effective_due
    left = working_days_between(today, due, rt.settings.deadlines.country)
    event = _("alert_" + alert.event)
    subject = _("alert_subject", reference=c.reference, event=event, kind=_("kind_" + c.kind.value))
    lines = [subject.split("] ", 1)[1] + f" ({c.reference})", "",
             _("alert_status_line", status=_("status_" + c.status.value)),
             _("alert_due_line", due=fdate(due), left=left)]
    fu = open_followup(c) if alert.event == "followup_due" else None
    if fu:
        lines.append(_("alert_followup_line", followup=_("followup_" + fu[0]), due=fdate(fu[1])))
    if c.assignee:
        lines.append(_("alert_assignee_line", assignee=c.assignee))
    lines += ["", _("alert_open", url=f"{base}/staff/cases/{c.reference}"), "",
              _("alert_why", event=event, settings=f"{base}/staff/settings"), _("footer"), ""]
    return subject, "\n".join(lines)


def send_alerts(s: Session, rt: Runtime) -> dict[str, Any]:
    users = list(s.exec(select(StaffUser).where(col(StaffUser.active).is_(True))
                        .order_by(col(StaffUser.id))))
    sent: dict[str, int] = {}
    todo = pending(s, rt)
    done: set[tuple[int, str]] = set()
    keys = sorted({a.key for a in todo})
    for i in range(0, len(keys), 500):  # what was already sent, in a few queries
        done.update((int(u), str(k)) for u, k in s.exec(
            select(StaffAlert.staff_user_id, StaffAlert.key).where(col(StaffAlert.key).in_(keys[i:i + 500]))))
    for alert in todo:
        for user in recipients(users, alert):
            assert user.id is not None
            if (user.id, alert.key) in done:
                continue
            subject, text = render(rt, alert, user.language)
            # the scheduler's job lease lets one instance run this at a time; the unique key is
            # the last guard (a duplicate fails the run, which rolls back and is retried)
            row = StaffAlert(staff_user_id=user.id, key=alert.key, event=alert.event,
                             case_id=alert.case.id, sent_at=rt.clock.now())
            s.add(row)
            s.flush()
            out = enqueue(s, rt, to=str(user.email), subject=subject, text=text, case=alert.case,
                          purpose="alert", auto_reply=False, extra_headers=STAFF_HEADERS)
            row.outbound_id = out.id
            s.add(row)
            sent[alert.event] = sent.get(alert.event, 0) + 1
    return {"sent": sum(sent.values()), "by_event": sent}


JOBS = [
    Job("staff.alerts", "mail staff when a case needs them (their language, their chosen events)",
        every(lambda st: st.scheduler.alerts_minutes), send_alerts),
]
