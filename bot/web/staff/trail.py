"""The audit trail read aloud: each case event a sentence in the staff member's language.

`narrate` is pure: an event's action, actor, time and details in, a `Sentence` out ("13.20 dpo
hyväksyi poiston: henkilöllisyys varmennettu"), with the details as labelled values and the raw
record kept for the one-click view. Every action the code records has a sentence in fi, sv and en
(tests/web/test_trail.py finds the actions in the source and checks).
"""

from __future__ import annotations

import string
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from bot.register.labels import TABLE_LABELS
from bot.web import i18n
from bot.web.fmt import DASH, fmt_date, fmt_datetime, fmt_time, parse_date_or_datetime
from bot.web.staff import texts  # noqa: F401  (status and kind labels)

# action -> (fi, sv, en). {actor} is who did it; other fields come from the event's details
# (formatted as in the labelled list) or from the case: {kind} (label), {kind_obj} (object form).
SENTENCES: dict[str, tuple[str, str, str]] = {
    "opened": ("{actor} avasi pyynnön ({kind}), määräpäivä {due}",
               "{actor} öppnade begäran ({kind}), förfallodag {due}",
               "{actor} opened the case ({kind}), due {due}"),
    "opened_by_staff": ("{actor} avasi viestin pyyntönä",
                        "{actor} öppnade meddelandet som en begäran",
                        "{actor} opened the message as a request"),
    "message_linked": ("{actor} lähetti uuden viestin, joka liitettiin pyyntöön",
                       "{actor} skickade ett nytt meddelande som kopplades till begäran",
                       "{actor} sent a new message, linked to the case"),
    "status_changed": ("{actor} muutti tilaksi {to} (oli {from})",
                       "{actor} ändrade status till {to} (var {from})",
                       "{actor} changed the status to {to} (was {from})"),
    "reopened": ("{actor} avasi pyynnön uudelleen: {reason}",
                 "{actor} öppnade begäran igen: {reason}",
                 "{actor} reopened the case: {reason}"),
    "asked_requester": ("{actor} kysyi pyytäjältä, mitä hän haluaa",
                        "{actor} frågade den registrerade vad hen vill",
                        "{actor} asked the requester what they want"),
    "clarified_by_requester": ("{actor} vastasi kysymykseen ja valitsi: {kinds}",
                               "{actor} svarade på frågan och valde: {kinds}",
                               "{actor} answered the question and chose: {kinds}"),
    "form_confirmed": ("{actor} lähetti pyynnön lomakkeella ja vahvisti sen sähköpostilinkillä",
                       "{actor} skickade begäran via formuläret och bekräftade den med e-postlänken",
                       "{actor} sent the request through the form and confirmed it by the email link"),
    "withdrawn_by_requester": ("{actor} perui pyynnön tilasivulla",
                               "{actor} återkallade begäran på statussidan",
                               "{actor} withdrew the request on the status page"),
    "message_from_status_page": ("{actor} lähetti viestin tilasivulla",
                                 "{actor} skickade ett meddelande på statussidan",
                                 "{actor} sent a message on the status page"),
    "confirmed_by_requester": ("{actor} vahvisti, ettei halua enää markkinointia",
                               "{actor} bekräftade att hen inte vill ha mer marknadsföring",
                               "{actor} confirmed they want no more marketing"),
    "unsubscribe_undone": ("{actor} perui markkinointikiellon: suostumukset palautettu",
                           "{actor} ångrade avregistreringen: samtyckena återställda",
                           "{actor} undid the unsubscribe: consents restored"),
    "closed": ("{actor} sulki pyynnön, lopputulos: {outcome}",
               "{actor} stängde begäran, utfall: {outcome}",
               "{actor} closed the case, outcome: {outcome}"),
    "letter_skipped": ("{actor} jätti lopputuloskirjeen lähettämättä: {reason}",
                       "{actor} skickade inte utfallsbrevet: {reason}",
                       "{actor} did not send the outcome letter: {reason}"),
    "merged_from": ("{actor} yhdisti tähän pyynnön {duplicate}",
                    "{actor} slog ihop begäran {duplicate} med denna",
                    "{actor} merged case {duplicate} into this one"),
    "extended": ("{actor} jatkoi määräaikaa {extended_due} asti: {reason}",
                 "{actor} förlängde tidsfristen till {extended_due}: {reason}",
                 "{actor} extended the deadline to {extended_due}: {reason}"),
    "reply_queued": ("{actor} lähetti viestin ({purpose}) osoitteeseen {to}",
                     "{actor} skickade ett meddelande ({purpose}) till {to}",
                     "{actor} sent a message ({purpose}) to {to}"),
    "reply_suppressed": ("{actor} jätti viestin ({purpose}) lähettämättä: päivän raja täynnä",
                         "{actor} skickade inte meddelandet ({purpose}): dagens gräns nådd",
                         "{actor} did not send a message ({purpose}): the daily limit was reached"),
    "reply_held": ("viestiä ({purpose}) ei lähetetty, sen otsakkeet eivät läpäisseet tarkistusta: {error}",
                   "meddelandet ({purpose}) skickades inte, dess rubriker klarade inte kontrollen: {error}",
                   "the message ({purpose}) was held: its headers failed the check: {error}"),
    "reply_failed": ("viestin ({purpose}) lähetys epäonnistui: {error}",
                     "meddelandet ({purpose}) kunde inte skickas: {error}",
                     "sending a message ({purpose}) failed: {error}"),
    "reply_bounced": ("viesti ({purpose}) palautui: sitä ei voitu toimittaa",
                      "meddelandet ({purpose}) studsade: det kunde inte levereras",
                      "a message ({purpose}) bounced: it could not be delivered"),
    "automatic_reply_received": ("pyytäjän osoitteesta tuli automaattinen vastaus (esim. lomaviesti)",
                                 "ett automatiskt svar kom från begärarens adress (t.ex. frånvaromeddelande)",
                                 "an automatic reply came from the requester's address (e.g. out of office)"),
    "deadline_reminder": ("{actor} muistutti henkilökuntaa: {working_days} työpäivää määräpäivään",
                          "{actor} påminde personalen: {working_days} arbetsdagar till förfallodagen",
                          "{actor} reminded staff: {working_days} working days to the due date"),
    "overdue_notice": ("{actor} ilmoitti henkilökunnalle: määräpäivä {due_date} on ohitettu",
                       "{actor} meddelade personalen: förfallodagen {due_date} har passerat",
                       "{actor} told staff: the due date {due_date} has passed"),
    "unsubscribed": ("{actor} kirjasi markkinointikiellon",
                     "{actor} registrerade förbud mot marknadsföring",
                     "{actor} recorded the marketing opt-out"),
    "note": ("{actor} kirjoitti muistiinpanon: {text}",
             "{actor} skrev en anteckning: {text}",
             "{actor} wrote a note: {text}"),
    "assigned": ("{actor} asetti käsittelijäksi {to}",
                 "{actor} tilldelade begäran till {to}",
                 "{actor} assigned the case to {to}"),
    "approved": ("{actor} hyväksyi {kind_obj}: {reason}",
                 "{actor} godkände {kind_obj}: {reason}",
                 "{actor} approved {kind_obj}: {reason}"),
    "rejected": ("{actor} hylkäsi {kind_obj}: {reason}",
                 "{actor} avslog {kind_obj}: {reason}",
                 "{actor} rejected {kind_obj}: {reason}"),
    "reclassified": ("{actor} luokitteli pyynnön uudelleen",
                     "{actor} klassificerade om begäran",
                     "{actor} reclassified the case"),
    "process_restarted": ("{actor} aloitti käsittelyn alusta uuden lajin mukaan",
                          "{actor} började om handläggningen enligt den nya typen",
                          "{actor} restarted the process for the new kind"),
    "sender_authentication": ("{actor} tarkisti lähettäjän todennuksen (SPF, DKIM, DMARC)",
                              "{actor} kontrollerade avsändarens autentisering (SPF, DKIM, DMARC)",
                              "{actor} checked the sender's authentication (SPF, DKIM, DMARC)"),
    "queued_for_staff": ("{actor} siirsi pyynnön henkilökunnalle: {reason}",
                         "{actor} lämnade begäran till personalen: {reason}",
                         "{actor} passed the case to staff: {reason}"),
    "challenge_sent": ("{actor} lähetti henkilöllisyyden varmennuksen osoitteeseen {sent_to}",
                       "{actor} skickade en identitetsverifiering till {sent_to}",
                       "{actor} sent an identity check to {sent_to}"),
    "code_wrong": ("{actor} antoi väärän varmennuskoodin (yritys {attempts})",
                   "{actor} angav fel verifieringskod (försök {attempts})",
                   "{actor} entered a wrong verification code (attempt {attempts})"),
    "processor_task_done": ("{actor} merkitsi käsittelijän {processor} tehtävän tehdyksi",
                            "{actor} markerade uppgiften hos biträdet {processor} som klar",
                            "{actor} marked the task at processor {processor} done"),
    "processor_erased_via_api": ("{actor} poisti tiedot käsittelijältä {processor} rajapinnan kautta",
                                 "{actor} raderade uppgifterna hos biträdet {processor} via dess API",
                                 "{actor} erased the data at processor {processor} through its API"),
    "processor_api_failed": ("poisto käsittelijältä {processor} rajapinnan kautta epäonnistui",
                             "raderingen hos biträdet {processor} via API misslyckades",
                             "erasure at processor {processor} through its API failed"),
    "export_built": ("{actor} kokosi tietokopion ladattavaksi",
                     "{actor} sammanställde en kopia av uppgifterna för nedladdning",
                     "{actor} built the data export for download"),
    "erased": ("{actor} poisti henkilön tiedot rekisteristä",
               "{actor} raderade personens uppgifter ur registret",
               "{actor} erased the person's data from the register"),
    "corrected": ("{actor} korjasi tiedot: {fields}",
                  "{actor} rättade uppgifterna: {fields}",
                  "{actor} corrected the data: {fields}"),
    "restricted": ("{actor} rajoitti tietojen käsittelyä",
                   "{actor} begränsade behandlingen av uppgifterna",
                   "{actor} restricted the processing of the data"),
    "restriction_lifted": ("{actor} poisti käsittelyn rajoituksen",
                           "{actor} hävde begränsningen av behandlingen",
                           "{actor} lifted the restriction of processing"),
}
UNKNOWN = ("{actor}: {action}", "{actor}: {action}", "{actor}: {action}")

