"""The case page by status in real headless Chromium (issue 16): an erasure awaiting approval
offers approve/reject only, and the browser will not submit the erasure until it is confirmed;
a completed erasure reads in the past tense with nothing left to approve; a restriction shows its
ground, its follow-up and the lift, whose notice is queued before the restriction ends.
Screenshots at 1280x800 and 390x844 go to docs/screenshots/ with BOT_SCREENSHOTS_DIR set."""

from __future__ import annotations

import re

from sqlmodel import select

from handlers import get_handler
from models import Case, CaseEvent, OutboundMessage, Person, RequestKind
from tests.register.factories import make_person
from tests.web.factories import make_case, make_staff
from tests.web.test_browser import _sign_in, browser, expect, shots  # noqa: F401  (fixtures)

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}


def _verified(rt, ref: str) -> None:
    with rt.db.session() as s:
        case = s.exec(select(Case).where(Case.reference == ref)).one()
        get_handler(case.kind).on_verified(s, rt, case)


def _snap(browser, ctx, url: str, anchor: str, shots, name: str) -> None:  # noqa: F811
    """Desktop (English) and phone (Finnish) views of the page, scrolled to `anchor`."""
    if not shots:
        return
    page = ctx.new_page()
    page.goto(url + "?lang=en")
    page.locator(anchor).evaluate("e => e.scrollIntoView({block: 'start'})")
    page.screenshot(path=str(shots / f"{name}.png"))
    phone = browser.new_context(locale="fi-FI", viewport=PHONE, storage_state=ctx.storage_state())
    p2 = phone.new_page()
    p2.goto(url + "?lang=fi")
    p2.locator(anchor).evaluate("e => e.scrollIntoView({block: 'start'})")
    p2.screenshot(path=str(shots / f"{name}-phone.png"))
    phone.close()
    page.close()
    for n in (name, f"{name}-phone"):
        size = (shots / f"{n}.png").stat().st_size
        assert 10_000 < size < 300_000, (n, size)


def test_erasure_awaiting_approval_then_completed(live, browser, shots):  # noqa: F811
    rt = live.rt
    make_staff(rt)
    with rt.db.session() as s:
        p = make_person(s, "maija.makinen@example.fi", name="Maija Mäkinen")
        pid = p.id
    ref = make_case(rt, email="maija.makinen@example.fi", person=p, kind=RequestKind.ERASURE, verified=True,
                    subject="Tietojen poisto", body="Hei, pyydän poistamaan kaikki tietoni. Terveisin Maija")
    _verified(rt, ref)
    ctx = browser.new_context(locale="en-GB", viewport=DESKTOP)
    page = ctx.new_page()
    _sign_in(page, live.url)
    page.goto(f"{live.url}/staff/cases/{ref}?lang=en")
    expect(page.locator("#case-status")).to_have_text("Awaiting approval")
    expect(page.locator("#waiting-for")).to_contain_text("Waiting for staff")
    expect(page.locator("#close-form")).to_have_count(0)  # no "complete" beside "approve"
    expect(page.locator("#erase-h")).to_have_text("Will be erased (table: rows)")
    _snap(browser, ctx, f"{live.url}/staff/cases/{ref}", "#next-step", shots, "case-erasure-approval")

    page.locator("#approve-note").fill("Identity verified; nothing to keep beyond the invoices.")
    page.get_by_role("button", name="Erase the data").click()  # not confirmed: the browser stops it
    expect(page.locator("#case-status")).to_have_text("Awaiting approval")
    with rt.db.session() as s:
        assert s.get(Person, pid).anonymised_at is None
    page.locator("#erase-confirm").check()
    page.get_by_role("button", name="Erase the data").click()
    expect(page.locator("#done")).to_contain_text("Approved")
    expect(page.locator("#erase-h")).to_have_text("Erased (table: rows)")
    expect(page.get_by_text("Will be erased")).to_have_count(0)
    expect(page.locator("#approve-form")).to_have_count(0)
    with rt.db.session() as s:
        assert s.get(Person, pid).anonymised_at is not None
        # the processors still have to confirm, so the case waits; staff tick them off
        from handlers.processors import mark_done
        from models import ProcessorTask

        for t in s.exec(select(ProcessorTask)).all():
            mark_done(s, rt, t, actor="liisa")
    page.goto(f"{live.url}/staff/cases/{ref}?lang=en")
    expect(page.locator("#case-status")).to_have_text("Completed")
    expect(page.locator("#waiting-for")).to_contain_text("Closed")
    expect(page.locator("#reopen-form")).to_be_visible()
    expect(page.locator("#erase-h")).to_have_text("Erased (table: rows)")
    _snap(browser, ctx, f"{live.url}/staff/cases/{ref}", "#facts-h", shots, "case-erasure-completed")
    fi = ctx.new_page()
    fi.goto(f"{live.url}/staff/cases/{ref}?lang=fi")
    expect(fi.locator("#erase-h")).to_have_text("Poistettu (taulu: rivejä)")
    ctx.close()


def test_restriction_ground_follow_up_and_lift(live, browser, shots):  # noqa: F811
    rt = live.rt
    make_staff(rt)
    with rt.db.session() as s:
        p = make_person(s, "rita.rajala@example.fi", name="Rita Rajala")
        pid = p.id
    ref = make_case(rt, email="rita.rajala@example.fi", person=p, kind=RequestKind.RESTRICTION, verified=True,
                    language="en", subject="Restrict processing",
                    body="My phone number in your register is wrong. Restrict the processing until you check it.")
    _verified(rt, ref)
    ctx = browser.new_context(locale="en-GB", viewport=DESKTOP)
    page = ctx.new_page()
    _sign_in(page, live.url)
    page.goto(f"{live.url}/staff/cases/{ref}?lang=en")
    expect(page.locator("#restriction-ground")).to_have_text("a) accuracy contested")
    expect(page.locator("#restriction-followup")).to_contain_text("Check the accuracy")
    expect(page.locator("#restriction-followup")).to_contain_text(re.compile(r"due \d{1,2}\.\d{1,2}\.\d{4}"))
    expect(page.locator("#waiting-for")).to_contain_text("Waiting for processors")
    _snap(browser, ctx, f"{live.url}/staff/cases/{ref}", "#next-step", shots, "case-restriction")

    page.locator("#followup-result").fill("Checked with sales: the number on file is right.")
    page.get_by_role("button", name="Record as done").click()
    expect(page.locator("#done")).to_contain_text("Follow-up recorded")
    page.locator("#lift-reason").fill("We checked the number: it is correct.")
    page.get_by_role("button", name="Lift the restriction").click()  # not confirmed: stopped
    with rt.db.session() as s:
        assert s.get(Person, pid).restricted
    page.locator("#lift-confirm").check()
    page.get_by_role("button", name="Lift the restriction").click()
    expect(page.locator("#done")).to_contain_text("the restriction was lifted")
    expect(page.locator("#lifted")).to_contain_text("by liisa")
    with rt.db.session() as s:
        assert not s.get(Person, pid).restricted
        notice = s.exec(select(OutboundMessage).where(OutboundMessage.purpose == "restriction_lift")).one()
        ev = s.exec(select(CaseEvent).where(CaseEvent.action == "restriction_lifted")).one()
    assert ev.actor == "liisa" and ev.details["notice_outbound_id"] == notice.id
    ctx.close()
