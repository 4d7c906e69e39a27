"""Combine rule hits and model scores into kinds, scores and reasons. Pure policy, no I/O.

A strong rule alone decides its kind (score at least 0.9); a pattern rule needs the model's
agreement to reach the review threshold; the model alone decides when it is confident. Sentence
vetoes drop rule hits that are about something else: a billing correction ("the billing address
on invoice 1234") or a how-to question about the product ("how do I delete a user account").
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from bot.classify.rules import PATTERN, RuleHit, concept_in
from bot.kinds import RequestKind as K

_KINDS = tuple(K)  # iterating the enum itself is slow, and context_vetoes does it per sentence

# One-word messages ("STOP", "Poista", "unsubscribe") answer our mail: they mean "take me off".
ONE_WORD_CONCEPTS = {"UNSUB", "STOPV", "DELETE", "CANCEL"}
ONE_WORD_MAX = 3
# The model alone (no rule agrees) is discounted: on phrasing it has not seen it is less sure
# than it says; 0.7 means it needs 0.72 to pass a 0.5 threshold, and always goes to review.
MODEL_ALONE = 0.7
# When rules already explain the message, another kind from the model alone is more likely
# spill-over from the same words ("remove me from your database" is not also an unsubscribe).
MODEL_ALONE_BESIDE_RULES = 0.6
# Words that made a rule fire were about something else (an invoice, the product): the model's
# opinion of that kind, which read the same words, counts for little.
AFTER_VETO = 0.3


# Words of a sentence that asks for the writer's own data ("my", "me", "please", "I request").
_ASKS = frozenset({"ME", "MYW", "REQUESTV", "SEE", "WHAT", "QUESTION", "RECEIVE"})
LONG_LETTER_WORDS = 60


@dataclass(frozen=True)
class Policy:
    threshold: float = 0.5
    review_threshold: float = 0.8


def _veto(kind: K, concepts: Iterable[str]) -> str | None:
    c = set(concepts)
    if "NEGATED" in c:
        return "negated"
    if kind in (K.CORRECTION, K.ACCESS) and "BILLING" in c:
        return "billing"
    if kind != K.UNSUBSCRIBE and "PRODUCT" in c and ("HOWTO" in c or "QUESTION" in c):
        return "product how-to"
    if kind in (K.ERASURE, K.CORRECTION, K.ACCESS) and "NONPERSONAL" in c:
        return "not personal data"
    if kind == K.UNSUBSCRIBE and "SUBSCRIBE" in c and "NEG" not in c:
        return "a sign-up"
    if kind == K.RESTRICTION and "MARKETING" in c:
        return "marketing objection"
    return None


def _told(concepts: Iterable[str]) -> str | None:
    """The sentence reports an earlier act or a complaint to an authority, and asks nothing now."""
    c = set(concepts)
    if "REQUESTV" in c:
        return None
    if "NARRATIVE" in c:
        return "narrative"
    if "AUTHORITY" in c:
        return "authority"
    return None


def vetoed(hit: RuleHit) -> str | None:
    return _veto(hit.kind, hit.concepts)


def standing_kinds(hits: Iterable[RuleHit], sentence_concepts: Iterable[frozenset[str]]) -> set[K]:
    """What the rules alone say: the kinds of the hits that no veto removes, in their own sentence
    or from another sentence of the message."""
    vetoes = context_vetoes(sentence_concepts)
    return {h.kind for h in hits if not vetoed(h) and h.kind not in vetoes}


def context_vetoes(sentence_concepts: Iterable[frozenset[str]]) -> dict[K, str]:
    """Kinds whose every mention may be about something else (a sentence on an invoice)."""
    out: dict[K, str] = {}
    for concepts in sentence_concepts:
        for kind, why in _sentence_vetoes(frozenset(concepts)):
            out.setdefault(kind, why)
    return out


@lru_cache(maxsize=4096)
def _sentence_vetoes(concepts: frozenset[str]) -> tuple[tuple[K, str], ...]:
    """The kinds one sentence's concepts veto, and why, in the order of `K`."""
    return tuple((kind, why) for kind in _KINDS if (why := _veto(kind, concepts)))


def one_word_hit(body_words: list[str], language: str = "en") -> str | None:
    if 0 < len(body_words) <= ONE_WORD_MAX:
        for w in body_words:
            if concept_in(w, language) in ONE_WORD_CONCEPTS or concept_in(w, "en") in ONE_WORD_CONCEPTS:
                return w
    return None