ACTORS = {"bot": ("botti", "boten", "the bot"), "requester": ("pyytäjä", "begäraren", "the requester")}

KIND_OBJECTS = {  # the kind as the object of "approved" / "rejected"
    "unsubscribe": ("markkinointikiellon", "avregistreringen", "the unsubscribe request"),
    "access": ("tietojen tarkastuksen", "registerutdraget", "the access request"),
    "erasure": ("poiston", "raderingen", "the erasure"),
    "correction": ("korjauksen", "rättelsen", "the correction"),
    "restriction": ("käsittelyn rajoituksen", "begränsningen", "the restriction"),
    "portability": ("tietojen siirron", "dataportabiliteten", "the portability request"),
}

DETAIL_LABELS = {
    "kind": ("Laji", "Typ", "Kind"), "kinds": ("Lajit", "Typer", "Kinds"),
    "status": ("Tila", "Status", "Status"), "from": ("Ennen", "Före", "Before"),
    "to": ("Jälkeen", "Efter", "After"), "due": ("Määräpäivä", "Förfallodag", "Due"),
    "due_date": ("Määräpäivä", "Förfallodag", "Due"),
    "extended_due": ("Jatkettu määräpäivä", "Förlängd förfallodag", "Extended due"),
    "extended_due_date": ("Jatkettu määräpäivä", "Förlängd förfallodag", "Extended due"),
    "received_at": ("Saapunut", "Mottagen", "Received"),
    "reason": ("Syy", "Skäl", "Reason"), "text": ("Teksti", "Text", "Text"),
    "note": ("Muistiinpano", "Anteckning", "Note"),
    "purpose": ("Viestin tarkoitus", "Meddelandets syfte", "Purpose"),
    "language": ("Kieli", "Språk", "Language"), "error": ("Virhe", "Fel", "Error"),
    "message_id": ("Message-ID", "Message-ID", "Message-ID"),
    "outbound_id": ("Lähtevä viesti nro", "Utgående meddelande nr", "Outgoing message no."),
    "outbound_ids": ("Lähtevät viestit nro", "Utgående meddelanden nr", "Outgoing messages no."),
    "inbound_message_id": ("Saapunut viesti nro", "Inkommande meddelande nr", "Incoming message no."),
    "person_id": ("Rekisterin henkilö nro", "Person i registret nr", "Register person no."),
    "duplicate": ("Yhdistetty pyyntö", "Sammanslagen begäran", "Merged case"),
    "into": ("Yhdistetty pyyntöön", "Sammanslagen med", "Merged into"),
    "messages": ("Siirretyt viestit", "Flyttade meddelanden", "Messages moved"),
    "working_days": ("Työpäiviä jäljellä", "Arbetsdagar kvar", "Working days left"),
    "sent_to": ("Osoite", "Adress", "Address"), "expires_at": ("Voimassa", "Giltig till", "Valid until"),
    "challenge_id": ("Haaste nro", "Utmaning nr", "Challenge no."),
    "attempts": ("Yrityksiä", "Försök", "Attempts"), "locked": ("Lukittu", "Låst", "Locked"),
    "processor": ("Käsittelijä", "Biträde", "Processor"), "task": ("Tehtävä nro", "Uppgift nr", "Task no."),
    "task_id": ("Tehtävä nro", "Uppgift nr", "Task no."), "action": ("Toimi", "Åtgärd", "Action"),
    "contacts": ("Yhteystietoja", "Kontakter", "Contacts"), "tables": ("Taulut", "Tabeller", "Tables"),
    "fields": ("Kentät", "Fält", "Fields"), "bytes": ("Koko (tavua)", "Storlek (byte)", "Size (bytes)"),
    "suppressed": ("Markkinointikielto", "Marknadsföringsspärr", "Suppressed"),
    "changed": ("Muutettu", "Ändrad", "Changed"), "source": ("Lähde", "Källa", "Source"),
    "list": ("Lista", "Lista", "List"), "reasons": ("Perusteet", "Skäl", "Reasons"),
    "step": ("Vaihe", "Steg", "Step"), "already_restricted": ("Jo rajoitettu", "Redan begränsad",
                                                              "Already restricted"),
    "classifier_kinds": ("Luokittelijan lajit", "Klassificerarens typer", "Classifier's kinds"),
}

