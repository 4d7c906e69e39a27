"""Issue 16 on the staff case page, over real HTTP against the real server, on both databases:
restriction (ground, follow-up, lift with the notice first), the access review, an erasure's
confirmation and past tense, a held reply, a DMARC-held case, several kinds, a new reply."""

from __future__ import annotations

import io
import json
import re
import zipfile

import pytest
from sqlmodel import select

from handlers import get_handler
from models import Case, CaseEvent, CaseStatus, OutboundMessage, OutboundState, Person, RequestKind
from tests.cases.factories import text_of
from tests.register.factories import make_person
from tests.web.client import staff_client
from tests.web.factories import PASSWORD, make_case, make_inbound, make_staff


@pytest.fixture
def staff(live):
    make_staff(live.rt)
    return staff_client(live.url, "liisa", PASSWORD)


def _case(rt, ref) -> Case:
    with rt.db.session() as s:
        return s.exec(select(Case).where(Case.reference == ref)).one()


def _events(rt, ref) -> list[CaseEvent]:
    cid = _case(rt, ref).id
    with rt.db.session() as s:
        return list(s.exec(select(CaseEvent).where(CaseEvent.case_id == cid).order_by(CaseEvent.id)))


def _out(rt, **where) -> list[OutboundMessage]:
    with rt.db.session() as s:
        q = select(OutboundMessage).order_by(OutboundMessage.id)
        for k, v in where.items():
            q = q.where(getattr(OutboundMessage, k) == v)
        return list(s.exec(q))


def _verified(rt, ref) -> None:
    with rt.db.session() as s:
        case = s.exec(select(Case).where(Case.reference == ref)).one()
        get_handler(case.kind).on_verified(s, rt, case)


def _restricted_case(rt, email="rita@example.fi", body="My address in your register is wrong. "
                     "Please restrict the processing of my data until you have checked it.") -> tuple[str, int]:
    with rt.db.session() as s:
        p = make_person(s, email, name="Rita Rajala")
        pid = p.id
    ref = make_case(rt, email=email, kind=RequestKind.RESTRICTION, verified=True, person=p, body=body,
                    language="en")
    _verified(rt, ref)
    return ref, pid


def test_restriction_records_its_ground_and_follow_up_and_staff_lift_it_notice_first(live, staff):
    c, csrf = staff
    rt = live.rt
    ref, pid = _restricted_case(rt)
    case = _case(rt, ref)
    info = case.details["restriction"]
    assert info["ground"] == "a" and info["followup"] == "check_accuracy"  # read from "wrong"
    assert info["followup_due"] is not None and case.status == CaseStatus.AWAITING_PROCESSORS
    page = c.get(f"/staff/cases/{ref}?lang=en").text
    assert "a) accuracy contested" in page and "Check the accuracy" in page and 'id="lift-form"' in page
    # The ground changes to a pending objection: the follow-up is the decision.
    assert c.post(f"/staff/cases/{ref}/ground", data={"csrf": csrf, "ground": "d"}).status_code == 303
    assert _case(rt, ref).details["restriction"]["followup"] == "decide_objection"
    assert c.post(f"/staff/cases/{ref}/followup",
                  data={"csrf": csrf, "result": "Objection rejected: legitimate interest"}).status_code == 303
    # Lifting without the confirmation changes nothing and sends nothing.
    r = c.post(f"/staff/cases/{ref}/lift", data={"csrf": csrf, "reason": "Checked: correct"})
    assert r.status_code == 400
    with rt.db.session() as s:
        assert s.get(Person, pid).restricted
    assert _out(rt, purpose="restriction_lift") == []
    r = c.post(f"/staff/cases/{ref}/lift", data={"csrf": csrf, "reason": "We checked: the address is right.",
                                                  "confirm": "yes"})
    assert r.status_code == 303
    with rt.db.session() as s:
        assert not s.get(Person, pid).restricted
    [notice] = _out(rt, purpose="restriction_lift")
    assert notice.to_addr == "rita@example.fi" and notice.state == OutboundState.QUEUED
    body = " ".join(text_of(notice.raw).split())
    assert "lifting that restriction" in body and "We checked: the address is right." in body and ref in body
    ev = [e for e in _events(rt, ref) if e.action == "restriction_lifted"]
    assert len(ev) == 1 and ev[0].actor == "liisa" and ev[0].actor_type == "staff"
    assert ev[0].details["notice_outbound_id"] == notice.id  # the notice was queued before the lift
    assert [e.action for e in _events(rt, ref)].count("restriction_followup_done") == 1
    page = c.get(f"/staff/cases/{ref}?lang=en").text
    assert "Restriction lifted" in page and "liisa" in page and 'id="lift-form"' not in page
    fi = c.get(f"/staff/cases/{ref}?lang=fi").text
    assert "Rajoitus poistettu" in fi and "Restriction lifted" not in fi


