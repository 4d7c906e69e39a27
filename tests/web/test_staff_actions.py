"""Staff actions over HTTP: each one an audit event under the staff member's name; refused
actions change nothing; a rejection tells the requester of the right to complain; a
reclassification becomes a training example."""

from __future__ import annotations

import json
from email import message_from_bytes
from email.policy import default
from pathlib import Path

import pytest
from sqlmodel import select

from models import Case, CaseEvent, CaseStatus, OutboundMessage, RequestKind
from tests.web.client import staff_client
from tests.web.factories import PASSWORD, make_case, make_staff


@pytest.fixture
def staff(live):
    make_staff(live.rt)
    make_staff(live.rt, "pekka")
    return staff_client(live.url, "liisa", PASSWORD)


def _case(rt, ref) -> Case:
    with rt.db.session() as s:
        return s.exec(select(Case).where(Case.reference == ref)).one()


def _events(rt, ref) -> list[CaseEvent]:
    case = _case(rt, ref)
    with rt.db.session() as s:
        return list(s.exec(select(CaseEvent).where(CaseEvent.case_id == case.id).order_by(CaseEvent.id)))


def test_extension_needs_a_reason_and_refusal_changes_nothing(live, staff):
    c, csrf = staff
    ref = make_case(live.rt)
    r = c.post(f"/staff/cases/{ref}/extend", data={"csrf": csrf, "reason": "   "})
    assert r.status_code == 400 and "A reason is required" in r.text
    assert _case(live.rt, ref).extended_due_date is None
    late = make_case(live.rt, email="late@example.fi", days_ago=45)
    r = c.post(f"/staff/cases/{late}/extend", data={"csrf": csrf, "reason": "too late"})
    assert r.status_code == 409 and "past its due date" in r.text
    assert _case(live.rt, late).extended_due_date is None


def test_rejection_closes_the_case_and_replies_with_the_right_to_complain(live, staff):
    c, csrf = staff
    ref = make_case(live.rt, kind=RequestKind.ERASURE, language="en")
    r = c.post(f"/staff/cases/{ref}/decide",
               data={"csrf": csrf, "decision": "reject", "reason": "The invoices must be kept for 10 years."})
    assert r.status_code == 303
    assert _case(live.rt, ref).status == CaseStatus.REJECTED
    with live.rt.db.session() as s:
        out = s.exec(select(OutboundMessage)).all()
    assert len(out) == 1 and out[0].to_addr == "matti@example.fi"
    body = message_from_bytes(out[0].raw, policy=default).get_body(("plain",)).get_content()
    assert "10 years" in body and "Data Protection Ombudsman" in body
    actions = [(e.action, e.actor) for e in _events(live.rt, ref)]
    assert ("rejected", "liisa") in actions
    r = c.post(f"/staff/cases/{ref}/decide", data={"csrf": csrf, "decision": "approve", "reason": "oops"})
    assert r.status_code == 400 and _case(live.rt, ref).status == CaseStatus.REJECTED


def test_assign_note_complete_are_audited_under_the_staff_name(live, staff):
    c, csrf = staff
    ref = make_case(live.rt)
    assert c.post(f"/staff/cases/{ref}/assign", data={"csrf": csrf, "assignee": "pekka"}).status_code == 303
    assert c.post(f"/staff/cases/{ref}/assign", data={"csrf": csrf, "assignee": "nobody"}).status_code == 400
    assert c.post(f"/staff/cases/{ref}/note", data={"csrf": csrf, "text": "Soitin asiakkaalle"}).status_code == 303
    assert c.post(f"/staff/cases/{ref}/complete", data={"csrf": csrf, "note": "done"}).status_code == 409
    assert c.post(f"/staff/cases/{ref}/complete", data={"csrf": csrf, "outcome": "completed",
                                                        "reason": "done"}).status_code == 303
    case = _case(live.rt, ref)
    assert case.assignee == "pekka" and case.status == CaseStatus.COMPLETED and case.closed_at is not None
    staff_events = [(e.action, e.actor_type) for e in _events(live.rt, ref) if e.actor == "liisa"]
    assert staff_events == [("assigned", "staff"), ("note", "staff"), ("status_changed", "staff")]
    assert "pekka" in c.get("/staff?status=all&assignee=pekka").text


