"""Every reply template in every language carries the parts the law and the requester need."""

from __future__ import annotations

from datetime import date

import pytest
from bs4 import BeautifulSoup
from hypothesis import given
from hypothesis import strategies as st

from bot.replies import LANGUAGES, PURPOSES, format_date, render, reply_language
from bot.replies.send import subject_for
from bot.runtime.config import Settings, load_settings
from tests.conftest import ROOT

KINDS = ["unsubscribe", "access", "erasure", "correction", "restriction", "portability"]
DUE = date(2026, 4, 7)
EXTENDED = date(2026, 6, 5)
EXPIRES = date(2026, 3, 19)
URL = "https://privacy.xcure.fi/v/TOKEN-abc"


@pytest.fixture(scope="module")
def cfg() -> Settings:
    return load_settings(ROOT / "config.toml", environ={})


def _lines(done_first: bool = False) -> list[dict]:
    return [{"reference": f"PR-2026-{i + 1:05d}", "kind": k, "due": DUE,
             "done": done_first and k == "unsubscribe", "needs_verification": k != "unsubscribe"}
            for i, k in enumerate(KINDS)]


def _context(cfg: Settings, lang: str, purpose: str) -> dict:
    lines = _lines(done_first=True)
    return {
        "controller": cfg.controller, "authority": cfg.controller.supervisory_authority[lang],
        "cases": lines, "case": lines[1], "due": DUE,
        "verify": {"url": URL, "code": "123456", "expires": EXPIRES} if purpose == "acknowledgement" else None,
        "reason": "Tiedot ovat kolmessa järjestelmässä <b>", "extended_due": EXTENDED, "original_due": DUE, "attempts_left": 2,
    }


def _must(cfg: Settings, lang: str, purpose: str) -> list[str]:
    c = cfg.controller
    common = [c.name, c.email, c.supervisory_authority[lang]]
    ref = "PR-2026-00002"
    per = {
        "acknowledgement": [ref, format_date(DUE, lang), URL, "123456", format_date(EXPIRES, lang)],
        "neutral": [ref, format_date(DUE, lang)],
        "verified": [ref, format_date(DUE, lang)],
        "code_wrong": [ref, "2"],
        "extension": [ref, format_date(EXTENDED, lang), format_date(DUE, lang), "Tiedot ovat kolmessa järjestelmässä"],
        "expiry": [ref],
        "rejection": [ref, "Tiedot ovat kolmessa järjestelmässä"],
        "not_request": [],
    }
    return common + per[purpose]


KIND_WORDS = {
    "fi": ["markkinoinnin lopettaminen", "pääsy tietoihin", "poistaminen", "oikaiseminen",
           "rajoittaminen", "siirtäminen"],
    "sv": ["avregistrering", "tillgång", "radering", "rättelse", "begränsning", "dataportabilitet"],
    "en": ["stop marketing", "access", "erasure", "correction", "restriction", "portability"],
}


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("purpose", PURPOSES)
def test_every_template_renders_with_its_required_parts(cfg: Settings, lang: str, purpose: str) -> None:
    r = render(purpose, lang, **_context(cfg, lang, purpose))
    assert r.subject and "\n" not in r.subject
    html_text = BeautifulSoup(r.html, "html.parser").get_text(" ")
    for part in _must(cfg, lang, purpose):
        assert part in r.text, f"{purpose}/{lang}: text lacks {part!r}"
        assert part in " ".join(html_text.split()) or part in r.html, f"{purpose}/{lang}: html lacks {part!r}"
    assert "<b>" not in r.html  # autoescaped
    assert "{{" not in r.text and "{%" not in r.text


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("purpose", ["acknowledgement", "neutral"])
def test_acknowledgements_name_every_kind_in_plain_words(cfg: Settings, lang: str, purpose: str) -> None:
    r = render(purpose, lang, **_context(cfg, lang, purpose))
    for word in KIND_WORDS[lang]:
        assert word in r.text, f"{purpose}/{lang} lacks {word!r}"
    if purpose == "acknowledgement":
        assert f'href="{URL}"' in r.html  # the link is clickable in the HTML part


def test_languages_other_than_fi_sv_en_get_english(cfg: Settings) -> None:
    assert reply_language("de") == "en" and reply_language("sv") == "sv" and reply_language(None) == "en"
    r = render("expiry", "et", **_context(cfg, "en", "expiry"))
    assert "lapsed" in r.text


def test_dates_in_each_language() -> None:
    assert format_date(DUE, "fi") == "7.4.2026"
    assert format_date(DUE, "sv") == "7.4.2026"
    assert format_date(DUE, "en") == "7 April 2026"


def test_reply_subjects() -> None:
    assert subject_for("Tietopyyntö", ["PR-2026-00042"], "x") == "Re: Tietopyyntö [PR-2026-00042]"
    assert subject_for("RE: VS: Tietopyyntö [PR-2026-00042]", ["PR-2026-00042"], "x") == \
        "Re: Tietopyyntö [PR-2026-00042]"
    assert subject_for("", ["PR-2026-00001", "PR-2026-00002"], "We received") == \
        "We received [PR-2026-00001] [PR-2026-00002]"


@given(st.text(max_size=200))
def test_any_subject_gives_a_one_line_reply_subject_with_the_reference(original: str) -> None:
    s = subject_for(original, ["PR-2026-00042"], "We received your request")
    assert "[PR-2026-00042]" in s and "\n" not in s and "\r" not in s