def combine(language: str, hits: Iterable[RuleHit], cats: dict[str, float], body_words: list[str],
            policy: Policy, sentence_concepts: Iterable[frozenset[str]] = (),
            extra: Iterable[tuple[K, float, str]] = (), hints: Iterable[K] = (),
            cited: frozenset[K] = frozenset(),
            ) -> tuple[list[str], dict[str, float], list[str], bool, list[str]]:
    """Returns kinds, scores, reasons, needs_review, review_reasons.

    `extra`: language-independent evidence (article citations) as (kind, weight, reason);
    `hints`: kinds only mentioned (a reminder citing the earlier request's article): the model's
    score for them is taken as it is, not discounted as the model's opinion alone;
    `cited`: the kinds a formal letter asks for by article. A letter that cites what it asks for
    does not ask for what it does not cite: another kind's words ("not only exact copies of the
    data" in an erasure letter, "I withdraw my consent" beside an objection) count as hints."""
    hinted = set(hints)
    hits = list(hits)
    long_letter = len(body_words) >= LONG_LETTER_WORDS
    reasons: list[str] = []
    rule_score: dict[K, float] = {}
    vetoed_kinds: set[str] = set(context_vetoes(sentence_concepts))
    doubts: list[str] = []
    for kind, weight, cited_why in extra:
        rule_score[kind] = max(rule_score.get(kind, 0.0), weight)
        if cited_why not in reasons:
            reasons.append(cited_why)
    for hit in hits:
        why = vetoed(hit)
        if why:
            vetoed_kinds.add(hit.kind)
            reasons.append(f"veto:{why} rule:{language}.{hit.rule} '{hit.text}'")
            continue
        if cited and hit.kind not in cited:
            hinted.add(hit.kind)
            reasons.append(f"hint:not cited rule:{language}.{hit.rule} '{hit.text}'")
            continue
        if (long_letter and hit.rule == "access.copy" and not (_ASKS & set(hit.concepts))
                and any(h.kind != hit.kind and h.weight >= 0.9 and (_ASKS & set(h.concepts)) for h in hits)):
            # A formal letter asking for another kind describes copies ("this applies not only
            # to exact copies of the data", "Kopien der betroffenen Daten"): no one's own copy asked for.
            hinted.add(hit.kind)
            reasons.append(f"hint:copies described rule:{language}.{hit.rule} '{hit.text}'")
            continue
        told = _told(hit.concepts)
        if told:
            # "I sent you a request for a copy of my data last week": a report, not a request;
            # the model (which has read reminders) decides.
            hinted.add(hit.kind)
            reasons.append(f"hint:{told} rule:{language}.{hit.rule} '{hit.text}'")
            continue
        rule_score[hit.kind] = max(rule_score.get(hit.kind, 0.0), hit.weight)
        if hit.kind == K.UNSUBSCRIBE and "HOWTO" in hit.concepts:
            # "How do I stop the newsletter for all our users?": maybe the writer's own unsubscribe,
            # maybe a question about their own product or list; never withdrawn without asking.
            doubts.append("unsubscribe inside a how-to question")
        reason = f"rule:{language}.{hit.rule} '{hit.text}'"
        if reason not in reasons:
            reasons.append(reason)
    word = one_word_hit(body_words, language)
    if word and not rule_score:
        rule_score[K.UNSUBSCRIBE] = 0.9
        reasons.append(f"rule:{language}.unsubscribe.one-word '{word}'")

    scores: dict[str, float] = {}
    kinds: list[str] = []
    review: list[str] = []
    for kind in _KINDS:
        tc = float(cats.get(kind.value, 0.0))
        r = rule_score.get(kind, 0.0)
        if r >= 0.9:
            score = max(tc, r)
        elif r >= PATTERN:
            score = max(tc, r + (1 - r) * tc)
        elif kind in vetoed_kinds:
            score = tc * AFTER_VETO
        elif cited and kind not in cited:
            # A letter that cites the articles it asks under asks for nothing else: the model's
            # opinion of another kind (a reminder's text is the same whichever article it cites)
            # counts as little as after a veto.
            score = tc * AFTER_VETO
        elif kind in hinted:
            score = tc
        else:
            score = tc * (MODEL_ALONE_BESIDE_RULES if rule_score else MODEL_ALONE)
        scores[kind.value] = score
        if tc >= policy.threshold:
            reasons.append(f"textcat:{kind.value}={tc:.2f}")
        if score >= policy.threshold:
            kinds.append(kind.value)
            if score < policy.review_threshold:
                review.append(f"{kind.value} score {score:.2f} below {policy.review_threshold}")
            elif not r:
                review.append(f"{kind.value} from the model alone")
    for kind, r in rule_score.items():
        if r >= 0.9 and cats.get(kind.value, 0.0) < 0.1:
            review.append(f"{kind.value}: rule and model disagree")
    review.extend(d for d in doubts if K.UNSUBSCRIBE.value in kinds and d not in review)
    kinds.sort()
    return kinds, scores, reasons, bool(review), review