def test_a_restriction_without_a_recognisable_ground_waits_for_staff(live, staff):
    c, csrf = staff
    ref, _ = _restricted_case(live.rt, email="x@example.fi", body="Please restrict my data.")
    case = _case(live.rt, ref)
    assert "restriction" not in case.details and "restriction_ground_unknown" in case.flags
    assert "No ground chosen" in c.get(f"/staff/cases/{ref}?lang=en").text
    from bs4 import BeautifulSoup

    fi = BeautifulSoup(c.get(f"/staff/cases/{ref}?lang=fi").text, "html.parser")
    assert "Perustetta ei ole valittu" in fi.select_one("#restriction").get_text()
    assert c.post(f"/staff/cases/{ref}/ground", data={"csrf": csrf, "ground": "c"}).status_code == 303
    case = _case(live.rt, ref)
    assert case.details["restriction"]["followup"] is None and "restriction_ground_unknown" not in case.flags


def test_access_review_holds_the_export_until_staff_release_it(live, staff):
    c, csrf = staff
    rt = live.rt
    rt.settings.execution.access_requires_approval = True
    with rt.db.session() as s:
        p = make_person(s, "anna@example.fi", name="Anna Aalto")
    ref = make_case(rt, email="anna@example.fi", kind=RequestKind.ACCESS, verified=True, person=p, language="en")
    _verified(rt, ref)
    assert _case(rt, ref).status == CaseStatus.AWAITING_APPROVAL
    assert _out(rt) == []  # the requester gets nothing before release
    page = c.get(f"/staff/cases/{ref}?lang=en").text
    assert "Export review" in page and "Called Anna Aalto" in page  # the call note is shown to staff
    row = re.search(r'name="row" value="(communication:\d+)"', page)
    assert row
    r = c.post(f"/staff/cases/{ref}/exclude", data={"csrf": csrf, "row": row.group(1), "reason": ""})
    assert r.status_code == 400
    r = c.post(f"/staff/cases/{ref}/exclude", data={"csrf": csrf, "row": row.group(1),
                                                     "reason": "names a colleague (Art. 15(4))"})
    assert r.status_code == 303
    assert "left out: names a colleague" in c.get(f"/staff/cases/{ref}?lang=en").text
    assert _out(rt) == []
    assert c.post(f"/staff/cases/{ref}/release", data={"csrf": csrf}).status_code == 303
    case = _case(rt, ref)
    assert case.status == CaseStatus.COMPLETED
    [mail] = _out(rt, purpose="final_access")
    token = re.search(r"/x/([A-Za-z0-9_.\-]+)", text_of(mail.raw))
    assert token
    from handlers.access import open_download

    with rt.db.session() as s:
        _name, content = open_download(s, rt, token.group(1))
    data = json.loads(zipfile.ZipFile(io.BytesIO(content)).read("data.json"))
    assert data["tables"]["communication"] == [] and data["tables"]["person"]
    actions = [(e.action, e.actor) for e in _events(rt, ref)]
    assert ("export_rows_excluded", "liisa") in actions and ("export_released", "liisa") in actions
    built = next(e for e in _events(rt, ref) if e.action == "export_built")
    assert built.details["excluded"] == {"communication": 1}


