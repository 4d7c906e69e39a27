"""Page language: `?lang=` first, then Accept-Language, then Finnish; every text in all three."""

from __future__ import annotations

import importlib

from bot.web import app as webapp
from bot.web import i18n


def test_pick_language():
    assert i18n.pick_language(None, None) == "fi"
    assert i18n.pick_language("sv", "en") == "sv"
    assert i18n.pick_language("de", "en-GB,en;q=0.9") == "en"
    assert i18n.pick_language(None, "de-DE,de;q=0.9,sv;q=0.8,en;q=0.7") == "sv"
    assert i18n.pick_language(None, "en;q=0.5, fi;q=0.9") == "fi"
    assert i18n.pick_language(None, "de, fr") == "fi"
    assert i18n.pick_language(None, "en;q=bogus,,;;") == "fi"


def test_every_message_has_every_language():
    for name in webapp.ROUTE_MODULES:  # modules add their texts on import
        importlib.import_module(name)
    missing = [(k, lang) for k, texts in i18n.MESSAGES.items() for lang in i18n.LANGUAGES
               if not texts.get(lang)]
    assert missing == []
