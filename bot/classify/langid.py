"""Language detection: lingua for the 24 EU languages, Norwegian and Icelandic; a small
naive-Bayes model of our own as the fast path for our usual mail (fi, sv, en); Maltese by its letters.

- The naive-Bayes model (words and character trigrams, trained by `python -m bot train` from
  langseed/ and the corpus, saved with the pipeline) answers alone when it is sure the text is
  Finnish, Swedish or English (most of our mail), and for texts of a word or two ("STOP").
- Otherwise lingua-language-detector (models in its wheel) decides among the EU/EEA languages
  (`LINGUA_LANGUAGES`; Bokmål and Nynorsk are both reported `nb`; Bosnian and Serbian in Latin
  letters as `hr`; Russian and Ukrainian are kept so that Cyrillic mail is not forced into
  Bulgarian). It reads the first `LINGUA_CHARS` characters, built once per process, lazily.
- Maltese has no lingua model: text with the Maltese letters ħ/ġ/ċ and Maltese function words
  ("tiegħi", "il-", "jekk jogħġbok") is `mt` (`is_maltese`).

The `bot_language` component sets `doc._.language` before the rules run, since the lexicon used
depends on the language.
"""

from __future__ import annotations

import json
import math
import re
import threading
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

import numpy as np
from spacy.language import Language
from spacy.tokens import Doc

from bot.classify.fold import fold

SEED_DIR = Path(__file__).parent / "langseed"
UNKNOWN = "und"
REPLY_LANGUAGES = ("fi", "sv", "en")
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
MAX_WORDS = 80  # the first words of a message say enough; keeps detection cheap
# Log-prior: the controller is Finnish; most mail is Finnish, English or Swedish. Decides between
# languages only when the text says little ("STOP").
PRIOR = {"fi": 1.5, "en": 1.5, "sv": 0.8, "nl": -3.0, "da": -3.0, "it": -3.0, "pt": -3.0, "pl": -3.0}


def _word_features(w: str) -> list[str]:
    padded = f" {w} "
    return ["w:" + w, *(padded[i : i + 3] for i in range(len(padded) - 2))]


def features(text: str) -> list[str]:
    out: list[str] = []
    for w in _WORD.findall(text.lower())[:MAX_WORDS]:
        out += _word_features(w)
    return out


class LanguageDetector:
    def __init__(self, langs: list[str], index: dict[str, int], table: np.ndarray,
                 unseen: np.ndarray) -> None:
        self.langs = langs
        self.index = index
        self.table = table  # feature x language log-probabilities
        self.unseen = unseen  # log-probability of a feature never seen in a language
        self.priors = [PRIOR.get(lang, 0.0) for lang in langs]

    @classmethod
    def train(cls, samples: Iterable[tuple[str, str]], alpha: float = 0.5) -> LanguageDetector:
        counts: dict[str, Counter[str]] = {}
        for text, lang in samples:
            c = counts.setdefault(lang, Counter())
            for variant in {text, fold(text)}:
                c.update(features(variant))
        langs = sorted(counts)
        vocab = sorted({f for c in counts.values() for f, n in c.items() if n >= 1})
        index = {f: i for i, f in enumerate(vocab)}
        table = np.zeros((len(vocab), len(langs)), dtype=np.float32)
        unseen = np.zeros(len(langs), dtype=np.float32)
        for j, lang in enumerate(langs):
            c = counts[lang]
            total = sum(c.values()) + alpha * len(vocab)
            unseen[j] = math.log(alpha / total)
            for f, n in c.items():
                table[index[f], j] = math.log((n + alpha) / total)
            col = table[:, j]
            col[col == 0] = unseen[j]
        return cls(langs, index, table, unseen)

    def scores(self, text: str) -> dict[str, float]:
        ids: list[int] = []
        weight_list: list[float] = []
        for w in _WORD.findall(text.lower())[:MAX_WORDS]:
            i, wt = _known_features(self, w)
            ids += i
            weight_list += wt
        if not ids:
            return {}
        weights = np.array(weight_list, dtype=np.float32)
        total = (self.table[ids] * weights[:, None]).sum(axis=0)
        return {lang: v + prior
                for lang, v, prior in zip(self.langs, total.tolist(), self.priors, strict=True)}

    def detect(self, text: str, default: str = "en") -> str:
        s = self.scores(text)
        if not s:
            return UNKNOWN if not _WORD.search(text) else default
        return max(s, key=s.__getitem__)

    def to_disk(self, path: Path) -> None:
        path.mkdir(parents=True, exist_ok=True)
        inv = sorted(self.index, key=self.index.__getitem__)
        (path / "langid.json").write_text(json.dumps({"langs": self.langs, "features": inv}))
        np.save(path / "langid.npy", np.vstack([self.unseen[None, :], self.table]).astype(np.float16))

    @classmethod
    def from_disk(cls, path: Path) -> LanguageDetector:
        meta = json.loads((path / "langid.json").read_text())
        arr = np.load(path / "langid.npy").astype(np.float32)
        index = {f: i for i, f in enumerate(meta["features"])}
        return cls(meta["langs"], index, arr[1:], arr[0])