def test_reclassification_is_saved_as_a_training_example(live, staff):
    c, csrf = staff
    ref = make_case(live.rt, body="Poistakaa minut postituslistalta", subject="Postituslista")
    r = c.post(f"/staff/cases/{ref}/reclassify", data={"csrf": csrf, "kind": "unsubscribe", "language": "fi"})
    assert r.status_code == 303
    assert _case(live.rt, ref).kind == RequestKind.UNSUBSCRIBE
    files = list(Path(live.rt.settings.classifier.feedback_dir).glob("*.jsonl"))
    rows = [json.loads(line) for f in files for line in f.read_text().splitlines()]
    assert len(rows) == 1
    assert rows[0]["kinds"] == ["unsubscribe"] and rows[0]["language"] == "fi"
    assert rows[0]["text"] == "Poistakaa minut postituslistalta" and "liisa" in rows[0]["source"]
    ev = next(e for e in _events(live.rt, ref) if e.action == "reclassified")
    assert ev.details["from"]["kind"] == "access" and ev.actor == "liisa"


def test_free_reply_goes_through_the_outbox_in_the_cases_thread(live, staff):
    c, csrf = staff
    ref = make_case(live.rt)
    r = c.post(f"/staff/cases/{ref}/reply", data={"csrf": csrf, "subject": "Kysymys", "text": "Hei Matti"})
    assert r.status_code == 303
    with live.rt.db.session() as s:
        out = s.exec(select(OutboundMessage)).one()
    msg = message_from_bytes(out.raw, policy=default)
    assert ref in msg["Subject"] and msg["In-Reply-To"] == _case(live.rt, ref).thread_message_id
    assert msg["Auto-Submitted"] is None and out.purpose == "staff_reply"


def test_other_messages_list_shows_failed_and_non_requests(live, staff):
    from models import MessageState
    from tests.web.factories import make_inbound

    c, _ = staff
    make_case(live.rt)
    make_inbound(live.rt, from_addr="x@example.com", subject="Webinar", body="Join", outcome="not_request")
    bad = make_inbound(live.rt, from_addr="", subject="", body="\x00garbage", state=MessageState.FAILED,
                       outcome="failed", error="ValueError: bad MIME")
    page = c.get("/staff/messages").text
    assert "Webinar" in page and "ValueError: bad MIME" in page and "Tietopyyntö" not in page
    assert "Webinar" not in c.get("/staff/messages?show=failed").text
    assert c.get(f"/staff/messages/{bad}").status_code == 200


def test_an_unverified_request_cannot_be_approved(live, staff):
    c, csrf = staff
    ref = make_case(live.rt, kind=RequestKind.ACCESS)
    r = c.post(f"/staff/cases/{ref}/decide", data={"csrf": csrf, "decision": "approve", "reason": "ok"})
    assert r.status_code == 400 and "identity is not verified" in r.text
    assert _case(live.rt, ref).status == CaseStatus.RECEIVED
    assert "approved" not in [e.action for e in _events(live.rt, ref)]
    ok = make_case(live.rt, email="v@example.fi", kind=RequestKind.ACCESS, verified=True)
    r = c.post(f"/staff/cases/{ok}/decide", data={"csrf": csrf, "decision": "approve", "reason": "ok"})
    assert r.status_code == 303 and ("approved", "liisa") in [(e.action, e.actor) for e in _events(live.rt, ok)]


def test_a_missed_request_is_opened_by_staff_with_the_deadline_of_its_arrival(live, staff):
    from datetime import timedelta

    from bot.cases.deadlines import due_dates
    from models import InboundMessage
    from tests.cases.factories import add_person
    from tests.web.factories import make_inbound

    c, csrf = staff
    rt = live.rt
    with rt.db.session() as s:
        add_person(s, "matti@example.fi")
    arrived = rt.clock.now() - timedelta(days=20)
    msg_id = make_inbound(rt, from_addr="Matti <matti@example.fi>", subject="Asia",
                          body="Saisinko kopion siitä mitä olette minusta keränneet?",
                          received_at=arrived, outcome="not_request")
    page = c.get(f"/staff/messages/{msg_id}").text
    assert f'action="/staff/messages/{msg_id}/open"' in page
    assert c.post(f"/staff/messages/{msg_id}/open", data={"csrf": csrf, "language": "fi"}).status_code == 400
    assert c.post(f"/staff/messages/{msg_id}/open", data={"kind": "access", "language": "fi"}).status_code == 403

    r = c.post(f"/staff/messages/{msg_id}/open", data={"csrf": csrf, "kind": "access", "language": "fi"})
    assert r.status_code == 303 and r.headers["location"].endswith("?done=opened")
    ref = r.headers["location"].split("/staff/cases/")[1].split("?")[0]
    case = _case(rt, ref)
    d = rt.settings.deadlines
    assert case.due_date == due_dates(arrived, timezone=d.timezone, country=d.country)[0]
    assert case.due_date != due_dates(rt.clock.now(), timezone=d.timezone, country=d.country)[0]
    assert case.kind == RequestKind.ACCESS and case.person_id is not None
    assert ("opened_by_staff", "liisa") in [(e.action, e.actor) for e in _events(rt, ref)]
    with rt.db.session() as s:
        out = s.exec(select(OutboundMessage)).all()
        msg = s.get(InboundMessage, msg_id)
    # The usual acknowledgement with an identity challenge, to the From address, in Finnish.
    assert [(o.purpose, o.to_addr, o.case_id) for o in out] == [("acknowledgement", "matti@example.fi", case.id)]
    body = message_from_bytes(out[0].raw, policy=default).get_body(("plain",)).get_content()
    assert ref in body and "/v/" in body
    assert msg.outcome == "request" and msg.kinds == ["access"]
    rows = [json.loads(line) for f in Path(rt.settings.classifier.feedback_dir).glob("*.jsonl")
            for line in f.read_text().splitlines()]
    assert [r["kinds"] for r in rows] == [["access"]]
    # Opening it twice is refused, and nothing more is sent.
    r = c.post(f"/staff/messages/{msg_id}/open", data={"csrf": csrf, "kind": "erasure", "language": "fi"})
    assert r.status_code == 409 and "already belongs to a case" in r.text
    assert '/open"' not in c.get(f"/staff/messages/{msg_id}").text
    with rt.db.session() as s:
        assert len(s.exec(select(OutboundMessage)).all()) == 1


