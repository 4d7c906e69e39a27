"""The new text of a message: what the sender wrote now, without the history it quotes, the
signature or the legal disclaimer. This is what the classifier reads (`ParsedMessage.new_text`).

A reply stops where the quote starts (">" lines, "On ... wrote:" in fi/sv/en/de/fr/es/et, Outlook
header blocks). A forward is different: the forwarded message is what the forwarder brings us,
so its content is kept as new text (with its own quotes and signature removed in turn).
"""

from __future__ import annotations

import re

_VERBS = r"(wrote|writes|kirjoitti|skrev|schrieb|a\s+écrit|écrit|escribió|escribio|kirjutas)"
# "On Mon, 25 Nov 2026 at 10:00, Matti <m@x> wrote:", "ma 25.11.2026 klo 10.00 Matti kirjoitti:",
# "Den 25 nov. 2026 kl. 10:00 skrev Matti <m@x>:", "Am 25.11.2026 um 10:00 schrieb Matti:",
# "Le lun. 25 nov. 2026 à 10:00, Matti a écrit :", "El lun, 25 nov 2026, Matti escribió:",
# "Matti <m@x> kirjutas kuupäeval E, 25. nov 2026 kell 10:00:"
_ATTRIBUTION = re.compile(rf"^.{{0,300}}\b{_VERBS}\b.{{0,200}}:\s*$", re.I)
_ORIGINAL = re.compile(
    r"^\s*[-_=]{2,}\s*(original message|alkuperäinen viesti|ursprungligt meddelande|"
    r"ursprüngliche nachricht|message d'origine|mensaje original|algne kiri|algsõnum|"
    r"originalmeddelande)\s*[-_=]{2,}\s*$", re.I)
_FORWARD_MARK = re.compile(
    r"^\s*(-{2,}\s*(forwarded message|välitetty viesti|vidarebefordrat meddelande|"
    r"weitergeleitete nachricht|message transféré|mensaje reenviado|edastatud kiri|"
    r"forwarded e-?mail)\s*-{2,}|"
    r"(begin forwarded message|alku välitetty viesti|vidarebefordrat brev|"
    r"anfang der weitergeleiteten nachricht|début du message réexpédié|"
    r"inicio del mensaje reenviado)\s*:)\s*$", re.I)
_FORWARD_SUBJECT = re.compile(r"^\s*(\[?(fwd?|vl|wg|tr|rv|vb|edasi|fs|doorst)\s*:)", re.I)
_HEADER_NAMES = (
    r"(from|sent|date|to|cc|subject|"  # en
    r"lähettäjä|lähetetty|päivämäärä|vastaanottaja|kopio|aihe|"  # fi
    r"från|skickat|datum|till|kopia|ämne|"  # sv
    r"von|gesendet|an|betreff|"  # de
    r"de|envoyé|à|objet|"  # fr
    r"enviado|para|asunto|fecha|"  # es
    r"saatja|saadetud|saaja|teema|kuupäev)"  # et
)
_HEADER_LINE = re.compile(rf"^\s*\*?{_HEADER_NAMES}\s*\*?\s*:\s*\S", re.I)
_FROM_LINE = re.compile(r"^\s*\*?(from|lähettäjä|från|von|de|saatja)\s*\*?\s*:\s*\S", re.I)
_UNDERSCORES = re.compile(r"^\s*_{20,}\s*$")
_SIGNATURE = re.compile(r"^(-- ?|--|—)$")
_MOBILE = re.compile(
    r"^\s*(sent from my|get outlook for|lähetetty (iphonesta|ipadista|android)|"
    r"lähetetty .{0,30}(puhelimesta|laitteesta)|skickat från min|von meinem .{0,30}gesendet|"
    r"envoyé de mon|enviado desde mi|saadetud minu)", re.I)
_VALEDICTION = re.compile(
    r"^\s*(best( regards| wishes)?|kind regards|regards|br|sincerely|yours sincerely|thanks|"
    r"thank you|cheers|ystävällisin terveisin|ystävällisesti|terveisin|t\.|parhain terveisin|"
    r"kiittäen|kiitos|yst\. terv\.|med vänliga hälsningar|med vänlig hälsning|vänliga hälsningar|"
    r"hälsningar|mvh|tack|mit freundlichen grüßen|mit freundlichen grüssen|freundliche grüße|"
    r"viele grüße|beste grüße|lg|mfg|cordialement|bien à vous|bien cordialement|salutations|"
    r"merci|saludos|atentamente|un saludo|gracias|lugupidamisega|parimat|tervitustega|"
    r"parimate soovidega|aitäh)\s*[,.!]?\s*$", re.I)
_DISCLAIMER_WORDS = re.compile(
    r"(confidential|privileged|luottamuksellinen|luottamuksellista|konfidentiell|sekretess|"
    r"vertraulich|confidentiel|confidencial|konfidentsiaalne)", re.I)
