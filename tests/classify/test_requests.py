"""Requests as people write them, per language and kind, and the mail that only looks like one.

Phrasings here are not in data/train/: the classifier must generalise, not remember.
"""

from __future__ import annotations

import pytest

from bot.classify import Classifier, get_classifier
from bot.classify.combine import Policy

C = get_classifier()

REQUESTS = [
    # Finnish, inflected, without diacritics, formal and terse.
    ("fi", "", "Hei, poistakaa tietoni rekisterista. Kiitos", {"erasure"}),
    ("fi", "Tietosuoja", "Poistaisitteko kaikki minua koskevat henkilötiedot asiakasrekisteristänne?", {"erasure"}),
    ("fi", "", "En halua enää saada uutiskirjettänne, poistakaa osoitteeni postituslistaltanne.", {"unsubscribe"}),
    ("fi", "", "Haluaisin saada kopion tiedoistani, joita yrityksenne säilyttää.", {"access"}),
    ("fi", "", "Sukunimeni on muuttunut naimisiinmenon myötä, voisitteko korjata sen tietoihinne?", {"correction"}),
    ("fi", "", "Pyydän, että rajoitatte henkilötietojeni käsittelyä siihen asti kunnes valitukseni on käsitelty.",
     {"restriction"}),
    ("fi", "", "Toimittakaa tietoni koneluettavassa muodossa, siirrän ne toiselle toimittajalle.", {"portability"}),
    ("fi", "Re: Xcure uutiskirje", "Poista", {"unsubscribe"}),
    # Swedish
    ("sv", "", "Hej! Vänligen radera all information ni har om mig.", {"erasure"}),
    ("sv", "", "Jag vill inte få era nyhetsbrev längre, avregistrera mig.", {"unsubscribe"}),
    ("sv", "", "Kan jag få se vilka personuppgifter ni behandlar om mig?", {"access"}),
    ("sv", "", "Min e-postadress är felaktig i ert system, vänligen rätta den.", {"correction"}),
    # English
    ("en", "", "Hello, I'd like a copy of the personal information your company has on file about me.", {"access"}),
    ("en", "", "Please erase all of my personal information from your records.", {"erasure"}),
    ("en", "", "STOP", {"unsubscribe"}),
    ("en", "", "Take me off your newsletter list, thanks", {"unsubscribe"}),
    ("en", "GDPR", "Please delete my data and send me a copy of what you held before deleting it.", {"access", "erasure"}),
    ("en", "", "Pursuant to Article 20 GDPR I request my personal data in a machine-readable format.", {"portability"}),
    # Other languages in their usual phrasing.
    ("de", "", "Hiermit fordere ich Sie auf, meine personenbezogenen Daten unverzüglich zu löschen.", {"erasure"}),
    ("de", "", "Bitte keine Newsletter mehr, ich möchte mich abmelden.", {"unsubscribe"}),
    ("et", "", "Palun kustutage minu isikuandmed teie andmebaasist.", {"erasure"}),
    ("fr", "", "Je vous prie de supprimer toutes les données me concernant.", {"erasure"}),
    ("fr", "", "Je souhaite me désinscrire de votre liste de diffusion.", {"unsubscribe"}),
    ("es", "", "Les pido que eliminen mis datos personales de sus sistemas.", {"erasure"}),
    ("es", "", "Quiero saber qué datos personales tienen sobre mí.", {"access"}),
]


@pytest.mark.parametrize(("lang", "subject", "text", "kinds"), REQUESTS)
def test_request_is_recognised_with_its_language(lang: str, subject: str, text: str, kinds: set[str]) -> None:
    r = C.classify(subject, text)
    assert set(r.kinds) == kinds, r.reasons
    if len(text.split()) > 2:  # one word says little about the language
        assert r.language == lang
    assert r.reasons, "every decision is explained"
    assert not r.automated


HARD_NEGATIVES = [
    ("Re: Meeting", "Tuesday works for me.\n\nThis e-mail is confidential and may be privileged. If you are not the "
     "intended recipient, please delete this message and notify the sender."),
    ("Question", "How do I delete a user account in your product? An employee left our company."),
    ("Invoice 1234", "Please correct the billing address on invoice 1234, our office moved."),
    ("Newsletter", "Hi, I'd like to subscribe to your newsletter. Please add me."),
    ("Kysymys raportista", "Miten saan raportin Exceliin?\n\nSait tämän viestin, koska olet tilannut uutiskirjeemme. "
     "Jos et halua vastaanottaa uutiskirjettä, peru tilaus tästä linkistä."),
    ("Lasku", "Laskussa 4410 on väärä laskutusosoite, korjatkaa se."),
    ("Ansökan", "Hej, jag söker tjänsten som utvecklare och bifogar mitt CV."),
    ("", "Hi, our license renewal is due next month. Can you send a quote for 30 seats?"),
]


@pytest.mark.parametrize(("subject", "text"), HARD_NEGATIVES)
def test_hard_negative_is_not_a_request(subject: str, text: str) -> None:
    r = C.classify(subject, text)
    assert r.kinds == [], r.reasons


def test_reply_language_is_fi_sv_or_en() -> None:
    assert C.classify("", "Palun kustutage minu andmed.").reply_language == "en"
    assert C.classify("", "Radera mina uppgifter, tack.").reply_language == "sv"
    assert C.classify("", "Poistakaa tietoni.").reply_language == "fi"


def test_disclaimer_is_skipped_and_said_so() -> None:
    r = C.classify("", "See you then.\nIf you have received this email in error, please delete it.")
    assert r.kinds == []
    assert any(x.startswith("skip:boilerplate") for x in r.reasons)


def test_score_below_review_threshold_goes_to_review() -> None:
    strict = Classifier(C.nlp, Policy(threshold=0.5, review_threshold=0.999))
    r = strict.classify("", "Please delete my account.")
    assert "erasure" in r.kinds
    assert r.needs_review and r.review_reasons
    assert not C.classify("", "Please delete all my personal data from your database.").needs_review


def test_json_shape() -> None:
    j = C.classify("", "Unsubscribe").to_json()
    assert set(j) >= {"language", "kinds", "automated", "scores", "reasons"}
    assert set(j["scores"]) == {"unsubscribe", "access", "erasure", "correction", "restriction", "portability"}


NOT_ERASURE = [
    # The deletion is negated: inside the phrase (fi) or after the verb (sv: verb-second).
    ("fi", "Älkää käyttäkö tietojani mihinkään, mutta henkilötietoja ei saa poistaa ennen kuin "
           "laskuriita on ratkaistu."),
    ("sv", "Sluta behandla mina uppgifter tills vidare. Radera dem inte, jag behöver dem som bevis."),
]


@pytest.mark.parametrize(("lang", "text"), NOT_ERASURE)
def test_negated_deletion_is_not_an_erasure_request(lang: str, text: str) -> None:
    r = C.classify("", text)
    assert "erasure" not in r.kinds, r.reasons
    assert any(x.startswith("veto:negated") for x in r.reasons), r.reasons
