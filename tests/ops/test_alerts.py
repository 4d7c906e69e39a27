"""Alerts to staff: each event mailed once to each staff member who wants it, in their language,
through the outbox to a real SMTP relay; opt-out per event; the digest in each one's language."""

from __future__ import annotations

import email
import email.policy
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

import pytest
from aiosmtpd.controller import Controller
from sqlmodel import select

from bot.cases.audit import add_event
from bot.cases.service import open_case, set_status
from bot.jobs import alerts
from bot.jobs import staff as staffjobs
from bot.jobs.staff_texts import T as MAIL_TEXTS
from bot.replies.outbox import send_due
from bot.runtime import Runtime
from bot.runtime.clock import FixedClock
from bot.runtime.config import Settings
from bot.staff.accounts import add_staff
from models import (
    ActorType,
    Case,
    CaseStatus,
    OutboundMessage,
    OutboundState,
    RequestKind,
    StaffAlert,
    StaffUser,
)
from tests.cases.test_outbox import Collect
from tests.conftest import free_port

NOW = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)  # Wednesday, 12.00 in Helsinki


@pytest.fixture
def rta(settings: Settings) -> Iterator[Runtime]:
    rt = Runtime.from_settings(settings, clock=FixedClock(NOW))
    yield rt
    rt.db.dispose()


def staff(rt: Runtime, name: str, email: str | None, lang: str, off: tuple[str, ...] = ()) -> None:
    with rt.db.session() as s:
        add_staff(s, rt, name, "a long enough password 1")
    with rt.db.session() as s:
        u = s.exec(select(StaffUser).where(StaffUser.username == name)).one()
        u.email, u.language, u.alerts_off = email, lang, list(off)
        s.add(u)


def new_case(rt: Runtime, n: int, due: date, kind: RequestKind = RequestKind.ERASURE,
             assignee: str | None = None) -> str:
    with rt.db.session() as s:
        c = open_case(s, rt, kind=kind, requester_email=f"requester{n}@example.com", language="fi",
                      received_at=NOW - timedelta(days=3))
        c.due_date, c.assignee = due, assignee
        s.add(c)
        return c.reference


def record(rt: Runtime, ref: str, action: str, **details: object) -> None:
    with rt.db.session() as s:
        c = s.exec(select(Case).where(Case.reference == ref)).one()
        if action == "awaiting_approval":
            set_status(s, rt, c, CaseStatus.AWAITING_APPROVAL)
        else:
            add_event(s, rt, c, action, details=dict(details),
                      actor_type=ActorType.REQUESTER if action == "message_linked" else ActorType.BOT)


def mails(rt: Runtime, purpose: str) -> list[OutboundMessage]:
    with rt.db.session() as s:
        return list(s.exec(select(OutboundMessage).where(OutboundMessage.purpose == purpose)
                           .order_by(OutboundMessage.id)))


def run_alerts(rt: Runtime) -> dict:
    with rt.db.session() as s:
        return alerts.send_alerts(s, rt)


EVENT_ACTIONS = {"new_case": ("queued_for_staff", {"reason": "requester not in the register"}),
                 "awaiting_approval": ("awaiting_approval", {}),
                 "requester_replied": ("message_linked", {"inbound_message_id": 7}),
                 "bounce": ("reply_bounced", {"purpose": "acknowledgement"}),
                 "reply_failed": ("reply_failed", {"purpose": "acknowledgement", "error": "550"}),
                 "processor_failed": ("processor_api_failed", {"processor": "HubSpot Inc."})}


def test_every_event_alerts_each_staff_member_once_in_their_language_unless_turned_off(rta: Runtime) -> None:
    staff(rta, "aino", "aino@xcure.fi", "fi")
    staff(rta, "sven", "sven@xcure.fi", "sv", off=("bounce", "due_soon"))
    staff(rta, "noaddr", None, "en")  # no address: nothing
    far = date(2027, 1, 29)
    refs = {}
    for i, (event, (action, details)) in enumerate(EVENT_ACTIONS.items()):
        refs[event] = new_case(rta, i, far)
        record(rta, refs[event], action, **details)
    refs["due_soon"] = new_case(rta, 99, date(2026, 11, 27), kind=RequestKind.ACCESS)  # 2 working days
    out = run_alerts(rta)
    assert out["by_event"] == {e: 2 for e in EVENT_ACTIONS if e != "bounce"} | {"bounce": 1, "due_soon": 1}
    sent = mails(rta, "alert")
    to = {(m.to_addr, m.subject) for m in sent}
    assert ("aino@xcure.fi", f"[{refs['awaiting_approval']}] Odottaa hyväksyntää: Tietojen poisto") in to
    assert ("sven@xcure.fi", f"[{refs['awaiting_approval']}] Väntar på godkännande: Radering") in to
    assert ("aino@xcure.fi", f"[{refs['bounce']}] Viesti palautui: Tietojen poisto") in to
    assert not any(a == "sven@xcure.fi" and refs["bounce"] in subj for a, subj in to)  # turned off
    assert ("aino@xcure.fi", f"[{refs['due_soon']}] Määräpäivä lähestyy: Tietojen tarkastus") in to
    assert {m.to_addr for m in sent} == {"aino@xcure.fi", "sven@xcure.fi"}
    body = next(m for m in sent if m.to_addr == "sven@xcure.fi" and refs["requester_replied"] in m.subject)
    text = email.message_from_bytes(body.raw, policy=email.policy.default).get_body().get_content()  # type: ignore[union-attr]
    assert "Begäraren svarade" in text and f"/staff/cases/{refs['requester_replied']}" in text
    assert "Förfallodag 29.1.2027" in text and "example.com" not in text  # no requester address
    assert body.raw.count(b"Auto-Submitted: auto-generated") == 1
    # the next run, and a run the next minute, send nothing again
    assert run_alerts(rta)["sent"] == 0
    rta.clock.advance(timedelta(minutes=5))  # type: ignore[attr-defined]
    assert run_alerts(rta)["sent"] == 0
    with rta.db.session() as s:
        assert len(s.exec(select(StaffAlert)).all()) == len(sent)