# The phrases that make a "confidential" paragraph a disclaimer rather than a request about
# confidentiality ("which recipients got my data, and is it kept confidential?").
_DISCLAIMER_CONTEXT = re.compile(
    r"(intended (solely |only |exclusively )?(for|recipient)|addressee|in error|by mistake|"
    r"tarkoitettu (ainoastaan|vain|yksinomaan)|erehdyksessä|väärälle vastaanottajalle|"
    r"avsedd (endast|enbart|för)|av misstag|irrtümlich|ausschließlich für|nur für den|"
    r"par erreur|destiné (exclusivement|uniquement)|por error|destinado (exclusivamente|únicamente)|"
    r"ekslikult|mõeldud (ainult|üksnes))", re.I)
_DIGIT = re.compile(r"\d")
_DIGIT_OR_AT = re.compile(r"\d|@")
_SIGNATURE_TAIL = 12  # a valediction followed by at most this many lines starts the signature


def new_text_of(text: str, subject: str = "") -> str:
    """The new text of a message (see module docstring)."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    fwd = _forward_start(lines, subject)
    if fwd is None:
        return _clean(lines)
    note_end, body_start = fwd
    note = _clean(lines[:note_end])
    forwarded = _clean(_skip_header_block(lines[body_start:]))
    return "\n\n".join(p for p in (note, forwarded) if p)


def _forward_start(lines: list[str], subject: str) -> tuple[int, int] | None:
    """(end of the forwarder's note, start of the forwarded message) when this is a forward."""
    is_fwd_subject = bool(_FORWARD_SUBJECT.match(subject or ""))
    for i, line in enumerate(lines):
        if _FORWARD_MARK.match(line):
            return i, i + 1
        if _quote_starts(lines, i):
            # In a forward (Fwd:/VL: subject) an Outlook block opens the forwarded message.
            if is_fwd_subject and (_ORIGINAL.match(line) or _UNDERSCORES.match(line)
                                   or _FROM_LINE.match(line)):
                return i, i + (0 if _FROM_LINE.match(line) else 1)
            return None
    return None


def _skip_header_block(lines: list[str]) -> list[str]:
    """Drop the forwarded message's own header lines (From:, Date:, Subject:, To:)."""
    i = 0
    while i < len(lines) and not lines[i].strip():
        i += 1
    while i < len(lines) and (_HEADER_LINE.match(lines[i]) or _UNDERSCORES.match(lines[i])
                              or (lines[i].startswith((" ", "\t")) and lines[i].strip()
                                  and i > 0 and _HEADER_LINE.match(lines[i - 1]))):
        i += 1
    return lines[i:]


def _quote_starts(lines: list[str], i: int) -> bool:
    line = lines[i]
    if line.lstrip().startswith(">"):
        return True
    if _ORIGINAL.match(line) or (_UNDERSCORES.match(line) and _header_block_at(lines, i + 1)):
        return True
    if _FROM_LINE.match(line) and _header_block_at(lines, i):
        return True
    if _attribution(line):
        return True
    # Attribution lines wrapped in two ("On Mon, ... Matti <\nmatti@example.fi> wrote:").
    # The first half carries the date; a sentence of new text ending in "." does not join.
    if i + 1 >= len(lines) or not lines[i + 1].strip() or not _DIGIT.search(line):
        return False
    if line.rstrip().endswith((".", "!", "?")):
        return False
    if _DIGIT.search(lines[i + 1]) and line.count("<") <= line.count(">"):
        return False  # the next line is a whole attribution (it has its date); this one is not
    return _attribution(line.rstrip() + " " + lines[i + 1].strip())


def _attribution(line: str) -> bool:
    # ":" first: _ATTRIBUTION ends in one, and its ".{0,300}" backtracks through every line.
    return ":" in line and len(line) < 500 and bool(_ATTRIBUTION.match(line)) and bool(
        _DIGIT_OR_AT.search(line))


def _header_block_at(lines: list[str], i: int) -> bool:
    """An Outlook-style header block: a From line and another header line right below it."""
    while i < len(lines) and not lines[i].strip():
        i += 1
    if i >= len(lines) or not _FROM_LINE.match(lines[i]):
        return False
    return any(_HEADER_LINE.match(x) for x in lines[i + 1:i + 4])


def _clean(lines: list[str]) -> str:
    """A reply's own text: up to the quote, without the signature or the disclaimer."""
    out: list[str] = []
    for i, line in enumerate(lines):
        if _SIGNATURE.match(line.rstrip()) or _quote_starts(lines, i):
            break
        if _MOBILE.match(line):
            continue
        out.append(line.rstrip())
    out = _drop_disclaimer(out)
    out = _drop_valediction(out)
    return "\n".join(out).strip()


def _paragraphs(lines: list[str]) -> list[tuple[int, int]]:
    spans, start = [], None
    for i, line in enumerate([*lines, ""]):
        if line.strip() and start is None:
            start = i
        elif not line.strip() and start is not None:
            spans.append((start, i))
            start = None
    return spans


def _drop_disclaimer(lines: list[str]) -> list[str]:
    for start, end in _paragraphs(lines):
        para = " ".join(lines[start:end])
        if start and _DISCLAIMER_WORDS.search(para) and _DISCLAIMER_CONTEXT.search(para):
            return lines[:start]
    return lines


def _drop_valediction(lines: list[str]) -> list[str]:
    for i in range(len(lines) - 1, 0, -1):
        if len(lines) - i > _SIGNATURE_TAIL + 1:
            break
        if _VALEDICTION.match(lines[i]):
            return lines[:i]
    return lines
