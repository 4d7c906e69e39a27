"""Texts of the daily-work pages (queue cards and filters, alerts settings, the case file, the
automatic/staff figure) in Finnish, Swedish and English, added to the shared catalogue."""

from __future__ import annotations

from bot.web import i18n

T = {
    # languages as words, not codes
    "lang_fi": ("suomi", "finska", "Finnish"),
    "lang_sv": ("ruotsi", "svenska", "Swedish"),
    "lang_en": ("englanti", "engelska", "English"),
    # automatic vs staff-handled
    "fig_handling": ("Automaattisesti vai henkilökunnan käsittelemänä",
                     "Automatiskt eller av personalen", "Automatic or handled by staff"),
    "handling_automatic": ("automaattisesti", "automatiskt", "automatic"),
    "handling_staff": ("henkilökunta", "personalen", "staff"),
    "handling_note": ("Automaattinen: kukaan henkilökunnasta ei tehnyt pyynnölle mitään.",
                      "Automatisk: ingen i personalen gjorde något med begäran.",
                      "Automatic: no staff member acted on the request."),
    # alert settings
    "nav_settings": ("Asetukset", "Inställningar", "Settings"),
    "settings_title": ("Ilmoitukset sähköpostiin", "Aviseringar per e-post", "Alerts by email"),
    "settings_email": ("Sähköpostiosoitteesi", "Din e-postadress", "Your email address"),
    "settings_email_hint": ("Ilman osoitetta et saa ilmoituksia etkä omaa päivän koostetta.",
                            "Utan adress får du inga aviseringar och ingen egen daglig sammanfattning.",
                            "Without an address you get no alerts and no digest of your own."),
    "settings_language": ("Viestien kieli", "Meddelandenas språk", "Language of the messages"),
    "settings_alerts": ("Lähetä minulle viesti, kun", "Skicka mig ett meddelande när",
                        "Mail me when"),
    "settings_saved": ("Asetukset tallennettu.", "Inställningarna har sparats.", "Settings saved."),
    "settings_bad_email": ("Sähköpostiosoite ei kelpaa; mitään ei muutettu.",
                           "E-postadressen är ogiltig; ingenting ändrades.",
                           "That email address is not valid; nothing was changed."),
    "alert_new_case": ("pyyntö siirtyy henkilökunnalle", "en begäran går till personalen",
                       "a case is passed to staff"),
    "alert_awaiting_approval": ("pyyntö odottaa hyväksyntää (esim. poisto)",
                                "en begäran väntar på godkännande (t.ex. radering)",
                                "a case awaits approval (e.g. an erasure)"),
    "alert_requester_replied": ("pyytäjä vastaa", "begäraren svarar", "the requester replies"),
    "alert_bounce": ("viesti pyytäjälle palautuu", "ett meddelande till begäraren studsar",
                     "a letter to the requester bounces"),
    "alert_reply_failed": ("viestin lähetys epäonnistuu", "ett meddelande inte kan skickas",
                           "a letter cannot be sent"),
    "alert_processor_failed": ("käsittelijän tehtävä epäonnistuu", "en biträdesuppgift misslyckas",
                               "a processor task fails"),
    "alert_due_soon": ("määräpäivä on lähellä", "förfallodagen är nära", "a case is due soon"),
    "alert_digest": ("päivän kooste (kerran päivässä)", "daglig sammanfattning (en gång om dagen)",
                     "the daily digest (once a day)"),
}

i18n.add({k: dict(zip(i18n.LANGUAGES, v, strict=True)) for k, v in T.items()})
