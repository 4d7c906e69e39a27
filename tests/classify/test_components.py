"""The pipeline's parts one at a time: folding, the Finnish stemmer, concepts, language, auto-replies."""

from __future__ import annotations

import pytest

from bot.classify.autotext import automated_text_reason
from bot.classify.boilerplate import strip_boilerplate
from bot.classify.fold import fold
from bot.classify.langid import reply_language
from bot.classify.rules import concept_of
from bot.classify.stemmer import stem


def test_fold_drops_diacritics() -> None:
    assert fold("Rekisteristä Löschung Ñandú Straße") == "rekisterista loschung nandu strasse"


@pytest.mark.parametrize("forms", [
    ["poista", "poistakaa", "poistaisitteko", "poistamista", "poistaminen", "poistetaan", "poistettu"],
    ["rekisteri", "rekisteristä", "rekisteristänne", "rekisterista", "rekisteriin"],
    ["uutiskirje", "uutiskirjeenne", "uutiskirjeitä", "uutiskirjeen"],
    ["tietoni", "tietojeni", "tietoja"],
    ["lopettakaa", "lopettaa"],
])
def test_finnish_inflections_share_a_stem(forms: list[str]) -> None:
    assert len({stem(f, "fi") for f in forms}) == 1


@pytest.mark.parametrize(("word", "concept"), [
    ("poistaisitteko", "DELETE"), ("Poistakaa", "DELETE"), ("tietojeni", "DATA"),
    ("henkilötietojeni", "DATA"), ("postituslistaltanne", "NEWSL"), ("uutiskirjeenne", "NEWSL"),
    ("Datenübertragbarkeit", "PORTAB"), ("registerutdrag", "ACCESSW"), ("löschen", "DELETE"),
    ("unsubscribe", "UNSUB"), ("désabonner", "UNSUB"), ("kustutage", "DELETE"), ("laskutusosoite", "BILLING"),
    ("meeting", ""),
])
def test_words_map_to_concepts(word: str, concept: str) -> None:
    assert concept_of(word) == concept


def test_reply_language() -> None:
    assert [reply_language(x) for x in ["fi", "sv", "en", "de", "et", "und"]] == ["fi", "sv", "en", "en", "en", "en"]


@pytest.mark.parametrize("text", [
    "Olen lomalla 3.8. asti. Kiireellisissä asioissa ota yhteyttä myyntiin.",
    "I am currently out of the office and will be back on Monday.",
    "Jag är på semester och har begränsad tillgång till e-post.",
    "Ich bin bis zum 12.8. nicht im Büro.",
    "Je suis absente jusqu'au 3 août.",
    "Delivery has failed to these recipients or groups. 550 5.1.1 User unknown",
    "Viestiä ei voitu toimittaa vastaanottajalle.",
])
def test_auto_reply_and_bounce_text(text: str) -> None:
    assert automated_text_reason("", text)


@pytest.mark.parametrize("text", [
    "I was on holiday last week and came back to find your newsletter again. Please unsubscribe me.",
    "Olin lomalla, ja nyt huomasin että saan yhä uutiskirjettänne. Poistakaa minut listalta.",
    "We use version 5.2.1 of your app and the export fails.",
])
def test_a_person_mentioning_holidays_is_not_an_auto_reply(text: str) -> None:
    assert automated_text_reason("", text) is None


def test_boilerplate_sentences_are_left_out() -> None:
    text, reasons = strip_boilerplate("Please call me.\nClick here to unsubscribe from this list.")
    assert text.strip() == "Please call me."
    assert len(reasons) == 1