def test_erasure_awaiting_approval_needs_confirmation_and_then_reads_in_the_past_tense(live, staff):
    c, csrf = staff
    rt = live.rt
    with rt.db.session() as s:
        p = make_person(s, "eero@example.fi", name="Eero Esimerkki")
        pid = p.id
    ref = make_case(rt, email="eero@example.fi", kind=RequestKind.ERASURE, verified=True, person=p,
                    body="Delete my data.", language="en")
    _verified(rt, ref)
    page = c.get(f"/staff/cases/{ref}?lang=en").text
    assert 'id="approve-form"' in page and 'id="erase-confirm"' in page
    assert 'id="close-form"' not in page  # no "complete" beside "approve"
    assert "Internal note (not sent to the requester)" in page and "Reason sent to the requester" in page
    assert "Will be erased" in page
    r = c.post(f"/staff/cases/{ref}/decide", data={"csrf": csrf, "decision": "approve", "note": "ok"})
    assert r.status_code == 400 and "cannot be undone" in r.text
    with rt.db.session() as s:
        assert s.get(Person, pid).anonymised_at is None
    r = c.post(f"/staff/cases/{ref}/decide", data={"csrf": csrf, "decision": "approve", "note": "checked",
                                                    "confirm": "yes"})
    assert r.status_code == 303
    with rt.db.session() as s:
        assert s.get(Person, pid).anonymised_at is not None
    page = c.get(f"/staff/cases/{ref}?lang=en").text
    assert "Erased (table: rows)" in page and "Will be erased" not in page
    assert 'id="approve-form"' not in page


def test_a_held_staff_reply_says_held_and_why(live, staff):
    c, csrf = staff
    # An address the outbox cannot write as a header (a domain literal): the reply is held.
    ref = make_case(live.rt, email="matti@[192.0.2.1]", language="en")
    r = c.post(f"/staff/cases/{ref}/reply", data={"csrf": csrf, "subject": "Hello", "text": "Hi"},
               follow_redirects=True)
    assert r.status_code == 200
    assert "The reply was NOT sent" in r.text and "held:" in r.text
    assert "Reply queued" not in r.text and "added to the outbox" not in r.text
    [row] = _out(live.rt)
    assert row.state == OutboundState.HELD
    assert "reply_queued" not in [e.action for e in _events(live.rt, ref)]


def test_staff_let_a_dmarc_held_case_proceed(live, staff):
    c, csrf = staff
    rt = live.rt
    with rt.db.session() as s:
        p = make_person(s, "dora@example.fi", name="Dora D")
    ref = make_case(rt, email="dora@example.fi", kind=RequestKind.ACCESS, person=p, flags=["dmarc_fail"],
                    needs_review=True, language="en")
    page = c.get(f"/staff/cases/{ref}?lang=en").text
    assert 'id="proceed-form"' in page and "failed DMARC" in page
    assert c.post(f"/staff/cases/{ref}/proceed", data={"csrf": csrf, "reason": ""}).status_code == 400
    r = c.post(f"/staff/cases/{ref}/proceed", data={"csrf": csrf, "reason": "Phoned her: she sent it"})
    assert r.status_code == 303
    assert _case(rt, ref).status == CaseStatus.AWAITING_VERIFICATION
    [ack] = _out(rt, purpose="acknowledgement")
    assert ack.to_addr == "dora@example.fi"
    ev = next(e for e in _events(rt, ref) if e.action == "dmarc_proceeded")
    assert ev.actor == "liisa" and ev.details["reason"] == "Phoned her: she sent it"
    assert 'id="proceed-form"' not in c.get(f"/staff/cases/{ref}?lang=en").text
    assert c.post(f"/staff/cases/{ref}/proceed", data={"csrf": csrf, "reason": "again"}).status_code == 400


