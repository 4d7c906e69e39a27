"""Real headless Chromium: the figures page, a person's page, a case's audit trail, the queue's
count cards and the Finnish access report (report.html), on a desktop (1280x800) and a phone
(390x844). Screenshots land in docs/screenshots/ when asked (BOT_SCREENSHOTS_DIR, see
test_browser.py's `shots`)."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import timedelta

import pytest
from sqlmodel import select

from bot.cases.audit import add_event
from bot.cases.service import set_status
from bot.register.exporter import build_export
from models import ActorType, Case, CaseStatus, Consent, RequestKind
from tests.register.factories import make_person
from tests.web.factories import PASSWORD, make_case, make_staff
from tests.web.test_browser import browser, shots  # noqa: F401  (fixtures)

sync_api = pytest.importorskip("playwright.sync_api")
expect = sync_api.expect
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}


def _sign_in_fi(page, base: str) -> None:
    page.goto(f"{base}/staff/login?lang=fi")
    page.get_by_label("Käyttäjätunnus").fill("liisa")
    page.get_by_label("Salasana").fill(PASSWORD)
    page.get_by_role("button", name="Kirjaudu sisään").click()
    expect(page.get_by_role("heading", name="Tietosuojapyynnöt")).to_be_visible()


def _seed(rt) -> tuple[str, int]:
    """A year of requests (some the bot handled alone, some staff), and one person's history."""
    now = rt.clock.now()
    kinds = [RequestKind.UNSUBSCRIBE, RequestKind.ACCESS, RequestKind.ERASURE, RequestKind.CORRECTION]
    for i in range(14):
        ref = make_case(rt, email=f"p{i}@example.fi", kind=kinds[i % 4], language="sv" if i % 5 == 0 else "fi",
                        days_ago=20 + i * 21, body=f"Pyyntö {i}")
        with rt.db.session() as s:
            c = s.exec(select(Case).where(Case.reference == ref)).one()
            rt_clock_then = c.received_at + timedelta(days=3 + i % 4 * 9)
            if i % 3:
                ev = add_event(s, rt, c, "note", actor_type=ActorType.STAFF, actor="liisa", details={"text": "ok"})
                ev.at = rt_clock_then
            set_status(s, rt, c, CaseStatus.COMPLETED)
            c.closed_at = rt_clock_then
            s.add(c)
    with rt.db.session() as s:
        p = make_person(s, "kaisa.makela@example.fi", name="Kaisa Mäkelä", organisation="Esimerkki Oy")
        pid = p.id
        s.add(Consent(person_id=pid, email_normalized="kaisa.makela@example.fi", purpose="marketing",
                      status="withdrawn", at=now - timedelta(days=30), withdrawn_at=now - timedelta(days=2)))
    ref = make_case(rt, email="kaisa.makela@example.fi", kind=RequestKind.ERASURE, days_ago=2,
                    subject="Poistakaa tietoni", body="Poistakaa kaikki tietoni.", verified=True,
                    tasks=("HubSpot Inc.",))
    with rt.db.session() as s:
        c = s.exec(select(Case).where(Case.reference == ref)).one()
        c.person_id = pid
        s.add(c)
        add_event(s, rt, c, "note", actor_type=ActorType.STAFF, actor="liisa",
                  details={"text": "Soitin Kaisalle, henkilöllisyys varmistettu puhelimessa."})
        add_event(s, rt, c, "approved", actor_type=ActorType.STAFF, actor="dpo",
                  details={"reason": "henkilöllisyys varmennettu"})
    return ref, pid


def _shoot(page, target, name: str) -> None:
    if target:
        page.screenshot(path=str(target / f"{name}.png"))
        assert 5_000 < (target / f"{name}.png").stat().st_size < 150_000, name


