"""Text normalisation shared by every classifier step: lower case and folded diacritics.

People write "poistakaa tietoni rekisterista" as often as "rekisteristä"; rules, stems and the
model all see the folded form so both spellings are one word.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Letters that NFKD does not decompose into base + combining mark.
_SPECIAL_MAP = {"ß": "ss", "æ": "ae", "ø": "o", "œ": "oe", "ð": "d", "þ": "th", "ł": "l",
                "đ": "d", "ı": "i", "’": "'", "‘": "'", "´": "'", "`": "'"}
_SPECIAL = str.maketrans(_SPECIAL_MAP)
# str.translate takes CPython's slow path for any text that is not ASCII; most text has none of
# these letters, so look for one first and replace only when one occurs.
_SPECIAL_RE = re.compile("[" + re.escape("".join(_SPECIAL_MAP)) + "]")
_NFKD = unicodedata.normalize
# The combining diacritical marks block (U+0300-U+036F) without the marks of class 0 (U+034F).
_LATIN_MARKS = re.compile(
    "[" + "".join(chr(c) for c in range(0x300, 0x370) if unicodedata.combining(chr(c))) + "]")
_combining = unicodedata.combining


def _special(m: re.Match[str]) -> str:
    return _SPECIAL_MAP[m.group()]


def fold(text: str) -> str:
    """Lower-case `text` and strip its diacritics ("Löschung" -> "loschung")."""
    low = text.lower()
    if low.isascii():
        if "`" in low:
            return low.replace("`", "'")
        return low
    if _SPECIAL_RE.search(low):
        low = _SPECIAL_RE.sub(_special, low)
        if low.isascii():
            return low
    decomposed = _NFKD("NFKD", low)
    if decomposed.isascii():
        return decomposed
    # The marks of Latin letters first, by one regex: what is left is usually ASCII.
    stripped = _LATIN_MARKS.sub("", decomposed)
    if stripped.isascii():
        return stripped
    return "".join(c for c in stripped if not _combining(c))


@lru_cache(maxsize=200_000)
def fold_word(word: str) -> str:
    """`fold` of one word, cached: the lexicons, the stemmer and the rules fold the same words."""
    return fold(word)