def test_reclassify_to_several_kinds_or_not_a_request_and_the_override_shows(live, staff):
    c, csrf = staff
    rt = live.rt
    ref = make_case(rt, kind=RequestKind.ACCESS, language="en", body="Send me my data and stop the newsletter")
    r = c.post(f"/staff/cases/{ref}/reclassify",
               data={"csrf": csrf, "kind": ["access", "unsubscribe"], "language": "en"})
    assert r.status_code == 303
    ev = next(e for e in _events(rt, ref) if e.action == "reclassified")
    [new_ref] = ev.details["opened"]
    new = _case(rt, new_ref)
    assert new.kind == RequestKind.UNSUBSCRIBE and new.due_date == _case(rt, ref).due_date
    page = c.get(f"/staff/cases/{ref}?lang=en").text
    assert "Changed by liisa from Access to Access, Unsubscribe" in page.replace("access", "Access")
    other = make_case(rt, email="n@example.fi", kind=RequestKind.ERASURE, language="en", body="Nice webinar!")
    r = c.post(f"/staff/cases/{other}/reclassify", data={"csrf": csrf, "kind": ["none", "erasure"]})
    assert r.status_code == 400 and _case(rt, other).status == CaseStatus.RECEIVED
    r = c.post(f"/staff/cases/{other}/reclassify", data={"csrf": csrf, "kind": "none", "language": "en"})
    assert r.status_code == 303
    case = _case(rt, other)
    assert case.status == CaseStatus.REJECTED and case.details["outcome"] == "not_request"
    assert _out(rt, case_id=case.id) == []  # no letter to someone who asked for nothing
    page = c.get(f"/staff/cases/{other}?lang=fi").text
    assert 'id="class-override"' in page and "Ei pyyntö" in page


def test_a_new_reply_raises_the_case_until_staff_open_it(live, staff):
    from bot.cases.service import link_message
    from models import InboundMessage

    c, _ = staff
    rt = live.rt
    older = make_case(rt, email="first@example.fi", days_ago=20)
    ref = make_case(rt, email="later@example.fi", days_ago=1)
    queue = c.get("/staff?lang=en").text
    assert queue.index(older) < queue.index(ref)
    mid = make_inbound(rt, from_addr="later@example.fi", subject=f"Re: [{ref}]", body="One more thing")
    with rt.db.session() as s:
        case = s.exec(select(Case).where(Case.reference == ref)).one()
        link_message(s, rt, case, s.get(InboundMessage, mid), reason="thread")
    queue = c.get("/staff?lang=en").text
    assert queue.index(ref) < queue.index(older) and "new reply" in queue
    page = c.get(f"/staff/cases/{ref}?lang=en").text
    assert "Waiting for staff" in page
    assert "new_reply" not in _case(rt, ref).flags
    assert ("new_reply_seen", "liisa") in [(e.action, e.actor) for e in _events(rt, ref)]
    assert "new reply" not in c.get("/staff?lang=en").text


def test_a_proposed_correction_is_edited_before_approval(live, staff):
    c, csrf = staff
    rt = live.rt
    with rt.db.session() as s:
        p = make_person(s, "kalle@example.fi", name="Kalle K")
        pid = p.id
    ref = make_case(rt, email="kalle@example.fi", kind=RequestKind.CORRECTION, verified=True, person=p,
                    body="My new phone number is +358 50 111 2222.", language="en")
    _verified(rt, ref)
    page = c.get(f"/staff/cases/{ref}?lang=en").text
    assert 'id="correction-form"' in page and "+358 50 111 2222" in page
    r = c.post(f"/staff/cases/{ref}/correction", data={"csrf": csrf, "field_phone": "+358 50 111 3333"})
    assert r.status_code == 303
    assert _case(rt, ref).details["correction"]["proposed"] == {"phone": "+358 50 111 3333"}
    assert ("correction_edited", "liisa") in [(e.action, e.actor) for e in _events(rt, ref)]
    assert c.post(f"/staff/cases/{ref}/decide", data={"csrf": csrf, "decision": "approve",
                                                       "note": "phoned to confirm"}).status_code == 303
    with rt.db.session() as s:
        assert s.get(Person, pid).phone == "+358 50 111 3333"
