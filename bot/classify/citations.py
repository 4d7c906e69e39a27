# ruff: noqa: RUF001  (Greek and Cyrillic letters are the point of this file)
"""GDPR article citations and the regulation's names, in every EU/EEA language. Pure regexes.

A citation is language-independent evidence: "Art. 15 DSGVO", "Article 20(1)", "Art. 18 Abs. 1
lit. d", "artículo 17", "čl. 15 odst. 1", "art. 17.º", "15. cikk", "15 straipsnis", "artikla 15",
"άρθρο 15", "член 15", "15. pants", "Airteagal 15", "Artikolu 15", "articolul 15", "Art. 15 und 20"
all name an article, which `kind_of` maps to a request kind (15 access, 16 correction, 17
erasure, 18 restriction, 20 portability, 21(2)/(3) unsubscribe) or to a signal of its own
(21(1) general objection, 7(3) withdrawal of consent, 77 a complaint to an authority).

A citation is a *mention* rather than a request when its sentence reports an earlier act
("on 3.2. I sent you a request under Article 15") or is about a complaint to an authority; the
classifier counts a mention as a privacy signal but not as the kind.

A section of another law ("§ 34 BDSG", "§ 17 KDG") is not an article of the GDPR; citations
followed closely by a national law's abbreviation are left out unless the GDPR is named too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.classify.prefilter import may_match
from bot.kinds import RequestKind as K

# The word for "article" in the EU/EEA languages, with abbreviations and inflections.
_ARTICLE_BEFORE = (
    r"art(?:s|t)?\.?(?:º|°)?|articles?|artikel(?:s|n|en)?|artikla(?:n)?|artikkel(?:en)?|artikli(?:s)?|"
    r"art[ií]culos?|articolo|articoli|artigos?|articolul(?:ui)?|articolele|articol|"
    r"artykuł(?:u|em|ów)?|artykul(?:u|em|ow)?|"
    r"článek|článku|článkem|článků|článok|článkom|clanek|clanku|clankem|clanok|clankom|čl\.?|cl\.|"
    r"člen(?:a|u|om)?|clen(?:a|u|om)?|članak|članka|članku|člankom|clanak|clanka|clanku|clankom|"
    r"άρθρ(?:ο|ου|α|ων)|αρθρ(?:ο|ου|α|ων)|член(?:а|ове)?|чл\.|artikolu|artikoli|airteagal|"
    r"straipsn(?:is|io|iu|yje)|pants|panta|cikk(?:e|ében|ely)?|grein|greinar|artiklen|artikkelen|artiklar(?:na)?"
)
# Languages that put the number first: "15. cikk" (hu), "15 straipsnis" (lt), "15. pants" (lv),
# "15 artikla" / "15 artiklan" (fi), "15. gr." (is), "15 člen" (sl, also "15. člen").
_ARTICLE_AFTER = (
    r"cikk\w*|straipsn\w*|pant(?:s|a|u|ā|am|os)|artikla\w*|artiklan|gr\.|grein\w*|člen\w*|clen\w*|artikel"
)
_NUM = r"(\d{1,2})(?!\d)(?:\s*\.\s*º|\.º|º|°)?"
# A paragraph: "(1)", "Abs. 1", "para. 1", "paragraph 1", "ust. 1", "odst. 1", "lid 1", "comma 1",
# "stk. 1", "n.º 1", "apartado 1", "bekezdés", "lõige 1", "punkt 1", "kohta 1", "mom. 1", "st. 1".
_PARA = (
    r"(?:\s*\(\s*(\d{1,2})\s*\)|,?\s*(?:abs\.?|absatz|para\.?|paragraph|paragrafo|paragrafe|§|ust\.?|ustęp|"
    r"odst\.?|odstavec|ods\.?|lid|leden|comma|co\.|stk\.?|stykke|n\.?\s*º|nº|n\.|apartado|alínea|al\.|alin\.|"
    r"bekezdés|bek\.|lõige|lg\.?|punkt|kohta|mom\.?|momentti|stycket|st\.|stavak|stavka|παρ\.?|παράγραφος|"
    r"ал\.|алинея|point|punto|dalis|daļa|punkts|mír|alinéa|alineea|alin)\s*(\d{1,2}))"
)
_BEFORE_RE = re.compile(
    rf"(?<![\w§])(?:{_ARTICLE_BEFORE})\s*{_NUM}{_PARA}?"
    rf"((?:\s*(?:,|und|and|et|y|e|a|i|en|og|och|ja|és|ir|un|и|και|oraz|și|si|und/oder|and/or|or|oder|ou|o|&|-|–)\s*"
    rf"(?:art\.?\s*)?\d{{1,2}}(?!\d)(?:\s*\(\s*\d{{1,2}}\s*\))?)*)",
    re.I)
_AFTER_RE = re.compile(rf"(?<![\w.,/])(\d{{1,2}})\s*\.?\s*(?:{_ARTICLE_AFTER})(?!\w){_PARA}?", re.I)
_LIST_NUM = re.compile(r"(\d{1,2})(?!\d)(?:\s*\(\s*(\d{1,2})\s*\))?")

# The regulation's names and abbreviations (matched on the original text, case-insensitive
# unless all capitals: "AVG" is an abbreviation, "avg" is not).
_NAMES_CI = [
    r"2016\s*/\s*679", r"datenschutz-?grundverordnung", r"tietosuoja-?asetu\w*", r"dataskyddsförordning\w*",
    r"databeskyttelsesforordning\w*", r"personvernforordning\w*", r"persónuverndarreglugerð\w*",
    r"general data protection regulation", r"règlement général sur la protection des données",
    r"reglamento general de protecci[oó]n de datos",
    r"regolamento generale (?:sulla|per la) protezione dei dati",
    r"regulamento geral (?:sobre a|de) prote[cç][aã]o de dados", r"algemene verordening gegevensbescherming",
    r"obecné(?:ho)? nařízení o ochraně osobních údajů",
    r"všeobecné(?:ho)? nariadenia? o ochrane (?:osobných )?údajov",
    r"ogólne(?:go)? rozporządzeni\w* o ochronie danych", r"opće(?:e|ne)? uredb\w* o zaštiti podataka",
    r"splošn\w* uredb\w* o varstvu podatkov", r"általános adatvédelmi rendelet\w*",
    r"isikuandmete kaitse üldmäärus\w*", r"vispārīg\w* datu aizsardzības regul\w*",
    r"bendr\w* duomenų apsaugos reglament\w*", r"regulamentul(?:ui)? general privind protecția datelor",
    r"γενικ\w+ κανονισμ\w+ (?:για την )?προστασία\w* (?:των )?δεδομένων",
    r"общ\w* регламент относно защитата на данните",
    r"regolament ġenerali dwar il-protezzjoni tad-data", r"rialachán ginearálta um chosaint sonraí",
]
_NAMES_CAPS = ["GDPR", "DSGVO", "DS-GVO", "RGPD", "AVG", "RODO", "GDPR", "ΓΚΠΔ", "ОРЗД", "OUZP", "SUVP",
               "VDAR", "BDAR", "IKÜM", "UK GDPR", "EU-DSGVO", "EU-GDPR", "EU GDPR", "RGCS", "GVO"]
_NAME_RE = re.compile("|".join(_NAMES_CI), re.I)
_CAPS_RE = re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(n) for n in _NAMES_CAPS) + r")(?![\w])")
# Another law's section: a citation followed by one of these (and no GDPR name) is not the GDPR's.
_OTHER_LAW = re.compile(r"^[^.\n]{0,25}?(?<![\w-])"
                        r"(?:BDSG|KDG|DSG-EKD|DSG|TTDSG|TKG|UWG|TMG|BGB|StPO|SGB|LOPDGDD|"
                        r"CNIL|UrhG|ePrivacy|AO)(?![\w-])")

# The German churches' own data protection laws grant the same rights under their own section numbers.
_CHURCH_SECTION = re.compile(
    r"§\s*(\d{1,2})(?!\d)(?:\s*(?:Abs\.?|Absatz)\s*(\d{1,2}))?([^§\n]{0,110}?)\b(KDG|DSG-EKD)\b")
CHURCH_KINDS = {
    "KDG": {17: K.ACCESS, 18: K.CORRECTION, 19: K.ERASURE, 20: K.RESTRICTION, 22: K.PORTABILITY},
    "DSG-EKD": {19: K.ACCESS, 20: K.CORRECTION, 21: K.ERASURE, 22: K.RESTRICTION, 24: K.PORTABILITY},
}
CHURCH_OBJECTION = {"KDG": 23, "DSG-EKD": 25}

KIND_OF_ARTICLE = {15: K.ACCESS, 16: K.CORRECTION, 17: K.ERASURE, 18: K.RESTRICTION, 20: K.PORTABILITY}
OBJECTION = "objection"  # Art. 21(1): a general objection
CONSENT_WITHDRAWAL = "consent_withdrawal"  # Art. 7(3)
AUTHORITY = "authority"  # Art. 77: a complaint to a supervisory authority

# A sentence that reports an earlier act or speaks of a complaint to an authority: past forms of
# send/request/write/submit, "already", "reminder", "on <date>", "complaint", "authority".
# Folded text is not used: these are matched case-insensitively on the original.
_NARRATIVE = re.compile(
    r"\b(?:sent|submitted|requested|wrote|made|filed|lodged|asked|already|previously|earlier|reminder|"
    r"last (?:week|month)|on \d{1,2}[./]|"
    r"geschickt|gesendet|gesandt|übersandt|übermittelt|gestellt|beantragt|angefragt|geschrieben|bereits|schon|"
    r"erinner\w*|mahnung|"
    r"envoyé\w*|adressé\w*|formulé\w*|déjà|rappel|relance|"
    r"envié|enviado|envi[ée] |solicité|presenté|ya |recordatorio|"
    r"inviato|inviata|inoltrato|già|sollecito|"
    r"enviei|enviado|já|lembrete|"
    r"gestuurd|verzonden|ingediend|verzocht|reeds|al eerder|herinnering|"
    r"skickade|skickat|begärde|redan|påminnelse|"
    r"lähetin|lähettänyt|pyysin|jo |muistutus|"
    r"zaslal\w*|odeslal\w*|poslal\w*|podal\w*|požádal\w*|již|už|upomínk\w*|urgenc\w*|"
    r"wysłał\w*|złożył\w*|już|przypomnieni\w*|"
    r"poslao|poslala|podnio|podnijela|već|podsjetnik|"
    r"έστειλα|υπέβαλα|ήδη|υπενθύμιση|"
    r"am trimis|deja|"
    r"изпратих|вече|напомняне)",
    re.I)
_AUTHORITY = re.compile(
    r"(?:supervisory authority|data protection authority|complaint|ombudsman|"
    r"aufsichtsbehörde|datenschutzbehörde|beschwerde|landesbeauftragt\w*|bundesbeauftragt\w*|"
    r"autorité de contrôle|réclamation|plainte|cnil|autoridad de control|reclamación|aepd|"
    r"autorità di controllo|reclamo|garante|autoridade de controlo|cnpd|"
    r"toezichthouder|autoriteit persoonsgegevens|"
    r"klacht|tillsynsmyndighet|klagomål|imy|valvontaviranomai\w*|tietosuojavaltuutet\w*|kantelu|"
    r"dozorový úřad|stížnost|úřad pro ochranu osobních údajů|organ nadzorczy|skarg\w*|uodo|"
    r"nadzorno tijelo|pritužb\w*|azop|εποπτική αρχή|καταγγελία|комисия за защита на личните данни|жалба|"
    r"autoritatea de supraveghere|plângere|anspdcp)",
    re.I)
# The sentence asks now ("hereby", "please", "I request"): whatever else it says, not a report.
_ASKING = re.compile(
    r"\b(?:hereby|please|kindly|i request|i am requesting|i ask|i demand|"
    r"hiermit|bitte|fordere|ersuche|verlange|beantrage|"
    r"par la présente|je vous prie|veuillez|je demande|je sollicite|"
    r"por la presente|solicito|les pido|ruego|pido|"
    r"con la presente|chiedo|prego|richiedo|vi invito|"
    r"hierbij|verzoek ik|graag|"
    r"härmed|vänligen|begär|ber er|"
    r"pyydän|täten|ystävällisesti|"
    r"tímto|žádám|prosím|týmto|žiadam|"
    r"niniejszym|proszę|żądam|wnoszę|"
    r"ovime|molim|tražim|zahtijevam|zahtevam|prosim|"
    r"με την παρούσα|παρακαλώ|ζητώ|"
    r"prin prezenta|solicit|vă rog|"
    r"с настоящото|моля|искам|"
    r"peço|venho por este meio|por favor|solicito)\b",
    re.I)
# A date in the sentence ("on 3.2.", "am 8. 1. 2026", "2026-04-20", "20 April 2026") that does not
# ask now: it tells what happened then.
_DATE = re.compile(r"\b\d{1,2}\.\s?\d{1,2}\.(?:\s?\d{2,4})?|\b\d{4}-\d{2}-\d{2}\b|"
                   r"\b\d{1,2}/\d{1,2}/\d{2,4}\b|"
                   r"\b\d{1,2}\.?\s+[^\W\d_]{3,12}\.?,?\s+20\d\d\b|\b[^\W\d_]{3,12}\s+\d{1,2},?\s+20\d\d\b")


@dataclass(frozen=True)
class Citation:
    article: int
    paragraph: int | None
    text: str
    start: int
    mention: bool  # reported or about a complaint, not asked for here
    law: str = "GDPR"  # or KDG / DSG-EKD (the German churches' laws, by section)

    @property
    def kind(self) -> K | None:
        if self.law != "GDPR":
            if self.article == CHURCH_OBJECTION[self.law] and self.paragraph == 2:
                return K.UNSUBSCRIBE
            return CHURCH_KINDS[self.law].get(self.article)
        return kind_of(self.article, self.paragraph)

    @property
    def signal(self) -> str | None:
        """objection / consent_withdrawal / authority, or None."""
        if self.law != "GDPR":
            return OBJECTION if self.article == CHURCH_OBJECTION[self.law] and self.paragraph != 2 else None
        if self.article == 21 and self.paragraph not in (2, 3):
            return OBJECTION
        if self.article == 7 and self.paragraph == 3:
            return CONSENT_WITHDRAWAL
        if self.article == 77:
            return AUTHORITY
        return None


def kind_of(article: int, paragraph: int | None) -> K | None:
    if article == 21 and paragraph in (2, 3):
        return K.UNSUBSCRIBE
    return KIND_OF_ARTICLE.get(article)


_STOP_BEFORE = re.compile(r"(?:(?<![\d\s])(?<!\b[A-Za-zčČ][a-z])(?<!\b[A-Za-z])\.\s|[!?]|\n)")


def _sentence_at(text: str, pos: int) -> str:
    """The sentence around `pos`: from the last full stop (not the one of "Art.", "Abs." or a date
    "8. 1.") or line end before it to the next one after it."""
    start = 0
    for m in _STOP_BEFORE.finditer(text, max(0, pos - 400), pos):
        start = m.end()
    end = _STOP_BEFORE.search(text, pos + 4)
    return text[start:end.start() if end else len(text)]


def regulation_named(text: str) -> str | None:
    """The first name of the GDPR in `text` ("DSGVO", "tietosuoja-asetus", "2016/679"), or None."""
    m = (_NAME_MAY(text) and _NAME_RE.search(text)) or _CAPS_RE.search(text)
    return m.group(0) if m else None


def find_citations(text: str) -> list[Citation]:
    """Every article citation in `text` that is not another law's section, in order."""
    out: list[Citation] = []
    seen: set[tuple[int, int | None, int]] = set()

    def add(article: int, paragraph: int | None, m: re.Match[str], end: int) -> None:
        if not 1 <= article <= 99:
            return
        after = text[end:end + 40]
        if _OTHER_LAW.match(after) and not (_NAME_RE.match(after.strip()) or _CAPS_RE.search(after[:12])):
            return
        key = (article, paragraph, m.start())
        if key in seen:
            return
        seen.add(key)
        sentence = _sentence_at(text, m.start())
        mention = bool((_NARRATIVE.search(sentence) or _AUTHORITY.search(sentence) or _DATE.search(sentence))
                       and not _ASKING.search(sentence))
        out.append(Citation(article, paragraph, " ".join(m.group(0).split()), m.start(), mention))

    for m in _BEFORE_RE.finditer(text) if _BEFORE_MAY(text) else ():
        para = m.group(2) or m.group(3)
        add(int(m.group(1)), int(para) if para else None, m, m.end())
        for n in _LIST_NUM.finditer(m.group(4) or ""):
            add(int(n.group(1)), int(n.group(2)) if n.group(2) else None, m, m.end())
    for m in _AFTER_RE.finditer(text):
        para = m.group(2) or m.group(3)
        add(int(m.group(1)), int(para) if para else None, m, m.end())
    for m in _CHURCH_SECTION.finditer(text):
        sentence = _sentence_at(text, m.start())
        mention = bool((_NARRATIVE.search(sentence) or _AUTHORITY.search(sentence) or _DATE.search(sentence))
                       and not _ASKING.search(sentence))
        para = f" Abs. {m.group(2)}" if m.group(2) else ""
        out.append(Citation(int(m.group(1)), int(m.group(2)) if m.group(2) else None,
                            f"§ {m.group(1)}{para} {m.group(4)}", m.start(), mention, law=m.group(4)))
    out.sort(key=lambda c: c.start)
    return out


