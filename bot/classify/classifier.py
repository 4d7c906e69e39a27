"""The classifier the pipeline calls: `get_classifier(settings).classify_parsed(parsed)`.

Reads only the subject and the new text of a message (bot.mail.parse removed quotes and
signatures; boilerplate.py removes disclaimers and footers), runs the spaCy pipeline and combines
rules and model (combine.py). Loaded once per process.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from spacy.language import Language
from spacy.tokens import Doc

from bot.classify.autotext import automated_text_reason
from bot.classify.boilerplate import strip_boilerplate
from bot.classify.citations import asks_now, authority_complaint, find_citations, regulation_named
from bot.classify.combine import Policy, combine, context_vetoes, vetoed
from bot.classify.langid import UNKNOWN, detect_language, reply_language
from bot.classify.lexicon import has_lexicon
from bot.classify.messagetext import classified_text
from bot.classify.pipeline import MODEL_DIR, load_nlp
from bot.classify.result import Classification
from bot.classify.rules import PATTERN, STRONG
from bot.kinds import RequestKind as K
from bot.mail.parse import ParsedMessage

if TYPE_CHECKING:  # the settings module costs ~0.5 s of start-up
    from bot.runtime.config import Settings

MAX_CHARS = 20_000  # a request is said in the first pages; huge bodies are cut, not refused
# spaCy's tokenizer is quadratic in the length of a run without spaces (a hostile message of
# 20 000 entity characters took 100 s); no word of any language is this long, so cut such runs.
MAX_TOKEN = 64
_LONG_RUN = re.compile(rf"\S{{{MAX_TOKEN + 1},}}")
_SUBJECT_NOISE = re.compile(r"^\s*((re|fw|fwd|vs|vl|sv|aw|wg|tr|rv|ref)\s*(\[\d+\])?\s*:\s*)+", re.I)
_WORDS = re.compile(r"[^\W\d_]+")
_SURROGATE = re.compile("[\ud800-\udfff]")
_FIRST_SENTENCE = re.compile(r"\s*[^\n.!?]{1,200}[.!?]?")
# The model's score that, with nothing else, is a hint worth a person's look (not a kind).
MODEL_HINT = 0.4
MODEL_HINT_MIN_WORDS = 4  # "Or Saturday then?": three words say too little for a hint
REMINDER = PATTERN  # a reminder's cited kind: a kind, but below the review threshold unless the model agrees
# In a language the rules have no words for, the model is the only reader: a weaker hint suffices.
MODEL_HINT_NO_LEXICON = 0.15
# A kind from the model alone with a score below this counts only when something else in the
# message is about personal data (words for the writer's data, contact details, account or the
# mailing list; the regulation's name; an article; another kind's rule); 0.0 turns the check off.
MODEL_ALONE_SURE = 0.95

REQUEST, UNCLEAR, NOT_REQUEST, AUTOMATED = "request", "unclear", "not_request", "automated"
# The parser's reasons (bot.mail.automated) that look at the subject or text only: a person's mail
# can look like this and still ask clearly (issue 14, point 6).
SOFT_AUTOMATED = frozenset({"out-of-office subject", "out-of-office text"})


def _clean(s: str) -> str:
    # Lone surrogates (from undecodable mail) cannot be encoded and would break spaCy's strings.
    if s.isascii() or not _SURROGATE.search(s):  # most text: no round trip through bytes
        return s.replace("\x00", " ")
    return s.encode("utf-8", "replace").decode("utf-8").replace("\x00", " ")


def _cut_runs(text: str) -> str:
    return _LONG_RUN.sub(lambda m: m.group(0)[:MAX_TOKEN], text)


class Classifier:
    def __init__(self, nlp: Language, policy: Policy | None = None) -> None:
        self.nlp = nlp
        self.policy = policy or Policy()

    def _prepare(self, subject: str, text: str) -> tuple[str, str, list[str]]:
        subject = _cut_runs(_SUBJECT_NOISE.sub("", _clean(subject or ""))[:500])
        body, skipped = strip_boilerplate(_cut_runs(_clean(text or "")[:MAX_CHARS]))
        return subject, body, skipped

    def classify(self, subject: str, text: str, *, automated: bool = False,
                 automated_reasons: Iterable[str] = ()) -> Classification:
        return next(self.classify_many([(subject, text, automated, list(automated_reasons))]))

    def classify_parsed(self, parsed: ParsedMessage) -> Classification:
        return next(self.classify_many([parsed_item(parsed)]))

    def classify_many(self, items: Iterable[tuple[str, str, bool, list[str]]],
                      batch_size: int = 64) -> Iterator[Classification]:
        """Classify (subject, text, automated, automated_reasons) tuples with `nlp.pipe`."""
        prepared: list[tuple[str, str, list[str], bool, list[str]]] = []

        def texts() -> Iterator[str]:
            for subject, text, automated, auto_reasons in items:
                subject, body, skipped = self._prepare(subject, text)
                prepared.append((subject, body, skipped, automated, auto_reasons))
                yield f"{subject}\n{body}" if subject else body

        for i, doc in enumerate(self.nlp.pipe(texts(), batch_size=batch_size)):
            subject, body, skipped, automated, auto_reasons = prepared[i]
            if not doc._.rule_hits:
                self._first_sentence_language(doc)
            prepared[i] = ("", "", [], False, [])  # let the batch's strings go
            yield self._result(doc, subject, body, skipped, automated, auto_reasons)

    def _first_sentence_language(self, doc: Doc) -> None:
        """Mixed-language mail ("Poistakaa tietoni." and then English, or a long quote in another
        language): when no rule fired in the language of the whole text, read the words again in
        the language of its first sentence, if that differs."""
        m = _FIRST_SENTENCE.match(doc.text)
        first = m.group(0) if m else ""
        if len(_WORDS.findall(first)) < 2:
            return
        detector = getattr(self.nlp.get_pipe("bot_language"), "detector", None)
        alt = detect_language(detector, first)
        if alt == doc._.language or alt == UNKNOWN:
            return
        before = doc._.language
        doc._.language = alt
        self.nlp.get_pipe("bot_rules")(doc)
        if not doc._.rule_hits:
            doc._.language = before
            self.nlp.get_pipe("bot_rules")(doc)

    def _result(self, doc: Doc, subject: str, body: str, skipped: list[str], automated: bool,
                auto_reasons: list[str]) -> Classification:
        ext = doc._  # each `doc._` builds an object: read the extensions once
        language, rule_hits, sentence_concepts = ext.language, ext.rule_hits, ext.sentence_concepts
        body_words = _WORDS.findall(body) or _WORDS.findall(subject)
        full = f"{subject}\n{body}"
        citations = find_citations(full)
        # Only a message with some request in it can be a complaint rather than a request.
        complaint = bool(citations or rule_hits) and authority_complaint(full, citations)
        extra: list[tuple[K, float, str]] = []
        hints: list[K] = []
        signals: list[str] = []
        # A reminder: it reports an earlier request by its article and asks now for an answer. It
        # is a request of that kind (the deadline may have run since the first letter), for staff
        # to confirm; a complaint to an authority reporting the same is not.
        reminder = not complaint and asks_now(full)
        for c in citations:
            if c.signal:
                signals.append(f"citation:{c.signal} '{c.text}'")
            if c.kind is None:
                continue
            if c.mention:
                signals.append(f"citation:mention {c.kind.value} '{c.text}'")
                if reminder:
                    extra.append((c.kind, REMINDER, f"citation:reminder {c.kind.value} '{c.text}'"))
                elif not complaint:
                    hints.append(c.kind)
            else:
                extra.append((c.kind, STRONG, f"citation:{c.kind.value} '{c.text}'"))
        kinds, scores, reasons, review, review_reasons = combine(
            language, rule_hits, doc.cats, body_words, self.policy, sentence_concepts,
            extra=extra, hints=hints, cited=frozenset(k for k, _w, _r in extra))
        vetoes = context_vetoes(sentence_concepts)
        name = regulation_named(full) if not vetoes else None
        if name:
            signals.append(f"regulation:'{name}'")
        words = kind_words(sentence_concepts) if not vetoes else None
        if words:
            signals.append(f"words:{words}")
        auto_text = automated_text_reason(subject, body)
        reasons = [*skipped, *reasons]
        cited = {str(k) for k, _w, _r in extra}
        backed = cited | {str(h.kind) for h in rule_hits if h.weight >= STRONG and not vetoed(h)
                          and (not cited or str(h.kind) in cited)}
        # The parser's out-of-office subject/text checks are soft; RFC 3834 headers, DSNs, list and
        # system senders are hard and decide alone.
        soft = [r for r in auto_reasons if r in SOFT_AUTOMATED]
        hard = automated and (not auto_reasons or len(soft) < len(auto_reasons))
        ooo_in_body = "out-of-office text" in soft or (
            auto_text is not None and automated_text_reason("", body) is not None)
        if not hard and (soft or (auto_text and auto_text.startswith("out-of-office"))) and any(
                k in backed and scores.get(k, 0.0) >= self.policy.review_threshold for k in kinds) and (
                not ooo_in_body or _asks_for_own_data(rule_hits, kinds)):
            # Out-of-office by subject or text alone (no RFC 3834 header), with a body that asks
            # clearly: a request, for staff to confirm. When the out-of-office words are in the body
            # too, the request must be the writer's own ("delete my data"), not an auto-reply's
            # "for requests about your data, write to ...".
            looks = auto_text or ", ".join(soft)
            reasons.insert(0, f"not automated: a request despite {looks}")
            review, review_reasons = True, [*review_reasons, f"looks automated ({looks})"]
            auto_text = None
            automated = False
        if auto_text:
            reasons.insert(0, f"automated:{auto_text}")
        reasons[:0] = [f"automated:header {r}" for r in auto_reasons]
        is_automated = automated or auto_text is not None
        if is_automated:
            # An auto-reply or bounce may quote a request; it never is one.
            kinds, review, review_reasons = [], False, []
            outcome = AUTOMATED
        else:
            cats = doc.cats if len(body_words) >= MODEL_HINT_MIN_WORDS else {}
            ruled = cited | {k for k in kinds if any(r.startswith(("rule:", "citation:")) and f".{k}." in r
                                                     for r in reasons)}
            unsure = [k for k in kinds if k not in ruled and doc.cats.get(k, 0.0) < MODEL_ALONE_SURE]
            if unsure and not ruled and not signals and not _speaks_of_own_data(sentence_concepts):
                # Only the model, not very sure, and nothing else in the message is about personal
                # data ("Please correct anything I got wrong in the action items"): a hint for a
                # person (the outcome stays `unclear`), not a kind.
                reasons.append("hint:model alone, no privacy word: " + ", ".join(
                    f"{k} {doc.cats.get(k, 0.0):.2f}" for k in unsure))
                kinds = [k for k in kinds if k not in unsure]
            outcome, why = outcome_of(kinds, ruled, scores, signals, language, complaint and not extra, cats)
            if why:
                reasons.append(f"outcome:{outcome} ({why})")
            if outcome == UNCLEAR:
                review = True
                if why not in review_reasons:
                    review_reasons = [*review_reasons, why]
        return Classification(
            language=language if language else UNKNOWN,
            reply_language=reply_language(language),
            kinds=kinds, scores=scores, reasons=reasons, needs_review=review,
            automated_text=auto_text is not None, automated=is_automated,
            review_reasons=review_reasons, outcome=outcome,
        )


# A sentence with a kind's word and a word for the requester's data, which no rule turned into a
# kind ("jäädyttäkää tietoni", "pois listalta"): a privacy signal, so at least `unclear`.
_KIND_WORDS = frozenset({"UNSUB", "PORTAB", "ACCESSW", "ACCESSN", "RECTIFY", "RESTRICT", "DELETE", "DELETEIT",
                         "WITHDRAW", "OBJECT", "DIRECTMKT", "PRIVACY", "REGULATION"})
_OWN_DATA = frozenset({"DATA", "PRIVACY", "ME", "MYW", "NEWSL", "MARKETING", "DIRECTMKT", "REGISTER",
                       "ACCOUNTW", "CONSENT", "PROCESSING"})


def kind_words(sentence_concepts: list[frozenset[str]]) -> str | None:
    for c in sentence_concepts:
        if "NEGATED" in c or ("QUESTION" in c and "PRODUCT" in c):
            continue
        k = c & _KIND_WORDS
        if (k and (c - k) & _OWN_DATA) or {"PRIVACY", "REGULATION"} <= c:
            return "+".join(sorted(c & (_KIND_WORDS | _OWN_DATA)))
    return None


def _speaks_of_own_data(sentence_concepts: list[frozenset[str]]) -> bool:
    """Some sentence names the writer's data, contact details, account or the mailing list."""
    return any(c & _OWN_DATA_ANYWHERE for c in sentence_concepts)


