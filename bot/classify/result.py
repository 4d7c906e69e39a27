"""What the classifier says about one message (`Classification`), as an object and as JSON.

`outcome` is the classifier's honest verdict:
- `request`: at least one kind, backed by a rule or citation;
- `unclear`: a privacy signal (an article, the regulation's name, a kind's words, an Art. 21(1)
  objection, a consent withdrawal) but no confident kind, or kinds from the model alone, or a
  language the rules have no words for: a case that needs a person;
- `not_request`: nothing points to a privacy request;
- `automated`: headers, a delivery report or an auto-reply/system notice with no request in it.
"""

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
    # request | unclear | not_request | automated (see classifier.outcome_of)
    outcome: str = "not_request"

    def to_json(self) -> dict[str, Any]:
        return {
            "language": self.language,
            "kinds": list(self.kinds),
            "automated": self.automated,
            "scores": {k: round(v, 3) for k, v in self.scores.items()},
            "reasons": list(self.reasons),
            "reply_language": self.reply_language,
            "needs_review": self.needs_review,
            "outcome": self.outcome,
        }
