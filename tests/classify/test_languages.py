"""Issue 14: requests in every EU/EEA language, by language family — article citations, negation,
narrative mentions, out-of-office look-alikes, and the honest `outcome`.

The sentences here are written for these tests (not taken from data/), in the forms people use.
"""

from __future__ import annotations

import json

import pytest

from bot.classify import get_classifier
from bot.classify.citations import authority_complaint, find_citations, regulation_named
from bot.classify.langid import is_maltese
from bot.classify.langlex import Lexicon, lexicons
from bot.classify.rules import concept_in
from bot.kinds import RequestKind as K

C = get_classifier()

# --- citations, per family: (text, article, paragraph, kind) ----------------------------------
CITATIONS = {
    "germanic": [
        ("Auskunft nach Art. 15 DSGVO", 15, None, K.ACCESS),
        ("gemäß Art. 18 Abs. 1 lit. d DSGVO", 18, 1, K.RESTRICTION),
        ("Widerspruch nach Art. 21 Abs. 2 DSGVO", 21, 2, K.UNSUBSCRIBE),
        ("under Article 20(1) GDPR", 20, 1, K.PORTABILITY),
        ("op grond van artikel 17 AVG", 17, None, K.ERASURE),
        ("enligt artikel 16 i dataskyddsförordningen", 16, None, K.CORRECTION),
        ("i henhold til artikel 17 i databeskyttelsesforordningen", 17, None, K.ERASURE),
        ("samkvæmt 15. gr. persónuverndarreglugerðarinnar", 15, None, K.ACCESS),
    ],
    "romance": [
        ("conforme al artículo 17 del RGPD", 17, None, K.ERASURE),
        ("nos termos do art. 17.º do RGPD", 17, None, K.ERASURE),
        ("ai sensi dell'articolo 15 del GDPR", 15, None, K.ACCESS),
        ("en vertu de l'article 16 du RGPD", 16, None, K.CORRECTION),
        ("în temeiul articolului 20 din GDPR", 20, None, K.PORTABILITY),
    ],
    "slavic": [
        ("podle čl. 15 odst. 1 GDPR", 15, 1, K.ACCESS),
        ("na podstawie art. 17 ust. 1 RODO", 17, 1, K.ERASURE),
        ("sukladno članku 18 Opće uredbe o zaštiti podataka", 18, None, K.RESTRICTION),
        ("podľa článku 20 GDPR", 20, None, K.PORTABILITY),
        ("v skladu s 17. členom Splošne uredbe", 17, None, K.ERASURE),
        ("съгласно член 15 от ОРЗД", 15, None, K.ACCESS),
    ],
    "finnic_ugric": [
        ("tietosuoja-asetuksen 15 artiklan mukaisesti", 15, None, K.ACCESS),
        ("isikuandmete kaitse üldmääruse artikli 17 alusel", 17, None, K.ERASURE),
        ("a GDPR 16. cikke alapján", 16, None, K.CORRECTION),
    ],
    "baltic": [
        ("pagal BDAR 15 straipsnį ir 17 straipsnis", 17, None, K.ERASURE),
        ("saskaņā ar VDAR 20. pantu", 20, None, K.PORTABILITY),
    ],
    "greek": [
        ("σύμφωνα με το άρθρο 17 του ΓΚΠΔ", 17, None, K.ERASURE),
        ("βάσει του άρθρου 15 ΓΚΠΔ", 15, None, K.ACCESS),
    ],
    "celtic_maltese": [
        ("faoi Airteagal 15 den RGCS", 15, None, K.ACCESS),
        ("skont l-Artikolu 17 tal-GDPR", 17, None, K.ERASURE),
    ],
}


@pytest.mark.parametrize(("family", "text", "article", "paragraph", "kind"),
                         [(f, *row) for f, rows in CITATIONS.items() for row in rows])
def test_citation_is_read_in_every_family(family: str, text: str, article: int, paragraph: int | None,
                                          kind: K) -> None:
    found = [c for c in find_citations(text) if c.article == article]
    assert found, f"{family}: no Art. {article} in {text!r}"
    assert found[0].paragraph == paragraph
    assert found[0].kind == kind
    assert not found[0].mention