@lru_cache(maxsize=100_000)
def _known_features(detector: LanguageDetector, w: str) -> tuple[list[int], list[float]]:
    """The features of one word that `detector` knows: their rows and weights (cached per word)."""
    get = detector.index.get
    ids: list[int] = []
    weights: list[float] = []
    # The features of `_word_features`, in its order. Word features count double: a whole known
    # word is stronger evidence than a trigram (no trigram starts with "w:": words have no colon).
    i = get("w:" + w)
    if i is not None:
        ids.append(i)
        weights.append(2.0)
    padded = f" {w} "
    for k in range(len(padded) - 2):
        i = get(padded[k : k + 3])
        if i is not None:
            ids.append(i)
            weights.append(1.0)
    return ids, weights


# Our fast path answers alone when it is this sure (log-probability margin) of a language it was
# trained on whose close neighbours it also knows (not Czech beside Slovak, nor Danish beside
# Norwegian: lingua decides those).
FAST_LANGUAGES = ("fi", "sv", "en", "de", "et")
FAST_MARGIN = 12.0
MIN_WORDS_LINGUA = 3  # one or two words say too little for lingua: the naive-Bayes model decides
LINGUA_CHARS = 300
LINGUA_LANGUAGES = (
    "BULGARIAN", "CROATIAN", "CZECH", "DANISH", "DUTCH", "ENGLISH", "ESTONIAN", "FINNISH", "FRENCH",
    "GERMAN", "GREEK", "HUNGARIAN", "IRISH", "ITALIAN", "LATVIAN", "LITHUANIAN", "POLISH", "PORTUGUESE",
    "ROMANIAN", "SLOVAK", "SLOVENE", "SPANISH", "SWEDISH", "BOKMAL", "NYNORSK", "ICELANDIC",
    "BOSNIAN", "SERBIAN", "RUSSIAN", "UKRAINIAN",
)
_ALIAS = {"nn": "nb", "bs": "hr", "sr": "hr"}
_lingua_lock = threading.Lock()
_lingua: list = []
_MT_LETTERS = re.compile(r"[ħġċĦĠĊ]")
_MT_WORDS = re.compile(
    r"(?<!\w)(?:tiegħi|tagħkom|jekk|jogħġbok|nixtieq|għandkom|dwar|il-|tal-|fil-|lill-|ta'|li|u)(?!\w)", re.I)


def is_maltese(text: str) -> bool:
    """Maltese by its letters (ħ ġ ċ, which no other EU language uses together with ż) and words."""
    head = text[:LINGUA_CHARS * 2]
    return len(_MT_LETTERS.findall(head)) >= 2 and len(_MT_WORDS.findall(head)) >= 2


# lingua weighs only the languages our own model ranks first (and fi/sv/en, and the Cyrillic ones
# for Cyrillic text): a detector over ~30 languages costs twice one over ~8, and the answer on every
# eval set is the same. One detector per candidate set, built once.
LINGUA_CANDIDATES = 5
_ALWAYS = ("ENGLISH", "FINNISH", "SWEDISH")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_CYRILLIC_LANGUAGES = ("RUSSIAN", "UKRAINIAN", "BULGARIAN", "SERBIAN")
_by_code: dict[str, tuple[str, ...]] = {}
_subset: dict[frozenset[str], object] = {}


def lingua_detector(names: frozenset[str] | None = None):  # -> lingua.LanguageDetector
    """Over `LINGUA_LANGUAGES`, or over `names` of them; built once (models load lazily)."""
    with _lingua_lock:
        from lingua import Language as L
        from lingua import LanguageDetectorBuilder

        if names is None:
            if not _lingua:
                _lingua.append(LanguageDetectorBuilder.from_languages(
                    *(getattr(L, n) for n in LINGUA_LANGUAGES)).build())
            return _lingua[0]
        if names not in _subset:
            if len(_subset) >= 256:
                _subset.clear()
            _subset[names] = LanguageDetectorBuilder.from_languages(*(getattr(L, n) for n in names)).build()
        return _subset[names]


