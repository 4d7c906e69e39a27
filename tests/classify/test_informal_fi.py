"""Informal Finnish: colloquial pronouns, verbs and words for lists, calls, files and freezing.

The rules alone (no model) find the kind of each example; a few words that used to hit the
wrong concept ("ootte" is "olette", not an extract; "tiedosto" is a file, not data) stay apart.
"""

from __future__ import annotations

import pytest

from bot.classify.rules import concept_in
from tests.classify.rulekit import kinds_after_vetoes, rule_kinds


@pytest.mark.parametrize(("text", "kind"), [
    ("Moi, ottakaa mut pois teidän postituslistalta, kiitos.", "unsubscribe"),
    ("Älkää enää soittako mulle myyntiasioissa, ei kiinnosta.", "unsubscribe"),
    ("Mä en haluu enää näitä tekstiviestejä teiltä.", "unsubscribe"),
    ("Hei, mitä te oikeesti tiedätte musta? Kertokaa.", "access"),
    ("Haluun kopion mun datasta.", "access"),
    ("Onko teillä mun tietoja jossain?", "access"),
    ("Poistakaa mun tili ja kaikki mitä teillä on musta.", "erasure"),
    ("Moi, uus osote on Rantakatu 3 B 12, Vaasa. Laittakaa ylös.", "correction"),
    ("Jäädyttäkää mun tiedot toistaiseksi, en halua niitä poistettavan.", "restriction"),
    ("Säilyttäkää tiedot, mutta älkää käyttäkö niitä mihinkään ennen kuin asia on selvitetty.", "restriction"),
    ("Lähettäkää mun tiedot excelinä, vaihdan toiseen firmaan.", "portability"),
    ("Saisinko omat tiedot tiedostona, jonka voin viedä toiseen palveluun?", "portability"),
])
def test_informal_finnish_request_is_found_by_the_rules(text: str, kind: str) -> None:
    assert kind in rule_kinds(text, "fi")


@pytest.mark.parametrize(("word", "concept"), [
    ("mun", "MYW"), ("musta", "ME"), ("mulle", "ME"), ("kerrotte", "SEE"), ("datasta", "DATA"),
    ("tiedostona", "FORMAT"), ("excelinä", "FORMAT"), ("myyntipuhelut", "MARKETING"), ("jakelusta", "NEWSL"),
    ("jäädyttäkää", "RESTRICT"), ("otteen", "ACCESSN"), ("tietoja", "DATA"), ("tiedoistani", "DATA"),
])
def test_colloquial_words(word: str, concept: str) -> None:
    assert concept_in(word, "fi") == concept


@pytest.mark.parametrize("word", ["ootte", "osotteen", "kerrotte"])
def test_words_that_only_look_like_an_extract(word: str) -> None:
    assert concept_in(word, "fi") != "ACCESSN"


# Round 2: phrasings of a kind that the first vocabulary missed (written for these tests).
@pytest.mark.parametrize(("text", "kind"), [
    ("Ei kiinnosta teidän mainokset, kiitos.", "unsubscribe"),
    ("Hei, markkinointia en halua.", "unsubscribe"),
    ("Uutiskirjettä ei tarvitse enää lähettää.", "unsubscribe"),
    ("Pyydän, ettei minulle lähetetä suoramarkkinointia.", "unsubscribe"),
    ("Kertokaa kenelle olette luovuttaneet minun tietoni.", "access"),
    ("Kauanko te säilytätte mun tietoja?", "access"),
    ("Tallennetaanko musta jotain teidän sivuilla?", "access"),
    ("Poistakaa minut kokonaan, kiitos.", "erasure"),
    ("Mä en haluu et teillä on mun tietoja enää missään.", "erasure"),
    ("Voitteko korjata sähköpostin, siinä on kirjoitusvirhe.", "correction"),
    ("Tiedot pitää säilyttää koskemattomina kunnes asia on selvä.", "restriction"),
    ("Älkää poistako niitä, mutta älkää myöskään käyttäkö niitä.", "restriction"),
    ("Niitä ei saa kuitenkaan käsitellä muuten.", "restriction"),
    ("Haluun ne jossain json tai csv muodossa.", "portability"),
    ("Lähettäkää tiedot koneluettavassa muodossa.", "portability"),
])
def test_informal_finnish_round_two(text: str, kind: str) -> None:
    assert kind in rule_kinds(text, "fi")


@pytest.mark.parametrize(("text", "kind"), [
    # a supplier confirming, not a request
    ("Olemme poistaneet osoitteenne markkinointilistaltamme.", "unsubscribe"),
    # "I don't want my data deleted"
    ("En halua, että tietojani poistetaan.", "erasure"),
    # changing one's own phone, not a correction
    ("Miten saan kontaktit talteen? Vaihdan puhelinta.", "correction"),
])
def test_informal_finnish_not_that_kind(text: str, kind: str) -> None:
    assert kind not in kinds_after_vetoes(text)


def test_someone_elses_customer_is_not_personal_data() -> None:
    assert concept_in("asiakkaamme", "fi") == "NONPERSONAL"
