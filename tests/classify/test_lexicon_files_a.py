"""The per-language lexicon files of the first lexicon writer (da de nl nb is fr es it pt ro ga mt).

Each `bot/classify/lexicons/<code>.toml` must be well formed (its language key, known concept names, no
empty entries, wildcards specific enough), and its lemmas must be real simplemma lemmas: inflected
forms a requester writes lemmatise to an entry. Each `data/train/phrases-<code>.jsonl` must parse and
carry valid kinds.
"""

from __future__ import annotations

import json
import tomllib
import unicodedata
from pathlib import Path

import pytest
import simplemma

ROOT = Path(__file__).resolve().parents[2]
LEXICONS = ROOT / "bot" / "classify" / "lexicons"
PHRASES = ROOT / "data" / "train"

LANGUAGES = ["da", "de", "nl", "nb", "is", "fr", "es", "it", "pt", "ro", "ga", "mt"]

CONCEPTS = set(
    [
        "UNSUB",
        "DELETEIT",
        "PORTAB",
        "MACHREAD",
        "FORMAT",
        "ACCESSW",
        "ACCESSN",
        "RECTIFY",
        "RESTRICT",
        "PROCESSING",
        "DELETE",
        "STOPV",
        "CANCEL",
        "WITHDRAW",
        "OBJECT",
        "CONSENT",
        "NEWSL",
        "MARKETING",
        "DIRECTMKT",
        "EMAILS",
        "RECEIVE",
        "SUBSCRIBE",
        "NEG",
        "MORE",
        "SEE",
        "WHENCE",
        "WHAT",
        "DATA",
        "REGISTER",
        "CONTACT",
        "ME",
        "THEM",
        "MYW",
        "ACCOUNTW",
        "NONPERSONAL",
        "BILLING",
        "PRODUCT",
        "HOWTO",
        "ARTICLE",
        "REGULATION",
        "PRIVACY",
        "REQUESTV",
        "NARRATIVE",
        "AUTHORITY",
        "AUTOREPLY",
    ]
)
KINDS = {"unsubscribe", "access", "erasure", "correction", "restriction", "portability"}

# Concepts the request kinds hang on: every language file must have words for them.
CORE = {"UNSUB", "ACCESSN", "RECTIFY", "RESTRICT", "DELETE", "PORTAB", "DATA", "ARTICLE", "REGULATION", "NEG"}