def test_article_lists_and_signals() -> None:
    arts = [(c.article, c.kind) for c in find_citations("Articles 15, 17 and 20 GDPR")]
    assert arts == [(15, K.ACCESS), (17, K.ERASURE), (20, K.PORTABILITY)]
    objection = find_citations("I object under Article 21(1) GDPR")[0]
    assert objection.kind is None and objection.signal == "objection"
    consent = find_citations("Widerruf gemäß Art. 7 Abs. 3 DSGVO")[0]
    assert consent.kind is None and consent.signal == "consent_withdrawal"


def test_another_laws_section_is_not_a_gdpr_article() -> None:
    assert find_citations("nach § 34 BDSG") == []
    assert find_citations("gemäß Art. 15 KDG") == []
    assert find_citations("I have 3 articles about cooking") == []


@pytest.mark.parametrize("text", ["DSGVO", "tietosuoja-asetuksen", "dataskyddsförordningen", "RGPD", "AVG",
                                  "RODO", "ΓΚΠΔ", "Regulation (EU) 2016/679", "GDPR"])
def test_the_regulation_is_named(text: str) -> None:
    assert regulation_named(f"gemäß {text} bitte") is not None


def test_avg_in_lower_case_is_no_regulation() -> None:
    assert regulation_named("the avg price is fine") is None


# --- narrative mentions: reported, not asked ----------------------------------------------------
NARRATIVES = [
    "On 3.2. I sent you a request under Article 15 GDPR.",
    "Am 12. März 2026 habe ich Ihnen ein Auskunftsersuchen nach Art. 15 DSGVO geschickt.",
    "Dne 8. 1. 2026 jsem poslal žádost podle článku 15 GDPR.",
    "Lähetin 3.2. tietopyynnön tietosuoja-asetuksen 15 artiklan nojalla.",
]


@pytest.mark.parametrize("text", NARRATIVES)
def test_a_reported_request_is_a_mention(text: str) -> None:
    cites = [c for c in find_citations(text) if c.article == 15]
    assert cites and cites[0].mention


def test_a_sentence_that_asks_now_is_no_mention() -> None:
    c = find_citations("Ich bitte Sie, mir die Daten, die ich Ihnen zur Verfügung gestellt habe, "
                       "im Sinne des Art. 20 Abs. 1 DSGVO zu übermitteln.")[0]
    assert c.kind == K.PORTABILITY and not c.mention


COMPLAINT = ("Dear Data Protection Ombudsman,\n\nI am hereby lodging a complaint according to Article 77 GDPR. "
             "On 20 April 2026 I sent a request according to Article 15 GDPR to Xcure Oy. "
             "The controller has not answered.\n\nRegards, Jane")


def test_complaint_to_an_authority_is_not_a_request() -> None:
    assert authority_complaint(COMPLAINT)
    r = C.classify("Complaint", COMPLAINT)
    assert r.kinds == [], r.reasons
    assert r.outcome == "not_request"


def test_a_threat_to_complain_is_no_complaint() -> None:
    text = ("Please send me a copy of my personal data according to Article 15 GDPR. If you do not answer, "
            "I reserve the right to lodge a complaint with the supervisory authority.")
    assert not authority_complaint(text)
    r = C.classify("", text)
    assert r.kinds == ["access"] and r.outcome == "request"


# --- negation, per family (where the rules have words for the language) -------------------------
NEGATED = [
    ("germanic", "en", "Please do NOT delete my data, I still use my account."),
    ("germanic", "de", "Bitte löschen Sie meine Daten nicht, ich bin weiterhin Kunde."),
    ("germanic", "sv", "Radera inte mina uppgifter, jag vill fortsätta som kund."),
    ("romance", "fr", "Ne supprimez pas mes données, je reste client."),
    ("romance", "es", "No borren mis datos, sigo siendo cliente."),
    ("finnic", "fi", "Älkää poistako tietojani, olen edelleen asiakas."),
    ("finnic", "et", "Palun ärge kustutage minu andmeid, olen endiselt klient."),
]


@pytest.mark.parametrize(("family", "lang", "text"), NEGATED)
def test_negated_erasure_is_not_erasure(family: str, lang: str, text: str) -> None:
    r = C.classify("", text)
    assert "erasure" not in r.kinds, (family, r.reasons)


