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
}

i18n.add({k: dict(zip(i18n.LANGUAGES, v, strict=True)) for k, v in T.items()})