PURPOSES = {
    "acknowledgement": ("vastaanottokuittaus", "mottagningsbekräftelse", "acknowledgement"),
    "challenge": ("henkilöllisyyden varmennus", "identitetsverifiering", "identity check"),
    "verified": ("varmennettu-ilmoitus", "bekräftelse på verifiering", "verified notice"),
    "code_wrong": ("väärä koodi -ilmoitus", "fel kod-meddelande", "wrong code notice"),
    "expiry": ("vanhenemisilmoitus", "meddelande om utgång", "expiry notice"),
    "extension": ("ilmoitus määräajan jatkosta", "meddelande om förlängning", "extension notice"),
    "rejection": ("hylkäys", "avslag", "rejection"),
    "staff_reply": ("henkilökunnan vastaus", "personalens svar", "staff reply"),
    "reminder": ("muistutus", "påminnelse", "reminder"), "digest": ("kooste", "sammanfattning", "digest"),
    "not_request": ("ei pyyntö -vastaus", "svar: ingen begäran", "not-a-request reply"),
    "final": ("loppuvastaus", "slutligt svar", "final answer"),
}

BOT_REASONS = {  # reasons the bot writes in English, as staff read them
    "requester not in the register": ("pyytäjä ei ole rekisterissä", "begäraren finns inte i registret"),
    "verified; waiting for staff": ("varmennettu; odottaa henkilökuntaa", "verifierad; väntar på personalen"),
    "no handler for this kind yet": ("tälle lajille ei ole vielä käsittelijää",
                                     "ingen hanterare för denna typ ännu"),
    "forwarded or sent on behalf of another person; staff decide": (
        "välitetty tai lähetetty toisen puolesta; henkilökunta päättää",
        "vidarebefordrad eller skickad för någon annans räkning; personalen avgör"),
    "what to correct is unclear: staff ask the requester": (
        "korjattava tieto on epäselvä: henkilökunta kysyy pyytäjältä",
        "det är oklart vad som ska rättas: personalen frågar begäraren"),
    "staff confirm the proposed correction": ("henkilökunta vahvistaa ehdotetun korjauksen",
                                              "personalen bekräftar den föreslagna rättelsen"),
    "the requester wrote on the status page": ("pyytäjä kirjoitti tilasivulla",
                                               "begäraren skrev på statussidan"),
}

