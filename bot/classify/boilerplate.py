"""Boilerplate that is never a request: legal disclaimers and newsletter footers.

`bot.mail.parse` removes quotes and signatures; disclaimers and footers can still sit in the new
text ("If you are not the intended recipient, please delete this message", "Click here to
unsubscribe"). Sentences that carry their marks are left out before classification, and the
reasons say what was left out.
"""

from __future__ import annotations

import re

from bot.classify.fold import fold
from bot.classify.prefilter import may_match

_MARKS = [
    # Disclaimers (confidentiality notices).
    r"intended (solely |only )?(for the )?(recipient|addressee)", r"not the intended", r"received (this|it) (e-?mail |message )?in error",
    r"\bin error\b.{0,40}\b(notify|delete|destroy)", r"(is|are|may be) (strictly )?(confidential|privileged)",
    r"\bconfidentiality notice\b", r"unauthori[sz]ed (use|disclosure|review)",
    r"luottamuksellin", r"(tarkoitettu|osoitettu) (ainoastaan |vain )?(vastaanottajalle|henkilolle)", r"erehdyksessa", r"virheellisesti vastaanott",
    r"vaaralle vastaanottajalle", r"sait taman viestin (vahingossa|virheellisesti|erehdyksessa)",
    r"konfidentiell", r"av misstag", r"avsedd (endast )?for (mottagaren|adressaten)",
    r"vertraulich", r"irrtumlich", r"nicht der (richtige|beabsichtigte) (empfanger|adressat)",
    r"confidentiel", r"par erreur", r"destinataire", r"confidencial", r"por error", r"destinatario",
    r"konfidentsiaal", r"ekslikult",
    # Newsletter and marketing footers.
    r"(click|tap) (here|below|this link) to (unsubscribe|opt[ -]out|manage)", r"\bto unsubscribe\b.{0,40}\b(click|here|link|visit)",
    r"unsubscribe (here|at any time|from this list|link|below)", r"(you are|you're) receiving this (e-?mail|message|newsletter)",
    r"you (received|receive) this (e-?mail|message|newsletter) because", r"manage (your )?(email )?(preferences|subscription)",
    r"if you (no longer )?(wish|want) to (stop )?receiv(e|ing) (these|our|this) .{0,30}(click|here|link|unsubscribe)",
    r"update your preferences", r"view (this email )?in (your )?browser",
    r"(voit|voi) (perua|peruuttaa|lopettaa) (tilauksen|uutiskirjeen tilauksen) (taalta|tasta|linkista|milloin)",
    r"(peru|peruuta) (tilaus|uutiskirje) (taalta|tasta)", r"sait taman (viestin|uutiskirjeen) koska",
    r"jos et (enaa )?halua vastaanottaa.{0,60}(klikkaa|linkista|tasta|taalta)",
    r"(avsluta|avregistrera) (prenumerationen|dig) (har|via lanken)", r"du far (detta|det har) (mejl|e-postmeddelande|nyhetsbrev) (eftersom|for att)",
    r"(hier|link) (abmelden|abbestellen)", r"sie erhalten diese (e-mail|nachricht|newsletter)",
    r"(se desabonner|desinscription) (ici|en cliquant)", r"vous recevez cet (e-mail|email|courriel)",
    r"(darse de baja|cancelar la suscripcion) (aqui|haciendo clic)", r"recibe este (correo|mensaje)",
]
_MARK_RE = re.compile("|".join(f"(?:{m})" for m in _MARKS))
_MARK_MAY = may_match(_MARK_RE)  # a plain substring pre-check: False only where _MARK_RE finds nothing
_SPLIT = re.compile(r"((?<=[.!?])\s+|\n)")


def strip_boilerplate(text: str) -> tuple[str, list[str]]:
    """The text without disclaimer/footer sentences, and one reason per sentence left out. What is
    kept stays exactly as written, line breaks and spaces included: a sentence end is only a guess
    ("Art. 18 Abs. 1 lit. d" has three full stops), so nothing is split that is not dropped."""
    folded = fold(text)
    if not (_MARK_MAY(folded) and _MARK_RE.search(folded)):  # most mail: one search, no split
        return text, []
    kept: list[str] = []
    reasons: list[str] = []
    parts = _SPLIT.split(text)
    for i in range(0, len(parts), 2):
        piece, sep = parts[i], parts[i + 1] if i + 1 < len(parts) else ""
        m = _MARK_RE.search(fold(piece)) if piece.strip() else None
        if m:
            reasons.append(f"skip:boilerplate '{m.group(0)[:50]}'")
            if sep and "\n" in sep and kept and not kept[-1].endswith("\n"):
                kept.append("\n")
        else:
            kept.append(piece + sep)
    return "".join(kept).rstrip(), reasons[:3]
