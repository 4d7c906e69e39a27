"""What the classifier says about one message (`Classification`), as an object and as JSON."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Classification:
    language: str  # ISO 639-1 as detected ("und" when there is no text)
    reply_language: str  # fi, sv or en
    kinds: list[str]  # RequestKind values, sorted; empty: not a request
    scores: dict[str, float]  # per kind, 0..1
    reasons: list[str]  # "rule:fi.erasure 'poista tietoni'", "textcat:access=0.93", ...
    needs_review: bool = False  # staff confirm before anything is executed
    automated_text: bool = False  # out-of-office/bounce text seen
    automated: bool = False  # automated by headers or text: never answered
    review_reasons: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "language": self.language,
            "kinds": list(self.kinds),
            "automated": self.automated,
            "scores": {k: round(v, 3) for k, v in self.scores.items()},
            "reasons": list(self.reasons),
            "reply_language": self.reply_language,
            "needs_review": self.needs_review,
        }
