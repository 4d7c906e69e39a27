# ruff: noqa: RUF001, RUF002  (the letters the regex engine folds beyond lowercase are the point)
"""The regex pre-checks (bot.classify.prefilter) never say no where the regex says yes: over the
regexes' own words in mixed case, with the letters the regex engine folds beyond lowercase
("ſ", "ı", "İ", "ς", "K"), and over random text."""

from __future__ import annotations

import random
import re

import pytest

from bot.classify import boilerplate, citations
from bot.classify.prefilter import _parser, _required, case_key, may_match

PATTERNS = {
    "asking": citations._ASKING, "authority": citations._AUTHORITY, "name": citations._NAME_RE,
    "before": citations._BEFORE_RE, "marks": boilerplate._MARK_RE,
}
ODD = ["ſ", "ı", "İ", "ς", "σ", "Σ", "K", "µ", "ϐ", "ﬅ", "ﬆ", "ẛ", "ᲀ", "\u0345"]


def _words(pattern: re.Pattern[str]) -> list[str]:
    found = _required(list(_parser.parse(pattern.pattern, pattern.flags)), True) or []
    return sorted(set(found))


def _variants(rng: random.Random, word: str) -> str:
    out = []
    for ch in word:
        r = rng.random()
        if r < 0.3:
            out.append(ch.upper())
        elif r < 0.4:
            out.append(rng.choice(ODD))
        else:
            out.append(ch)
    return "".join(out)


@pytest.mark.parametrize("name", sorted(PATTERNS))
def test_never_no_where_the_regex_matches(name: str) -> None:
    pattern = PATTERNS[name]
    check = may_match(pattern)
    words = _words(pattern)
    rng = random.Random(name)
    alphabet = "abcdefghijklmnopqrstuvwxyz äöüéèçñ.,!?0123456789\n/" + "".join(ODD)
    for i in range(4000):
        parts = [_variants(rng, rng.choice(words)) if words and rng.random() < 0.5 else
                 "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12))) for _ in range(4)]
        text = " ".join(parts) if i % 2 else "".join(parts)
        if pattern.search(text):
            assert check(text), text


def test_the_engines_case_classes() -> None:
    for a, b in [("ſ", "s"), ("ı", "i"), ("İ", "i"), ("ς", "σ"), ("Σ", "σ"), ("K", "k"), ("µ", "μ")]:
        assert re.fullmatch(re.escape(b), a, re.I)
        assert case_key(a) == case_key(b)


def test_no_literal_no_check() -> None:
    assert may_match(re.compile(r"\d+|\w\s"))("anything")
