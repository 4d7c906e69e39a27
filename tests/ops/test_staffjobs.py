"""Staff digest, deadline reminders and recovery of in-flight work, with a fixed clock."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlmodel import select

from bot.cases.service import open_case, set_status
from bot.jobs import scheduler
from bot.jobs import staff as staffjobs
from bot.runtime import Runtime
from bot.runtime.clock import FixedClock
from bot.runtime.config import Settings
from models import (
    Case,
    CaseEvent,
    CaseStatus,
    InboundMessage,
    MessageState,
    OutboundMessage,
    OutboundState,
    ProcessorTask,
    RequestKind,
)

# Wednesday 25 November 2026, 08:05 in Helsinki (just after the 08:00 digest time).
NOW = datetime(2026, 11, 25, 6, 5, tzinfo=UTC)


@pytest.fixture
def rtc(settings: Settings) -> Iterator[Runtime]:
    settings = settings.model_copy(update={"scheduler": settings.scheduler.model_copy(
        update={"digest_to": ["dpo@xcure.fi", "juha@xcure.fi"]})})
    rt = Runtime.from_settings(settings, clock=FixedClock(NOW))
    yield rt
    rt.db.dispose()


def case(rt: Runtime, n: int, due: date, *, status: CaseStatus = CaseStatus.IN_PROGRESS,
         kind: RequestKind = RequestKind.ACCESS) -> str:
    with rt.db.session() as s:
        c = open_case(s, rt, kind=kind, requester_email=f"requester{n}@example.com", language="fi",
                      received_at=NOW - timedelta(days=20))
        c.due_date = due
        s.add(c)
        s.flush()
        if status != CaseStatus.RECEIVED:
            set_status(s, rt, c, status)
        return c.reference


def staff_mail(rt: Runtime, purpose: str) -> list[OutboundMessage]:
    with rt.db.session() as s:
        return list(s.exec(select(OutboundMessage).where(OutboundMessage.purpose == purpose)
                           .order_by(OutboundMessage.id)).all())


def jobs(*names: str) -> dict[str, scheduler.Job]:
    return {n: j for n, j in scheduler.all_jobs().items() if n in names}


async def test_digest_lists_what_staff_must_act_on_once_a_day(rtc: Runtime, settings: Settings) -> None:
    overdue = case(rtc, 1, date(2026, 11, 20))
    soon = case(rtc, 2, date(2026, 11, 30))  # 3 working days
    later = case(rtc, 3, date(2026, 12, 30))
    approve = case(rtc, 4, date(2026, 12, 18), status=CaseStatus.AWAITING_APPROVAL, kind=RequestKind.ERASURE)
    closed = case(rtc, 5, date(2026, 11, 10), status=CaseStatus.COMPLETED)
    with rtc.db.session() as s:
        c4 = s.exec(select(Case).where(Case.reference == approve)).one()
        s.add(ProcessorTask(case_id=c4.id, processor="HubSpot Inc.", action="erase", created_at=NOW - timedelta(days=2)))
    other = Runtime.from_settings(rtc.settings, migrate=False, clock=rtc.clock)
    try:
        for _ in range(2):
            await asyncio.gather(scheduler.tick(rtc, jobs("staff.digest")),
                                 scheduler.tick(other, jobs("staff.digest")))
    finally:
        other.db.dispose()
    mails = staff_mail(rtc, "digest")
    assert sorted(m.to_addr for m in mails) == ["dpo@xcure.fi", "juha@xcure.fi"]  # one each, once
    text = mails[0].raw.decode()
    assert "1 overdue, 1 due soon, 1 to approve, 1 processor tasks" in mails[0].subject
    section = {name: text.split(name, 1)[1] for name in ("OVERDUE", "DUE WITHIN 5", "APPROVAL", "PROCESSOR")}
    assert overdue in section["OVERDUE"].split("DUE WITHIN")[0]
    assert soon in section["DUE WITHIN 5"].split("WAITING")[0] and "3 working days left" in text
    assert approve in section["APPROVAL"] and "erase at HubSpot Inc." in section["PROCESSOR"]
    assert later not in text and closed not in text
    assert "example.com" not in text  # no requester addresses in staff mail
    assert f"/staff/cases/{overdue}" in text
    assert "Auto-Submitted: auto-generated" in text


def test_quiet_day_digest_and_no_recipients(rtc: Runtime) -> None:
    with rtc.db.session() as s:
        out = staffjobs.digest(s, rtc)
    assert out["sent"] == 2 and "Nothing is overdue" in staff_mail(rtc, "digest")[0].raw.decode()
    quiet = rtc.settings.model_copy(update={"scheduler": rtc.settings.scheduler.model_copy(
        update={"digest_when_empty": False})})
    with rtc.db.session() as s:
        assert staffjobs.digest(s, Runtime(settings=quiet, db=rtc.db, clock=rtc.clock))["sent"] == 0


def test_reminders_go_once_per_threshold_then_overdue_once(rtc: Runtime) -> None:
    ref = case(rtc, 1, date(2026, 12, 4))  # from Wed 25 Nov: 7 working days
    clock: FixedClock = rtc.clock  # type: ignore[assignment]

    def run() -> list[str]:
        with rtc.db.session() as s:
            return staffjobs.reminders(s, rtc)["cases"]["reminders"]

    assert run() == [ref]
    assert run() == []  # same threshold: not again
    clock.advance(timedelta(days=1))  # 6 working days left: nothing new
    assert run() == []
    clock.set(datetime(2026, 12, 2, 6, 5, tzinfo=UTC))  # Wed 2 Dec: 2 working days left
    assert run() == [ref]
    clock.set(datetime(2026, 12, 4, 6, 5, tzinfo=UTC))  # the due date: no third reminder
    assert run() == []
    clock.set(datetime(2026, 12, 5, 6, 5, tzinfo=UTC))  # overdue
    with rtc.db.session() as s:
        assert staffjobs.reminders(s, rtc)["cases"]["overdue"] == [ref]
        assert staffjobs.reminders(s, rtc)["cases"]["overdue"] == []
    reminders = staff_mail(rtc, "reminder")
    assert len(reminders) == 3 * 2  # 7 days, 2 days, overdue; to both staff addresses
    assert "2 working days left" in reminders[2].subject and "overdue" in reminders[4].subject
    with rtc.db.session() as s:
        events = s.exec(select(CaseEvent.action, CaseEvent.details).where(
            CaseEvent.action.in_([staffjobs.REMINDER, staffjobs.OVERDUE]))).all()  # type: ignore[attr-defined]
    assert [(a, d.get("working_days")) for a, d in events] == [
        ("deadline_reminder", 7), ("deadline_reminder", 2), ("overdue_notice", None)]


def test_a_bot_that_was_down_sends_only_the_nearest_reminder(rtc: Runtime) -> None:
    ref = case(rtc, 1, date(2026, 11, 26))  # 1 working day left: past the 7-day threshold too
    extended = case(rtc, 2, date(2026, 11, 26))
    with rtc.db.session() as s:
        c = s.exec(select(Case).where(Case.reference == extended)).one()
        c.extended_due_date = date(2027, 1, 29)  # extended: reminders follow the new date
        s.add(c)
    with rtc.db.session() as s:
        assert staffjobs.reminders(s, rtc)["cases"]["reminders"] == [ref]
        assert staffjobs.reminders(s, rtc)["cases"]["reminders"] == []
    assert len(staff_mail(rtc, "reminder")) == 2


def test_recovery_requeues_only_expired_in_flight_work(rtc: Runtime) -> None:
    with rtc.db.session() as s:
        for i, until in enumerate((NOW - timedelta(seconds=1), NOW + timedelta(seconds=60))):
            s.add(OutboundMessage(to_addr="a@example.com", from_addr="info@xcure.fi", subject="s",
                                  message_id=f"<m{i}@x>", raw=b"x", state=OutboundState.SENDING,
                                  lease_owner="dead", lease_until=until))
            s.add(InboundMessage(raw=b"x", sha256=f"{i:064d}", state=MessageState.PROCESSING,
                                 lease_owner="dead", lease_until=until))
    with rtc.db.session() as s:
        out = staffjobs.recover_stuck(s, rtc)
    assert out["recovered"] == {"outbound_message": 1, "inbound_message": 1}
    with rtc.db.session() as s:
        assert sorted(s.exec(select(OutboundMessage.state)).all()) == ["queued", "sending"]
        assert sorted(s.exec(select(InboundMessage.state)).all()) == ["new", "processing"]


async def test_unanswered_challenges_expire_once_with_a_last_message(rtc: Runtime) -> None:
    from handlers.verification import start_challenge
    from models import Person, PersonEmail

    with rtc.db.session() as s:
        p = Person(name="Requester")
        s.add(p)
        s.flush()
        s.add(PersonEmail(person_id=p.id, email="requester1@example.com", normalized="requester1@example.com"))
        c = open_case(s, rtc, kind=RequestKind.ACCESS, requester_email="requester1@example.com",
                      language="fi", received_at=NOW, person=p)
        set_status(s, rtc, c, CaseStatus.AWAITING_VERIFICATION)
        start_challenge(s, rtc, [c], "requester1@example.com")
        ref = c.reference
    job = jobs("verification.expire")
    await scheduler.tick(rtc, job)
    with rtc.db.session() as s:
        assert s.exec(select(Case.status).where(Case.reference == ref)).one() == CaseStatus.AWAITING_VERIFICATION
    clock: FixedClock = rtc.clock  # type: ignore[assignment]
    clock.advance(timedelta(days=rtc.settings.identity.challenge_days, minutes=20))
    other = Runtime.from_settings(rtc.settings, migrate=False, clock=clock)
    try:
        await asyncio.gather(scheduler.tick(rtc, job), scheduler.tick(other, job))
    finally:
        other.db.dispose()
    with rtc.db.session() as s:
        assert s.exec(select(Case.status).where(Case.reference == ref)).one() == CaseStatus.EXPIRED
        to_requester = s.exec(select(OutboundMessage).where(
            OutboundMessage.to_addr == "requester1@example.com")).all()
        runs = s.exec(select(scheduler.JobRun).where(scheduler.JobRun.job == "verification.expire")).all()
    assert [r.details.get("expired") for r in runs if r.details.get("expired")] == [1]
    assert [o.purpose for o in to_requester] == ["expiry"]  # the last message, once


def test_digest_lists_mail_that_became_no_case_so_a_missed_request_is_seen(rtc: Runtime) -> None:
    import hashlib

    def inbound(n: int, *, hours_ago: float, outcome: str = "not_request", automated: bool = False,
                state: MessageState = MessageState.PROCESSED) -> int:
        raw = f"From: person{n}@example.com\r\nSubject: Hei {n}\r\n\r\nSaisinko tietoni?\r\n".encode()
        with rtc.db.session() as s:
            m = InboundMessage(raw=raw, sha256=hashlib.sha256(raw).hexdigest(), size=len(raw),
                               received_at=NOW - timedelta(hours=hours_ago), state=state,
                               outcome=outcome, automated=automated, from_addr=f"person{n}@example.com")
            s.add(m)
            s.flush()
            assert m.id is not None
            return m.id

    missed = inbound(1, hours_ago=3)
    old = inbound(2, hours_ago=30)  # before the last digest (yesterday 08:00): listed then
    auto = inbound(3, hours_ago=2, outcome="automated", automated=True)
    broken = inbound(4, hours_ago=50, outcome=None, state=MessageState.FAILED)  # listed until fixed
    with rtc.db.session() as s:  # yesterday's digest ran
        from models import JobRun
        from models.enums import JobStatus
        s.add(JobRun(job="staff.digest", period="2026-11-24", owner="x", status=JobStatus.OK,
                     started_at=NOW - timedelta(days=1), finished_at=NOW - timedelta(days=1)))
    with rtc.db.session() as s:
        out = staffjobs.digest(s, rtc)
    assert out["counts"]["not_requests"] == 1 and out["counts"]["failed_messages"] == 1
    mail = staff_mail(rtc, "digest")[0]
    text = mail.raw.decode()
    assert "2 messages to check" in mail.subject
    section = text.split("NOT TAKEN AS REQUESTS", 1)[1].split("MESSAGES THAT FAILED", 1)
    assert f"/staff/messages/{missed}" in section[0] and f"/staff/messages/{old}" not in text
    assert f"/staff/messages/{auto}" not in text and f"/staff/messages/{broken}" in section[1]
    assert "example.com" not in text and "Saisinko" not in text  # ids and links, no personal data


def test_reminders_go_to_staff_in_their_language_and_to_the_assignee_only(rtc: Runtime) -> None:
    import email
    import email.policy

    from tests.ops.test_alerts import staff

    staff(rtc, "aino", "aino@xcure.fi", "fi")
    staff(rtc, "sven", "sven@xcure.fi", "sv")
    staff(rtc, "quiet", "quiet@xcure.fi", "en", off=("due_soon",))
    shared = case(rtc, 1, date(2026, 12, 4))  # 7 working days left: everyone who wants it
    mine = case(rtc, 2, date(2026, 12, 4))
    with rtc.db.session() as s:
        c = s.exec(select(Case).where(Case.reference == mine)).one()
        c.assignee = "sven"
        s.add(c)
    with rtc.db.session() as s:
        assert sorted(staffjobs.reminders(s, rtc)["cases"]["reminders"]) == sorted([shared, mine])
    by = {(m.to_addr, m.subject.split()[0]): m for m in staff_mail(rtc, "reminder")}
    assert sorted(by) == sorted([(a, shared) for a in ("aino@xcure.fi", "sven@xcure.fi", "dpo@xcure.fi",
                                                       "juha@xcure.fi")]
                                + [(a, mine) for a in ("sven@xcure.fi", "dpo@xcure.fi", "juha@xcure.fi")])
    fi = by[("aino@xcure.fi", shared)]
    assert fi.subject == f"{shared} erääntyy 4.12.2026: 7 työpäivää jäljellä"
    text = email.message_from_bytes(fi.raw, policy=email.policy.default).get_body().get_content()  # type: ignore[union-attr]
    assert f"Pyyntö {shared} (Tietojen tarkastus) erääntyy 4.12.2026: 7 työpäivää jäljellä." in text
    assert "Tila: Käsittelyssä." in text and "access" not in text and "2026-12-04" not in text
    sv = by[("sven@xcure.fi", mine)]
    assert sv.subject == f"{mine} förfaller 4.12.2026: 7 arbetsdagar kvar"
    sv_text = email.message_from_bytes(sv.raw, policy=email.policy.default).get_body().get_content()  # type: ignore[union-attr]
    assert "Handläggare: sven." in sv_text and "Registerutdrag" in sv_text
    assert by[("dpo@xcure.fi", mine)].subject == f"{mine} due 4.12.2026: 7 working days left"
