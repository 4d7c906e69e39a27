"""The verification page in a real browser: the GET shows a button and verifies nothing; the click does."""

from __future__ import annotations

import os
from datetime import timedelta

import pytest
from sqlmodel import select

from bot.cases.service import open_case
from bot.runtime import Runtime
from handlers.verification import start_challenge
from models import Case, CaseStatus, OutboundMessage, RequestKind
from tests.cases.factories import add_person

sync_api = pytest.importorskip("playwright.sync_api")
CHROMIUM = os.environ.get("PLAYWRIGHT_CHROMIUM_EXECUTABLE", "/usr/bin/chromium")


def _challenge(rt: Runtime) -> tuple[str, str]:
    with rt.db.session() as s:
        p = add_person(s, "matti@example.fi")
        case = open_case(s, rt, kind=RequestKind.ACCESS, requester_email="matti@example.fi",
                         language="fi", received_at=rt.clock.now(), person=p,
                         status=CaseStatus.AWAITING_VERIFICATION)
        token, _code = start_challenge(s, rt, [case], "matti@example.fi")
        return token, case.reference


def _status(rt: Runtime, reference: str) -> CaseStatus:
    with rt.db.session() as s:
        return s.exec(select(Case).where(Case.reference == reference)).one().status


def test_confirm_button_verifies_the_case(live) -> None:  # type: ignore[no-untyped-def]
    rt = live.rt
    token, ref = _challenge(rt)
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True)
        page = browser.new_page(locale="fi-FI")
        resp = page.goto(f"{live.url}/v/{token}")
        assert resp is not None and resp.status == 200
        assert page.get_by_role("heading", name="Vahvista pyyntösi").is_visible()
        assert ref in page.content()
        assert _status(rt, ref) == CaseStatus.AWAITING_VERIFICATION  # looking is not confirming
        page.get_by_role("button", name="Vahvista").click()
        page.wait_for_selector("text=Kiitos, pyyntö on vahvistettu")
        # verified, and the access handler then delivered the export at once
        assert _status(rt, ref) == CaseStatus.COMPLETED
        # The same link again: already confirmed, nothing happens twice.
        page.goto(f"{live.url}/v/{token}?lang=en")
        assert "already been confirmed" in page.content()
        browser.close()
    with rt.db.session() as s:
        # The confirmation, then the access handler's reply with the download link.
        assert [o.purpose for o in s.exec(select(OutboundMessage)).all()] == ["verified", "final_access"]


def test_an_expired_link_says_so(live) -> None:  # type: ignore[no-untyped-def]
    from bot.runtime.clock import FixedClock

    rt = live.rt
    rt.clock = FixedClock(rt.clock.now())
    token, ref = _challenge(rt)
    rt.clock.advance(timedelta(days=rt.settings.identity.challenge_days, seconds=1))
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True)
        page = browser.new_page(locale="en-GB")
        resp = page.goto(f"{live.url}/v/{token}")
        assert resp is not None and resp.status == 410
        assert "expired" in page.content()
        browser.close()
    assert _status(rt, ref) == CaseStatus.AWAITING_VERIFICATION
