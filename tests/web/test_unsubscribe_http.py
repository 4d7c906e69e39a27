"""One-click unsubscribe over real HTTP: GET changes nothing, the RFC 8058 POST works without
cookies and is idempotent, and forged, altered or truncated tokens change nothing."""

from __future__ import annotations

import httpx
import pytest
from sqlmodel import select

from bot.runtime.tokens import unsubscribe_token
from models import ActorType, Case, CaseEvent, CaseStatus, Consent, Suppression
from tests.register.factories import make_person

ONE_CLICK = {"content": b"List-Unsubscribe=One-Click",
             "headers": {"Content-Type": "application/x-www-form-urlencoded"}}


def _state(rt):
    with rt.db.session() as s:
        return (list(s.exec(select(Suppression.email_normalized, Suppression.list_name))),
                list(s.exec(select(Consent.purpose, Consent.status).order_by(Consent.purpose))),
                list(s.exec(select(Case.reference, Case.kind, Case.status))))


@pytest.fixture
def person(rt):
    with rt.db.session() as s:
        make_person(s, "Matti.Meikalainen@example.fi")


def test_get_shows_the_masked_address_and_changes_nothing(live, person):
    before = _state(live.rt)
    url = f"{live.url}/u/{unsubscribe_token(live.rt.settings, 'matti.meikalainen@example.fi')}"
    for _ in range(3):
        r = httpx.get(url)
        assert r.status_code == 200
        httpx.head(url)
    assert "ma***n@example.fi" in r.text and "matti.meikalainen" not in r.text
    assert 'id="already"' not in r.text
    assert 'method="post"' in r.text and 'lang="fi"' in r.text
    assert _state(live.rt) == before
    assert before[0] == [] and ("newsletter", "granted") in before[1]


def test_one_click_post_without_cookies_unsubscribes_once_and_repeats_harmlessly(live, person):
    token = unsubscribe_token(live.rt.settings, "matti.meikalainen@example.fi")
    for _ in range(3):
        with httpx.Client(follow_redirects=False) as c:  # a fresh client: no cookies at all
            r = c.post(f"{live.url}/u/{token}", **ONE_CLICK)
        assert r.status_code == 200
        assert "set-cookie" not in r.headers and "location" not in r.headers
    sup, consents, cases = _state(live.rt)
    assert sup == [("matti.meikalainen@example.fi", "*")]
    page = httpx.get(f"{live.url}/u/{token}?lang=en")
    assert page.status_code == 200 and "already unsubscribed" in page.text
    assert {status for _, status in consents} == {"withdrawn"}
    assert len(cases) == 1 and cases[0][1] == "unsubscribe" and cases[0][2] == CaseStatus.COMPLETED
    with live.rt.db.session() as s:
        events = list(s.exec(select(CaseEvent).order_by(CaseEvent.id)))
    assert [e.action for e in events][:2] == ["opened", "unsubscribed"]
    assert events[1].actor_type == ActorType.REQUESTER and events[1].details["source"] == "link"


def test_the_page_button_works_in_swedish(live):
    token = unsubscribe_token(live.rt.settings, "anna@example.se", "newsletter")
    r = httpx.post(f"{live.url}/u/{token}?lang=sv", data={"List-Unsubscribe": "One-Click"})
    assert r.status_code == 200 and "Prenumerationen avslutad" in r.text
    assert _state(live.rt)[0] == [("anna@example.se", "newsletter")]


def _tampered(token: str) -> list[str]:
    payload, sig = token.rsplit(".", 1)
    flip = "A" if sig[0] != "A" else "B"
    import base64
    import json
    other = base64.urlsafe_b64encode(json.dumps(["attacker@evil.example", "*"]).encode()).decode().rstrip("=")
    return [
        f"{payload}.{flip}{sig[1:]}",          # altered signature
        f"{other}.{sig}",                      # another address, the old signature
        token[:-3],                            # truncated
        token[: len(token) // 2],              # truncated more
        payload,                               # no signature at all
        token + "x",                           # extended
        "garbage",
    ]


def test_forged_altered_or_truncated_tokens_change_nothing(live, person):
    token = unsubscribe_token(live.rt.settings, "matti.meikalainen@example.fi")
    before = _state(live.rt)
    for bad in _tampered(token):
        for method in ("GET", "POST"):
            r = httpx.request(method, f"{live.url}/u/{bad}", **(ONE_CLICK if method == "POST" else {}))
            assert r.status_code == 400, (bad, method)
            assert "nothing was changed" in httpx.get(f"{live.url}/u/{bad}?lang=en").text
    assert _state(live.rt) == before


def test_a_token_signed_with_another_key_is_refused(live, monkeypatch):
    monkeypatch.setenv("BOT_SIGNING_KEY", "someone-else-" + "z" * 40)
    forged = unsubscribe_token(live.rt.settings, "victim@example.fi")
    monkeypatch.setenv("BOT_SIGNING_KEY", "test-signing-key-" + "x" * 32)
    r = httpx.post(f"{live.url}/u/{forged}", **ONE_CLICK)
    assert r.status_code == 400
    assert _state(live.rt)[0] == []


def test_a_huge_body_is_refused_without_unsubscribing(live):
    token = unsubscribe_token(live.rt.settings, "big@example.fi")
    r = httpx.post(f"{live.url}/u/{token}", content=b"List-Unsubscribe=One-Click&" + b"x" * 100_000,
                   headers=ONE_CLICK["headers"])
    assert r.status_code == 413
    assert _state(live.rt)[0] == []
