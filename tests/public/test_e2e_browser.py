"""Issue 15 end to end: the whole bot (`bot.app.run`: SMTP server, worker, outbox to a Maildir,
web server) with mail sent over SMTP and the requester's pages driven in real headless Chromium
with JavaScript OFF, in Finnish and in English or Swedish.

Stories: an unclear message → a case waiting for the requester with its due date → the choice
form → the chosen cases with their identity flow; the same answered by mail ("1 ja 3"); a
doubtful unsubscribe asks and does nothing until Yes, and staff's undo restores consents and
suppression as they were; a reply in a closed case's thread lands on it; the request form from
submission to confirmed cases, then the status page and a withdrawal; a form for an address not
on file gets the neutral path. Screenshots (phone 390x844 and desktop 1280x800) of the choice
form, the request form and the status page land in docs/screenshots/ when
BOT_SCREENSHOTS_DIR=docs/screenshots is set.
"""

from __future__ import annotations

import asyncio
import os
import re
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import select

from bot.app import run
from bot.classify import Classification
from bot.register.suppression import is_suppressed
from bot.runtime import Runtime
from bot.runtime.clock import FixedClock
from models import Case, CaseMessage, CaseStatus, Consent, OutboundMessage, RequestKind
from tests.cases.factories import add_person, raw_mail, wait_for
from tests.cases.test_e2e import maildir, send, text
from tests.web.factories import PASSWORD, make_staff

async_api = pytest.importorskip("playwright.async_api")

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("PLAYWRIGHT_CHROMIUM_EXECUTABLE", "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
NOW = datetime(2026, 3, 5, 8, 0, tzinfo=UTC)  # due 7.4.2026
ME = "matti.meikalainen@example.fi"
STRANGER = "ingen.kand@example.se"
UNCLEAR = "Mitä teillä on minusta?"
# A support question that still matches an unsubscribe rule (the issue's own example, "how do I delete
# a former employee's user account", is no request at all for the issue-14 classifier).
SUPPORT = "Miten saan uutiskirjeen lähetykset loppumaan kaikille käyttäjillemme?"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}


@pytest.fixture
def shots(settings, tmp_path) -> Path | None:  # type: ignore[no-untyped-def]
    if not settings.database.url.startswith("sqlite"):
        return None
    target = Path(os.environ.get("BOT_SCREENSHOTS_DIR") or tmp_path)
    target = target if target.is_absolute() else ROOT / target
    target.mkdir(parents=True, exist_ok=True)
    return target


