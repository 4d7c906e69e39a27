"""Text normalisation shared by every classifier step: lower case and folded diacritics.

People write "poistakaa tietoni rekisterista" as often as "rekisteristä"; rules, stems and the
model all see the folded form so both spellings are one word.
"""

from __future__ import annotations

import unicodedata

# Letters that NFKD does not decompose into base + combining mark.
_SPECIAL = str.maketrans({"ß": "ss", "æ": "ae", "ø": "o", "œ": "oe", "ð": "d", "þ": "th", "ł": "l",
                          "đ": "d", "ı": "i", "’": "'", "‘": "'", "´": "'", "`": "'"})


def fold(text: str) -> str:
    """Lower-case `text` and strip its diacritics ("Löschung" -> "loschung")."""
    low = text.lower().translate(_SPECIAL)
    if low.isascii():
        return low
    decomposed = unicodedata.normalize("NFKD", low)
    return "".join(c for c in decomposed if not unicodedata.combining(c))
