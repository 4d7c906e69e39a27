"""What the register's tables and correctable fields are called in fi/sv/en (exports, replies)."""

from __future__ import annotations

TABLE_LABELS: dict[str, dict[str, str]] = {
    "en": {"person": "name and contact details", "person_email": "email addresses",
           "consent": "consents and marketing prohibitions", "contract": "contracts",
           "order": "offers, orders and deliveries", "invoice": "invoices",
           "service_usage": "service usage data (logs, roles, settings)",
           "communication": "communication history",
           "event_participation": "event and training participation",
           "marketing_action": "marketing actions and results", "web_activity": "website data",
           "download_link": "earlier data exports", "suppression": "marketing suppression list",
           "case": "privacy requests"},
    "fi": {"person": "nimi ja yhteystiedot", "person_email": "sähköpostiosoitteet",
           "consent": "suostumukset ja markkinointikiellot", "contract": "sopimukset",
           "order": "tarjoukset, tilaukset ja toimitukset", "invoice": "laskut",
           "service_usage": "palvelun käyttötiedot (lokit, roolit, asetukset)",
           "communication": "viestintähistoria",
           "event_participation": "osallistuminen tapahtumiin ja koulutuksiin",
           "marketing_action": "markkinointitoimenpiteet ja niiden tulokset",
           "web_activity": "verkkosivustotiedot",
           "download_link": "aiemmat tietopaketit", "suppression": "markkinoinnin estolista",
           "case": "tietosuojapyynnöt"},
    "sv": {"person": "namn och kontaktuppgifter", "person_email": "e-postadresser",
           "consent": "samtycken och marknadsföringsförbud", "contract": "avtal",
           "order": "offerter, beställningar och leveranser", "invoice": "fakturor",
           "service_usage": "uppgifter om tjänsteanvändning (loggar, roller, inställningar)",
           "communication": "kommunikationshistorik",
           "event_participation": "deltagande i evenemang och utbildningar",
           "marketing_action": "marknadsföringsåtgärder och resultat", "web_activity": "webbplatsuppgifter",
           "download_link": "tidigare dataexporter", "suppression": "spärrlista för marknadsföring",
           "case": "dataskyddsbegäranden"},
}
FIELD_LABELS: dict[str, dict[str, str]] = {
    "en": {"name": "Name", "phone": "Phone", "address": "Postal address", "organisation": "Organisation",
           "role": "Title or role"},
    "fi": {"name": "Nimi", "phone": "Puhelin", "address": "Postiosoite", "organisation": "Organisaatio",
           "role": "Titteli tai rooli"},
    "sv": {"name": "Namn", "phone": "Telefon", "address": "Postadress", "organisation": "Organisation",
           "role": "Titel eller roll"},
}