# (inflected form as written in a message, concept whose entries must hold its simplemma lemma)
INFLECTED: dict[str, list[tuple[str, str]]] = {
    "de": [
        ("einzuschränken", "RESTRICT"),
        ("eingeschränkt", "RESTRICT"),
        ("gelöscht", "DELETE"),
        ("lösche", "DELETE"),
        ("widerspreche", "OBJECT"),
        ("widersprochen", "OBJECT"),
        ("widerrufe", "WITHDRAW"),
        ("abzumelden", "UNSUB"),
        ("abgemeldet", "UNSUB"),
        ("korrigiert", "RECTIFY"),
        ("aktualisiert", "RECTIFY"),
        ("Auskünfte", "ACCESSN"),
        ("verarbeitet", "PROCESSING"),
        ("Einwilligungen", "CONSENT"),
        ("gesperrt", "RESTRICT"),
        ("fehlerhafte", "RECTIFY"),
        ("Rechnungen", "BILLING"),
        ("ersuche", "REQUESTV"),
        ("Newsletters", "NEWSL"),
        ("ausgetragen", "UNSUB"),
    ],
    "nl": [
        ("afgemeld", "UNSUB"),
        ("uitgeschreven", "UNSUB"),
        ("verwijderd", "DELETE"),
        ("verwijder", "DELETE"),
        ("gecorrigeerd", "RECTIFY"),
        ("corrigeer", "RECTIFY"),
        ("beperkt", "RESTRICT"),
        ("verwerkt", "PROCESSING"),
        ("ingetrokken", "WITHDRAW"),
        ("nieuwsbrieven", "NEWSL"),
        ("gewist", "DELETE"),
        ("adressen", "CONTACT"),
        ("facturen", "BILLING"),
        ("ontvang", "RECEIVE"),
    ],
    "da": [
        ("afmeldt", "UNSUB"),
        ("slettet", "DELETE"),
        ("fjernet", "DELETE"),
        ("fjern", "DELETE"),
        ("rettet", "RECTIFY"),
        ("forkerte", "RECTIFY"),
        ("opdater", "RECTIFY"),
        ("begrænset", "RESTRICT"),
        ("begræns", "RESTRICT"),
        ("behandlet", "PROCESSING"),
        ("tilbagekalder", "WITHDRAW"),
        ("nyhedsbrevet", "NEWSL"),
        ("oplysningerne", "DATA"),
        ("framelder", "UNSUB"),
        ("modtager", "RECEIVE"),
    ],
    "nb": [
        ("slettet", "DELETE"),
        ("fjernet", "DELETE"),
        ("fjernes", "DELETE"),
        ("rettet", "RECTIFY"),
        ("oppdatert", "RECTIFY"),
        ("korrigert", "RECTIFY"),
        ("behandlet", "PROCESSING"),
        ("mottar", "RECEIVE"),
        ("nyhetsbrevet", "NEWSL"),
        ("opplysninger", "DATA"),
        ("markedsføringen", "MARKETING"),
        ("samtykket", "CONSENT"),
        ("innsigelsen", "OBJECT"),
        ("kontoen", "ACCOUNTW"),
        ("krever", "REQUESTV"),
    ],
    "is": [
        ("eytt", "DELETE"),
        ("eyðingu", "DELETE"),
        ("upplýsingunum", "DATA"),
        ("tölvupósti", "EMAILS"),
        ("véllesanlegu", "MACHREAD"),
        ("markaðssetningu", "MARKETING"),
        ("auglýsingum", "MARKETING"),
        ("rangar", "RECTIFY"),
        ("aðgang", "ACCESSN"),
        ("reikningi", "BILLING"),
        ("nafni", "CONTACT"),
        ("kerfum", "REGISTER"),
        ("listanum", "NEWSL"),
    ],
    "fr": [
        ("supprimez", "DELETE"),
        ("supprimé", "DELETE"),
        ("effacez", "DELETE"),
        ("désabonnez", "UNSUB"),
        ("rectifiez", "RECTIFY"),
        ("corrigez", "RECTIFY"),
        ("erronées", "RECTIFY"),
        ("inexactes", "RECTIFY"),
        ("publicités", "MARKETING"),
        ("reçois", "RECEIVE"),
        ("oppose", "OBJECT"),
        ("cessez", "STOPV"),
    ],
    "es": [
        ("supriman", "DELETE"),
        ("borren", "DELETE"),
        ("eliminado", "DELETE"),
        ("elimínenlos", "DELETE"),
        ("rectifiquen", "RECTIFY"),
        ("corrijan", "RECTIFY"),
        ("actualicen", "RECTIFY"),
        ("restrinja", "RESTRICT"),
        ("limiten", "RESTRICT"),
        ("opongo", "OBJECT"),
        ("erróneos", "RECTIFY"),
        ("reciba", "RECEIVE"),
        ("envíen", "RECEIVE"),
        ("publicitarias", "MARKETING"),
    ],
    "it": [
        ("cancellate", "DELETE"),
        ("cancellato", "DELETE"),
        ("cancellatemi", "DELETE"),
        ("eliminate", "DELETE"),
        ("rimuovetemi", "DELETE"),
        ("rettificate", "RECTIFY"),
        ("correggetelo", "RECTIFY"),
        ("aggiornatelo", "RECTIFY"),
        ("inesatti", "RECTIFY"),
        ("limitate", "RESTRICT"),
        ("oppongo", "OBJECT"),
        ("revoco", "WITHDRAW"),
        ("pubblicitarie", "MARKETING"),
        ("ricevo", "RECEIVE"),
    ],
    "pt": [
        ("apaguem", "DELETE"),
        ("eliminem", "DELETE"),
        ("excluam", "DELETE"),
        ("removam", "DELETE"),
        ("retifiquem", "RECTIFY"),
        ("corrijam", "RECTIFY"),
        ("atualizem", "RECTIFY"),
        ("incorretos", "RECTIFY"),
        ("restrinjam", "RESTRICT"),
        ("limitem", "RESTRICT"),
        ("oponho", "OBJECT"),
        ("revogo", "WITHDRAW"),
        ("cancelem", "CANCEL"),
        ("recebo", "RECEIVE"),
        ("publicitárias", "MARKETING"),
    ],
    "ro": [
        ("ștergeți", "DELETE"),
        ("ștergerea", "DELETE"),
        ("șters", "DELETE"),
        ("primesc", "RECEIVE"),
        ("retrag", "WITHDRAW"),
        ("opun", "OBJECT"),
        ("consimțământul", "CONSENT"),
        ("portabilitatea", "PORTAB"),
        ("rectificarea", "RECTIFY"),
        ("limitarea", "RESTRICT"),
        ("restricționarea", "RESTRICT"),
        ("prelucrarea", "PROCESSING"),
        ("contul", "ACCOUNTW"),
        ("newsletterul", "NEWSL"),
        ("articolul", "ARTICLE"),
        ("publicitare", "MARKETING"),
    ],
    "ga": [
        ("scriosadh", "DELETE"),
        ("scriosta", "DELETE"),
        ("léirscriosfaí", "DELETE"),
        ("chóip", "ACCESSN"),
        ("cheartú", "RECTIFY"),
        ("gceartófaí", "RECTIFY"),
        ("srianadh", "RESTRICT"),
        ("bpróiseáil", "PROCESSING"),
        ("phróiseáil", "PROCESSING"),
        ("mhargaíocht", "MARKETING"),
        ("nuachtlitreacha", "NEWSL"),
        ("ríomhphoist", "EMAILS"),
        ("chuntas", "ACCOUNTW"),
        ("dhíliostála", "UNSUB"),
        ("thoiliú", "CONSENT"),
    ],
    # No Maltese lemmatizer: the forms people write must be entries themselves.
    "mt": [
        ("ħassru", "DELETE"),
        ("tħassir", "DELETE"),
        ("neħħuni", "UNSUB"),
        ("ikkoreġu", "RECTIFY"),
        ("żbaljata", "RECTIFY"),
        ("aġġornaw", "RECTIFY"),
        ("ir-restrizzjoni", "RESTRICT"),
        ("noġġezzjona", "OBJECT"),
        ("nirtira", "WITHDRAW"),
        ("il-kunsens", "CONSENT"),
        ("ieqfu", "STOPV"),
        ("tibagħtuli", "RECEIVE"),
        ("id-data", "DATA"),
        ("l-artikolu", "ARTICLE"),
    ],
}

