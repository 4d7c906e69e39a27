"""Hostile input: classification never raises on arbitrary text or bytes (Hypothesis)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.classify import get_classifier
from bot.mail.parse import parse_message

C = get_classifier()
KINDS = {"unsubscribe", "access", "erasure", "correction", "restriction", "portability"}


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(), st.text())
def test_classify_never_raises_on_text(subject: str, text: str) -> None:
    r = C.classify(subject, text)
    assert set(r.kinds) <= KINDS
    assert all(0.0 <= v <= 1.0 for v in r.scores.values())
    assert r.reply_language in ("fi", "sv", "en")


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=4000))
def test_classify_never_raises_on_bytes(raw: bytes) -> None:
    r = C.classify_parsed(parse_message(raw))
    assert set(r.kinds) <= KINDS


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(["poista", "tietoni", "\n", ">", "STOP", "ä", "\x00", "\ud800", "🙂", ".", " "]),
                max_size=60))
def test_classify_never_raises_on_request_like_noise(words: list[str]) -> None:
    C.classify("", " ".join(words))


def test_huge_message_is_cut_not_refused() -> None:
    r = C.classify("", "Poistakaa tietoni. " + "bla " * 500_000)
    assert "erasure" in r.kinds


def test_a_batch_with_an_empty_or_one_word_message_is_classified() -> None:
    # The model's n-gram features once read out of bounds on a doc shorter than the n-gram when
    # it shared a batch with longer ones (one message alone took another path and passed).
    items = [("", "Please add my colleague Jenna to your mailing list too.", False, []),
             ("", "", False, []), ("", "STOP", False, []),
             ("Tietopyyntö", "Haluan kopion tiedoistani.", False, [])]
    results = list(get_classifier().classify_many(items))
    assert [r.outcome for r in results[1:3]] == ["not_request", "request"]
    assert results[2].kinds == ["unsubscribe"] and results[3].kinds == ["access"]