def test_a_case_with_an_assignee_alerts_only_them(rta: Runtime) -> None:
    staff(rta, "aino", "aino@xcure.fi", "fi")
    staff(rta, "sven", "sven@xcure.fi", "sv")
    ref = new_case(rta, 1, date(2027, 1, 29), assignee="sven")
    record(rta, ref, "message_linked", inbound_message_id=3)
    run_alerts(rta)
    assert [m.to_addr for m in mails(rta, "alert")] == ["sven@xcure.fi"]


async def test_alerts_reach_a_real_smtp_relay(rta: Runtime) -> None:
    import asyncio

    staff(rta, "aino", "aino@xcure.fi", "fi")
    ref = new_case(rta, 1, date(2027, 1, 29))
    record(rta, ref, "reply_failed", purpose="acknowledgement", error="550 no such user")
    await asyncio.to_thread(run_alerts, rta)
    relay = Collect()
    port = free_port()
    controller = Controller(relay, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        rta.settings.outbound.relay = f"127.0.0.1:{port}"
        assert await send_due(rta) == 1
    finally:
        controller.stop()
    ((_frm, rcpt, raw),) = relay.messages
    assert rcpt == ["aino@xcure.fi"]
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    assert msg["Subject"] == f"[{ref}] Viestin lähetys epäonnistui: Tietojen poisto"
    assert "Avaa pyyntö:" in msg.get_body().get_content()  # type: ignore[union-attr]
    assert mails(rta, "alert")[0].state == OutboundState.SENT


def test_the_digest_goes_to_each_staff_member_in_their_language(rta: Runtime) -> None:
    rta.settings.scheduler.digest_to = ["dpo@xcure.fi", "aino@xcure.fi"]
    staff(rta, "aino", "aino@xcure.fi", "fi")
    staff(rta, "sven", "sven@xcure.fi", "sv")
    staff(rta, "quiet", "quiet@xcure.fi", "en", off=("digest",))
    overdue = new_case(rta, 1, date(2026, 11, 20), kind=RequestKind.ACCESS)
    with rta.db.session() as s:
        out = staffjobs.digest(s, rta)
    assert out["sent"] == 3
    by_to = {m.to_addr: m for m in mails(rta, "digest")}
    assert set(by_to) == {"aino@xcure.fi", "sven@xcure.fi", "dpo@xcure.fi"}  # aino once, quiet not
    fi = by_to["aino@xcure.fi"]
    text = email.message_from_bytes(fi.raw, policy=email.policy.default).get_body().get_content()  # type: ignore[union-attr]
    assert fi.subject.startswith("Tietosuojapyynnöt 25.11.2026: 1 myöhässä")
    assert "MYÖHÄSSÄ (1)" in text and overdue in text and "Tietojen tarkastus" in text
    assert "määräpäivä 20.11.2026" in text and "2026-11" not in text and "access" not in text
    sv = email.message_from_bytes(by_to["sven@xcure.fi"].raw, policy=email.policy.default)
    assert "FÖRSENADE (1)" in sv.get_body().get_content()  # type: ignore[union-attr]
    assert by_to["dpo@xcure.fi"].subject.startswith("Privacy requests 25.11.2026: 1 overdue")


def test_the_staff_mail_names_kinds_and_states_as_the_staff_pages_do() -> None:
    from bot.web import i18n
    from bot.web.staff import texts  # noqa: F401  (registers the page texts)

    for key, mail in MAIL_TEXTS.items():
        if key.startswith(("kind_", "status_")):
            assert tuple(i18n.MESSAGES[key][lang] for lang in i18n.LANGUAGES) == mail, key


def test_a_message_staff_checked_leaves_the_digest(rta: Runtime) -> None:
    import hashlib

    from models import InboundMessage, MessageState

    raw = b"From: someone@example.com\r\nSubject: Kysymys\r\n\r\nMilloin olette auki?\r\n"
    with rta.db.session() as s:
        m = InboundMessage(raw=raw, sha256=hashlib.sha256(raw).hexdigest(), size=len(raw),
                           received_at=NOW - timedelta(hours=2), state=MessageState.PROCESSED,
                           outcome="not_request", from_addr="someone@example.com")
        s.add(m)
        s.flush()
        mid = m.id
    with rta.db.session() as s:
        assert staffjobs.digest(s, rta)["counts"]["not_requests"] == 1
    with rta.db.session() as s:
        m = s.get(InboundMessage, mid)
        m.checked_at, m.checked_by = NOW, "aino"
        s.add(m)
    with rta.db.session() as s:
        assert staffjobs.digest(s, rta)["counts"]["not_requests"] == 0
