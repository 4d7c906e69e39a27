"""Staff pages over real HTTP: no session, no entry; no CSRF token, no change; lock-out after
repeated failures; logout ends the session on the server; cookies hardened."""

from __future__ import annotations

import httpx
from sqlmodel import select

from models import Case, CaseEvent, StaffUser
from tests.web.client import form_csrf, login, staff_client
from tests.web.factories import PASSWORD, make_case, make_staff


def _events(rt) -> list[str]:
    with rt.db.session() as s:
        return [e.action for e in s.exec(select(CaseEvent).order_by(CaseEvent.id))]


def test_unauthenticated_requests_are_refused(live):
    ref = make_case(live.rt)
    r = httpx.get(f"{live.url}/staff/cases/{ref}")
    assert r.status_code == 303 and r.headers["location"].startswith("/staff/login?next=")
    before = _events(live.rt)
    for action, data in [("note", {"text": "x"}), ("complete", {}), ("extend", {"reason": "r"}),
                         ("decide", {"decision": "reject", "reason": "r"})]:
        r = httpx.post(f"{live.url}/staff/cases/{ref}/{action}", data={**data, "csrf": "guess"})
        assert r.status_code == 403, action
    assert _events(live.rt) == before


def test_posts_without_the_sessions_csrf_token_are_refused(live):
    make_staff(live.rt)
    ref = make_case(live.rt)
    c, csrf = staff_client(live.url, "liisa", PASSWORD)
    before = _events(live.rt)
    assert c.post(f"/staff/cases/{ref}/note", data={"text": "no token"}).status_code == 403
    assert c.post(f"/staff/cases/{ref}/note", data={"text": "bad", "csrf": csrf[:-1] + "x"}).status_code == 403
    r = c.post(f"/staff/cases/{ref}/note", data={"text": "cross-site", "csrf": csrf},
               headers={"Origin": "https://evil.example"})
    assert r.status_code == 403
    assert _events(live.rt) == before
    r = c.post(f"/staff/cases/{ref}/note", data={"text": "checked the register", "csrf": csrf})
    assert r.status_code == 303
    with live.rt.db.session() as s:
        ev = s.exec(select(CaseEvent).where(CaseEvent.action == "note")).one()
    assert ev.actor == "liisa" and ev.actor_type == "staff" and ev.details == {"text": "checked the register"}


def test_login_form_without_its_csrf_token_is_refused(live):
    make_staff(live.rt)
    r = httpx.post(f"{live.url}/staff/login", data={"username": "liisa", "password": PASSWORD})
    assert r.status_code == 403 and "prb_staff" not in r.headers.get("set-cookie", "")


def test_lockout_after_repeated_failures_refuses_even_the_right_password_from_a_new_browser(live):
    make_staff(live.rt)
    n = live.rt.settings.staff.max_failed_logins
    for _ in range(n):
        assert login(live.url, "liisa", "wrong password!!")[1].status_code == 401
    _c, r = login(live.url, "liisa", PASSWORD)  # a fresh client: no note of an earlier login
    assert r.status_code == 401 and "prb_staff" not in r.headers.get("set-cookie", "")
    with live.rt.db.session() as s:
        user = s.exec(select(StaffUser)).one()
    assert user.locked_until is not None and user.locked_until > live.rt.clock.now()


def test_session_cookie_is_hardened_and_logout_ends_it_on_the_server(live):
    make_staff(live.rt)
    c, r = login(live.url, "liisa", PASSWORD)
    cookie = r.headers["set-cookie"]
    assert "prb_staff=" in cookie and "HttpOnly" in cookie and "SameSite=strict" in cookie.replace("Strict", "strict")
    assert "Path=/staff" in cookie
    stolen = c.cookies.get("prb_staff")
    page = c.get("/staff")
    assert page.status_code == 200
    assert c.post("/staff/logout", data={"csrf": form_csrf(page.text)}).status_code == 303
    replay = httpx.get(f"{live.url}/staff", cookies={"prb_staff": stolen})
    assert replay.status_code == 303  # the old cookie is dead, not only deleted in the browser


def test_secure_flag_follows_the_setting(live):
    make_staff(live.rt)
    live.rt.settings.web.secure_cookies = True
    _c, r = login(live.url, "liisa", PASSWORD)
    assert "Secure" in r.headers["set-cookie"]


def test_queue_filters_search_and_counts(live):
    make_staff(live.rt)
    late = make_case(live.rt, email="late@example.fi", days_ago=45)
    sv = make_case(live.rt, email="anna@example.se", language="sv", kind=__import__("models").RequestKind.ERASURE)
    c, _ = staff_client(live.url, "liisa", PASSWORD)
    page = c.get("/staff")
    assert 'id="count-open">2<' in page.text and 'id="count-overdue">1<' in page.text
    assert page.text.index(late) < page.text.index(sv)  # by deadline
    assert sv in c.get("/staff?language=sv").text and late not in c.get("/staff?language=sv").text
    assert late in c.get("/staff?q=LATE@example.fi").text and sv not in c.get("/staff?q=late@example.fi").text
    assert sv in c.get(f"/staff?q={sv.lower()}").text
    assert late not in c.get("/staff?kind=erasure").text
    with live.rt.db.session() as s:
        assert s.exec(select(Case).where(Case.reference == late)).one().assignee is None


def test_case_page_shows_mail_as_text_never_as_html(live):
    make_staff(live.rt)
    ref = make_case(live.rt, body='<script>alert(1)</script><img src=x onerror=alert(2)> Poistakaa tietoni')
    c, _ = staff_client(live.url, "liisa", PASSWORD)
    page = c.get(f"/staff/cases/{ref}")
    assert page.status_code == 200
    assert "<script>alert(1)" not in page.text and "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text
    assert "<img src=x" not in page.text


def test_metrics_count_from_the_database(live):
    make_case(live.rt, days_ago=45)
    make_case(live.rt, email="b@example.fi")
    r = httpx.get(f"{live.url}/metrics")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/plain")
    assert 'bot_cases{kind="access",status="received"} 2.0' in r.text
    assert 'bot_cases_overdue{kind="access"} 1.0' in r.text
    assert 'bot_messages_received_total{outcome="request",source="smtp"} 2.0' in r.text
    assert "bot_outbox_length 0.0" in r.text and "bot_classification_seconds_bucket" in r.text
    assert "example.fi" not in r.text