def authority_complaint(text: str, citations: list[Citation] | None = None) -> bool:
    """The message is a complaint to a supervisory authority (it cites Art. 77, or a sentence
    naming an authority or a complaint asks now or reports one made: "I am hereby lodging a
    complaint", "I have filed a complaint with the ombudsman"), not a request to us. A threat
    ("otherwise I reserve the right to lodge a complaint") is no complaint."""
    cites = citations if citations is not None else find_citations(text)
    if any(c.article == 77 and not c.mention for c in cites):
        return True
    for m in _AUTHORITY.finditer(text) if _AUTHORITY_MAY(text) else ():
        sentence = _sentence_at(text, m.start())
        if _THREAT.search(sentence):
            continue
        if _ASKING.search(sentence) or _NARRATIVE.search(sentence):
            return True
    return False


# "if you do not answer", "otherwise", "I reserve the right": a complaint not (yet) made.
_THREAT = re.compile(
    r"\b(?:if|otherwise|unless|reserve|falls|sollten|sonst|andernfalls|vorbehalten|behalte|si|sinon|réserve|"
    r"de lo contrario|reservo|se|altrimenti|riservo|als|anders|behoud|om|annars|förbehåller|jos|muuten|"
    r"pidätän|pokud|jinak|vyhrazuji|jeśli|jeżeli|w przeciwnym|zastrzegam|ako|inače|zadržavam|εάν|αν|"
    r"διαφορετικά|επιφυλάσσομαι|dacă|altfel|rezerv|ако|в противен|запазвам|caso|caso contrário)\b",
    re.I)


def asks_now(text: str) -> bool:
    """Some sentence of the message asks something now ("please answer my request")."""
    return _ASKING_MAY(text) and _ASKING.search(text) is not None


# Plain substring pre-checks (bot.classify.prefilter): False only where the regex finds nothing.
_NAME_MAY = may_match(_NAME_RE)
_BEFORE_MAY = may_match(_BEFORE_RE)
_AUTHORITY_MAY = may_match(_AUTHORITY)
_ASKING_MAY = may_match(_ASKING)