def test_automated_mail_is_not_opened_as_a_request(live, staff):
    from models import InboundMessage
    from tests.web.factories import make_inbound

    c, csrf = staff
    msg_id = make_inbound(live.rt, from_addr="matti@example.fi", subject="Out of office",
                          body="I am away", outcome="automated")
    with live.rt.db.session() as s:
        m = s.get(InboundMessage, msg_id)
        m.automated = True
        s.add(m)
    assert '/open"' not in c.get(f"/staff/messages/{msg_id}").text
    r = c.post(f"/staff/messages/{msg_id}/open", data={"csrf": csrf, "kind": "access", "language": "en"})
    assert r.status_code == 409 and "never answered automatically" in r.text
    with live.rt.db.session() as s:
        assert s.exec(select(OutboundMessage)).all() == [] and s.exec(select(Case)).all() == []


def test_reclassified_to_unsubscribe_the_address_is_suppressed_at_once(live, staff):
    from models import Suppression
    from tests.cases.factories import add_person, deliver, raw_mail

    c, csrf = staff
    rt = live.rt
    with rt.db.session() as s:
        add_person(s, "matti@example.fi")
    # Read as a correction; staff know (from a phone call, say) that he wants out of the lists.
    deliver(rt, raw_mail(frm="Matti <matti@example.fi>", subject="Puhelinnumero",
                         body="Puhelinnumeroni on väärin, korjatkaa se: oikea on 040 765 4321."))
    with rt.db.session() as s:
        case = s.exec(select(Case)).one()
    assert case.status == CaseStatus.AWAITING_VERIFICATION
    r = c.post(f"/staff/cases/{case.reference}/reclassify",
               data={"csrf": csrf, "kind": "unsubscribe", "language": "fi"})
    assert r.status_code == 303
    case = _case(rt, case.reference)
    assert case.kind == RequestKind.UNSUBSCRIBE and case.status == CaseStatus.COMPLETED
    with rt.db.session() as s:
        assert s.exec(select(Suppression)).one().email_normalized == "matti@example.fi"
        out = s.exec(select(OutboundMessage).order_by(OutboundMessage.id)).all()
    assert [o.purpose for o in out] == ["acknowledgement", "acknowledgement"]
    assert ("process_restarted", "liisa") in [(e.action, e.actor) for e in _events(rt, case.reference)]


def test_a_verified_case_reclassified_to_access_gets_its_export(live, staff):
    from tests.register.factories import make_person

    c, csrf = staff
    rt = live.rt
    with rt.db.session() as s:
        person = make_person(s, "maija@example.fi", name="Maija Mäkinen")
    ref = make_case(rt, email="maija@example.fi", person=person, kind=RequestKind.CORRECTION,
                    verified=True, body="Haluan nähdä mitä tietoja teillä on minusta.")
    r = c.post(f"/staff/cases/{ref}/reclassify", data={"csrf": csrf, "kind": "access", "language": "fi"})
    assert r.status_code == 303
    case = _case(rt, ref)
    assert case.status == CaseStatus.COMPLETED and "export" in case.details
    with rt.db.session() as s:
        out = s.exec(select(OutboundMessage)).all()
    assert [(o.purpose, o.to_addr) for o in out] == [("final_access", "maija@example.fi")]
    # Back to correction on a closed case: the label changes, nothing runs again.
    r = c.post(f"/staff/cases/{ref}/reclassify", data={"csrf": csrf, "kind": "correction", "language": "fi"})
    assert r.status_code == 303
    with rt.db.session() as s:
        assert len(s.exec(select(OutboundMessage)).all()) == 1


