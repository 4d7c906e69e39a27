"""Rules: named token patterns over concepts, run by spaCy's Matcher; each hit says why.

The `bot_rules` component gives every token a concept (token.lemma_ = "C:DELETE", from
lexicon.py) and matches the patterns below on it, so one pattern covers "poistakaa tietoni",
"radera mina uppgifter" and "delete my data". Hits land in `doc._.rule_hits`; the combiner
(combine.py) turns them into scores and reasons, after the sentence vetoes (billing, how-to).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc

from bot.classify.fold import fold_word
from bot.classify.langlex import ORDER, Lexicon, lexicons
from bot.classify.lexicon import ACCOUNT_WORDS, CONCEPTS, MY_WORDS
from bot.kinds import RequestKind as K

STRONG = 0.9  # a rule that alone says what the request is
PATTERN = 0.6  # a rule that needs the model's agreement to pass review


@dataclass(frozen=True)
class Rule:
    name: str
    kind: K
    weight: float
    patterns: tuple[str, ...]


# Article citations ("Art. 15", "článku 17") are read by citations.py, not by these rules.
# Pattern syntax: CONCEPT (or A|B), ~N = up to N other tokens, lower-case words literally.
RULES: tuple[Rule, ...] = (
    Rule("unsubscribe.word", K.UNSUBSCRIBE, STRONG, ("UNSUB",)),
    Rule("unsubscribe.stop-list", K.UNSUBSCRIBE, STRONG, (
        "DELETE|STOPV|CANCEL ~5 NEWSL|MARKETING",
        "NEWSL|MARKETING ~3 DELETE|STOPV|CANCEL",
        "STOPV ~3 RECEIVE|EMAILS ~3 EMAILS|NEWSL|MARKETING",
        "NEG ~4 RECEIVE ~4 EMAILS|NEWSL|MARKETING",
        "NEG ~1 MORE ~3 NEWSL|MARKETING|EMAILS",
        "NEG ~2 NEWSL|MARKETING|EMAILS ~1 MORE",
        "älkää ~3 RECEIVE",
        "en halua ~3 NEWSL|MARKETING|EMAILS",
        "NEWSL|MARKETING|EMAILS ~4 NEG ~1 MORE",
        "en ~3 RECEIVE ~4 EMAILS|NEWSL|MARKETING",
        "STOPV ~2 EMAILS",
        "opt ~2 out",
        "take me off",
        "ta bort mig ~3 NEWSL|EMAILS",
        "dar|darme|den|denme de baja",
        # Swedish: "sluta skicka/ringa", "vill inte bli uppringd", "inga nyhetsbrev",
        # "vill inte ha era utskick"
        "sluta|slutar ringa|mejla|maila", "sluta|slutar skicka .|!|dom|dem|det|mig|till",
        "inte ~2 bli uppringd|uppringda|kontaktad|kontaktade",
        "inga|inget NEWSL|MARKETING", "inte ha ~3 NEWSL|MARKETING|EMAILS",
        "en haluu|haluis ~3 NEWSL|MARKETING|EMAILS",
        "en halua|haluu enää näitä|noita|niitä", "ei|eivät kiinnosta ~4 NEWSL|MARKETING",
        "NEWSL|MARKETING ~3 ei|eivät kiinnosta",
        "NEWSL|MARKETING ~2 en halua|haluu", "NEWSL|MARKETING ~3 ei|en ~1 tarvitse|tarvii|tarvi",
        "ei|en tarvitse|tarvii|tarvi ~3 NEWSL|MARKETING", "DELETE ~4 DATA ja ~2 NEWSL|MARKETING",
    )),
    Rule("unsubscribe.direct-marketing", K.UNSUBSCRIBE, STRONG, (
        "OBJECT ~8 DIRECTMKT", "DIRECTMKT ~6 OBJECT", "WITHDRAW|STOPV ~6 DIRECTMKT", "DIRECTMKT ~4 STOPV",
        "OBJECT|STOPV ~3 PROCESSING ~6 DIRECTMKT|MARKETING",
        "NEG ~4 RECEIVE ~4 DIRECTMKT",
    )),
    Rule("unsubscribe.consent", K.UNSUBSCRIBE, PATTERN, (
        "WITHDRAW|CANCEL ~5 CONSENT", "CONSENT ~4 WITHDRAW|CANCEL",
        "OBJECT ~5 MARKETING", "MARKETING ~3 OBJECT",
    )),
    Rule("access.copy", K.ACCESS, STRONG, (
        "ACCESSN ~5 DATA|REGISTER", "DATA ~3 ACCESSN",
        "ACCESSN niistä",
    )),
    Rule("access.word", K.ACCESS, STRONG, ("ACCESSW",)),
    Rule("access.what", K.ACCESS, PATTERN, (
        "WHAT ~3 DATA ~8 ME", "SEE ~3 WHAT ~3 DATA", "SEE ~4 DATA ~6 ME",
        "WHENCE ~5 DATA|CONTACT|EMAILS", "where did you get", "RECEIVE ~3 ACCESSN",
        "vad ~4 om mig", "SEE ~5 om mig", "ta del av ~6 om mig",  # Swedish: "vad har ni om mig"
        "SEE MYW ~2 DATA", "skicka|skickar|ge|mejla ~2 DATA ~3 om mig",
        "vem|WHAT ~3 fått|delat|lämnat|sålt ~3 DATA|CONTACT",
        "SEE ~3 sålt|delat|lämnat ~4 DATA|CONTACT",
        "hur länge ~4 sparar|spara|sparas|lagrar|lagras ~3 DATA|CONTACT",
        # "what you have about me": ce que vous avez sur moi, was Sie über mich wissen, hvad I har om mig
        "WHAT ~5 sur moi", "WHAT ~5 über mich", "WHAT ~5 om mig", "WHAT ~5 van|over mij", "WHAT ~5 di me",
        "WHAT ~5 sobre mí|mi", "WHAT ~5 de mí", "WHAT ~5 o mnie", "WHAT ~5 minu|mu kohta",
        "mitä ~5 minusta|musta", "onko teillä ~2 MYW|ME ~2 DATA",
        "kenelle ~5 annettu|antanut|antanu|antaneet|luovutettu|luovuttanut|luovuttaneet|luovuttanu"
        "|myyty|myyneet|jaettu|jakaneet",
        "oletteko|ootteko|onko ~2 luovuttaneet|luovutettu|myyneet|antaneet ~3 DATA|CONTACT",
        "WHAT ~2 DATA ~1 teillä|teil on", "DATA ~3 teillä|teil on ~2 ME",
        "kauan|kauanko ~4 säilytätte|säilytetään|säilytte ~3 DATA", "kauanko ~2 THEM ~1 säilytetään",
        "tallennetaanko|tallennatteko|säilyttekö|säilytättekö|keräättekö ~3 ME|MYW|DATA",
        "har ni ~2 DATA ~1 om mig", "finns jag ~3 REGISTER",
        "om ni ~1 sålt|delat|lämnat|gett ~3 DATA|CONTACT|EMAILS",  # Swedish: "har ni någon info om mig"
    )),
    Rule("erasure.delete-data", K.ERASURE, STRONG, (
        "DELETE ~5 DATA|REGISTER", "DATA ~4 DELETE",
        "forget me", "right to be forgotten", "oikeus tulla unohdetuksi",
        "DELETE ~5 about|on|of me", "DELETE ~5 om mig", "DELETE ~5 über mich", "DELETE ~5 minusta",
        "radera|raderar mig", "bli raderad|struken",  # Swedish: "radera mig ur era system"
        "DELETE ~5 sur moi", "DELETE ~5 di me", "DELETE ~5 de mí", "DELETE ~5 o mnie",
        "DELETE ~5 van|over mij",
        "DELETE ~5 minu|mu kohta", "REGISTER ~3 DELETE",
        "DELETE ~5 musta",
        "DELETE ~1 ME|mut ~1 kokonaan|kaikkialta",
        "DELETE ~3 tilini|käyttäjätilini|asiakastilini|profiilini|tunnukseni",
    )),
    # Swedish "jag vill inte att mina uppgifter ligger kvar hos er": the negation is the request.
    Rule("erasure.not-kept", K.ERASURE, PATTERN, (
        "inte ~4 ligger|ligga|finns|finnas kvar", "inte har|ha kvar ~2 om mig",
        "NEG ~1 want ~1 you|u to have|keep|hold|store ~3 DATA|CONTACT",  # "I don't want you to have my info"
        "en|ei haluu|halua ~2 teillä|teil on ~3 DATA",
        "en|ei haluu|halua et|että ~1 teillä|teil on ~3 DATA")),
    Rule("erasure.account", K.ERASURE, PATTERN, (
        "DELETE ~2 MYW ACCOUNTW", "MYW ACCOUNTW ~3 DELETE",
        "radera|raderar|bort MYW CONTACT", "MYW CONTACT ~2 raderas", "tabort MYW CONTACT",
        "radera|raderar MYW EMAILS")),
    Rule("erasure.them", K.ERASURE, PATTERN, ("DELETE ~1 THEM", "THEM ~1 DELETE", "DELETEIT")),
    Rule("correction.fix-data", K.CORRECTION, STRONG, (
        "RECTIFY ~4 DATA|CONTACT", "DATA|CONTACT ~4 RECTIFY",
        "uusi|uus ~1 CONTACT",
        "RECTIFY ~3 sähköposti|sähköpostin|sähköpostini|meilin|mailin",
    )),
    Rule("correction.them", K.CORRECTION, PATTERN, (
        "RECTIFY ~1 THEM", "THEM ~1 RECTIFY", "RECTIFY ~4 REGISTER")),
    Rule("restriction.limit", K.RESTRICTION, STRONG, (
        "RESTRICT ~4 PROCESSING|DATA", "PROCESSING ~4 RESTRICT",
        "RESTRICT ~1 niitä|niiden", "niitä|niiden ~3 RESTRICT",
        "DATA ~4 RESTRICT", "ettei|ettette ~2 DATA ~2 PROCESSING", "älkää|älä tehkö ~2 DATA ~1 mitään",
        "käyttäkö|käsitelkö ~2 DATA|THEM", "NEG ~2 saa ~2 PROCESSING", "eikä käytetä|käsitellä",
        "DATA ~2 ei ~1 käytetä|käsitellä", "DATA|THEM|niiden ~2 PROCESSING ~2 STOPV",
    )),
    Rule("restriction.stop", K.RESTRICTION, PATTERN, ("STOPV ~3 PROCESSING",)),
    # Swedish "använd inte mina uppgifter", "jag vill inte att ni använder/behandlar mina uppgifter":
    # the negation is the request here (exempt from the negation veto, NEGATION_IS_REQUEST).
    Rule("restriction.dont-use", K.RESTRICTION, PATTERN, (
        "inte ~4 använda|använder|används|behandla|behandlar ~4 DATA",
        "använd|använda inte ~3 DATA", "använd THEM inte", "STOPV använda ~3 DATA",
        "inte ~4 använda|använder ~3 om mig", "rör inte ~3 DATA",
        "varken ~1 raderas|raderar|radera ~3 används|använder|använda",
        # "ni ska inte radera eller ändra något", "att mina uppgifter inte används till något annat"
        "inte ~1 radera|raderar|raderas eller ~1 använda|använder|används|ändra|ändrar|ändras",
        "inte att ~2 DATA ~2 används|behandlas|skickas|lämnas|delas",
        "inte används ~2 till|för ~2 något annat",
    )),
    Rule("portability.word", K.PORTABILITY, STRONG, ("PORTAB",)),
    Rule("portability.machine", K.PORTABILITY, STRONG, (
        "MACHREAD ~6 DATA", "DATA ~6 MACHREAD", "machine readable|readably", "maschinell lesbar|lesbaren")),
    Rule("portability.format", K.PORTABILITY, PATTERN, ("DATA ~6 FORMAT", "FORMAT ~6 DATA",
                                                       "DATA ~3 direkt till",
                                                       "MACHREAD muodossa|muotoon", "siirrettävässä muodossa",
                                                       "THEM ~2 FORMAT",
                                                       "DATA ~1 suoraan ~2 uudelle|toiselle|heille"
                                                       "|palveluntarjoajalle",
                                                       "THEM ~1 som|i ~1 FORMAT",  # "ha dom i excel"
                                                       "MACHREAD ~1 FORMAT", "ACCESSN ~2 i|som ~1 FORMAT",
                                                       "med mig ~6 som|i ~1 FORMAT")),
    # Informal English: "no newsletters please", "I don't need the newsletter", "stop sending me these".
    Rule("unsubscribe.informal", K.UNSUBSCRIBE, PATTERN, (
        "no NEWSL|MARKETING", "NEG ~1 want|need ~3 NEWSL|MARKETING|EMAILS", "STOPV RECEIVE them|these|those",
        "NEG ~1 EMAILS ~4 MARKETING|NEWSL", "get me out of ~3 NEWSL|MARKETING",
    )),
    # "what do you have on me", "send me the information you hold about me", "do you have my data",
    # "who gave you my number".
    Rule("access.informal", K.ACCESS, PATTERN, (
        "RECEIVE|SEE|WHAT ~4 you|u ~2 have|hold|store|stored|keep|know ~3 about|on ME",
        "tell me WHAT ~2 you|u ~1 have|hold|store|stored|keep",
        "do|if|whether you have MYW ~2 DATA|CONTACT", "you have any ~2 DATA ~3 about|on ME",
        "SEE ~2 MYW DATA",
        "where you got", "who gave you", "how did you get MYW", "how you came to have", "why do you have MYW",
        "WHAT ~3 give|gave|given|sold|shared|passed|disclosed ~2 MYW DATA",
        "give|gave|given|sold|shared|passed|disclosed ~3 MYW DATA ~2 to|with ~1 anyone|anybody|whom|others",
        "if|whether MYW DATA is|are ~1 still", "is|are MYW DATA still",
        "RECEIVE me WHAT ~1 you|u ~1 have|hold|store|stored|keep",
        "how long ~3 keep|store|retain|hold MYW DATA", "how long ~3 keep|store|retain|hold mine",
        # "a copy of what you hold", "know what you did with my form", "what data you've used"
        "ACCESSN of WHAT you|u ~1 have|hold|store|stored|keep",
        "SEE ~1 WHAT ~2 you|u ~2 do|did|done|doing with",
        "WHAT DATA|CONTACT ~4 PROCESSING",
    )),
    # "remove my name and number from your system", "delete my number after" (not "remove my address
    # from your mailing list", an unsubscribe).
    Rule("erasure.contact", K.ERASURE, PATTERN, (
        "DELETE ~2 MYW CONTACT ~3 REGISTER|DATA",
        "DELETE ~2 MYW CONTACT ~1 after|completely|entirely|permanently",
        "DELETE ~2 MYW CONTACT from wherever|everywhere",
        "DELETE ~6 and from ~2 REGISTER|DATA",  # "remove me from your mailing list and from your database"
    )),
    # "send them my data", "send my data to my new provider": the data goes to another company.
    Rule("portability.informal", K.PORTABILITY, PATTERN, (
        "RECEIVE them MYW ~1 DATA",
        "RECEIVE ~1 MYW ~1 DATA ~3 to ~2 new|another|other"
        " ~1 provider|supplier|partner|company|service|system",
        # "send it to them in a format they can import", "in a format I can import to another system"
        "RECEIVE it|them|everything ~6 FORMAT",
        "FORMAT ~6 to ~2 another|new|other|different ~1 provider|supplier|partner|company|service|system",
        "transfer|move|deliver|migrate|forward my ~1 DATA ~3 to ~2 new|another|other|different"
        " ~1 provider|supplier|partner|company|service|system|employer",
    )),
    # "please don't use it", "freeze it".
    Rule("restriction.them", K.RESTRICTION, PATTERN, (
        "RESTRICT ~1 THEM", "RESTRICT anything",
        # "keep everything as it is until ...", "I need it kept as it is"
        "keep|kept ~2 DATA|THEM ~1 as it|they is|are", "DATA|THEM ~1 kept as it|they is|are",
        "DATA|THEM|that|everything ~2 on hold")),  # "put my data on hold"
    # "my new address", "my email changed", "my email ... has a typo".
    Rule("correction.informal", K.CORRECTION, PATTERN, (
        "MYW new CONTACT|EMAILS|DATA", "MYW ~1 EMAILS changed", "MYW ~1 EMAILS ~6 typo|misspelled|misspelt",
        "changed MYW ~1 EMAILS",
        "please|pls|kindly RECTIFY :",  # "Please update: <the new value>"
        "CONTACT|DATA you|u have ~6 RECTIFY",  # "the number you have for me is wrong"
        # Swedish: "har bytt mobilnummer", "nya adressen", "ny mejladress"
        "bytt ~2 CONTACT", "ny|nya|nytt adress|adressen|hemadress|nummer|numret|telefonnummer|mobilnummer",
        "ny|nya|nytt efternamn|namn|mejladress|e-postadress|mailadress",
        "jag har ny|nytt|nya ~1 CONTACT|EMAILS", "MYW gamla EMAILS",
        "MYW rätta|riktiga|korrekta CONTACT|EMAILS", "ändra|ändrar|uppdatera|rätta|byt|byta MYW EMAILS",
        "gamla adress|adressen|hemadress|nummer|numret|telefonnummer|mobilnummer|efternamn",
    )),
)
RULES_BY_NAME = {r.name: r for r in RULES}


def _compile_entries() -> tuple[dict[str, str], list[tuple[str, str]], list[tuple[str, str]]]:
    exact: dict[str, str] = {}
    prefix: list[tuple[str, str]] = []
    infix: list[tuple[str, str]] = []
    for concept, langs in CONCEPTS.items():
        for entries in langs.values():
            for e in entries.split():
                if e.startswith("*") and e.endswith("*"):
                    infix.append((e.strip("*"), concept))
                elif e.endswith("*"):
                    prefix.append((e[:-1], concept))
                else:
                    exact.setdefault(e, concept)
    return exact, prefix, infix


_EXACT, _PREFIX, _INFIX = _compile_entries()
_ORDER = {c: i for i, c in enumerate(ORDER)}
# Prefixes indexed by their first letters: a new word is compared with a handful, not hundreds.
_KEY = min(len(p) for p, _ in _PREFIX)
_PREFIX_BY_KEY: dict[str, list[tuple[str, str]]] = {}
for _p, _c in _PREFIX:
    _PREFIX_BY_KEY.setdefault(_p[:_KEY], []).append((_p, _c))


@lru_cache(maxsize=200_000)
def concept_of(word: str) -> str:
    """The concept of one word ("" when none), e.g. "poistaisitteko" -> "DELETE"."""
    w = fold_word(word)
    if len(w) > 3 and w[1] == "'" and w[0] in "cdjlmnst":  # French elision: d'effacer, l'accès
        w = w[2:]
    if not w[:1].isalpha():
        return ""
    found = []
    if w in _EXACT:
        found.append(_EXACT[w])
    found += [c for p, c in _PREFIX_BY_KEY.get(w[:_KEY], ()) if w.startswith(p)]
    if not found:
        found += [c for p, c in _INFIX if p in w]
    return min(found, key=_ORDER.__getitem__) if found else ""


def _old_lexicon(lang: str) -> Lexicon | None:
    """A language with no lexicons/<code>.toml: its entries in the older table, if any."""
    concepts = {c: per[lang].split() for c, per in CONCEPTS.items() if lang in per}
    if not concepts:
        return None
    concepts["MYW"] = list(MY_WORDS)
    concepts["ACCOUNTW"] = list(ACCOUNT_WORDS)
    return Lexicon(language=lang, lemmatizer="", concepts=concepts, forms={})


_NO_WORDS = Lexicon(language="", lemmatizer="", concepts={}, forms={})
_fallback: dict[str, Lexicon] = {}


def lexicon_for(lang: str) -> Lexicon:
    """The words of `lang` only: its lexicon file, else its entries in the older table, else none."""
    lex = lexicons().get(lang)
    if lex is not None:
        return lex
    if lang not in _fallback:
        _fallback[lang] = _old_lexicon(lang) or _NO_WORDS
    return _fallback[lang]


def has_words(lang: str) -> bool:
    return lexicon_for(lang) is not _NO_WORDS


_fold_cached = fold_word


# English words every language borrows ("newsletter", "unsubscribe", "GDPR", "opt-out", "csv"):
# a word with no concept in its own language may still be one of these (only these concepts).
INTERNATIONAL = frozenset({"UNSUB", "NEWSL", "PORTAB", "MACHREAD", "FORMAT", "REGULATION"})
_NOT_INTERNATIONAL = frozenset({"list", "mailing", "portable", "portables"})  # "list" is Swedish for cunning


@lru_cache(maxsize=200_000)
def concept_in(word: str, lang: str) -> str:
    """The concept of one word in language `lang` ("" when none)."""
    c = lexicon_for(lang).concept(word)
    if not c and lang != "en" and fold_word(word) not in _NOT_INTERNATIONAL:
        en = lexicon_for("en").concept(word)
        if en in INTERNATIONAL:
            return en
    return c


def _token_specs(slot: str) -> list[dict]:
    """One spec per alternative: plain equality is checked in the Matcher's C code, while an IN
    set is a Python predicate called per token (ten times slower over a whole message)."""
    if slot == "MYW":
        return [{"LEMMA": "C:MYW"}, *({"LOWER": w} for w in MY_WORDS)]
    if slot == "ACCOUNTW":
        return [{"LEMMA": "C:ACCOUNTW"}, *({"LOWER": w} for w in ACCOUNT_WORDS)]
    alts = slot.split("|")
    if "DATA" in alts and "PRIVACY" not in alts:
        alts.append("PRIVACY")  # "henkilötietoja", "personal data": data, and a privacy signal too
    return [{"LEMMA": f"C:{a}"} if a.isupper() else {"LOWER": a} for a in alts]


# A gap never crosses a line, a sentence or clause mark, or "and": "poistakaa minut listalta ja
# lähettäkää kopio tiedoistani" is two requests, not "poista ... tiedoistani".
CONJUNCTIONS = ["and", "ja", "sekä", "seka", "och", "samt", "und", "et", "y", "e", "ning", "og", "or", "tai"]


# Negations whose folded form is another word ("älkää" folds to "alkaa", to begin): matched as
# written, diacritics and all.
NEG_EXACT = frozenset({"älkää", "älä", "äläkä", "älkäämme"})
# Rules whose pattern holds the negation ("använd inte mina uppgifter"): not negated by it.
NEGATION_IS_REQUEST = frozenset({"restriction.dont-use", "erasure.not-kept"})
# Kinds a negation does not turn around: "don't send me newsletters" is an unsubscribe, and
# "don't use my data until ...", "älkää käyttäkö tietojani", "ne plus utiliser mes données" is how
# people ask for restriction (three helpers working on three languages found it vetoed).
NEGATION_ASKS = frozenset({K.UNSUBSCRIBE, K.RESTRICTION})


# Sentence and clause marks; not the hyphen, which the tokenizer splits out of "avez-vous".
BREAKS = [".", "!", "?", ";", ",", ":", "(", ")", "•", "–", "—"]


# A pattern string whose alternatives would expand into more Matcher patterns than this keeps
# them as sets instead ("give|gave|sold ~3 MYW DATA ~2 to|with ~1 anyone|whom" is 1 120 plain
# patterns): every extra pattern costs the Matcher on every message, a set costs a predicate call
# per token where its slot is tried. Both match exactly the same tokens.
EXPAND_MAX = 16


def _grouped_specs(slot: str) -> list[dict]:
    """The slot's alternatives as at most two specs: the concepts as one LEMMA set, the words as
    one LOWER set (a single alternative stays a plain equality)."""
    specs = _token_specs(slot)
    out: list[dict] = []
    for attr in ("LEMMA", "LOWER"):
        values = [spec[attr] for spec in specs if attr in spec]
        if len(values) == 1:
            out.append({attr: values[0]})
        elif values:
            out.append({attr: {"IN": values}})
    return out


def compile_pattern(text: str) -> list[list[dict]]:
    """The Matcher patterns for one pattern string (alternatives expanded, or grouped into sets
    when expanding them would give more than EXPAND_MAX patterns)."""
    slots = text.split()
    size = 1
    for slot in slots:
        if not slot.startswith("~"):
            size *= len(_token_specs(slot))
    specs_of = _token_specs if size <= EXPAND_MAX else _grouped_specs
    out: list[list[dict]] = [[]]
    for slot in slots:
        if slot.startswith("~"):
            # The same spec everywhere, so the Matcher evaluates its one predicate once per token.
            gap = {"OP": f"{{0,{int(slot[1:])}}}", "IS_SPACE": False,
                   "LOWER": {"NOT_IN": CONJUNCTIONS + BREAKS}}
            out = [[*p, gap] for p in out]
        else:
            out = [[*p, spec] for p in out for spec in specs_of(slot)]
    return out


def build_matcher(vocab) -> Matcher:
    matcher = Matcher(vocab)
    for rule in RULES:
        matcher.add(rule.name, [q for p in rule.patterns for q in compile_pattern(p)])
    return matcher


def pattern_needs() -> list[tuple[frozenset[str], frozenset[str]]]:
    """What each Matcher pattern needs in a doc to match: the concepts (LEMMA "C:...") and the
    lower-case words (LOWER) of its tokens that are not optional. A doc holding neither set of
    any pattern cannot match: the Matcher need not run. Patterns that need more than another
    one are left out (the other one decides)."""
    needs: set[tuple[frozenset[str], frozenset[str]]] = set()
    for rule in RULES:
        for p in rule.patterns:
            for q in compile_pattern(p):
                fixed = [spec for spec in q if "OP" not in spec]
                concepts = frozenset(spec["LEMMA"][2:] for spec in fixed
                                     if isinstance(spec.get("LEMMA"), str) and spec["LEMMA"].startswith("C:"))
                words = frozenset(spec["LOWER"] for spec in fixed if isinstance(spec.get("LOWER"), str))
                needs.add((concepts, words))
    return sorted((n for n in needs if not any(o != n and o[0] <= n[0] and o[1] <= n[1] for o in needs)),
                  key=lambda n: (len(n[0]) + len(n[1]), sorted(n[0]), sorted(n[1])))


@dataclass(frozen=True)
class RuleHit:
    rule: str
    kind: K
    weight: float
    start: int
    end: int
    text: str
    concepts: tuple[str, ...]  # concepts present in the sentence of the hit (for vetoes)


@Language.factory("bot_rules")
def make_rules(nlp: Language, name: str) -> Callable[[Doc], Doc]:
    matcher = build_matcher(nlp.vocab)
    # What the patterns need, indexed by one of their concepts (the words-only ones apart).
    needs_by_concept: dict[str, list[tuple[frozenset[str], frozenset[str]]]] = {}
    words_only: list[frozenset[str]] = []
    for need in pattern_needs():
        if need[0]:
            needs_by_concept.setdefault(min(need[0]), []).append(need)
        else:
            words_only.append(need[1])
    strings = nlp.vocab.strings

    def may_match(concepts: set[str], tokens: list) -> bool:
        lowers: set[str] | None = None
        for c in concepts:
            for need_concepts, need_words in needs_by_concept.get(c, ()):
                if not need_concepts <= concepts:
                    continue
                if not need_words:
                    return True
                if lowers is None:
                    lowers = {t.lower_ for t in tokens}
                if need_words <= lowers:
                    return True
        if words_only:
            if lowers is None:
                lowers = {t.lower_ for t in tokens}
            return any(need_words <= lowers for need_words in words_only)
        return False

    def rules(doc: Doc) -> Doc:
        sent_of: list[int] = []
        questions: set[int] = set()
        sent = 0
        any_concept = False
        ext = doc._
        lang = ext.language if Doc.has_extension("language") else "en"
        lex = lexicon_for(lang)
        # One pass over the tokens (each spaCy attribute read costs): their text and lemma, reused.
        tokens = list(doc)
        texts = [t.text for t in tokens]
        phrases = lex.phrase_concepts([_fold_cached(t) for t in texts]) if lex.phrases else {}
        lemmas: list[str] = []
        for i, token in enumerate(tokens):
            text = texts[i]
            space = token.is_space
            c = phrases.get(i) or (concept_in(text, lang) if not space else "")
            if c:
                lemma = "C:" + c
                token.lemma_ = lemma
                any_concept = True
            else:
                lemma = token.lemma_  # a concept of an earlier run in another language stays
            lemmas.append(lemma)
            sent_of.append(sent)
            if text == "?":
                questions.add(sent)
            if text in (".", "!", "?") or (space and "\n" in text):
                sent += 1
        sent_concepts: dict[int, set[str]] = {s: {"QUESTION"} for s in questions}
        doc_concepts: set[str] = set()
        for lemma, s in zip(lemmas, sent_of, strict=True):
            if lemma.startswith("C:"):
                sent_concepts.setdefault(s, set()).add(lemma[2:])
                doc_concepts.add(lemma[2:])
        hits: list[RuleHit] = []
        seen: set[tuple[str, int]] = set()
        # No concept, no rule can match (and the Matcher refuses a doc without any LEMMA); nor
        # when the doc lacks what every pattern needs.
        matches = matcher(doc) if any_concept and may_match(doc_concepts, tokens) else []
        # Shortest match first: the reason quotes the words that made the decision.
        for match_id, start, end in sorted(matches, key=lambda m: (m[2] - m[1], m[1])):
            rule = RULES_BY_NAME[strings[match_id]]
            s = sent_of[start]
            if (rule.name, s) in seen:  # one hit per rule and sentence is enough to explain
                continue
            seen.add((rule.name, s))
            # "I don't want my data deleted", "tietoja ei saa poistaa", "radera dem inte": a
            # negation just before the hit, inside it, or right after it (verb-second languages
            # put it after the verb), in the same sentence.
            negated = rule.kind not in NEGATION_ASKS and rule.name not in NEGATION_IS_REQUEST and any(
                (lemmas[i] == "C:NEG" or tokens[i].lower_ in NEG_EXACT) and sent_of[i] == s
                for i in range(max(0, start - 3), min(len(tokens), end + 1)))
            concepts = sent_concepts.get(s, set()) | ({"NEGATED"} if negated else set())
            hits.append(RuleHit(rule.name, rule.kind, rule.weight, start, end,
                                doc[start:end].text, tuple(sorted(concepts))))
        ext.rule_hits = sorted(hits, key=lambda h: h.start)
        ext.sentence_concepts = [frozenset(c) for c in sent_concepts.values()]
        return doc

    return rules


if not Doc.has_extension("rule_hits"):
    Doc.set_extension("rule_hits", default=[])
if not Doc.has_extension("sentence_concepts"):
    Doc.set_extension("sentence_concepts", default=[])