# Nynorsk text is reported as nb; simplemma's "nn" model takes its inflections to the Nynorsk entries.
NYNORSK = [
    ("opplysningane", "DATA"),
    ("namnet", "CONTACT"),
    ("handsaminga", "PROCESSING"),
    ("sletta", "DELETE"),
    ("nyheitsbrevet", "NEWSL"),
    ("marknadsføringa", "MARKETING"),
    ("avgrens", "RESTRICT"),
    ("retta", "RECTIFY"),
    ("ynskjer", "REQUESTV"),
    ("samtykket", "CONSENT"),
]


def fold(word: str) -> str:
    """Lower case without diacritics, as the loader compares."""
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def load(code: str) -> dict:
    with (LEXICONS / f"{code}.toml").open("rb") as handle:
        return tomllib.load(handle)


@pytest.mark.parametrize("code", LANGUAGES)
def test_lexicon_file_is_well_formed(code: str) -> None:
    lexicon = load(code)
    assert lexicon["language"] == code
    assert isinstance(lexicon["lemmatizer"], str)
    concepts = lexicon["concepts"]
    assert set(concepts) <= CONCEPTS, sorted(set(concepts) - CONCEPTS)
    assert set(concepts) >= CORE, sorted(CORE - set(concepts))
    for concept, entries in concepts.items():
        assert entries, f"{code} {concept} has no entries"
        assert len(entries) == len(set(entries)), f"{code} {concept} repeats an entry"
        for entry in entries:
            assert isinstance(entry, str) and entry.strip() == entry and entry, (concept, entry)
            assert entry == entry.lower(), (concept, entry)
            if "*" in entry:
                assert " " not in entry, (concept, entry)
                assert sum(ch.isalpha() for ch in entry) >= 4, f"{code} {concept}: {entry!r} too loose"
                assert entry.strip("*") and "*" not in entry.strip("*"), (concept, entry)


@pytest.mark.parametrize("code", LANGUAGES)
def test_inflected_forms_lemmatise_to_an_entry(code: str) -> None:
    lexicon = load(code)
    samples = INFLECTED[code]
    assert len(samples) >= 10
    missing = []
    for form, concept in samples:
        entries = {fold(entry) for entry in lexicon["concepts"][concept]}
        if lexicon["lemmatizer"]:
            assert lexicon["lemmatizer"] == code
            lemma = fold(simplemma.lemmatize(form, lang=code))
        else:
            lemma = fold(form)
        if lemma not in entries:
            missing.append(f"{form} -> {lemma} not in {concept}")
    assert not missing, missing


@pytest.mark.parametrize("code", LANGUAGES)
def test_phrase_bank_parses_with_valid_kinds(code: str) -> None:
    lines = (PHRASES / f"phrases-{code}.jsonl").read_text(encoding="utf-8").splitlines()
    assert 40 <= len(lines) <= 60
    seen: dict[str, int] = dict.fromkeys(KINDS, 0)
    negatives = multi = 0
    for line in lines:
        row = json.loads(line)
        assert set(row) == {"subject", "text", "language", "kinds", "source"}
        assert row["language"] == code and row["source"] == f"phrases-{code}"
        assert isinstance(row["subject"], str) and row["text"].strip()
        assert set(row["kinds"]) <= KINDS and len(row["kinds"]) == len(set(row["kinds"]))
        for kind in row["kinds"]:
            seen[kind] += 1
        negatives += not row["kinds"]
        multi += len(row["kinds"]) > 1
    assert min(seen.values()) >= 3, seen
    assert 8 <= negatives <= 10 and 4 <= multi <= 6, (negatives, multi)