def _lingua_names(code: str) -> tuple[str, ...]:
    """The lingua languages reported as `code` (with `_ALIAS`)."""
    if not _by_code:
        from lingua import Language as L

        by_code: dict[str, tuple[str, ...]] = {}
        for n in LINGUA_LANGUAGES:
            c = getattr(L, n).iso_code_639_1.name.lower()
            c = _ALIAS.get(c, c)
            by_code[c] = (*by_code.get(c, ()), n)
        _by_code.update(by_code)
    return _by_code.get(code, ())


def lingua_language(text: str, candidates: Iterable[str] | None = None) -> str | None:
    """lingua's language for `text`; with `candidates` (our model's best codes), lingua weighs
    only those, fi/sv/en, and for Cyrillic text the Cyrillic languages."""
    names: frozenset[str] | None = None
    if candidates is not None:
        chosen = set(_ALWAYS)
        for code in candidates:
            chosen.update(_lingua_names(code))
        if _CYRILLIC.search(text, 0, LINGUA_CHARS):
            chosen.update(_CYRILLIC_LANGUAGES)
        names = frozenset(chosen)
    # Confidences summed per reported code: Croatian text is often split between Croatian,
    # Bosnian and Serbian, each below Slovene alone.
    totals: dict[str, float] = {}
    for cv in lingua_detector(names).compute_language_confidence_values(text[:LINGUA_CHARS]):
        if cv.value <= 0.0:
            break
        code = cv.language.iso_code_639_1.name.lower()
        code = _ALIAS.get(code, code)
        totals[code] = totals.get(code, 0.0) + cv.value
    return max(totals, key=totals.__getitem__) if totals else None


def detect_language(detector: LanguageDetector | None, text: str) -> str:
    """The message's language, ISO 639-1 (see the module's docstring for the steps)."""
    if not _WORD.search(text):
        return UNKNOWN
    if is_maltese(text):
        return "mt"
    words = len(_WORD.findall(text[:LINGUA_CHARS]))
    candidates: list[str] | None = None
    if detector is not None:
        s = detector.scores(text)
        if s:
            ranked = sorted(s.items(), key=lambda kv: -kv[1])
            best = ranked[0][0]
            margin = ranked[0][1] - ranked[1][1] if len(ranked) > 1 else 99.0
            if words < MIN_WORDS_LINGUA:
                # A word or two ("STOP", "x", a code): our usual languages, by the model's order.
                return next((lang for lang, _ in ranked if lang in FAST_LANGUAGES), best)
            if best in FAST_LANGUAGES and margin >= FAST_MARGIN:
                return best
            candidates = [lang for lang, _ in ranked[:LINGUA_CANDIDATES]]
        elif words < MIN_WORDS_LINGUA:
            return "en"
    return lingua_language(text, candidates) or (detector.detect(text) if detector else "en")


def seed_samples() -> list[tuple[str, str]]:
    out = []
    for p in sorted(SEED_DIR.glob("*.txt")):
        for para in p.read_text(encoding="utf-8").split("\n"):
            for sentence in re.split(r"(?<=[.?!])\s+", para):
                if sentence.strip():
                    out.append((sentence, p.stem))
    return out


def reply_language(language: str) -> str:
    """The language we answer in: Finnish, Swedish or English; anything else gets English."""
    return language if language in REPLY_LANGUAGES else "en"


if not Doc.has_extension("language"):
    Doc.set_extension("language", default="en")


class LanguageComponent:
    """spaCy component: `doc._.language`; the detector is saved with the pipeline."""

    def __init__(self, detector: LanguageDetector | None = None) -> None:
        self.detector = detector

    def __call__(self, doc: Doc) -> Doc:
        doc._.language = detect_language(self.detector, doc.text)
        return doc

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        if self.detector:
            self.detector.to_disk(Path(path))

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> LanguageComponent:
        p = Path(path)
        if (p / "langid.json").exists():
            self.detector = LanguageDetector.from_disk(p)
        return self


@Language.factory("bot_language")
def make_language(nlp: Language, name: str) -> LanguageComponent:
    return LanguageComponent()
