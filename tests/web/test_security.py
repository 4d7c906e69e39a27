"""The staff web and the public pages against the attacks of issue 12 (D5, D6, the login), over
real HTTP: links and redirects never leave the site, HTTPS is pinned, and the login tells a
stranger nothing about which accounts exist or are locked."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from urllib.parse import urljoin, urlsplit

import httpx
from bs4 import BeautifulSoup
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st
from sqlmodel import select

from bot.runtime.clock import FixedClock
from bot.web.pages import site_path
from bot.web.staff.auth import safe_next
from models import StaffUser
from tests.web.client import form_csrf, login
from tests.web.factories import PASSWORD, make_staff


def _links(html: str) -> list[str]:
    return [str(a["href"]) for a in BeautifulSoup(html, "html.parser").find_all("a", href=True)]


def test_a_404_for_a_double_slash_path_links_only_to_this_site(live):
    """D5: `GET //evil.test/x` used to offer `//evil.test/x?lang=fi`, a link to another host."""
    for path in ("//evil.test/x", "/\\evil.test/x", "///evil.test/x/../y"):
        r = httpx.get(live.url + path)
        assert r.status_code == 404, path
        hrefs = [h for h in _links(r.text) if "lang=" in h]
        assert len(hrefs) == 3, r.text
        for href in hrefs:
            assert href.startswith("/") and not href.startswith("//") and "\\" not in href, href
            assert httpx.URL(live.url).join(href).host == "127.0.0.1", href


def test_the_login_sends_staff_only_to_paths_under_staff(live):
    """D5: `next=/staff/../..//evil.test/phish` passed the "starts with /staff" check."""
    make_staff(live.rt)
    hostile = ["/staff/../..//evil.test/phish", "/staff/%2e%2e/%2e%2e//evil.test", "//evil.test/staff",
               "/staff/..\\..\\evil.test", "https://evil.test/staff", "/staffevil", "/staff/\t/evil"]
    for target in hostile:
        c = httpx.Client(base_url=live.url, follow_redirects=False, timeout=20)
        page = c.get("/staff/login", params={"next": target})
        value = BeautifulSoup(page.text, "html.parser").find("input", attrs={"name": "next"})["value"]
        assert value == "/staff", (target, value)
        r = c.post("/staff/login", data={"csrf": form_csrf(page.text), "username": "liisa",
                                         "password": PASSWORD, "next": target})
        assert r.status_code == 303 and r.headers["location"] == "/staff", (target, r.headers)
    c = httpx.Client(base_url=live.url, follow_redirects=False, timeout=20)
    page = c.get("/staff/login")
    r = c.post("/staff/login", data={"csrf": form_csrf(page.text), "username": "liisa",
                                     "password": PASSWORD, "next": "/staff/x/../messages?state=failed"})
    assert r.headers["location"] == "/staff/messages?state=failed"


def test_hsts_when_the_site_is_served_over_https(live):
    """D6: Strict-Transport-Security with `secure_cookies` or an https `base_url`, else none
    (a plain-HTTP development server must not pin itself)."""
    web = live.rt.settings.web
    assert "strict-transport-security" not in httpx.get(live.url + "/healthz").headers
    web.secure_cookies = True
    for path in ("/healthz", "/staff/login", "/nowhere", "/static/style.css"):
        assert httpx.get(live.url + path).headers["strict-transport-security"] == "max-age=31536000"
    web.secure_cookies, web.base_url = False, "https://privacy.xcure.fi"
    assert "max-age" in httpx.get(live.url + "/staff/login").headers["strict-transport-security"]


def _answer(r: httpx.Response) -> tuple[int, str]:
    """Status and page, without the form's own fresh CSRF token."""
    return r.status_code, re.sub(r'name="csrf" value="[^"]*"', 'name="csrf"', r.text)