# --- out-of-office look-alikes --------------------------------------------------------------------
@pytest.mark.parametrize(("subject", "body", "kind"), [
    ("Automaattinen vastaus: Uutiskirje", "Hei, poistakaa kaikki minua koskevat tiedot rekisteristänne. Kiitos", "erasure"),
    ("Automatic reply: Newsletter", "Hi, please delete all my personal data from your database. Thanks, Anna", "erasure"),
    ("Automatiskt svar: Nyhetsbrev", "Hej, radera alla mina personuppgifter ur ert register.", "erasure"),
    ("Abwesenheitsnotiz: Newsletter", "Bitte löschen Sie alle meine personenbezogenen Daten.", "erasure"),
    ("Réponse automatique", "Bonjour, veuillez supprimer toutes mes données personnelles.", "erasure"),
])
def test_subject_only_out_of_office_with_a_request_is_a_request(subject: str, body: str, kind: str) -> None:
    r = C.classify(subject, body)
    assert not r.automated and not r.automated_text and kind in r.kinds, r.reasons
    assert r.needs_review, "a request that looked automated is flagged for staff"
    assert any("looks automated" in x for x in r.review_reasons)
    assert r.outcome == "request"


def test_back_from_holiday_is_a_person() -> None:
    r = C.classify("Back from holiday", "Hi, please delete all my personal data from your database. Thanks, Anna")
    assert not r.automated and "erasure" in r.kinds and r.outcome == "request"


def test_out_of_office_text_in_the_body_stays_automated() -> None:
    r = C.classify("Automatic reply", "I am out of the office until 12 August with limited access to email.")
    assert r.automated and r.kinds == [] and r.outcome == "automated"


def test_header_automated_never_a_request() -> None:
    r = C.classify("Re: data", "Please delete my personal data.", automated=True,
                   automated_reasons=["Auto-Submitted: auto-replied"])
    assert r.outcome == "automated" and r.kinds == []


# --- outcome values --------------------------------------------------------------------------
def test_outcome_request_and_not_request() -> None:
    assert C.classify("", "Please delete all my personal data from your systems.").outcome == "request"
    assert C.classify("Re: Meeting", "Tuesday works for me, see you then.").outcome == "not_request"


def test_general_objection_alone_is_unclear() -> None:
    r = C.classify("", "I object to the processing of my personal data pursuant to Article 21(1) GDPR.")
    assert r.outcome in ("unclear", "request"), r.reasons
    if r.outcome == "unclear":
        assert r.needs_review


@pytest.mark.parametrize(("lang", "text"), [
    ("hu", "Jó napot! A GDPR alapján kérem, hogy segítsenek nekem ebben az ügyben. Köszönöm."),
    ("lt", "Laba diena, remiantis BDAR prašau man padėti šiuo klausimu. Ačiū."),
])
def test_a_language_without_words_is_never_silently_dropped(lang: str, text: str) -> None:
    r = C.classify("", text)
    assert r.language == lang
    assert r.outcome in ("unclear", "request"), r.reasons


def test_outcome_is_in_the_json_line() -> None:
    out = C.classify("", "Please delete all my personal data.").to_json()
    assert out["outcome"] == "request"
    assert json.loads(json.dumps(out))["outcome"] == "request"


