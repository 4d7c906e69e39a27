"""Retention sweeps with a fixed clock: older than the period goes, newer stays, and the
suppression list and kept invoices are never touched (every sweep runs in every test)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from sqlmodel import Session, select

from bot.jobs import retention
from bot.jobs.retention import months_before
from bot.jobs.scheduler import all_jobs, run_by_hand
from bot.runtime import Runtime
from bot.runtime.clock import FixedClock
from bot.runtime.config import Settings
from models import (
    ActorType,
    Case,
    CaseEvent,
    CaseMessage,
    CaseStatus,
    Consent,
    Contract,
    InboundMessage,
    Invoice,
    JobRun,
    MarketingAction,
    MessageState,
    OutboundMessage,
    OutboundState,
    Person,
    RequestKind,
    ServiceUsage,
    Suppression,
    VerificationChallenge,
    WebActivity,
)

NOW = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)
DAY = timedelta(days=1)


@pytest.fixture
def rtc(settings: Settings) -> Iterator[Runtime]:
    rt = Runtime.from_settings(settings, clock=FixedClock(NOW))
    yield rt
    rt.db.dispose()


def person(s: Session, **kw: object) -> Person:
    p = Person(name="Maija Meikäläinen", created_at=NOW - 3000 * DAY, **kw)
    s.add(p)
    s.flush()
    return p


def kept_rows(s: Session) -> None:
    """The suppression list and an old invoice of a person whose every other row goes."""
    p = person(s, last_activity_at=NOW - 4000 * DAY)
    s.add(Contract(person_id=p.id, title="old", started_on=date(2010, 1, 1), ended_on=date(2012, 1, 1)))
    s.add(Invoice(person_id=p.id, number="INV-1", issued_on=date(2011, 5, 1), amount=Decimal("10.00"),
                  billing_name="Maija Meikäläinen"))
    s.add(Suppression(email_normalized="gone@example.com", at=NOW - 5000 * DAY))
    s.add(ServiceUsage(person_id=p.id, at=NOW - 4000 * DAY, detail="login"))


def assert_kept_untouched(rt: Runtime) -> None:
    with rt.db.session() as s:
        inv = s.exec(select(Invoice)).one()
        assert (inv.number, inv.billing_name, inv.person_id is not None) == ("INV-1", "Maija Meikäläinen", True)
        assert s.exec(select(Suppression.email_normalized)).all() == ["gone@example.com"]


def sweep(rt: Runtime, name: str, *, dry_run: bool = False) -> JobRun:
    run = run_by_hand(rt, all_jobs()[name], dry_run=dry_run)
    assert run.status == "ok", run.details
    return run


def test_months_before_clamps_to_the_month_end() -> None:
    assert months_before(date(2026, 11, 25), 24) == date(2024, 11, 25)
    assert months_before(date(2026, 3, 31), 1) == date(2026, 2, 28)
    assert months_before(date(2026, 5, 31), 3) == date(2026, 2, 28)
    assert months_before(date(2028, 4, 30), 2) == date(2028, 2, 29)
    assert months_before(date(2026, 1, 15), 14) == date(2024, 11, 15)


def test_service_usage_goes_24_months_after_the_contract(rtc: Runtime) -> None:
    with rtc.db.session() as s:
        kept_rows(s)
        ended_long_ago = person(s)  # contract ended 25 months ago: all usage goes
        s.add(Contract(person_id=ended_long_ago.id, ended_on=date(2024, 10, 24)))
        ended_recently = person(s)  # ended 23 months ago: stays
        s.add(Contract(person_id=ended_recently.id, ended_on=date(2024, 12, 26)))
        running = person(s)  # contract running: even old usage stays
        s.add(Contract(person_id=running.id, started_on=date(2015, 1, 1)))
        two_contracts = person(s)  # one ended long ago, one still running: stays
        s.add(Contract(person_id=two_contracts.id, ended_on=date(2016, 1, 1)))
        s.add(Contract(person_id=two_contracts.id))
        no_contract = person(s)  # no contract on record: each row by its own age
        for p in (ended_long_ago, ended_recently, running, two_contracts):
            s.add(ServiceUsage(person_id=p.id, at=NOW - 2000 * DAY))
            s.add(ServiceUsage(person_id=p.id, at=NOW - 10 * DAY))
        s.add(ServiceUsage(person_id=no_contract.id, at=NOW - 800 * DAY, detail="old"))
        s.add(ServiceUsage(person_id=no_contract.id, at=NOW - 700 * DAY, detail="new"))
    run = sweep(rtc, "retention.service_usage")
    assert run.details["cutoff"] == "2024-11-25"
    with rtc.db.session() as s:
        left = s.exec(select(ServiceUsage.person_id, ServiceUsage.detail)).all()
    remaining = {pid for pid, _ in left}
    assert ended_long_ago.id not in remaining
    assert {ended_recently.id, running.id, two_contracts.id} <= remaining
    assert (no_contract.id, "new") in left and (no_contract.id, "old") not in left
    assert run.details["deleted"]["service_usage"] == 4  # 2 + 1 + the kept-rows person's one
    assert_kept_untouched(rtc)


def test_web_analytics_go_after_14_months_forms_stay(rtc: Runtime) -> None:
    with rtc.db.session() as s:
        kept_rows(s)
        p = person(s)
        cutoff = datetime(2025, 9, 25, tzinfo=UTC)  # 14 months before 2026-11-25
        s.add(WebActivity(person_id=p.id, kind="analytics", at=cutoff - DAY, url="/old"))
        s.add(WebActivity(person_id=p.id, kind="analytics", at=cutoff + DAY, url="/new"))
        s.add(WebActivity(person_id=p.id, kind="form", at=NOW - 3000 * DAY, url="/contact"))
    run = sweep(rtc, "retention.web_analytics")
    with rtc.db.session() as s:
        assert sorted(s.exec(select(WebActivity.url)).all()) == ["/contact", "/new"]
    assert run.details["deleted"] == {"web_activity": 1}
    assert_kept_untouched(rtc)


def test_marketing_data_of_inactive_people_goes_objections_stay(rtc: Runtime) -> None:
    with rtc.db.session() as s:
        kept_rows(s)
        inactive = person(s, last_activity_at=NOW - 37 * 31 * DAY)
        active = person(s, last_activity_at=NOW - 30 * DAY)
        customer = person(s, last_activity_at=NOW - 4000 * DAY)  # silent but under contract
        s.add(Contract(person_id=customer.id))
        never_seen = person(s)  # no activity recorded: its creation date counts (3000 days ago)
        for p in (inactive, active, customer, never_seen):
            s.add(MarketingAction(person_id=p.id, campaign="autumn", at=NOW - 2000 * DAY))
            s.add(Consent(person_id=p.id, purpose="newsletter", status="granted"))
        s.add(Consent(person_id=inactive.id, purpose="marketing", status="prohibited"))
    run = sweep(rtc, "retention.marketing")
    with rtc.db.session() as s:
        actions = set(s.exec(select(MarketingAction.person_id)).all())
        consents = set(s.exec(select(Consent.person_id, Consent.status)).all())
    assert actions == {active.id, customer.id}
    assert consents == {(active.id, "granted"), (customer.id, "granted"), (inactive.id, "prohibited")}
    assert run.details["deleted"] == {"marketing_action": 2, "consent": 2}
    assert_kept_untouched(rtc)


def _inbound(s: Session, n: int, received: datetime, state: MessageState = MessageState.PROCESSED) -> InboundMessage:
    raw = f"From: someone{n}@example.com\r\nSubject: hello {n}\r\n\r\nbody {n}".encode()
    m = InboundMessage(raw=raw, sha256=hashlib.sha256(raw).hexdigest(), size=len(raw),
                       received_at=received, state=state, from_addr=f"someone{n}@example.com",
                       subject=f"hello {n}", parsed={"new_text": f"body {n}"})
    s.add(m)
    s.flush()
    return m


def _case(s: Session, n: int, *, closed_at: datetime | None, inbound: InboundMessage | None = None,
          status: CaseStatus = CaseStatus.COMPLETED) -> Case:
    c = Case(reference=f"PR-2023-{n:05d}", kind=RequestKind.ACCESS, status=status,
             requester_email=f"someone{n}@example.com", received_at=NOW - 2000 * DAY,
             due_date=date(2021, 6, 1), closed_at=closed_at,
             inbound_message_id=inbound.id if inbound else None,
             reasons=["matched 'tiedot'"], details={"note": "Maija asked twice"})
    s.add(c)
    s.flush()
    if inbound is not None:
        s.add(CaseMessage(case_id=c.id, inbound_message_id=inbound.id))
    return c


def _outbound(s: Session, n: int, case: Case | None, created: datetime) -> OutboundMessage:
    o = OutboundMessage(case_id=case.id if case else None, to_addr=f"someone{n}@example.com",
                        from_addr="info@xcure.fi", subject=f"Re: hello {n}", message_id=f"<{n}@bot>",
                        raw=b"Subject: Re: hello\r\n\r\nDear Maija", state=OutboundState.SENT,
                        created_at=created)
    s.add(o)
    s.flush()
    return o


def test_raw_messages_dropped_after_the_period_unless_their_case_is_kept(rtc: Runtime) -> None:
    old = NOW - 400 * DAY
    with rtc.db.session() as s:
        kept_rows(s)
        not_request = _inbound(s, 1, old)  # no case, older than 365 days: raw and sender go
        fresh = _inbound(s, 2, NOW - 100 * DAY)  # too new
        closed_long = _inbound(s, 3, old)
        c3 = _case(s, 3, closed_at=NOW - 380 * DAY, inbound=closed_long)
        o3 = _outbound(s, 3, c3, old)
        closed_recently = _inbound(s, 4, old)  # its case closed 30 days ago: kept whole
        c4 = _case(s, 4, closed_at=NOW - 30 * DAY, inbound=closed_recently)
        o4 = _outbound(s, 4, c4, old)
        open_case = _inbound(s, 5, old)
        _case(s, 5, closed_at=None, inbound=open_case, status=CaseStatus.AWAITING_APPROVAL)
        unhandled = _inbound(s, 6, old, state=MessageState.NEW)  # never swept before it is handled
        ids = {k: m.id for k, m in dict(not_request=not_request, fresh=fresh, closed_long=closed_long,
                                        closed_recently=closed_recently, open_case=open_case,
                                        unhandled=unhandled).items()}
        oids = (o3.id, o4.id)

    dry = sweep(rtc, "retention.raw_messages", dry_run=True)
    assert dry.dry_run and sorted(dry.details["ids"]["inbound_message"]) == sorted(
        [ids["not_request"], ids["closed_long"]])
    assert dry.details["ids"]["outbound_message"] == [oids[0]]
    with rtc.db.session() as s:  # the dry run changed nothing
        assert all(len(m.raw) > 0 for m in s.exec(select(InboundMessage)).all())

    run = sweep(rtc, "retention.raw_messages")
    assert run.details["minimised"] == {"inbound_message": 2, "outbound_message": 1}
    with rtc.db.session() as s:
        msgs = {m.id: m for m in s.exec(select(InboundMessage)).all()}
        assert msgs[ids["not_request"]].raw == b"" and msgs[ids["not_request"]].from_addr == ""
        assert msgs[ids["not_request"]].parsed == {}
        # a message of a case still kept in full keeps its headers for the case view
        assert msgs[ids["closed_long"]].raw == b"" and msgs[ids["closed_long"]].subject == "hello 3"
        for k in ("fresh", "closed_recently", "open_case", "unhandled"):
            assert len(msgs[ids[k]].raw) > 0, k
        assert msgs[ids["not_request"]].sha256  # the row (and its duplicate check) stays
        out = {o.id: o for o in s.exec(select(OutboundMessage)).all()}
        assert out[oids[0]].raw == b"" and len(out[oids[1]].raw) > 0
    assert sweep(rtc, "retention.raw_messages").details["minimised"] == {
        "inbound_message": 0, "outbound_message": 0}  # idempotent
    assert_kept_untouched(rtc)


def test_closed_cases_are_minimised_and_keep_their_audit_trail(rtc: Runtime) -> None:
    with rtc.db.session() as s:
        kept_rows(s)
        m_old = _inbound(s, 1, NOW - 1200 * DAY)
        ch = VerificationChallenge(token_hash="t" * 64, code_hash="c" * 64, sent_to="someone1@example.com",
                                   expires_at=NOW - 1190 * DAY, used_by="203.0.113.9")
        s.add(ch)
        s.flush()
        old = _case(s, 1, closed_at=NOW - 1096 * DAY, inbound=m_old)
        old.challenge_id = ch.id
        old.extension_reason = "Maija's request needs records from the archive"
        s.add(CaseEvent(case_id=old.id, action="opened", actor_type=ActorType.BOT,
                        details={"kind": "access", "due_date": "2023-12-01", "attempt": 1}))
        s.add(CaseEvent(case_id=old.id, action="reply_received", actor_type=ActorType.REQUESTER,
                        actor="someone1@example.com", details={"text": "Hi, Maija here", "status": "verified"}))
        s.add(CaseEvent(case_id=old.id, action="approved", actor_type=ActorType.STAFF, actor="juha",
                        details={"note": "ok by Juha", "to_status": "completed"}))
        _outbound(s, 1, old, NOW - 1100 * DAY)
        m_new = _inbound(s, 2, NOW - 1200 * DAY)
        newer = _case(s, 2, closed_at=NOW - 1000 * DAY, inbound=m_new)
        open_old = _case(s, 3, closed_at=None, status=CaseStatus.IN_PROGRESS)
        ids = (old.id, newer.id, open_old.id, m_old.id, m_new.id, ch.id)

    dry = sweep(rtc, "retention.closed_cases", dry_run=True)
    assert dry.details["ids"]["case"] == [ids[0]]
    with rtc.db.session() as s:
        assert s.get(Case, ids[0]).requester_email == "someone1@example.com"  # type: ignore[union-attr]

    run = sweep(rtc, "retention.closed_cases")
    assert run.details["minimised"]["case"] == 1 and run.details["minimised"]["case_event"] == 3
    with rtc.db.session() as s:
        c = s.get(Case, ids[0])
        assert c is not None
        # the record: what, when, how it ended — not who
        assert (c.reference, c.kind, c.status, c.due_date) == ("PR-2023-00001", "access", "completed", date(2021, 6, 1))
        assert c.requester_email == "minimised" and c.reasons == [] and "note" not in c.details
        assert c.extension_reason == "minimised"
        events = {e.action: e for e in s.exec(select(CaseEvent).where(CaseEvent.case_id == ids[0])).all()}
        assert set(events) == {"opened", "reply_received", "approved"}
        assert events["opened"].details == {"kind": "access", "due_date": "2023-12-01", "attempt": 1}
        assert events["reply_received"].actor == "requester"
        assert events["reply_received"].details == {"text": "minimised", "status": "verified"}
        assert events["approved"].actor == "juha"  # staff accountability stays
        assert events["approved"].details == {"note": "minimised", "to_status": "completed"}
        m = s.get(InboundMessage, ids[3])
        assert m is not None and (m.raw, m.from_addr, m.subject, m.parsed) == (b"", "", "", {})
        o = s.exec(select(OutboundMessage).where(OutboundMessage.case_id == ids[0])).one()
        assert (o.raw, o.to_addr) == (b"", "minimised")
        challenge = s.get(VerificationChallenge, ids[5])
        assert challenge is not None and challenge.sent_to == "minimised" and challenge.used_by is None
        # a case closed less than 1095 days ago and an open case are untouched
        for cid in ids[1:3]:
            kept = s.get(Case, cid)
            assert kept is not None and kept.requester_email.endswith("@example.com")
        assert len(s.get(InboundMessage, ids[4]).raw) > 0  # type: ignore[union-attr]
    assert sweep(rtc, "retention.closed_cases").details["minimised"]["case"] == 0
    assert_kept_untouched(rtc)


def test_every_sweep_leaves_suppression_and_invoices_alone(rtc: Runtime) -> None:
    with rtc.db.session() as s:
        kept_rows(s)
    rtc.clock.advance(timedelta(days=365 * 30))  # type: ignore[attr-defined]
    for name in retention.SWEEPS:
        sweep(rtc, name)
    assert_kept_untouched(rtc)
