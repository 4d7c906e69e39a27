"""Automated mail recognised by its text: out-of-office replies and bounces in many languages.

Headers (bot/mail/automated.py) catch most automated mail; this catches what arrives without
them (an auto-reply from a system that sets no Auto-Submitted, a forwarded bounce). The phrases
are specific ("I am out of the office until", "olen poissa toimistolta") so a request that merely
mentions a holiday is not taken for an auto-reply.
"""

from __future__ import annotations

import re

from bot.classify.fold import fold
from bot.classify.prefilter import may_match

# Folded text (no diacritics). Each alternative is a phrase an auto-reply uses and a person
# writing a request does not.
_OUT_OF_OFFICE = [
    r"\b(i am|i'm|im) (currently |now )?(out of (the )?office|away from (the |my )?(office|desk)|on (annual |parental |sick )?(leave|vacation|holiday))",
    r"\bout of (the )?office (until|from|till|and|with|reply|message)",
    r"\bautomatic reply\b", r"\bauto(matic)?[- ]?reply\b", r"\bautoreply\b",
    r"\b(i will|i'll) (be )?(back|return)(ing)? (on|to the office|in the office|at work)",
    r"\blimited access to (my )?e-?mail",
    r"\bwill (respond|reply|get back to you) (to your (e-?mail|message) )?(upon|when i return|after my return|as soon as (i'm|i am) back)",
    r"\bautomaattinen vastaus\b", r"\bautomaattivastaus\b",
    r"\bolen (poissa|lomalla|vuosilomalla|isyyslomalla|aitiyslomalla|vanhempainvapaalla|sairauslomalla|koulutuksessa|matkoilla)\b.{0,80}\b(\d{1,2}\.\d{1,2}|saakka|asti|palaan|alkaen)",
    r"\bpalaan (toimistolle|toihin|takaisin)\b", r"\bvastaan viestiisi palattuani\b",
    r"\bolen poissa toimistolta\b", r"\bluen sahkopostiani\b.{0,40}\b(rajoitetusti|satunnaisesti)",
    r"\bautomatiskt svar\b", r"\bfranvaro(meddelande)?\b", r"\bjag ar (pa semester|ledig|franvarande|tjanstledig|foraldraledig)\b",
    r"\b(ar )?tillbaka (pa kontoret )?(den|igen|mandag|tisdag|onsdag|torsdag|fredag)\b.{0,40}\b(\d{1,2}[/.]\d{1,2})",
    r"\babwesenheitsnotiz\b", r"\bautomatische antwort\b", r"\bich bin .{0,40}(nicht im buro|abwesend|im urlaub)\b",
    r"\bbin (ab dem|bis zum|bis) .{0,30}(wieder (im buro|erreichbar|da))",
    r"\breponse automatique\b", r"\bje suis (actuellement )?(absent|absente|en conges|en vacances)\b",
    r"\brespuesta automatica\b", r"\b(estoy|me encuentro) (actualmente )?(fuera de la oficina|de vacaciones|ausente)\b",
    r"\bautomaatne vastus\b", r"\bolen (puhkusel|kontorist eemal|eemal)\b",
    r"\bafwezigheidsmelding\b", r"\bik ben (afwezig|met vakantie)\b",
]
_BOUNCE = [
    r"\bdelivery (status notification|has failed|failed|to the following recipients? failed)",
    r"\b(mail|message) delivery (failed|failure|subsystem)\b", r"\bundeliverable\b", r"\bundelivered mail\b",
    r"\breturned mail\b", r"\bcould not be delivered\b", r"\bwasn't delivered\b", r"\bwas not delivered\b",
    r"\bpermanent (error|failure)\b", r"\b[45]\d\d[ -][45]\.\d\.\d{1,3}\b", r"\bsmtp error\b",
    r"\b(user|mailbox|recipient address) (unknown|unavailable|not found|rejected|full)\b",
    r"\bno such user\b", r"\baddress (not found|rejected)\b",
    r"\bviestia ei voitu toimittaa\b", r"\bviestin toimitus epaonnistui\b", r"\btoimitus epaonnistui\b",
    r"\bvastaanottajaa ei (loydy|loytynyt)\b", r"\bolevererbart\b", r"\bkunde inte levereras\b",
    r"\bunzustellbar\b", r"\bkonnte nicht zugestellt werden\b", r"\bzustellung fehlgeschlagen\b",
    r"\bnon distribuable\b", r"\bechec de (la )?(remise|livraison)\b", r"\bno se pudo entregar\b",
    r"\bkirja kattetoimetamine ebaonnestus\b", r"\bei saanud kohale toimetada\b",
]
# Out-of-office in the other EU languages the bot reads (folded: no diacritics).
_OUT_OF_OFFICE += [
    r"\bodpowiedz automatyczna\b", r"\bautomatyczna odpowiedz\b",
    r"\b(jestem|bede) (obecnie )?(na urlopie|poza biurem|nieobecn[ya])\b",
    r"\bautomatisk svar\b", r"\bjeg er (pa ferie|fravaerende|ikke pa kontoret|pa barsel)\b",
    r"\brisposta automatica\b", r"\bsono (attualmente )?(fuori (sede|ufficio)|in ferie|assente)\b",
]
# A system's notice: an auto-acknowledgement ("your ticket has been received"), a notification.
# People do not write these phrases; systems put them in every message they send.
_SYSTEM = [
    r"\bthis (is an? )?(automated|automatic|auto-generated|automatically generated) (message|e-?mail|notification|response)\b",
    r"\bthis (message|e-?mail) (was|has been|is) (sent|generated) automatically\b",
    r"\b(please )?do not reply (to )?(this|to this) (message|e-?mail)\b", r"\bthis mailbox is not monitored\b",
    r"\btama on automaattinen (viesti|ilmoitus|vastaus|kuittaus)\b", r"\bautomaattinen (kuittaus|ilmoitus)\b",
    r"\b(ala|alathan) vastaa tahan viestiin\b", r"\btahan viestiin ei voi vastata\b",
    r"\bviesti on (lahetetty|luotu) automaattisesti\b", r"\bautomaattisesti (lahetetty|luotu) viesti\b",
    r"\bdetta ar ett automatiskt (meddelande|mejl|mail|utskick|svar)\b", r"\bautomatiskt (genererat|skickat) (meddelande|mejl)\b",
    r"\bsvara inte pa (detta|det har) (meddelande|mejl|mail)\b", r"\bmeddelandet (har skickats|skickades) automatiskt\b",
    r"\b(dies ist eine )?automatisch (generierte|erstellte|versendete) (nachricht|e-mail|mail)\b",
    r"\bbitte antworten sie nicht auf diese\b",
    r"\bceci est un (message|courriel) automatique\b", r"\bmerci de ne pas repondre a ce (message|courriel)\b",
    r"\beste (es un )?(mensaje|correo) (automatico|generado automaticamente)\b", r"\bpor favor,? no responda\b",
    r"\bsee on automaatne (kiri|teade|vastus)\b", r"\bpalun mitte vastata\b",
    r"\bwiadomosc (zostala )?wygenerowana automatycznie\b", r"\bprosimy nie odpowiadac\b",
]
_OOO_RE = re.compile("|".join(f"(?:{p})" for p in _OUT_OF_OFFICE))
_SYSTEM_RE = re.compile("|".join(f"(?:{p})" for p in _SYSTEM))
_BOUNCE_RE = re.compile("|".join(f"(?:{p})" for p in _BOUNCE))
# Plain substring pre-checks (bot.classify.prefilter): False only where the regex finds nothing.
# (Not the bounce regex: one of its alternatives starts with any "4" or "5", and it is quick.)
_OOO_MAY, _SYSTEM_MAY = may_match(_OOO_RE), may_match(_SYSTEM_RE)


def automated_text_reason(subject: str, text: str) -> str | None:
    """A reason like "out-of-office text 'olen lomalla 3.8. asti'" or None for a person's mail."""
    head = fold(f"{subject}\n{text[:1500]}")
    m = _OOO_RE.search(head) if _OOO_MAY(head) else None
    if m:
        return f"out-of-office text '{m.group(0)[:60]}'"
    # Bounce and system notices read the same, longer text: fold it once (most mail is shorter).
    longer = head if len(text) <= 1500 else fold(f"{subject}\n{text[:3000]}")
    for label, regex, may in (("bounce", _BOUNCE_RE, None), ("system notice", _SYSTEM_RE, _SYSTEM_MAY)):
        m = regex.search(longer) if may is None or may(longer) else None
        if m:
            return f"{label} text '{m.group(0)[:60]}'"
    return None
