"""Real headless Chromium (Debian's) against the real server: a staff member logs in, finds a
case, extends it, approves it and sees the replies in the outbox; a Finnish reader unsubscribes
with JavaScript off; forms without CSRF tokens and visitors without a session are refused."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlmodel import select

from bot.runtime.tokens import unsubscribe_token
from models import CaseEvent, OutboundMessage, ProcessorTask, RequestKind, Suppression
from tests.register.factories import make_person
from tests.web.factories import PASSWORD, make_case, make_inbound, make_staff

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("PLAYWRIGHT_CHROMIUM_EXECUTABLE", "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]

sync_api = pytest.importorskip("playwright.sync_api")
expect = sync_api.expect


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        pytest.skip(f"no Chromium at {CHROMIUM} (.ci/run installs it)")
    pw = sync_api.sync_playwright().start()
    b = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
    yield b
    b.close()
    pw.stop()


@pytest.fixture
def shots(settings, tmp_path) -> Path | None:
    """Screenshots are taken on every SQLite run; they land in docs/screenshots/ only when asked
    (`BOT_SCREENSHOTS_DIR=docs/screenshots`), so a test run never dirties the checkout."""
    if not settings.database.url.startswith("sqlite"):
        return None
    target = Path(os.environ.get("BOT_SCREENSHOTS_DIR") or tmp_path)
    target = target if target.is_absolute() else ROOT / target
    target.mkdir(parents=True, exist_ok=True)
    return target


def _sign_in(page, base: str) -> None:
    page.goto(f"{base}/staff")
    expect(page).to_have_url(re.compile(r"/staff/login\?next="))
    page.get_by_label("Username").fill("liisa")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Privacy requests")).to_be_visible()


def _seed_queue(rt) -> str:
    make_case(rt, email="pekka.virtanen@example.fi", kind=RequestKind.ERASURE, days_ago=40,
              subject="Poistakaa tietoni", body="Poistakaa kaikki tietoni rekisteristänne.")
    make_case(rt, email="anna.lindqvist@example.se", kind=RequestKind.ACCESS, language="sv", days_ago=20,
              subject="Registerutdrag", body="Jag vill se vilka uppgifter ni har om mig.")
    make_case(rt, email="john.smith@example.com", kind=RequestKind.CORRECTION, language="en", days_ago=3,
              subject="Wrong phone number", body="Please correct my phone number to +358 40 765 4321.")
    make_inbound(rt, from_addr="newsletter@vendor.example", subject="Webinar invitation", body="Join us",
                 outcome="not_request")
    with rt.db.session() as s:
        person = make_person(s, "maija.makinen@example.fi", name="Maija Mäkinen", organisation="Esimerkki Oy")
    return make_case(rt, email="maija.makinen@example.fi", person=person, kind=RequestKind.ERASURE, days_ago=1,
                     subject="Tietojen poisto", tasks=("HubSpot Inc.", "Google Inc."), verified=True,
                     body="Hei,\n\npyydän poistamaan kaikki tietoni.\n\nTerveisin Maija\n\n"
                          "> Aiempi viesti lainattuna\n",
                     )


def test_staff_finds_extends_and_approves_a_case_and_sees_the_replies(live, browser, shots):
    rt = live.rt
    make_staff(rt)
    ref = _seed_queue(rt)
    ctx = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900})
    page = ctx.new_page()
    _sign_in(page, live.url)
    expect(page.locator("#count-open")).to_have_text("4")
    expect(page.locator("#count-overdue")).to_have_text("1")
    expect(page.locator("tr.overdue")).to_have_count(1)
    if shots:
        page.screenshot(path=str(shots / "queue.png"), full_page=True)

    page.get_by_label("Search (name, address, phone or reference)").fill("maija.makinen@example.fi")
    page.get_by_role("button", name="Show").click()
    expect(page.locator("#queue tbody tr")).to_have_count(1)
    page.get_by_role("link", name=ref).click()
    expect(page.get_by_role("heading", name=re.compile(f"Case {ref}"))).to_be_visible()
    expect(page.locator("#new-text")).to_contain_text("pyydän poistamaan")

    page.locator("#extend-reason").fill("Selvitämme tiedot kolmelta palveluntarjoajalta.")
    page.get_by_role("button", name="Extend the deadline").click()
    expect(page.locator("#done")).to_contain_text("Deadline extended")
    expect(page.locator("#case-due")).to_contain_text("extended to")

    page.get_by_role("button", name="Mark done").first.click()
    expect(page.locator("#done")).to_contain_text("Task marked done")

    page.locator("#approve-note").fill("Identity verified; no legal reason to keep the data.")
    page.locator("#erase-confirm").check()  # erasure is irreversible: confirmed first
    page.get_by_role("button", name="Erase the data").click()
    expect(page.locator("#done")).to_contain_text("Approved")

    page.get_by_role("textbox", name="Message", exact=True).fill("Hei Maija, tietosi on poistettu. Ystävällisin terveisin, Liisa")
    page.get_by_role("button", name="Send").click()
    expect(page.locator("#done")).to_contain_text("Reply queued")
    timeline = page.locator("#timeline")
    expect(timeline.get_by_text("Message out").first).to_be_visible()
    if shots:
        page.screenshot(path=str(shots / "case.png"), full_page=True)
        phone = browser.new_context(locale="fi-FI", viewport={"width": 390, "height": 844},
                                    storage_state=ctx.storage_state())
        p2 = phone.new_page()
        p2.goto(f"{live.url}/staff")
        p2.screenshot(path=str(shots / "queue-phone.png"), full_page=True)
        phone.close()
        assert all((shots / n).stat().st_size > 10_000 for n in ("queue.png", "case.png", "queue-phone.png"))
    ctx.close()

    with rt.db.session() as s:
        events = list(s.exec(select(CaseEvent).where(CaseEvent.actor == "liisa")))
        outbox = list(s.exec(select(OutboundMessage).order_by(OutboundMessage.id)))
        tasks = list(s.exec(select(ProcessorTask).order_by(ProcessorTask.id)))
    actions = [e.action for e in events]
    assert {"extended", "approved", "processor_task_done", "reply_queued"} <= set(actions)
    assert all(e.actor_type == "staff" for e in events)
    assert tasks[0].done_by == "liisa" and tasks[1].done_at is None
    assert [o.to_addr for o in outbox] and {o.to_addr for o in outbox} == {"maija.makinen@example.fi"}
    staff_reply = [o for o in outbox if o.purpose == "staff_reply"]
    assert len(staff_reply) == 1 and ref in staff_reply[0].subject
    raw = staff_reply[0].raw.decode()
    assert "In-Reply-To: <" in raw and "Auto-Submitted" not in raw  # a person wrote it
    assert len(outbox) >= 2  # the extension notice went to the requester too


def test_unsubscribe_page_in_finnish_without_javascript(live, browser):
    token = unsubscribe_token(live.rt.settings, "Matti.Meikalainen@example.fi", "uutiskirje")
    ctx = browser.new_context(locale="fi-FI", java_script_enabled=False)
    page = ctx.new_page()
    page.goto(f"{live.url}/u/{token}")
    expect(page.get_by_role("heading", name="Markkinointiviestien peruutus")).to_be_visible()
    expect(page.get_by_text("ma***n@example.fi")).to_be_visible()
    with live.rt.db.session() as s:
        assert s.exec(select(Suppression)).first() is None  # the visit alone changed nothing
    page.get_by_role("button", name="Peru tilaus").click()
    expect(page.get_by_role("heading", name="Tilaus peruttu")).to_be_visible()
    assert ctx.cookies() == []
    page.get_by_role("link", name="In English").click()  # the switch works on the result page too
    expect(page.get_by_role("heading", name="Unsubscribe from marketing")).to_be_visible()
    ctx.close()
    with live.rt.db.session() as s:
        rows = list(s.exec(select(Suppression)))
    assert [(r.email_normalized, r.list_name, r.source) for r in rows] == [
        ("matti.meikalainen@example.fi", "uutiskirje", "link")]


def test_bad_unsubscribe_link_shows_a_clear_page(live, browser):
    ctx = browser.new_context(locale="fi-FI")
    page = ctx.new_page()
    resp = page.goto(f"{live.url}/u/WyJhQGIuZmkiLCIqIl0.forged")
    assert resp.status == 400
    expect(page.get_by_role("heading", name="Virheellinen linkki")).to_be_visible()
    ctx.close()


def test_forms_without_csrf_and_visitors_without_session_are_refused(live, browser):
    rt = live.rt
    make_staff(rt)
    ref = make_case(rt)
    anon = browser.new_context(locale="en-GB")
    page = anon.new_page()
    page.goto(f"{live.url}/staff/cases/{ref}")
    expect(page).to_have_url(re.compile(r"/staff/login"))
    r = anon.request.post(f"{live.url}/staff/cases/{ref}/note", form={"text": "anonymous", "csrf": "x"})
    assert r.status == 403
    anon.close()

    ctx = browser.new_context(locale="en-GB")
    page = ctx.new_page()
    _sign_in(page, live.url)
    page.goto(f"{live.url}/staff/cases/{ref}")
    r = ctx.request.post(f"{live.url}/staff/cases/{ref}/note", form={"text": "no token"})
    assert r.status == 403
    # A page whose form lost its token (a forged form would have none) is refused too.
    page.evaluate("document.querySelectorAll('form[action$=\"/note\"] input[name=csrf]').forEach(e => e.remove())")
    page.locator("#note-text").fill("sneaky")
    page.get_by_role("button", name="Add note").click()
    expect(page.get_by_role("heading", name="Not allowed")).to_be_visible()
    ctx.close()
    with rt.db.session() as s:
        assert s.exec(select(CaseEvent).where(CaseEvent.action == "note")).first() is None


def test_staff_open_a_missed_request_from_the_other_messages_list(live, browser):
    rt = live.rt
    make_staff(rt)
    with rt.db.session() as s:
        make_person(s, "ville.korhonen@example.fi", name="Ville Korhonen")
    make_inbound(rt, from_addr="Ville Korhonen <ville.korhonen@example.fi>", subject="Kysymys",
                 body="Mitä kaikkea teillä on minusta tallessa? Ja ottakaa minut pois listoilta.",
                 outcome="not_request")
    ctx = browser.new_context(locale="en-GB")
    page = ctx.new_page()
    _sign_in(page, live.url)
    page.get_by_role("link", name="Other messages").click()
    page.get_by_role("link", name="Kysymys").click()
    page.get_by_label("Access").check()
    page.get_by_label("Unsubscribe").check()
    page.get_by_label("Reply language").select_option("fi")
    page.get_by_role("button", name="Open as a request").click()
    expect(page.locator("#done")).to_contain_text("open as a request")
    ref = re.search(r"/staff/cases/([^/?]+)", page.url).group(1)
    ctx.close()
    with rt.db.session() as s:
        out = list(s.exec(select(OutboundMessage)))
        events = list(s.exec(select(CaseEvent).where(CaseEvent.action == "opened_by_staff")))
    # Two cases (access waits for the identity check, unsubscribe is done at once), one reply.
    assert len(events) == 2 and {e.actor for e in events} == {"liisa"}
    assert [o.purpose for o in out] == ["acknowledgement"] and ref in out[0].subject + out[0].raw.decode()
    with rt.db.session() as s:
        assert s.exec(select(Suppression)).first() is not None
