"""What staff mail says, in Finnish, Swedish and English: alert subjects and lines, the daily
digest's headings, and the names of kinds and states (the same words as the staff pages;
tests/ops/test_alerts.py checks they agree)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

LANGUAGES = ("fi", "sv", "en")

T: dict[str, tuple[str, str, str]] = {
    # alerts: the event names staff choose from (settings page, `python -m bot staff alerts`)
    "alert_new_case": ("Uusi pyyntö henkilökunnalle", "Ny begäran till personalen", "New case for staff"),
    "alert_awaiting_approval": ("Odottaa hyväksyntää", "Väntar på godkännande", "Awaiting approval"),
    "alert_requester_replied": ("Pyytäjä vastasi", "Begäraren svarade", "The requester replied"),
    "alert_bounce": ("Viesti palautui", "Meddelandet studsade", "A letter bounced"),
    "alert_reply_failed": ("Viestin lähetys epäonnistui", "Meddelandet kunde inte skickas",
                           "A letter could not be sent"),
    "alert_processor_failed": ("Käsittelijän tehtävä epäonnistui", "Biträdets uppgift misslyckades",
                               "A processor task failed"),
    "alert_due_soon": ("Määräpäivä lähestyy", "Förfallodagen närmar sig", "Due soon"),
    "alert_followup_due": ("Rajoituksen jatkotoimi erääntyy", "Begränsningens uppföljning förfaller",
                           "Restriction follow-up due"),
    "alert_followup_line": ("Jatkotoimi: {followup}, määräpäivä {due}.",
                            "Uppföljning: {followup}, senast {due}.",
                            "Follow-up: {followup}, due {due}."),
    "followup_check_accuracy": ("tarkista tietojen paikkansapitävyys (18(1) a)",
                                "kontrollera uppgifternas riktighet (18(1) a)",
                                "check the accuracy (18(1) a)"),
    "followup_decide_objection": ("ratkaise vastustaminen (18(1) d)", "avgör invändningen (18(1) d)",
                                  "decide the objection (18(1) d)"),
    "digest_followups": ("RAJOITUSTEN JATKOTOIMET ERÄÄNTYVÄT {within} TYÖPÄIVÄN SISÄLLÄ",
                         "BEGRÄNSNINGARS UPPFÖLJNINGAR FÖRFALLER INOM {within} ARBETSDAGAR",
                         "RESTRICTION FOLLOW-UPS DUE WITHIN {within} WORKING DAYS"),
    # deadline reminders and the overdue notice (job cases.reminders)
    "reminder_subject_due": ("{reference} erääntyy {due}: {left} työpäivää jäljellä",
                             "{reference} förfaller {due}: {left} arbetsdagar kvar",
                             "{reference} due {due}: {left} working days left"),
    "reminder_subject_overdue": ("{reference} on myöhässä (määräpäivä {due})",
                                 "{reference} är försenad (förföll {due})",
                                 "{reference} is overdue (due {due})"),
    "reminder_due": ("Pyyntö {reference} ({kind}) erääntyy {due}: {left} työpäivää jäljellä.",
                     "Begäran {reference} ({kind}) förfaller {due}: {left} arbetsdagar kvar.",
                     "Case {reference} ({kind}) is due on {due}: {left} working days left."),
    "reminder_overdue": ("Pyyntö {reference} ({kind}) on MYÖHÄSSÄ: määräpäivä oli {due}.",
                         "Begäran {reference} ({kind}) är FÖRSENAD: den förföll {due}.",
                         "Case {reference} ({kind}) is OVERDUE: it was due on {due}."),
    "reminder_extendable": ("Määräaikaa voi vielä jatkaa kerran (kahdella kuukaudella, perustelu "
                            "lähetetään pyytäjälle) {due} asti.",
                            "Tidsfristen kan ännu förlängas en gång (med två månader, med en motivering "
                            "till begäraren) till och med {due}.",
                            "The deadline can still be extended once (by two months, with a reason sent "
                            "to the requester) until {due}."),
    "alert_digest": ("Päivittäinen kooste", "Daglig sammanfattning", "Daily digest"),
    # alert mail
    "alert_subject": ("[{reference}] {event}: {kind}", "[{reference}] {event}: {kind}",
                      "[{reference}] {event}: {kind}"),
    "alert_due_line": ("Määräpäivä {due} ({left} työpäivää jäljellä).",
                       "Förfallodag {due} ({left} arbetsdagar kvar).",
                       "Due {due} ({left} working days left)."),
    "alert_status_line": ("Tila: {status}.", "Status: {status}.", "Status: {status}."),
    "alert_assignee_line": ("Käsittelijä: {assignee}.", "Handläggare: {assignee}.",
                            "Assigned to: {assignee}."),
    "alert_open": ("Avaa pyyntö: {url}", "Öppna begäran: {url}", "Open the case: {url}"),
    "alert_why": ("Saat tämän viestin, koska olet valinnut ilmoitukset tapahtumasta \"{event}\". "
                  "Muuta valintoja: {settings}",
                  "Du får detta meddelande eftersom du har valt aviseringar om \"{event}\". "
                  "Ändra valen: {settings}",
                  "You get this because you chose alerts for \"{event}\". Change them: {settings}"),
    "footer": ("Tämän viestin lähetti privacy-request-bot automaattisesti; vastauksia ei lueta.",
               "Detta meddelande skickades automatiskt av privacy-request-bot; svar läses inte.",
               "This message was generated automatically by privacy-request-bot; "
               "replies to it are not read."),
    # digest
    "digest_title": ("Tietosuojapyynnöt — päivän kooste {today} ({controller})",
                     "Dataskyddsbegäranden — daglig sammanfattning {today} ({controller})",
                     "Privacy requests — daily digest for {today} ({controller})"),
    "digest_quiet": ("Mikään ei ole myöhässä, mikään ei erääntyy {within} työpäivän sisällä, mikään ei "
                     "odota hyväksyntää eikä yhtään käsittelijän tehtävää ole auki.",
                     "Inget är försenat, inget förfaller inom {within} arbetsdagar, inget väntar på "
                     "godkännande och ingen biträdesuppgift är öppen.",
                     "Nothing is overdue, nothing is due within {within} working days, nothing waits "
                     "for approval,\nand no processor task is open."),
    "digest_overdue": ("MYÖHÄSSÄ", "FÖRSENADE", "OVERDUE"),
    "digest_due_within": ("ERÄÄNTYY {within} TYÖPÄIVÄN SISÄLLÄ", "FÖRFALLER INOM {within} ARBETSDAGAR",
                          "DUE WITHIN {within} WORKING DAYS"),
    "digest_approval": ("ODOTTAA HYVÄKSYNTÄÄSI", "VÄNTAR PÅ DITT GODKÄNNANDE", "WAITING FOR YOUR APPROVAL"),
    "digest_tasks": ("AVOIMET KÄSITTELIJÖIDEN TEHTÄVÄT", "ÖPPNA BITRÄDESUPPGIFTER", "OPEN PROCESSOR TASKS"),
    "digest_unmatched": ("EI PYYNNÖKSI TULKITUT {since} JÄLKEEN", "INTE TOLKADE SOM BEGÄRANDEN SEDAN {since}",
                         "NOT TAKEN AS REQUESTS SINCE {since}"),
    "digest_unmatched_hint": ("tarkista, ettei mikään ole pyyntö", "kontrollera att inget är en begäran",
                              "check that none is a request"),
    "digest_failed": ("VIESTIT, JOIDEN KÄSITTELY EPÄONNISTUI", "MEDDELANDEN SOM INTE KUNDE BEHANDLAS",
                      "MESSAGES THAT FAILED TO PROCESS"),
    "digest_due": ("määräpäivä {due}", "förfaller {due}", "due {due}"),
    "digest_ago": ("{n} työpäivää sitten", "för {n} arbetsdagar sedan", "{n} working days ago"),
    "digest_left": ("{n} työpäivää jäljellä", "{n} arbetsdagar kvar", "{n} working days left"),
    "digest_task": ("{action} käsittelijällä {processor} (auki {since} alkaen)",
                    "{action} hos {processor} (öppen sedan {since})",
                    "{action} at {processor}  (open since {since})"),
    "digest_received": ("saapunut {at}", "mottaget {at}", "received {at}"),
    "digest_total": ("Avoimia pyyntöjä yhteensä: {n}. Jono: {url}",
                     "Öppna begäranden totalt: {n}. Kön: {url}",
                     "Open cases in total: {n}. The queue: {url}"),
    "digest_subject": ("Tietosuojapyynnöt {today}: {overdue} myöhässä, {soon} erääntyy pian, "
                       "{approve} hyväksyttävänä, {tasks} käsittelijöiden tehtävää",
                       "Dataskyddsbegäranden {today}: {overdue} försenade, {soon} förfaller snart, "
                       "{approve} att godkänna, {tasks} biträdesuppgifter",
                       "Privacy requests {today}: {overdue} overdue, {soon} due soon, "
                       "{approve} to approve, {tasks} processor tasks"),
    "digest_subject_check": (", {n} viestiä tarkistettavana", ", {n} meddelanden att kontrollera",
                             ", {n} messages to check"),
    "action_erase": ("poisto", "radering", "erase"),
    "action_restrict": ("rajoitus", "begränsning", "restrict"),
    "action_correct": ("korjaus", "rättelse", "correct"),
    "action_lift_restriction": ("rajoituksen poisto", "hävd begränsning", "lift_restriction"),
    "outcome_not_request": ("ei pyyntö", "ingen begäran", "not_request"),
    "outcome_no_sender": ("ei lähettäjää", "ingen avsändare", "no_sender"),
    # kinds and states (as on the staff pages)
    "kind_unsubscribe": ("Markkinoinnin kielto", "Avregistrering", "Unsubscribe"),
    "kind_access": ("Tietojen tarkastus", "Registerutdrag", "Access"),
    "kind_erasure": ("Tietojen poisto", "Radering", "Erasure"),
    "kind_correction": ("Tietojen korjaus", "Rättelse", "Correction"),
    "kind_restriction": ("Käsittelyn rajoitus", "Begränsning", "Restriction"),
    "kind_portability": ("Siirto", "Dataportabilitet", "Portability"),
    "status_received": ("Vastaanotettu", "Mottagen", "Received"),
    "status_awaiting_verification": ("Odottaa varmennusta", "Väntar på verifiering", "Awaiting verification"),
    "status_verified": ("Varmennettu", "Verifierad", "Verified"),
    "status_in_progress": ("Käsittelyssä", "Pågår", "In progress"),
    "status_awaiting_approval": ("Odottaa hyväksyntää", "Väntar på godkännande", "Awaiting approval"),
    "status_awaiting_processors": ("Odottaa käsittelijöitä", "Väntar på biträden", "Waiting for processors"),
    "status_awaiting_requester": ("Odottaa pyytäjää", "Väntar på begäraren", "Waiting for the requester"),
    "status_completed": ("Valmis", "Klar", "Completed"),
    "status_rejected": ("Hylätty", "Avslagen", "Rejected"),
    "status_withdrawn": ("Peruttu", "Återkallad", "Withdrawn"),
    "status_merged": ("Yhdistetty", "Sammanslagen", "Merged"),
    "status_expired": ("Vanhentunut", "Utgången", "Expired"),
}


def translator(lang: str) -> Callable[..., str]:
    i = LANGUAGES.index(lang) if lang in LANGUAGES else LANGUAGES.index("en")

    def _(key: str, **kw: object) -> str:
        texts = T.get(key)
        if texts is None:
            return key
        return texts[i].format(**kw) if kw else texts[i]

    return _


def fdate(d: date) -> str:
    """19.8.2026, as on the staff pages."""
    return f"{d.day}.{d.month}.{d.year}"