def test_the_login_answers_alike_for_unknown_names_wrong_passwords_and_locked_accounts(live):
    """Issue 12: unknown names got 401 and real ones 423 after five failures, so anyone could
    tell which staff accounts exist. Now one answer for all, whatever the account's state."""
    make_staff(live.rt)
    unknown = _answer(login(live.url, "nobody", "wrong password!!")[1])
    assert unknown[0] == 401
    for _ in range(live.rt.settings.staff.max_failed_logins):
        assert _answer(login(live.url, "liisa", "wrong password!!")[1]) == unknown
    with live.rt.db.session() as s:
        assert s.exec(select(StaffUser)).one().locked_until is not None  # locked by now
    assert _answer(login(live.url, "liisa", "wrong password!!")[1]) == unknown
    assert _answer(login(live.url, "liisa", PASSWORD)[1]) == unknown  # locked: a new browser
    assert _answer(login(live.url, "nobody", "wrong password!!")[1]) == unknown


def test_a_stranger_cannot_lock_staff_out_of_a_browser_that_logged_in_before(live):
    """Issue 12: five wrong passwords from anyone locked the account for everyone. A browser
    that logged in to the account before still gets in with the right password, and that
    clears the lock; strangers stay locked out."""
    make_staff(live.rt)
    mine, r = login(live.url, "liisa", PASSWORD)
    assert r.status_code == 303 and mine.cookies.get("prb_known")
    form = mine.get("/staff")
    assert mine.post("/staff/logout", data={"csrf": form_csrf(form.text)}).status_code == 303
    for _ in range(live.rt.settings.staff.max_failed_logins + 2):
        assert login(live.url, "liisa", "wrong password!!")[1].status_code == 401
    assert login(live.url, "liisa", PASSWORD)[1].status_code == 401  # the stranger, right password
    page = mine.get("/staff/login")
    r = mine.post("/staff/login", data={"csrf": form_csrf(page.text), "username": "liisa",
                                        "password": PASSWORD, "next": "/staff"})
    assert r.status_code == 303 and mine.get("/staff").status_code == 200
    with live.rt.db.session() as s:
        user = s.exec(select(StaffUser)).one()
    assert (user.locked_until, user.failed_logins) == (None, 0)
    # The note is for that account only: it does not open another one's lock.
    make_staff(live.rt, "pekka")
    for _ in range(live.rt.settings.staff.max_failed_logins):
        login(live.url, "pekka", "wrong password!!")
    page = mine.get("/staff/login")
    r = mine.post("/staff/login", data={"csrf": form_csrf(page.text), "username": "pekka",
                                        "password": PASSWORD, "next": "/staff"})
    assert r.status_code == 401


def test_a_client_guessing_many_names_is_throttled_for_a_window(live):
    """Per-client throttling: past `client_max_failures` failures (any names) the client is
    refused unchecked, even with a right password, until its window ends; a browser that
    logged in before is not held up by it."""
    live.rt.clock = FixedClock(datetime.now(UTC))
    cfg = live.rt.settings.staff
    cfg.client_max_failures = 6
    make_staff(live.rt)
    mine, _r = login(live.url, "liisa", PASSWORD)
    for i in range(cfg.client_max_failures):
        assert login(live.url, f"guess{i}", "wrong password!!")[1].status_code == 401
    assert login(live.url, "liisa", PASSWORD)[1].status_code == 401  # this address is throttled
    with live.rt.db.session() as s:
        assert s.exec(select(StaffUser)).one().locked_until is None  # guessing names locks no one
    page = mine.get("/staff/login")
    r = mine.post("/staff/login", data={"csrf": form_csrf(page.text), "username": "liisa",
                                        "password": PASSWORD, "next": "/staff"})
    assert r.status_code == 303
    live.rt.clock.advance(timedelta(minutes=cfg.client_window_minutes, seconds=1))
    assert login(live.url, "liisa", PASSWORD)[1].status_code == 303


@given(st.text(max_size=200))
@hsettings(deadline=None)  # a loaded CI machine, not a slow function
def test_next_and_page_links_never_leave_the_site_whatever_they_are_given(text: str) -> None:
    base = "https://privacy.xcure.fi/staff/login"
    for link in (safe_next(text), safe_next("/staff/" + text), site_path("/" + text), site_path(text)):
        assert link.startswith("/") and not link.startswith("//") and "\\" not in link, link
        assert urlsplit(urljoin(base, link)).netloc == "privacy.xcure.fi", link
    target = urlsplit(urljoin(base, safe_next(text))).path
    assert target == "/staff" or target.startswith("/staff/")
