"""Page languages: Finnish, Swedish, English, chosen by `?lang=` or the Accept-Language header.

The catalogue is one dict of key -> {language: text}, so a missing translation shows up in a test
rather than on a page. Other web modules add their own keys with `add()` at import time.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

LANGUAGES = ("fi", "sv", "en")
DEFAULT = "fi"  # a Finnish company: unknown visitors get Finnish, with a switch on every page
LANGUAGE_NAMES = {"fi": "Suomeksi", "sv": "På svenska", "en": "In English"}

MESSAGES: dict[str, dict[str, str]] = {
    "site_name": {"fi": "Tietosuoja", "sv": "Dataskydd", "en": "Privacy"},
    "language": {"fi": "Kieli", "sv": "Språk", "en": "Language"},
    "skip_to_content": {"fi": "Siirry sisältöön", "sv": "Hoppa till innehållet",
                        "en": "Skip to content"},
    "error_title": {"fi": "Virhe", "sv": "Fel", "en": "Error"},
    "not_found": {"fi": "Sivua ei löytynyt.", "sv": "Sidan hittades inte.", "en": "Page not found."},
    "server_error": {"fi": "Jotain meni vikaan. Yritä myöhemmin uudelleen.",
                     "sv": "Något gick fel. Försök igen senare.",
                     "en": "Something went wrong. Please try again later."},
    "contact": {"fi": "Yhteystiedot", "sv": "Kontakt", "en": "Contact"},
}


def add(messages: Mapping[str, Mapping[str, str]]) -> None:
    for key, texts in messages.items():
        MESSAGES[key] = dict(texts)


def pick_language(query_lang: str | None, accept_language: str | None) -> str:
    """`?lang=` when it names one of ours, else the best Accept-Language match, else Finnish."""
    if query_lang and query_lang.lower() in LANGUAGES:
        return query_lang.lower()
    best, best_q = DEFAULT, -1.0
    for i, part in enumerate((accept_language or "").split(",")[:20]):
        tag, _, params = part.strip().partition(";")
        primary = tag.strip().lower().split("-")[0]
        q = 1.0
        for p in params.split(";"):
            k, _, v = p.strip().partition("=")
            if k == "q":
                try:
                    q = float(v)
                except ValueError:
                    q = 0.0
        q -= i * 1e-6  # ties: the order the browser gave
        if primary in LANGUAGES and q > 0 and q > best_q:
            best, best_q = primary, q
    return best


def translator(lang: str) -> Callable[..., str]:
    def _(key: str, **kwargs: object) -> str:
        texts = MESSAGES.get(key)
        if texts is None:
            return key
        text = texts.get(lang) or texts.get("en") or key
        return text.format(**kwargs) if kwargs else text

    return _
