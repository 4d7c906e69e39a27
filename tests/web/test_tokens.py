"""Signed tokens: bound to their purpose and address, unforgeable, and surviving key rotation."""

from __future__ import annotations

import string
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.runtime.config import load_settings
from bot.runtime.tokens import (
    Purpose,
    TokenError,
    TokenExpired,
    list_unsubscribe_headers,
    read_unsubscribe_token,
    sign,
    unsign,
    unsubscribe_token,
)


@pytest.fixture
def cfg(monkeypatch, tmp_path):
    monkeypatch.setenv("BOT_SIGNING_KEY", "k1-" + "a" * 40)
    monkeypatch.delenv("BOT_OLD_SIGNING_KEYS", raising=False)
    return load_settings(environ={"BOT_WEB__BASE_URL": "https://privacy.xcure.fi"})


def test_unsubscribe_token_names_the_normalised_address_and_list(cfg):
    tok = unsubscribe_token(cfg, "  Matti.Meikalainen@Example.FI ", "newsletter")
    assert read_unsubscribe_token(cfg, tok) == ("matti.meikalainen@example.fi", "newsletter")
    assert read_unsubscribe_token(cfg, unsubscribe_token(cfg, "a@b.fi")) == ("a@b.fi", "*")


def test_a_token_for_one_purpose_is_refused_for_another(cfg):
    tok = sign(cfg, Purpose.VERIFY, ["a@b.fi", "*"], timed=False)
    with pytest.raises(TokenError):
        read_unsubscribe_token(cfg, tok)
    with pytest.raises(TokenError):
        unsign(cfg, Purpose.DOWNLOAD, sign(cfg, Purpose.VERIFY, {"c": 1}))


def test_another_key_cannot_forge_a_token(cfg, monkeypatch):
    monkeypatch.setenv("BOT_SIGNING_KEY", "attacker-" + "b" * 40)
    forged = unsubscribe_token(cfg, "victim@example.fi")
    monkeypatch.setenv("BOT_SIGNING_KEY", "k1-" + "a" * 40)
    with pytest.raises(TokenError):
        read_unsubscribe_token(cfg, forged)


def test_rotation_keeps_old_links_working_and_signs_with_the_new_key(cfg, monkeypatch):
    old = unsubscribe_token(cfg, "a@b.fi")
    monkeypatch.setenv("BOT_SIGNING_KEY", "k2-" + "c" * 40)
    monkeypatch.setenv("BOT_OLD_SIGNING_KEYS", "k1-" + "a" * 40)
    assert read_unsubscribe_token(cfg, old) == ("a@b.fi", "*")
    new = unsubscribe_token(cfg, "a@b.fi")
    assert new != old
    monkeypatch.delenv("BOT_OLD_SIGNING_KEYS")  # the old key retired: its links stop, new ones work
    with pytest.raises(TokenError):
        read_unsubscribe_token(cfg, old)
    assert read_unsubscribe_token(cfg, new) == ("a@b.fi", "*")


def test_timed_tokens_expire_by_the_given_clock(cfg):
    tok = sign(cfg, Purpose.DOWNLOAD, {"id": 7})
    now = datetime.now(UTC)
    assert unsign(cfg, Purpose.DOWNLOAD, tok, max_age=3600, now=now) == {"id": 7}
    with pytest.raises(TokenExpired):
        unsign(cfg, Purpose.DOWNLOAD, tok, max_age=3600, now=now + timedelta(hours=2))


def test_every_single_character_change_is_refused(cfg):
    tok = unsubscribe_token(cfg, "a@b.fi")
    alphabet = string.ascii_letters + string.digits + "-_."
    for i in range(len(tok)):
        for c in (alphabet[(alphabet.index(tok[i]) + 1) % len(alphabet)],):
            altered = tok[:i] + c + tok[i + 1:]
            try:
                got = read_unsubscribe_token(cfg, altered)
            except TokenError:
                continue
            # base64 padding bits can absorb a change only if the decoded payload is identical
            assert got == ("a@b.fi", "*")
    for n in range(len(tok)):
        with pytest.raises(TokenError):
            read_unsubscribe_token(cfg, tok[:n])


@given(st.text(max_size=300))
def test_arbitrary_input_is_refused_cleanly(junk):
    settings = load_settings(environ={})
    with pytest.raises(TokenError):
        read_unsubscribe_token(settings, junk)


def test_list_unsubscribe_headers_follow_rfc_8058(cfg):
    h = list_unsubscribe_headers(cfg, "a@b.fi", "newsletter")
    assert h["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    url = h["List-Unsubscribe"].split(">")[0].lstrip("<")
    assert url.startswith("https://privacy.xcure.fi/u/")
    assert read_unsubscribe_token(cfg, url.rsplit("/", 1)[1]) == ("a@b.fi", "newsletter")
    assert "<mailto:info@xcure.fi" in h["List-Unsubscribe"]
