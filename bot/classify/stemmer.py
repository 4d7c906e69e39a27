"""Light suffix-stripping stemmers (fi, sv, en, de, et, fr, es) and the spaCy component using them.

The component writes each token's stem into `token.norm_`, so the rules (Matcher on NORM) and the
text classifier (bag of NORM n-grams) see "poistakaa", "poistaisitteko" and "poistamista" as one
word. Stems are computed on folded text (no diacritics). Not linguistics: a few hundred suffixes
chosen so that the inflections people use in requests collapse together.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from bot.classify.fold import fold_word

_VOWELS = set("aeiouy")


def _strip(word: str, suffixes: tuple[str, ...], min_stem: int, after_vowel: str = "") -> tuple[str, bool]:
    """Strip the longest suffix leaving at least `min_stem` letters; suffixes starting with a
    letter in `after_vowel` only after a vowel (Finnish endings attach to vowel stems, so "poista"
    keeps its "ta" while "tietoja" loses its "ja")."""
    by_last = getattr(suffixes, "by_last", None)
    candidates = suffixes if by_last is None else by_last.get(word[-1:], ())
    for suf in candidates:  # longest first
        if word.endswith(suf) and len(word) - len(suf) >= min_stem:
            rest = word[: -len(suf)]
            if suf[0] in after_vowel and rest[-1] not in _VOWELS:
                continue
            return rest, True
    return word, False


class _Suffixes(tuple[str, ...]):
    """Suffixes, longest first, and the same indexed by their last letter (in the same order):
    a word is compared only with the suffixes that end as it does."""

    by_last: dict[str, tuple[str, ...]]


def _by_length(*groups: str) -> tuple[str, ...]:
    items = {s for g in groups for s in g.split()}
    out = _Suffixes(sorted(items, key=lambda s: (-len(s), s)))
    out.by_last = {last: tuple(s for s in out if s[-1] == last) for last in {s[-1] for s in out}}
    return out


# --- Finnish (and Estonian, its close relative: the same stripping works for the few words used) --
_FI_CLITICS = _by_length("kaan kaan kin han pa ko ka")
_FI_POSSESSIVE = _by_length("mme nne nsa ni si")
_FI_VERB = _by_length(
    "isitteko isitteko isitte isitko isimme isivat isit isin isi kaa kaamme kaapa "
    "taisiin taisi tiin etaan etta taan tetaan ttava ttavat tava ttiin "
    "minen misen mista miseen maan massa masta malla ttu tty tut nut neet "
    "vat tte mme tko tte"
)
_FI_CASE = _by_length(
    "issa ista illa ilta ille iksi ineen iin iden itten ien ihin jen ssa sta lla lta lle ksi "
    "tta seen hin na ja je ta in n t"
)


def stem_fi(word: str) -> str:
    w = word
    for group in (_FI_CLITICS, _FI_POSSESSIVE):
        w, _ = _strip(w, group, 4)
    w, changed = _strip(w, _FI_VERB, 4, after_vowel="tnjsl")
    if not changed:
        w, _ = _strip(w, _FI_CASE, 4, after_vowel="tnjsl")
    while len(w) > 4 and w[-1] in _VOWELS:
        w = w[:-1]
    if len(w) > 4 and w[-1] == w[-2] and w[-1] not in _VOWELS:  # gradation: lopett- ~ lopet-
        w = w[:-1]
    return w


# --- Swedish, Danish, Norwegian ---------------------------------------------------------------
_SV = _by_length(
    "heterna hetens heten arnas ernas ornas andes andet arna erna orna ande ades ade are ast "
    "aste ens ets ar er or en et na as es at a e s"
)


def stem_sv(word: str) -> str:
    w, _ = _strip(word, _SV, 3)
    return w


# --- English --------------------------------------------------------------------------------
_EN = _by_length("ational ations ation ingly ings ing edly ied ies ed es s e ly ment ments")


def stem_en(word: str) -> str:
    if len(word) <= 3 or word.endswith("ss"):
        return word
    w, _ = _strip(word, _EN, 3)
    if w.endswith("e") and len(w) > 4:
        w = w[:-1]
    return w


# --- German, Dutch --------------------------------------------------------------------------
_DE = _by_length("ungen ung heiten heit keiten keit lichen liche lich ern em en er es e n s t")


def stem_de(word: str) -> str:
    w = word
    if w.startswith("ge") and len(w) > 6:
        w = w[2:]
    w, _ = _strip(w, _DE, 3)
    return w


# --- Romance: French, Spanish, Italian, Portuguese -----------------------------------------
_ROMANCE = _by_length("ements ement ations ation aciones acion iones ion os as es s e a o")


def stem_romance(word: str) -> str:
    w, _ = _strip(word, _ROMANCE, 4)
    return w


STEMMERS: dict[str, Callable[[str], str]] = {
    "fi": stem_fi, "et": stem_fi,
    "sv": stem_sv, "da": stem_sv, "no": stem_sv,
    "en": stem_en,
    "de": stem_de, "nl": stem_de,
    "fr": stem_romance, "es": stem_romance, "it": stem_romance, "pt": stem_romance,
}


@lru_cache(maxsize=200_000)
def stem(word: str, lang: str) -> str:
    """Stem of one word in `lang` (folded first); words with digits or symbols stay as folded."""
    w = fold_word(word)
    if not w.isalpha():
        return w
    fn = STEMMERS.get(lang)
    return fn(w) if fn else w


@Language.factory("bot_stemmer")
def make_stemmer(nlp: Language, name: str) -> Callable[[Doc], Doc]:
    def stemmer(doc: Doc) -> Doc:
        lang = doc._.language if Doc.has_extension("language") else "en"
        for token in doc:
            token.norm_ = stem(token.text, lang or "en")
        return doc

    return stemmer
