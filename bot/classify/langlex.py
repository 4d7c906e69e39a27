"""Per-language lexicons keyed by lemma: `bot/classify/lexicons/<code>.toml`.

Each file names its language, the simplemma code that lemmatises it, and under `[concepts]` the
words of each concept (DELETE, DATA, ...; the list in `ORDER`). An entry is a lemma or word in
lower case with its diacritics (the loader folds case and diacritics):

- `"word"`: a token whose lemma or surface form is that word;
- `"pre*"`: a token (lemma or surface) starting with `pre`; `"*part*"`: containing `part`;
- `"a b"`: a multi-word entry, those words adjacent in that order (every token of it gets the concept).

An entry of one language never matches in another: the rules look a token up in the lexicon of
the message's detected language only. A language with no file falls back to that language's
entries in the older table (lexicon.CONCEPTS), and a language with neither has no words: the
classifier then relies on citations and the model, and says `unclear` on any privacy signal.

Lemmas at run time: simplemma takes seconds to load a language's dictionary, so the inflected
forms of every entry are worked out once (`build_forms`, run by `python -m bot train` and by
`python -m bot.classify.langlex`) into `lexicons/forms/<code>.json`, keyed by the sha256 of the
toml file; at run time a word is looked up there. A stale or missing forms file falls back to
simplemma per word (slow start, same result).
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from bot.classify.fold import fold, fold_word

log = logging.getLogger(__name__)

LEXICON_DIR = Path(__file__).parent / "lexicons"
FORMS_DIR = LEXICON_DIR / "forms"

# Every concept, in priority order: when a word is in two concepts, the earlier wins (a strong
# single word before a general one, "Datenschutz" PRIVACY before "*daten*" DATA).
ORDER = (
    "UNSUB", "DELETEIT", "PORTAB", "MACHREAD", "ACCESSW", "ACCESSN", "RECTIFY", "RESTRICT", "PROCESSING",
    "DELETE", "STOPV", "CANCEL", "WITHDRAW", "OBJECT", "CONSENT", "NEWSL", "DIRECTMKT", "MARKETING",
    "AUTOREPLY", "AUTHORITY", "REGULATION", "PRIVACY",
    "EMAILS", "RECEIVE", "NEG", "MORE", "SEE", "WHENCE", "DATA", "REGISTER", "CONTACT", "WHAT", "ME",
    "THEM", "MYW", "ACCOUNTW", "SUBSCRIBE", "NONPERSONAL", "FORMAT", "ARTICLE", "BILLING", "PRODUCT",
    "HOWTO", "REQUESTV", "NARRATIVE",
)
_RANK = {c: i for i, c in enumerate(ORDER)}
# Languages the classifier reports, and the simplemma code to try when a file leaves it empty.
LANGUAGES = ("bg", "cs", "da", "de", "el", "en", "es", "et", "fi", "fr", "ga", "hr", "hu", "is", "it", "lt",
             "lv", "mt", "nb", "nl", "pl", "pt", "ro", "sk", "sl", "sv")


class LexiconError(ValueError):
    """A lexicon file that cannot be used; the message names the file."""


def _norm(word: str) -> str:
    w = fold_word(word.strip())
    if len(w) > 3 and w[1] == "'" and w[0] in "cdjlmnst":  # French/Italian elision: d'effacer, l'accès
        w = w[2:]
    return w


@dataclass
class Lexicon:
    language: str
    lemmatizer: str
    concepts: dict[str, list[str]]
    exact: dict[str, str] = field(default_factory=dict)  # folded word or lemma -> concept
    prefix: list[tuple[str, str]] = field(default_factory=list)
    infix: list[tuple[str, str]] = field(default_factory=list)
    phrases: dict[str, list[tuple[tuple[str, ...], str]]] = field(default_factory=dict)  # first word ->
    forms: dict[str, str] | None = None  # folded surface form -> concept (from simplemma), when built
    digest: str = ""

    def __post_init__(self) -> None:
        for concept, entries in self.concepts.items():
            for raw in entries:
                e = fold(raw.strip())
                if not e:
                    continue
                if " " in e:
                    words = tuple(_norm(w) for w in e.split())
                    self.phrases.setdefault(words[0], []).append((words, concept))
                elif e.startswith("*") and e.endswith("*") and len(e) > 2:
                    self.infix.append((e.strip("*"), concept))
                elif e.endswith("*") and len(e) > 1:
                    self.prefix.append((e[:-1], concept))
                else:
                    e = e.strip("*")
                    if e not in self.exact or _RANK.get(concept, 99) < _RANK.get(self.exact[e], 99):
                        self.exact[e] = concept
        # The entries as written (lower case, diacritics kept), for matching simplemma's lemmas:
        # folded, Finnish "älä" (don't) and "ala" (field, the lemma of "alkaa") would be one word.
        self._raw = Lexicon.__new__(Lexicon)
        self._raw.exact, self._raw.prefix, self._raw.infix = {}, [], []
        for concept, entries in self.concepts.items():
            for raw in entries:
                e = raw.strip().lower()
                if not e or " " in e:
                    continue
                if e.startswith("*") and e.endswith("*") and len(e) > 2:
                    self._raw.infix.append((e.strip("*"), concept))
                elif e.endswith("*") and len(e) > 1:
                    self._raw.prefix.append((e[:-1], concept))
                elif e.strip("*") not in self._raw.exact:
                    self._raw.exact[e.strip("*")] = concept
        self._by_key: dict[str, list[tuple[str, str]]] = {}
        self._key = min((len(p) for p, _ in self.prefix), default=1) or 1
        for p, c in self.prefix:
            self._by_key.setdefault(p[: self._key], []).append((p, c))

    def _direct(self, w: str) -> list[str]:
        found = []
        if w in self.exact:
            found.append(self.exact[w])
        found += [c for p, c in self._by_key.get(w[: self._key], ()) if w.startswith(p)]
        if not found:
            found += [c for p, c in self.infix if p in w]
        return found

    def concept(self, word: str) -> str:
        """The concept of one word in this language ("" when none)."""
        w = _norm(word)
        if not w[:1].isalpha():
            return ""
        found = self._direct(w)
        if self.forms is not None:
            c = self.forms.get(w)
            if c:
                found.append(c)
        elif self.lemmatizer:
            lemma = _lemma(w, self.lemmatizer)
            if lemma != w:
                found += self._direct(lemma)
        return min(found, key=lambda c: _RANK.get(c, 99)) if found else ""

    def phrase_concepts(self, words: list[str]) -> dict[int, str]:
        """Token index -> concept for the multi-word entries found in `words` (folded tokens)."""
        out: dict[int, str] = {}
        if not self.phrases:
            return out
        for i, w in enumerate(words):
            for seq, concept in self.phrases.get(w, ()):
                if tuple(words[i : i + len(seq)]) == seq:
                    for j in range(i, i + len(seq)):
                        out[j] = concept
        return out


@lru_cache(maxsize=100_000)
def _lemma(word: str, lang: str) -> str:
    try:
        import simplemma

        return fold(simplemma.lemmatize(word, lang=lang))
    except ValueError:  # a language simplemma does not have
        return word


def read_lexicon(path: Path) -> Lexicon:
    raw = path.read_bytes()
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        raise LexiconError(f"{path}: {e}") from e
    concepts = data.get("concepts", {})
    if not isinstance(concepts, dict) or not all(
            isinstance(v, list) and all(isinstance(x, str) for x in v) for v in concepts.values()):
        raise LexiconError(f"{path}: [concepts] must map names to lists of strings")
    unknown = sorted(set(concepts) - set(ORDER))
    if unknown:
        log.warning("lexicon %s: unknown concepts %s (ignored by the rules)", path.name, unknown)
    lang = str(data.get("language") or path.stem)
    return Lexicon(language=lang, lemmatizer=str(data.get("lemmatizer", "")), concepts=concepts,
                   digest=hashlib.sha256(raw).hexdigest())


def _forms_path(lang: str, forms_dir: Path) -> Path:
    return forms_dir / f"{lang}.json"


def _attach_forms(lex: Lexicon, forms_dir: Path) -> None:
    p = _forms_path(lex.language, forms_dir)
    if not lex.lemmatizer:
        lex.forms = {}
        return
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return
    if data.get("digest") == lex.digest:
        lex.forms = dict(data.get("forms", {}))


def build_forms(lex: Lexicon, forms_dir: Path = FORMS_DIR) -> int:
    """Write every inflected form (from simplemma's dictionary) whose lemma an entry matches."""
    forms: dict[str, str] = {}
    if lex.lemmatizer:
        from simplemma.strategies.dictionaries.dictionary_factory import _load_dictionary_from_disk

        table = _load_dictionary_from_disk(lex.lemmatizer)
        raw = lex._raw
        for surface_b, lemma_b in table.items():
            lemma_raw = lemma_b.decode("utf-8", "replace").lower()
            surface = _norm(surface_b.decode("utf-8", "replace"))
            lemma = _norm(lemma_raw)
            if not surface[:1].isalpha() or surface == lemma:
                continue
            # Inflections share their first letters with the lemma; the dictionary's odd pairs
            # (Finnish "alkaa" -> "älä") do not.
            if surface[: min(3, len(lemma))] != lemma[: min(3, len(lemma))]:
                continue
            found = [raw.exact[lemma_raw]] if lemma_raw in raw.exact else []
            # A prefix entry covers a lemma it begins, but not a shorter surface form: Swedish
            # "rätt" (right) is also a form of "rätta" (to correct).
            found += [c for p, c in raw.prefix if lemma_raw.startswith(p) and len(surface) >= len(p)]
            if not found:
                found += [c for p, c in raw.infix if p in lemma_raw]
            if found:
                c = min(found, key=lambda c: _RANK.get(c, 99))
                if not lex._direct(surface) and (surface not in forms or _RANK[c] < _RANK[forms[surface]]):
                    forms[surface] = c
    forms_dir.mkdir(parents=True, exist_ok=True)
    _forms_path(lex.language, forms_dir).write_text(
        json.dumps({"language": lex.language, "lemmatizer": lex.lemmatizer, "digest": lex.digest,
                    "forms": dict(sorted(forms.items()))}, ensure_ascii=False, indent=0) + "\n",
        encoding="utf-8")
    lex.forms = forms
    return len(forms)


_lock = threading.Lock()
_loaded: dict[str, dict[str, Lexicon]] = {}
_DEFAULT_KEY = str(LEXICON_DIR)


def lexicons(directory: Path = LEXICON_DIR, forms_dir: Path | None = None) -> dict[str, Lexicon]:
    """The lexicons in `directory`, by language code, loaded once per process."""
    if directory is LEXICON_DIR and _DEFAULT_KEY in _loaded:  # the hot path: one dict look-up
        return _loaded[_DEFAULT_KEY]
    key = str(directory)
    with _lock:
        if key not in _loaded:
            out: dict[str, Lexicon] = {}
            for p in sorted(directory.glob("*.toml")):
                lex = read_lexicon(p)
                _attach_forms(lex, forms_dir or directory / "forms")
                out[lex.language] = lex
                if lex.language == "nb":
                    out.setdefault("nn", lex)
                    out.setdefault("no", lex)
            _loaded[key] = out
        return _loaded[key]


def build_all(directory: Path = LEXICON_DIR, languages: Iterable[str] = ()) -> dict[str, int]:
    wanted = set(languages)
    return {lang: build_forms(lex, directory / "forms") for lang, lex in lexicons(directory).items()
            if lang in (lex.language,) and (not wanted or lang in wanted)}



if __name__ == "__main__":  # python -m bot.classify.langlex [codes...]: rebuild the forms files
    import sys

    for lang, n in build_all(languages=sys.argv[1:]).items():
        print(f"{lang}: {n} inflected forms")
