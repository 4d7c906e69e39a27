"""The staff web and the public pages against the attacks of issue 12 (D5, D6, the login), over
real HTTP: links and redirects never leave the site, HTTPS is pinned, and the login tells a
stranger nothing about which accounts exist or are locked."""

from __future__ import annotations

import httpx
from bs4 import BeautifulSoup

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