def test_figures_person_trail_and_count_cards_in_chromium(live, browser, shots) -> None:  # noqa: F811
    make_staff(live.rt)
    ref, pid = _seed(live.rt)
    ctx = browser.new_context(locale="fi-FI", viewport=DESKTOP)
    page = ctx.new_page()
    _sign_in_fi(page, live.url)

    # the queue's count cards are links to their views
    page.locator("#card-approval").click()
    expect(page).to_have_url(re.compile(r"view=approval"))
    expect(page.locator("#view-note")).to_contain_text("Odottaa hyväksyntää")

    year = live.rt.clock.now().year
    page.get_by_role("link", name="Luvut").click()
    expect(page.get_by_role("heading", name=f"Tietosuojapyynnöt luvuin {year}")).to_be_visible()
    expect(page.locator("svg.chart")).to_be_visible()
    expect(page.locator("#by-handling")).to_contain_text("automaattisesti")
    total = int(page.locator("#fig-total").inner_text())
    assert total >= 10
    auto, staff = (int(x) for x in page.locator("#by-handling tbody tr").first.locator("td").all_inner_texts())
    assert auto + staff == total and auto >= 1 and staff >= 1
    _shoot(page, shots, "figures")

    page.goto(f"{live.url}/staff/people/{pid}")
    expect(page.get_by_role("heading", name=re.compile("Kaisa Mäkelä"))).to_be_visible()
    expect(page.locator("main")).to_contain_text(ref)
    _shoot(page, shots, "person")

    page.goto(f"{live.url}/staff/cases/{ref}")
    timeline = page.locator("#timeline")
    expect(timeline).to_contain_text("liisa kirjoitti muistiinpanon")
    expect(timeline).to_contain_text("dpo hyväksyi poiston: henkilöllisyys varmennettu")
    raw = timeline.locator("details.raw").last
    raw.locator("summary").click()
    expect(raw.locator("pre")).to_contain_text('"action": "approved"')
    page.locator("#tl-h").evaluate("h => h.scrollIntoView()")
    _shoot(page, shots, "trail")

    phone = browser.new_context(locale="fi-FI", viewport=PHONE, storage_state=ctx.storage_state())
    p2 = phone.new_page()
    for path, name in (("/staff/figures?lang=fi", "figures-phone"), (f"/staff/people/{pid}", "person-phone"),
                       (f"/staff/cases/{ref}", "trail-phone")):
        p2.goto(live.url + path)
        if name == "trail-phone":
            p2.locator("#tl-h").evaluate("h => h.scrollIntoView()")
        # readable on a phone: nothing wider than the screen
        assert p2.evaluate("document.documentElement.scrollWidth") <= PHONE["width"] + 1, name
        _shoot(p2, shots, name)
    phone.close()
    ctx.close()


def test_the_finnish_access_report_in_chromium(rt, browser, shots, tmp_path) -> None:  # noqa: F811
    with rt.db.session() as s:
        me = make_person(s, "matti@example.fi")
        path, _ = build_export(s, rt, me, language="fi", reference="PR-2026-00042", dest_dir=tmp_path)
    html = tmp_path / "report.html"
    html.write_bytes(zipfile.ZipFile(io.BytesIO(path.read_bytes())).read("report.html"))
    for viewport, name in ((DESKTOP, "report-fi"), (PHONE, "report-fi-phone")):
        ctx = browser.new_context(locale="fi-FI", viewport=viewport, java_script_enabled=False)
        page = ctx.new_page()
        page.goto(html.as_uri())
        expect(page.get_by_role("heading", name="Tietosi rekisterissämme")).to_be_visible()
        expect(page.get_by_role("heading", name="Käsittelyn tarkoitukset")).to_be_visible()
        text = page.locator("body").inner_text()
        assert "annettu" in text and "Ei tietoja." in text and "Asiakassuhteiden hoitaminen" in text
        assert not re.search(r"\d{4}-\d{2}-\d{2}", text) and "granted" not in text
        page.get_by_role("heading", name="Suostumukset ja markkinointikiellot").evaluate("h => h.scrollIntoView()")
        _shoot(page, shots, name)
        ctx.close()