YES_NO = {True: ("kyllä", "ja", "yes"), False: ("ei", "nej", "no")}
_IDX = {"fi": 0, "sv": 1, "en": 2}


@dataclass(frozen=True)
class Sentence:
    at: datetime
    date: str  # 19.8.2026
    time: str  # 13.20
    text: str  # "dpo hyväksyi poiston: henkilöllisyys varmennettu"
    details: list[tuple[str, str]]  # labelled values
    raw: dict[str, Any]  # the record as stored, for the one-click view
    by_staff: bool


def narrate(action: str, details: dict[str, Any] | None, *, actor_type: str, actor: str, at: datetime,
            lang: str, tz: str = "Europe/Helsinki", kind: str | None = None) -> Sentence:
    i = _IDX.get(lang, 2)
    details = dict(details or {})
    who = ACTORS[actor_type][i] if actor_type in ACTORS else actor
    values = {k: value_text(k, v, lang, tz) for k, v in details.items()}
    fields = {**values, "actor": who, "action": action.replace("_", " "),
              "kind": value_text("kind", details.get("kind") or kind, lang, tz),
              "kind_obj": KIND_OBJECTS[kind][i] if kind in KIND_OBJECTS else
              ("pyynnön", "begäran", "the case")[i]}
    text = _fill(SENTENCES.get(action, UNKNOWN)[i], fields)
    labelled = [(label(k, lang), values[k]) for k in details]
    raw = {"at": at.isoformat(), "actor_type": actor_type, "actor": actor, "action": action,
           "details": details}
    return Sentence(at=at, date=fmt_date(at, tz), time=fmt_time(at, lang, tz), text=text,
                    details=labelled, raw=raw, by_staff=actor_type == "staff")


