"""Informal wording in fr, de, es, it, nl, et, da, pl: the rules alone find the kind.

Sentences written for these tests (not taken from data/): everyday ways of saying "what do you
have about me", "export my data as a file", "forget me", "my account ... delete", "fix it in your
records", "no more calls".
"""

from __future__ import annotations

import pytest

from tests.classify.rulekit import C, rule_kinds


@pytest.mark.parametrize(("text", "kind"), [
    # what you have about me
    ("Bonjour, j'aimerais savoir ce que vous avez sur moi dans vos fichiers. Merci", "access"),
    ("Hej, jeg vil gerne vide hvad I har gemt om mig i jeres system. Mvh", "access"),
    ("Hallo, wat hebben jullie eigenlijk allemaal van mij opgeslagen? Groet", "access"),
    ("Dzień dobry, co macie o mnie w swojej bazie? Pozdrawiam", "access"),
    # an export or a file of my data
    ("Hallo, ich hätte gerne einen Export meiner Daten, bevor ich kündige. Danke", "portability"),
    ("Hoi, kunnen jullie een export van mijn gegevens maken voordat ik vertrek? Groet", "portability"),
    ("Ciao, mi mandate un file con tutti i miei dati? Grazie mille", "portability"),
    # forget me, my account ... delete, throw away
    ("Hallo, vergeet mij alsjeblieft, ik ben al jaren geen klant meer. Groet", "erasure"),
    ("Hallo, bitte mein Konto bei euch löschen, ich brauche es nicht mehr. Danke", "erasure"),
    ("Buongiorno, eliminate pure tutto quello che avete su di me. Saluti", "erasure"),
    ("Gooi mijn gegevens maar weg, ik heb jullie niet meer nodig. Groet", "erasure"),
    # fix it, in your records
    ("Mijn achternaam is verkeerd gespeld in jullie mails. Kunt u dit aanpassen? Dank", "correction"),
    ("Bonjour, mon nom est mal écrit, pourriez-vous corriger dans votre fichier ? Merci", "correction"),
    # no more newsletters or sales calls
    ("Hej, jeg vil gerne frabede mig jeres nyhedsbrev fremover. Mvh Karen", "unsubscribe"),
    ("Hallo, stop alsjeblieft met bellen, ik wil geen verkooptelefoontjes meer. Groet", "unsubscribe"),
])
def test_informal_wording_is_found_by_the_rules(text: str, kind: str) -> None:
    assert kind in rule_kinds(text), (text, [(h.rule, h.text) for h in C.nlp(text)._.rule_hits])


@pytest.mark.parametrize("text", [
    # laptops are not portability; an export of invoices alone is no personal data
    "Pour la commande des deux portables, merci de livrer à notre nouvelle adresse.",
    "Hoi, de nieuwe laptops zijn binnen, kunnen jullie ze volgende week installeren? Groet",
])
def test_everyday_words_are_no_request(text: str) -> None:
    assert not rule_kinds(text), [(h.rule, h.text) for h in C.nlp(text)._.rule_hits]