def test_maltese_has_no_simplemma_model_so_its_lemmatizer_is_empty() -> None:
    assert load("mt")["lemmatizer"] == ""
    with pytest.raises(ValueError, match="Unsupported language"):
        simplemma.lemmatize("ħassru", lang="mt")


def test_nynorsk_inflections_lemmatise_to_nb_entries_with_the_nn_model() -> None:
    concepts = load("nb")["concepts"]
    missing = []
    for form, concept in NYNORSK:
        lemma = fold(simplemma.lemmatize(form, lang=("nb", "nn")))
        if lemma not in {fold(entry) for entry in concepts[concept]}:
            missing.append(f"{form} -> {lemma} not in {concept}")
    assert not missing, missing


def entry_matches(entry: str, token: str) -> bool:
    """The agreed entry semantics for one folded token: word, "pre*" prefix, "*part*" substring."""
    entry, token = fold(entry), fold(token)
    if entry.startswith("*") and entry.endswith("*"):
        return entry.strip("*") in token
    if entry.endswith("*"):
        return token.startswith(entry[:-1])
    return entry == token


# Ordinary words a wildcard once caught (found by listing simplemma's word forms per wildcard):
# (language, word as written, concept it must not fall into).
NOT_MATCHED = [
    ("de", "Bewerbung", "MARKETING"),  # a job application is not advertising
    ("de", "Kandidaten", "DATA"),
    ("de", "Soldaten", "DATA"),
    ("de", "erloschen", "DELETE"),  # "expired", not "deleted"
    ("de", "Berechnung", "BILLING"),
    ("de", "Skonto", "ACCOUNTW"),
    ("nl", "accountant", "ACCOUNTW"),
    ("nl", "reclameren", "MARKETING"),  # to file a complaint
    ("nl", "aanklacht", "AUTHORITY"),
    ("da", "kontoret", "ACCOUNTW"),  # "ikke på kontoret": the office
    ("da", "beklager", "AUTHORITY"),  # "sorry"
    ("da", "reklamere", "MARKETING"),
    ("nb", "kontoret", "ACCOUNTW"),
    ("nb", "forbrukerkontoret", "ACCOUNTW"),
    ("nb", "beklager", "AUTHORITY"),
    ("is", "forritari", "PRODUCT"),  # a programmer applying for a job
    ("is", "fóstureyðingu", "DELETE"),
    ("fr", "randonnées", "DATA"),
    ("fr", "maladresse", "CONTACT"),
    ("es", "candidatos", "DATA"),
    ("es", "proposición", "OBJECT"),
    ("pt", "proposição", "OBJECT"),
    ("ro", "propoziție", "OBJECT"),
]


@pytest.mark.parametrize(("code", "word", "concept"), NOT_MATCHED)
def test_wildcards_leave_ordinary_words_alone(code: str, word: str, concept: str) -> None:
    lexicon = load(code)
    lemma = simplemma.lemmatize(word, lang=code) if lexicon["lemmatizer"] else word
    hits = [
        e
        for e in lexicon["concepts"][concept]
        if " " not in e and (entry_matches(e, word) or entry_matches(e, lemma))
    ]
    assert not hits, f"{word!r} ({lemma!r}) falls into {code} {concept} through {hits}"


# The same words must still be caught where they belong (the narrowing kept recall).
MATCHED = [
    ("de", "Werbung", "MARKETING"),
    ("de", "Werbemails", "MARKETING"),
    ("de", "Kundendaten", "DATA"),
    ("de", "Datenlöschung", "DELETE"),
    ("de", "Löschantrag", "DELETE"),
    ("de", "Kundenkonto", "ACCOUNTW"),
    ("nl", "klantaccount", "ACCOUNTW"),
    ("nl", "reclamemail", "MARKETING"),
    ("da", "brugerkontoen", "ACCOUNTW"),
    ("nb", "brukerkontoen", "ACCOUNTW"),
    ("nb", "klagen", "AUTHORITY"),
    ("es", "oposición", "OBJECT"),
    ("ro", "opoziție", "OBJECT"),
]


@pytest.mark.parametrize(("code", "word", "concept"), MATCHED)
def test_narrowed_entries_still_catch_their_words(code: str, word: str, concept: str) -> None:
    lexicon = load(code)
    lemma = simplemma.lemmatize(word, lang=code)
    assert any(entry_matches(e, word) or entry_matches(e, lemma) for e in lexicon["concepts"][concept])