def test_merging_a_duplicate_keeps_the_earlier_deadline_and_moves_its_messages(live, staff):
    from models import CaseMessage

    c, csrf = staff
    rt = live.rt
    first = make_case(rt, kind=RequestKind.ERASURE, days_ago=10, body="Poistakaa tietoni.")
    again = make_case(rt, kind=RequestKind.ERASURE, days_ago=2, body="Poistakaa tietoni nyt heti!")
    other = make_case(rt, kind=RequestKind.ACCESS, email="anna@example.fi", body="Mitä tietoja?")
    due_first = _case(rt, first).due_date
    # Refused: unknown reference, itself, another kind; nothing changes.
    for into, status in (("PR-2026-99999", 400), (again, 409), (other, 409)):
        r = c.post(f"/staff/cases/{again}/merge", data={"csrf": csrf, "into": into})
        assert r.status_code == status
    assert _case(rt, again).status == CaseStatus.RECEIVED
    # Merge the earlier case into the later one: the later one takes the earlier deadline.
    r = c.post(f"/staff/cases/{first}/merge", data={"csrf": csrf, "into": again.lower()})
    assert r.status_code == 303
    kept, merged = _case(rt, again), _case(rt, first)
    assert merged.status == CaseStatus.MERGED and merged.closed_at is not None
    assert kept.status == CaseStatus.RECEIVED and kept.due_date == due_first
    with rt.db.session() as s:
        msgs = set(s.exec(select(CaseMessage.inbound_message_id).where(CaseMessage.case_id == kept.id)))
        assert merged.inbound_message_id in msgs and kept.inbound_message_id in msgs
        assert s.exec(select(OutboundMessage)).all() == []  # the requester is not written to
    ev = next(e for e in _events(rt, again) if e.action == "merged_from")
    assert ev.actor == "liisa" and ev.details["duplicate"] == first
    assert ev.details["due_date"][1] == due_first.isoformat()
    assert "Merged" in c.get(f"/staff/cases/{first}").text
    assert first not in c.get("/staff").text and again in c.get("/staff").text
    # A merged case is closed: it cannot be merged again.
    assert c.post(f"/staff/cases/{first}/merge", data={"csrf": csrf, "into": other}).status_code in (400, 409)


def test_reopen_needs_a_reason_and_is_audited(live, staff):
    c, csrf = staff
    ref = make_case(live.rt)
    assert c.post(f"/staff/cases/{ref}/complete", data={"csrf": csrf, "outcome": "completed"}).status_code == 303
    assert "reopen" in c.get(f"/staff/cases/{ref}").text
    assert c.post(f"/staff/cases/{ref}/reopen", data={"csrf": csrf, "reason": " "}).status_code == 400
    assert c.post(f"/staff/cases/{ref}/reopen", data={"reason": "wrong"}).status_code == 403
    assert _case(live.rt, ref).status == CaseStatus.COMPLETED
    r = c.post(f"/staff/cases/{ref}/reopen", data={"csrf": csrf, "reason": "closed by mistake"})
    assert r.status_code == 303
    case = _case(live.rt, ref)
    assert case.status == CaseStatus.IN_PROGRESS and case.closed_at is None and case.needs_review
    [ev] = [e for e in _events(live.rt, ref) if e.action == "reopened"]
    assert ev.actor == "liisa" and ev.details["reason"] == "closed by mistake"
    assert c.post(f"/staff/cases/{ref}/undo", data={"csrf": csrf}).status_code == 409  # nothing to undo


def test_a_held_reply_shows_on_the_case_page_with_its_reason(live, staff):
    from bot.replies.outbox import enqueue

    c, _ = staff
    ref = make_case(live.rt, email="x@[192.0.2.1]")  # an address no reply can be written to
    with live.rt.db.session() as s:
        enqueue(s, live.rt, to="x@[192.0.2.1]", subject="Re: Tietopyyntö", text="Hei",
                case=s.exec(select(Case).where(Case.reference == ref)).one(), purpose="staff_reply")
    page = c.get(f"/staff/cases/{ref}").text
    assert "held" in page and "held: domain is not a host name" in page
    assert _case(live.rt, ref).needs_review
