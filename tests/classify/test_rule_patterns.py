"""Pattern strings with many alternatives are compiled into sets, not thousands of Matcher
patterns (each extra pattern cost every message; start-up had grown to 1.4 s and the Matcher had
halved classification speed), and the sets match exactly what the expansion matched."""

from __future__ import annotations

import pytest
from spacy.matcher import Matcher

from bot.classify import get_classifier, rules
from bot.classify.rules import EXPAND_MAX, RULES, compile_pattern


def test_no_pattern_string_explodes() -> None:
    for rule in RULES:
        for p in rule.patterns:
            assert len(compile_pattern(p)) <= EXPAND_MAX, (rule.name, p)


@pytest.mark.parametrize("pattern, text", [
    ("give|gave|given|sold|shared ~3 MYW DATA ~2 to|with ~1 anyone|anybody|whom|others",
     "Have you sold my personal data to anyone? And who else got it?"),
    ("RECEIVE ~1 MYW ~1 DATA ~3 to ~2 new|another|other ~1 provider|supplier|company",
     "Please send my data straight to my new provider, thanks."),
    ("DELETE ~2 MYW ACCOUNTW", "Could you delete my account and my profile please"),
])
def test_grouped_sets_match_what_the_expansion_matched(pattern: str, text: str,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    nlp = get_classifier().nlp
    doc = nlp(text)  # concepts are written into token.lemma_ by the rules component
    grouped = Matcher(nlp.vocab)
    grouped.add("p", compile_pattern(pattern))
    monkeypatch.setattr(rules, "EXPAND_MAX", 10**9)
    expanded_patterns = compile_pattern(pattern)
    assert len(expanded_patterns) > EXPAND_MAX  # the case the sets are for
    expanded = Matcher(nlp.vocab)
    expanded.add("p", expanded_patterns)
    got = sorted((s, e) for _, s, e in grouped(doc))
    assert got and got == sorted((s, e) for _, s, e in expanded(doc))