@pytest.fixture
async def bot(rt: Runtime, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[Runtime]:
    if not Path(CHROMIUM).exists():
        pytest.skip(f"no Chromium at {CHROMIUM}")
    from bot.pipeline import router

    real = router.classify

    def classify(rt_: Runtime, parsed: Any) -> Classification:
        """The real classifier; the one 'unclear' story's message is pinned as a guess the
        classifier flags for review with no rule behind it (the classifier itself may learn
        to read it), so the story does not hang on the model's current weights."""
        got = real(rt_, parsed)
        if UNCLEAR in (parsed.new_text or ""):
            return Classification(language="fi", reply_language="fi", kinds=["access"],
                                  scores={"access": 0.41}, reasons=["textcat:access=0.41"], needs_review=True)
        return got

    monkeypatch.setattr(router, "classify", classify)
    rt.clock = FixedClock(NOW)
    rt.settings.scheduler.enabled = False
    with rt.db.session() as s:
        me = add_person(s, ME)
        s.add(Consent(person_id=me.id, purpose="newsletter", status="granted", at=NOW))  # type: ignore[arg-type]
        s.add(Consent(person_id=me.id, purpose="events", status="granted", at=NOW))  # type: ignore[arg-type]
    stop = asyncio.Event()
    task = asyncio.create_task(run(rt, stop))
    await wait_for(lambda: "smtp" in rt.ports and "web" in rt.ports)
    yield rt
    stop.set()
    assert await task == 0


@pytest.fixture
async def chromium() -> AsyncIterator[Any]:
    pw = await async_api.async_playwright().start()
    b = await pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
    yield b
    await b.close()
    await pw.stop()


async def page_in(browser: Any, locale: str, viewport: dict[str, int] = DESKTOP) -> Any:
    ctx = await browser.new_context(locale=locale, java_script_enabled=False, viewport=viewport)
    return await ctx.new_page()


def base(rt: Runtime) -> str:
    return f"http://127.0.0.1:{rt.ports['web']}"


def path_in(body: str, prefix: str) -> str:
    m = re.search(rf"https?://\S+?(/{prefix}/[A-Za-z0-9_.\-]+)", body)
    assert m, body
    return m.group(1)


async def letter(rt: Runtime, to: str, subject_has: str, n: int = 1) -> Any:
    """The n-th letter to `to` whose subject has `subject_has`, once the outbox delivered it."""
    def find() -> Any:
        got = [m for m in maildir(rt) if to in str(m["To"]) and subject_has in str(m["Subject"])]
        return got[n - 1] if len(got) >= n else None
    return await wait_for(find)


def cases(rt: Runtime) -> list[Case]:
    with rt.db.session() as s:
        return list(s.exec(select(Case).order_by(Case.id)).all())  # type: ignore[arg-type]


def consents(rt: Runtime) -> list[tuple[str, str, object]]:
    with rt.db.session() as s:
        return [(c.purpose, c.status, c.withdrawn_at) for c in s.exec(select(Consent).order_by(Consent.id))]  # type: ignore[arg-type]


async def shoot(page: Any, browser: Any, shots: Path | None, name: str, locale: str) -> None:
    """The page as it is, on a desktop and on a phone (a second context at the same URL)."""
    if shots is None:
        return
    await page.screenshot(path=str(shots / f"{name}.png"))
    phone = await page_in(browser, locale, PHONE)
    await phone.goto(page.url)
    await phone.screenshot(path=str(shots / f"{name}-phone.png"), full_page=True)
    await phone.context.close()


async def test_unclear_mail_asks_and_the_choice_form_opens_the_chosen_cases(bot: Runtime, chromium: Any,
                                                                             shots: Path | None) -> None:
    await send(bot, raw_mail(frm=ME, subject="Kysymys", body=UNCLEAR, message_id="<u1@example.fi>"))
    ask = await letter(bot, ME, "Kysymys")
    [case] = cases(bot)
    assert case.status == CaseStatus.AWAITING_REQUESTER and case.needs_review and "unclear" in case.flags
    assert case.due_date.isoformat() == "2026-04-07"  # from arrival, while we ask
    assert "7.4.2026" in text(ask) and "/s/" in text(ask)  # the due date, and the status page
    page = await page_in(chromium, "fi-FI")
    await page.goto(base(bot) + path_in(text(ask), "c"))
    await async_api.expect(page.get_by_role("heading", name="Mitä haluat meidän tekevän?")).to_be_visible()
    assert cases(bot)[0].status == CaseStatus.AWAITING_REQUESTER  # opening the link changes nothing
    await shoot(page, chromium, shots, "choice-form", "fi-FI")
    await page.get_by_label("Haluan nähdä tietoni").check()
    await page.get_by_label("Poistakaa tietoni").check()
    await page.get_by_role("button", name="Lähetä").click()
    await async_api.expect(page.get_by_role("heading", name="Kiitos vastauksestasi")).to_be_visible()
    got = cases(bot)
    assert sorted(c.kind for c in got) == [RequestKind.ACCESS, RequestKind.ERASURE]
    assert all(c.status == CaseStatus.AWAITING_VERIFICATION and c.due_date == case.due_date for c in got)
    # The identity flow goes on: the challenge goes to the address on file; its link verifies.
    ack = await letter(bot, ME, "Kysymys", 2)
    await page.goto(base(bot) + path_in(text(ack), "v"))
    await page.get_by_role("button", name="Vahvista").click()
    await wait_for(lambda: all(c.verified_at for c in cases(bot)))


async def test_unclear_mail_answered_by_mail(bot: Runtime) -> None:
    await send(bot, raw_mail(frm=ME, subject="Kysymys", body=UNCLEAR, message_id="<u2@example.fi>"))
    ask = await letter(bot, ME, "Kysymys")
    await send(bot, raw_mail(frm=ME, subject=str(ask["Subject"]), body="1 ja 3",
                             headers={"In-Reply-To": str(ask["Message-ID"]),
                                      "References": f"<u2@example.fi> {ask['Message-ID']}"}))
    await wait_for(lambda: len(cases(bot)) == 2)
    got = {c.kind: c for c in cases(bot)}
    assert set(got) == {RequestKind.UNSUBSCRIBE, RequestKind.CORRECTION}
    assert got[RequestKind.UNSUBSCRIBE].status == CaseStatus.COMPLETED
    assert got[RequestKind.CORRECTION].status == CaseStatus.AWAITING_VERIFICATION
    with bot.db.session() as s:
        assert is_suppressed(s, ME)


async def test_doubtful_unsubscribe_waits_for_yes_and_staff_undo_restores_everything(
        bot: Runtime, chromium: Any) -> None:
    before = consents(bot)
    await send(bot, raw_mail(frm=ME, subject="Käyttäjätili", body=SUPPORT))
    ask = await letter(bot, ME, "Käyttäjätili")
    [case] = cases(bot)
    assert case.status == CaseStatus.AWAITING_REQUESTER and "unsubscribe_unconfirmed" in case.flags
    assert consents(bot) == before
    page = await page_in(chromium, "en-GB")
    await page.goto(base(bot) + path_in(text(ask), "c"))
    await async_api.expect(page.get_by_role("heading", name="Do you want to stop receiving marketing from us?")).to_be_visible()
    await asyncio.sleep(0.2)
    assert consents(bot) == before and cases(bot)[0].status == CaseStatus.AWAITING_REQUESTER
    await page.get_by_role("button", name="Yes").click()
    await async_api.expect(page.get_by_text("We will send you no more marketing.")).to_be_visible()
    assert all(st == "withdrawn" for _, st, _ in consents(bot))
    with bot.db.session() as s:
        assert is_suppressed(s, ME)
    # Staff undo it on the case page (the real staff form with its CSRF field).
    from tests.web.client import staff_client

    make_staff(bot)
    bot.clock = FixedClock(datetime.now(UTC))  # the login form's own clock
    client, csrf = await asyncio.to_thread(staff_client, base(bot), "liisa", PASSWORD)
    r = await asyncio.to_thread(client.post, f"/staff/cases/{case.reference}/undo", data={"csrf": csrf, "note": ""})
    assert r.status_code in (200, 303), r.text[:300]
    assert consents(bot) == before
    with bot.db.session() as s:
        assert not is_suppressed(s, ME)


async def test_a_reply_in_a_closed_cases_thread_lands_on_it(bot: Runtime) -> None:
    await send(bot, raw_mail(frm=ME, subject="Uutiskirje", body="Haluan perua uutiskirjeen tilauksen."))
    done = await letter(bot, ME, "Uutiskirje")
    [case] = cases(bot)
    assert case.status == CaseStatus.COMPLETED
    await send(bot, raw_mail(frm=ME, subject=str(done["Subject"]), body="En pyytänyt tätä! Miksi teitte näin?",
                             headers={"In-Reply-To": str(done["Message-ID"])}))
    await wait_for(lambda: cases(bot)[0].status != CaseStatus.COMPLETED)
    [again] = cases(bot)
    assert again.status == CaseStatus.IN_PROGRESS and "new_reply" in again.flags and again.needs_review
    with bot.db.session() as s:
        assert len(s.exec(select(CaseMessage).where(CaseMessage.case_id == case.id)).all()) == 2


async def test_the_request_form_to_confirmed_cases_then_status_page_and_withdrawal(
        bot: Runtime, chromium: Any, shots: Path | None) -> None:
    page = await page_in(chromium, "fi-FI")
    await page.goto(base(bot) + "/request")
    await async_api.expect(page.get_by_role("heading", name="Tietosuojapyyntö")).to_be_visible()
    await shoot(page, chromium, shots, "request-form", "fi-FI")
    # Sent empty: the errors are named at the top and tied to their fields.
    await page.get_by_role("button", name="Lähetä pyyntö").click()
    await async_api.expect(page.get_by_role("alert")).to_contain_text("Valitse vähintään yksi vaihtoehto.")
    await async_api.expect(page.get_by_label("Sähköpostiosoitteesi")).to_have_attribute("aria-invalid", "true")
    await page.get_by_label("Näyttäkää tietoni").check()
    await page.get_by_label("Poistakaa tietoni").check()
    await page.get_by_label("Sähköpostiosoitteesi").fill(ME)
    await page.get_by_role("button", name="Lähetä pyyntö").click()
    await async_api.expect(page.get_by_role("heading", name="Katso sähköpostisi")).to_be_visible()
    assert cases(bot) == []
    mail = await letter(bot, ME, "Vahvista tietosuojapyyntösi")
    await page.goto(base(bot) + path_in(text(mail), "request/confirm"))
    await async_api.expect(page.get_by_text(ME)).to_be_visible()
    assert cases(bot) == []  # the link's page changes nothing
    await page.get_by_role("button", name="Vahvista pyyntö").click()
    await async_api.expect(page.get_by_role("heading", name="Pyyntösi on kirjattu")).to_be_visible()
    got = {c.kind: c for c in cases(bot)}
    assert set(got) == {RequestKind.ACCESS, RequestKind.ERASURE}
    assert all(c.verified_at is not None and c.due_date.isoformat() == "2026-04-07" for c in got.values())
    # The confirmation page links to the next step: the status page.
    await page.get_by_role("link", name="Avaa pyyntösi tilasivu").click()
    await async_api.expect(page.get_by_role("heading", name="Pyyntösi tila")).to_be_visible()
    erasure = got[RequestKind.ERASURE]
    await async_api.expect(page.get_by_text(erasure.reference, exact=True)).to_be_visible()
    await letter(bot, ME, "Vastaanotimme")  # the acknowledgement left: it shows among the letters
    await page.reload()
    await async_api.expect(page.get_by_text("Vastaanotimme tietosuojapyyntösi").first).to_be_visible()
    await shoot(page, chromium, shots, "status-page", "fi-FI")
    await page.locator(f'article[aria-labelledby="ref-{erasure.reference}"] summary').click()
    await page.get_by_role("button", name=f"Kyllä, peru pyyntö {erasure.reference}").click()
    await async_api.expect(page.get_by_role("status")).to_contain_text(f"Pyyntö {erasure.reference} on peruttu")
    with bot.db.session() as s:
        assert s.get(Case, erasure.id).status == CaseStatus.WITHDRAWN  # type: ignore[union-attr]
        assert s.exec(select(OutboundMessage).where(OutboundMessage.purpose == "outcome_withdrawn")).first()
    await letter(bot, ME, erasure.reference, 1)


async def test_a_form_for_an_address_not_on_file_gets_the_neutral_path(bot: Runtime, chromium: Any) -> None:
    page = await page_in(chromium, "sv-SE")
    await page.goto(base(bot) + "/request")
    await page.get_by_label("Visa mina uppgifter").check()
    await page.get_by_label("Din e-postadress").fill(STRANGER)
    await page.get_by_role("button", name="Skicka begäran").click()
    await async_api.expect(page.get_by_role("heading", name="Titta i din e-post")).to_be_visible()
    mail = await letter(bot, STRANGER, "Bekräfta din begäran om dataskydd")
    await page.goto(base(bot) + path_in(text(mail), "request/confirm"))
    await page.get_by_role("button", name="Bekräfta begäran").click()
    await async_api.expect(page.get_by_role("heading", name="Din begäran är registrerad")).to_be_visible()
    [case] = cases(bot)
    assert case.person_id is None and case.verified_at is None and "requester_not_in_register" in case.flags
    neutral = await letter(bot, STRANGER, case.reference)
    assert "/v/" not in text(neutral)  # no challenge for an address not on file
