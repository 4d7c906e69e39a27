"""A staff member's browser without a browser: httpx with cookies, logging in through the form."""

from __future__ import annotations

import httpx
from bs4 import BeautifulSoup


def form_csrf(html: str) -> str:
    tag = BeautifulSoup(html, "html.parser").find("input", attrs={"name": "csrf"})
    assert tag is not None, "no CSRF field on the page"
    return str(tag["value"])


def login(base: str, username: str, password: str) -> tuple[httpx.Client, httpx.Response]:
    c = httpx.Client(base_url=base, follow_redirects=False, timeout=20, headers={"Accept-Language": "en"})
    page = c.get("/staff/login")
    r = c.post("/staff/login", data={"csrf": form_csrf(page.text), "username": username,
                                     "password": password, "next": "/staff"})
    return c, r


def staff_client(base: str, username: str, password: str) -> tuple[httpx.Client, str]:
    """Logged in; returns the client and the session's CSRF token (from the queue page)."""
    c, r = login(base, username, password)
    assert r.status_code == 303, r.text[:500]
    page = c.get("/staff")
    assert page.status_code == 200
    return c, form_csrf(page.text)