# --- language detection ---------------------------------------------------------------------
@pytest.mark.parametrize(("lang", "text"), [
    ("cs", "Dobrý den, žádám o přístup ke svým osobním údajům, které o mně zpracováváte."),
    ("pl", "Dzień dobry, proszę o usunięcie moich danych osobowych z Państwa bazy."),
    ("hr", "Poštovani, molim vas da izbrišete moje osobne podatke iz vaše baze."),
    ("sk", "Dobrý deň, žiadam o vymazanie mojich osobných údajov z vašej databázy."),
    ("sl", "Pozdravljeni, prosim, da izbrišete moje osebne podatke iz vaše baze."),
    ("bg", "Здравейте, моля да изтриете личните ми данни от вашата база."),
    ("el", "Καλησπέρα, παρακαλώ διαγράψτε τα προσωπικά μου δεδομένα."),
    ("ro", "Bună ziua, vă rog să ștergeți datele mele personale din baza dumneavoastră."),
    ("pt", "Bom dia, solicito o apagamento dos meus dados pessoais da vossa base de dados."),
    ("hu", "Jó napot, kérem, töröljék a személyes adataimat az adatbázisukból."),
    ("lt", "Laba diena, prašau ištrinti mano asmens duomenis iš jūsų duomenų bazės."),
    ("lv", "Labdien, lūdzu dzēst manus personas datus no jūsu datubāzes."),
    ("ga", "Dia duit, scrios mo shonraí pearsanta ó do bhunachar sonraí, le do thoil."),
    ("is", "Góðan dag, vinsamlegast eyðið persónuupplýsingum mínum úr gagnagrunni ykkar."),
    ("nb", "Hei, vennligst slett personopplysningene mine fra databasen deres."),
    ("mt", "Bonġu, nixtieq li tħassru d-data personali tiegħi mid-database tagħkom jekk jogħġbok."),
])
def test_language_is_detected(lang: str, text: str) -> None:
    assert C.classify("", text).language == lang


def test_maltese_by_its_letters() -> None:
    assert is_maltese("Nixtieq li tħassru d-data personali tiegħi jekk jogħġbok.")
    assert not is_maltese("Proszę o usunięcie moich danych, żądam tego.")  # Polish ż is not enough


# --- the per-language lexicon ---------------------------------------------------------------
def test_an_entry_of_one_language_never_matches_in_another() -> None:
    assert concept_in("ottemperanza", "fi") == "ACCESSN"  # Finnish "*otte*" (ote, otteen)
    assert concept_in("ottemperanza", "it") == ""
    assert concept_in("suppression", "fr") == "DELETE"
    assert concept_in("suppression", "en") == ""


def test_borrowed_english_words_count_only_for_their_concepts() -> None:
    assert concept_in("newsletter", "de") in ("NEWSL", "UNSUB")
    assert concept_in("unsubscribe", "fi") == "UNSUB"
    assert concept_in("GDPR", "pl") == "REGULATION"
    assert concept_in("delete", "fi") == ""  # not an international word: Finnish mail says "poistakaa"
    assert concept_in("list", "sv") == ""  # Swedish "list" is cunning


def test_lemmas_cover_inflections() -> None:
    assert concept_in("poistakaa", "fi") == "DELETE"
    assert concept_in("uppgifterna", "sv") == "DATA"
    assert concept_in("deleted", "en") == "DELETE"


def test_lexicon_files_follow_the_format() -> None:
    lex = lexicons()
    for code in ("en", "fi", "sv"):
        assert code in lex and lex[code].language == code and lex[code].lemmatizer == code
        assert lex[code].forms is not None, f"lexicons/forms/{code}.json is stale: python -m bot.classify.langlex"


def test_multi_word_and_wildcard_entries() -> None:
    lex = Lexicon(language="xx", lemmatizer="", concepts={
        "DIRECTMKT": ["direct marketing"], "PORTAB": ["*übertragbarkeit*"], "DELETE": ["lösch*"]}, forms={})
    assert lex.phrase_concepts(["i", "object", "to", "direct", "marketing"]) == {3: "DIRECTMKT", 4: "DIRECTMKT"}
    assert lex.concept("Datenübertragbarkeit") == "PORTAB"
    assert lex.concept("Löschung") == "DELETE"
    assert lex.concept("Daten") == ""


def test_objection_to_direct_marketing_is_unsubscribe() -> None:
    r = C.classify("", "I object to the use of my data for direct marketing.")
    assert "unsubscribe" in r.kinds, r.reasons


def test_the_german_churches_laws_are_read_by_section() -> None:
    [c] = find_citations("Löschung gemäß § 21 Abs. 1 des Kirchengesetzes über den Datenschutz der EKD (DSG-EKD).")
    assert (c.law, c.kind) == ("DSG-EKD", K.ERASURE)
    [c] = find_citations("Auskunft nach § 17 KDG, bitte")
    assert (c.law, c.kind) == ("KDG", K.ACCESS)
    assert find_citations("nach § 17 BDSG") == []
