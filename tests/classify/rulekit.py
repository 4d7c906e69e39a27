"""What the rules alone find in a text, for the per-language vocabulary tests."""

from __future__ import annotations

from spacy.tokens import Doc

from bot.classify import get_classifier
from bot.classify.combine import standing_kinds, vetoed

C = get_classifier()


def read(text: str, language: str | None = None) -> Doc:
    """The text through the pipeline; with `language`, the detector must have read it as that."""
    doc = C.nlp(text)
    if language:
        assert doc._.language == language, text
    return doc


def rule_kinds(text: str, language: str | None = None, *, unvetoed: bool = False) -> set[str]:
    """The kinds of the rule hits (with `unvetoed`, of those no veto in their sentence removes)."""
    return {str(h.kind) for h in read(text, language)._.rule_hits if not (unvetoed and vetoed(h))}


def kinds_after_vetoes(text: str) -> set[str]:
    """The kinds the rules alone give, after every veto (see combine.standing_kinds)."""
    doc = read(text)
    return {str(k) for k in standing_kinds(doc._.rule_hits, doc._.sentence_concepts)}