# "Processing" and "consent" say nothing of whose data ("onko tämä vielä käsittelyssä?", is this
# still being processed?).
_OWN_DATA_ANYWHERE = (_OWN_DATA - {"PROCESSING", "CONSENT"}) | {"CONTACT", "EMAILS"}


def _asks_for_own_data(hits: list, kinds: list[str]) -> bool:
    return any(str(h.kind) in kinds and h.weight >= STRONG and not vetoed(h)
               and ({"ME", "MYW"} & set(h.concepts)) and "REQUESTV" in h.concepts for h in hits)


def outcome_of(kinds: list[str], backed: set[str], scores: dict[str, float], signals: list[str],
               language: str, complaint: bool, cats: dict[str, float]) -> tuple[str, str]:
    """request / unclear / not_request for a person's message, and why (issue 14, point 5).

    `complaint`: the message speaks of a complaint to an authority and cites no article as asked."""
    if kinds:
        if not any(k in backed for k in kinds) and not all(scores.get(k, 0.0) >= 0.8 for k in kinds):
            return UNCLEAR, "kinds from the model alone"
        return REQUEST, ""
    if complaint:
        return NOT_REQUEST, "about a complaint to an authority" if signals else ""
    if signals:
        return UNCLEAR, f"privacy signal but no kind: {signals[0]}"
    best = max(cats.values(), default=0.0)
    if not has_lexicon(language) and best >= MODEL_HINT_NO_LEXICON and language != UNKNOWN:
        return UNCLEAR, f"no lexicon for '{language}' and the model sees a request ({best:.2f})"
    if best >= MODEL_HINT:
        return UNCLEAR, f"the model alone sees a request ({best:.2f})"
    return NOT_REQUEST, ""


def parsed_item(parsed: ParsedMessage) -> tuple[str, str, bool, list[str]]:
    """What `classify_many` takes, for one parsed message (subject and text to read, automated)."""
    subject, body = classified_text(parsed.subject, parsed.text, parsed.new_text)
    return subject, body, parsed.automated, list(parsed.automated_reasons)


_lock = threading.Lock()
_cache: dict[tuple[str, float, float], Classifier] = {}


def get_classifier(settings: Settings | None = None) -> Classifier:
    """The process's classifier for these settings (loaded on first use, then cached)."""
    cfg = settings.classifier if settings is not None else None
    path = str(Path(cfg.model_dir) if cfg and cfg.model_dir else MODEL_DIR)
    policy = Policy(cfg.threshold, cfg.review_threshold) if cfg else Policy()
    key = (path, policy.threshold, policy.review_threshold)
    with _lock:
        if key not in _cache:
            _cache[key] = Classifier(load_nlp(Path(path)), policy)
        return _cache[key]
