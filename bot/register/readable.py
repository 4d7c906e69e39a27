"""report.html as a person reads it, in fi/sv/en: column names as words, values as words
("annettu", "kyllä"), dates as 19.8.2026 and times in the controller's timezone, structured
values as "label: value" — never `True`, `{}` or an ISO timestamp. data.json and the CSVs keep
the machine form."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

_I = {"fi": 0, "sv": 1, "en": 2}
DASH = "\u2013"

COLUMNS: dict[str, tuple[str, str, str]] = {
    "name": ("Nimi", "Namn", "Name"), "phone": ("Puhelin", "Telefon", "Phone"),
    "address": ("Postiosoite", "Postadress", "Postal address"),
    "organisation": ("Organisaatio", "Organisation", "Organisation"),
    "role": ("Titteli tai rooli", "Titel eller roll", "Title or role"),
    "language": ("Kieli", "Språk", "Language"), "source": ("Lähde", "Källa", "Source"),
    "email": ("Sähköposti", "E-post", "Email"), "primary": ("Ensisijainen", "Primär", "Primary"),
    "purpose": ("Tarkoitus", "Ändamål", "Purpose"), "status": ("Tila", "Status", "Status"),
    "at": ("Aika", "Tidpunkt", "Time"), "withdrawn_at": ("Peruttu", "Återkallat", "Withdrawn"),
    "title": ("Nimike", "Benämning", "Title"), "started_on": ("Alkoi", "Började", "Started"),
    "ended_on": ("Päättyi", "Upphörde", "Ended"), "details": ("Lisätiedot", "Detaljer", "Details"),
    "kind": ("Laji", "Typ", "Kind"), "product": ("Tuote", "Produkt", "Product"),
    "price": ("Hinta", "Pris", "Price"), "on": ("Päivä", "Dag", "Date"),
    "number": ("Numero", "Nummer", "Number"), "issued_on": ("Päivätty", "Daterad", "Issued"),
    "amount": ("Summa", "Belopp", "Amount"), "billing_name": ("Laskutusnimi", "Faktureringsnamn",
                                                              "Billing name"),
    "billing_address": ("Laskutusosoite", "Faktureringsadress", "Billing address"),
    "detail": ("Tieto", "Uppgift", "Detail"), "subject": ("Aihe", "Ämne", "Subject"),
    "summary": ("Yhteenveto", "Sammanfattning", "Summary"), "event": ("Tapahtuma", "Evenemang", "Event"),
    "attended": ("Osallistui", "Deltog", "Attended"), "campaign": ("Kampanja", "Kampanj", "Campaign"),
    "result": ("Tulos", "Resultat", "Result"), "url": ("Sivu", "Sida", "Page"),
    "data": ("Tiedot", "Uppgifter", "Data"), "message": ("Viesti", "Meddelande", "Message"),
    "email_normalized": ("Sähköposti", "E-post", "Email"), "list_name": ("Lista", "Lista", "List"),
    "reason": ("Syy", "Skäl", "Reason"),
    "reference": ("Viite", "Referens", "Reference"), "requester_email": ("Pyytäjän sähköposti",
                                                                         "Begärarens e-post",
                                                                         "Requester's email"),
    "received_at": ("Saapunut", "Mottagen", "Received"), "due_date": ("Määräpäivä", "Förfallodag", "Due"),
    "extended_due_date": ("Jatkettu määräpäivä", "Förlängd förfallodag", "Extended due"),
    "verified_at": ("Henkilöllisyys varmennettu", "Identitet verifierad", "Identity verified"),
    "closed_at": ("Suljettu", "Stängd", "Closed"),
}

# column -> value -> (fi, sv, en); values not listed are shown as they are (people's own words)
VALUES: dict[str, dict[str, tuple[str, str, str]]] = {
    "status": {
        "granted": ("annettu", "givet", "granted"), "withdrawn": ("peruttu", "återkallat", "withdrawn"),
        "received": ("vastaanotettu", "mottagen", "received"),
        "awaiting_verification": ("odottaa varmennusta", "väntar på verifiering", "awaiting verification"),
        "verified": ("varmennettu", "verifierad", "verified"),
        "in_progress": ("käsittelyssä", "pågår", "in progress"),
        "awaiting_approval": ("odottaa hyväksyntää", "väntar på godkännande", "awaiting approval"),
        "awaiting_processors": ("odottaa käsittelijöitä", "väntar på biträden", "waiting for processors"),
        "awaiting_requester": ("odottaa vastaustasi", "väntar på ditt svar", "waiting for your answer"),
        "completed": ("valmis", "klar", "completed"), "rejected": ("hylätty", "avslagen", "rejected"),
        "merged": ("yhdistetty", "sammanslagen", "merged"), "expired": ("vanhentunut", "utgången", "expired"),
    },
    "kind": {
        "unsubscribe": ("markkinoinnin kielto", "avregistrering", "unsubscribe"),
        "access": ("tietojen tarkastus", "registerutdrag", "access"),
        "erasure": ("tietojen poisto", "radering", "erasure"),
        "correction": ("tietojen korjaus", "rättelse", "correction"),
        "restriction": ("käsittelyn rajoitus", "begränsning", "restriction"),
        "portability": ("tietojen siirto", "dataportabilitet", "portability"),
        "offer": ("tarjous", "offert", "offer"), "order": ("tilaus", "beställning", "order"),
        "delivery": ("toimitus", "leverans", "delivery"), "log": ("loki", "logg", "log"),
        "role": ("rooli", "roll", "role"), "setting": ("asetus", "inställning", "setting"),
        "email": ("sähköposti", "e-post", "email"), "call": ("puhelu", "samtal", "call"),
        "feedback": ("palaute", "respons", "feedback"), "meeting": ("tapaaminen", "möte", "meeting"),
        "analytics": ("analytiikka", "analys", "analytics"), "form": ("lomake", "formulär", "form"),
        "training": ("koulutus", "utbildning", "training"), "event": ("tapahtuma", "evenemang", "event"),
        "customer_event": ("asiakastapahtuma", "kundevenemang", "customer event"),
        "webinar": ("webinaari", "webbinarium", "webinar"),
    },
    "result": {"sent": ("lähetetty", "skickat", "sent"), "opened": ("avattu", "öppnat", "opened"),
               "clicked": ("klikattu", "klickat", "clicked"), "meeting": ("tapaaminen", "möte", "meeting")},
    "language": {"fi": ("suomi", "finska", "Finnish"), "sv": ("ruotsi", "svenska", "Swedish"),
                 "en": ("englanti", "engelska", "English")},
    "list_name": {"*": ("kaikki listat", "alla listor", "all lists"),
                  "newsletter": ("uutiskirje", "nyhetsbrev", "newsletter")},
    "purpose": {"newsletter": ("uutiskirje", "nyhetsbrev", "newsletter"),
                "events": ("tapahtumat", "evenemang", "events"),
                "marketing": ("markkinointi", "marknadsföring", "marketing")},
    "source": {"web form": ("verkkolomake", "webbformulär", "web form"),
               "demo-data": ("esimerkkitiedot", "exempeldata", "demo data"),
               "import": ("tuonti", "import", "import"), "event": ("tapahtuma", "evenemang", "event"),
               "email": ("sähköposti", "e-post", "email"),
               "link": ("linkki", "länk", "link"), "staff": ("henkilökunta", "personalen", "staff"),
               "erasure": ("tietojen poisto", "radering", "erasure"),
               "unsubscribe": ("markkinoinnin kielto", "avregistrering", "unsubscribe")},
    "reason": {"unsubscribe": ("markkinoinnin kielto", "avregistrering", "unsubscribe"),
               "erasure": ("tietojen poisto", "radering", "erasure"),
               "restriction": ("käsittelyn rajoitus", "begränsning", "restriction"),
               "objection": ("vastustus", "invändning", "objection")},
}
YES_NO = {True: ("kyllä", "ja", "yes"), False: ("ei", "nej", "no")}


def column_label(column: str, lang: str) -> str:
    words = COLUMNS.get(column)
    return words[_I.get(lang, 2)] if words else column.replace("_", " ").capitalize()


def cell(v: Any, column: str, lang: str, tz: str) -> str:
    """One value as the requester reads it."""
    i = _I.get(lang, 2)
    if v is None or v == "" or v == [] or v == {}:
        return DASH
    if isinstance(v, bool):
        return YES_NO[v][i]
    if isinstance(v, datetime):
        return _when(v, lang, tz)
    if isinstance(v, date):
        return f"{v.day}.{v.month}.{v.year}"
    if isinstance(v, Decimal | float):
        text = f"{v:.2f}"
        return text.replace(".", ",") if lang != "en" else text
    if isinstance(v, int):
        return str(v)
    if isinstance(v, dict):
        return "; ".join(f"{column_label(str(k), lang)}: {cell(x, str(k), lang, tz)}" for k, x in v.items())
    if isinstance(v, list):
        return ", ".join(cell(x, column, lang, tz) for x in v)
    s = str(v)
    if s[:1] in "[{":  # JSON text stored in a string column
        try:
            return cell(json.loads(s), column, lang, tz)
        except ValueError:
            pass
    if s in VALUES.get(column, {}):
        return VALUES[column][s][i]
    parsed = _iso(s)
    if parsed is not None:
        return cell(parsed, column, lang, tz)
    return s


def _when(at: datetime, lang: str, tz: str) -> str:
    if at.tzinfo is None:
        at = at.replace(tzinfo=UTC)
    t = at.astimezone(ZoneInfo(tz))
    sep = ":" if lang == "en" else "."
    return f"{t.day}.{t.month}.{t.year} {t.hour}{sep}{t.minute:02d}"


def _iso(s: str) -> date | datetime | None:
    if len(s) < 10 or s[4:5] != "-" or s[7:8] != "-" or not s[:4].isdigit():
        return None
    try:
        return date.fromisoformat(s) if len(s) == 10 else datetime.fromisoformat(s)
    except ValueError:
        return None