def narrate_event(ev: Any, lang: str, tz: str = "Europe/Helsinki", kind: str | None = None) -> Sentence:
    """A `models.CaseEvent` (or anything with its attributes) as a sentence."""
    return narrate(ev.action, ev.details, actor_type=str(ev.actor_type), actor=ev.actor, at=ev.at,
                   lang=lang, tz=tz, kind=kind)


def label(key: str, lang: str) -> str:
    words = DETAIL_LABELS.get(key)
    return words[_IDX.get(lang, 2)] if words else key.replace("_", " ").capitalize()


def value_text(key: str, v: Any, lang: str, tz: str) -> str:
    """A detail's value as a person reads it: labels for codes, 19.8.2026 for dates, no dict text."""
    i = _IDX.get(lang, 2)
    _ = i18n.translator(lang)
    if v is None or v == "" or v == [] or v == {}:
        return DASH
    if isinstance(v, bool):
        return YES_NO[v][i]
    if isinstance(v, int | float):
        return str(v)
    if isinstance(v, list):
        return ", ".join(value_text(key, x, lang, tz) for x in v)
    if isinstance(v, dict):
        return "; ".join(f"{_sub_label(key, k, lang)}: {value_text(k, x, lang, tz)}" for k, x in v.items())
    if isinstance(v, datetime | date):
        return fmt_datetime(v, lang, tz) if isinstance(v, datetime) else fmt_date(v, tz)
    s = str(v)
    if key in ("kind", "kinds", "classifier_kinds") and f"kind_{s}" in i18n.MESSAGES:
        return _(f"kind_{s}")
    if key in ("status", "from", "to") and f"status_{s}" in i18n.MESSAGES:
        return _(f"status_{s}")
    if key == "purpose":
        base = "final" if s.startswith("final_") else s
        return PURPOSES[base][i] if base in PURPOSES else s.replace("_", " ")
    if key == "reason" and s in BOT_REASONS and lang != "en":
        return BOT_REASONS[s][i]
    if key == "language" and s in i18n.LANGUAGE_NAMES:
        return s
    when = parse_date_or_datetime(s)
    if isinstance(when, datetime):
        return fmt_datetime(when, lang, tz)
    if isinstance(when, date):
        return fmt_date(when, tz)
    return s


def _sub_label(parent: str, key: str, lang: str) -> str:
    if parent == "tables":
        return TABLE_LABELS.get(lang, TABLE_LABELS["en"]).get(key, key)
    return label(key, lang)


class _Missing(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return DASH


def _fill(template: str, fields: dict[str, str]) -> str:
    return string.Formatter().vformat(template, (), _Missing(fields))
