"""The web part under the bot: bound on port 0, healthy, serving its own CSS, secure headers."""

from __future__ import annotations

import httpx

from bot.app import services


def test_web_is_a_part_of_the_bot_when_enabled(settings, rt):
    assert "web" in [n for n, _ in services(rt)]
    rt.settings.web.enabled = False
    assert "web" not in [n for n, _ in services(rt)]


def test_healthz_reports_database_and_parts(live):
    r = httpx.get(live.url + "/healthz")
    assert r.status_code == 200
    body = r.json()
    assert body["status"] == "ok" and body["database"] == "ok" and body["parts"] == {"web": True}
    assert body["waiting_messages"] == 0


def test_healthz_fails_when_a_part_is_not_running(live):
    live.rt.parts = ["web", "worker"]
    r = httpx.get(live.url + "/healthz")
    assert r.status_code == 503 and r.json()["parts"]["worker"] is False


def test_static_css_is_served_locally_and_pages_carry_security_headers(live):
    css = httpx.get(live.url + "/static/style.css")
    assert css.status_code == 200 and "text/css" in css.headers["content-type"]
    page = httpx.get(live.url + "/no-such-page", headers={"Accept-Language": "sv"})
    assert page.status_code == 404
    assert "Sidan hittades inte" in page.text and 'lang="sv"' in page.text
    assert "frame-ancestors 'none'" in page.headers["content-security-policy"]
    assert page.headers["referrer-policy"] == "no-referrer"
    assert page.headers["cache-control"] == "no-store"
    assert "http" not in page.text.split("<body", 1)[0].replace('http-equiv', '')  # no CDN in <head>


def test_classification_time_is_measured_for_metrics(settings, rt):
    from bot.mail.parse import parse_message
    from bot.pipeline.router import classify
    from bot.runtime.metrics import REGISTRY

    def count() -> float:
        return REGISTRY.get_sample_value("bot_classification_seconds_count") or 0.0

    before = count()
    classify(rt, parse_message(b"From: a@b.fi\r\nSubject: Tietopyynto\r\n\r\nHaluan nahda tietoni.\r\n"))
    assert count() == before + 1


def test_healthz_fails_when_the_database_is_unreachable(live):
    from bot.runtime.db import Database

    real = live.rt.db
    live.rt.db = Database("postgresql://nobody@127.0.0.1:1/none")  # nothing listens on port 1
    try:
        r = httpx.get(live.url + "/healthz", timeout=30)
    finally:
        live.rt.db.dispose()
        live.rt.db = real
    assert r.status_code == 503 and r.json()["database"].startswith("error")
