"""Hostile text without spaces is cut before spaCy's tokenizer (quadratic in a run's length)."""

from __future__ import annotations

import re

from bot.classify import get_classifier
from bot.classify.classifier import MAX_TOKEN
from bot.runtime.config import load_settings


def test_runs_without_spaces_are_cut_and_real_words_are_kept() -> None:
    c = get_classifier(load_settings(environ={}))
    _, body, _ = c._prepare("Tietopyyntö", "Poistakaa tietoni " + "&\u00ff" * 10_000 + " kiitos")
    assert max(len(w) for w in re.findall(r"\S+", body)) <= MAX_TOKEN
    assert body.startswith("Poistakaa tietoni ")
    assert c.classify("", "Poistakaa tietoni rekisteristänne " + "&\u00ff" * 10_000).kinds == ["erasure"]
