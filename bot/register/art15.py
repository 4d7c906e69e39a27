"""The Art. 15 information that goes with every access export, built from config.toml.

Facts (controller, purposes, categories, processors, retention, sources, transfers) come only
from the settings; the labels and the statement of rights are the law's, in fi/sv/en.
"""

from __future__ import annotations

from typing import Any

from bot.runtime.config import Settings

LABELS: dict[str, dict[str, str]] = {
    "title": {"fi": "Tietosi rekisterissämme", "sv": "Dina uppgifter i vårt register",
              "en": "Your data in our register"},
    "intro": {"fi": "Tämä on vastaus tietopyyntöösi (EU:n tietosuoja-asetus, 15 artikla). Se sisältää "
                    "kaikki tiedot, joita meillä on sinusta, ja tiedot niiden käsittelystä.",
              "sv": "Detta är svaret på din begäran om tillgång (EU:s dataskyddsförordning, artikel 15). "
                    "Det innehåller alla uppgifter vi har om dig och information om hur de behandlas.",
              "en": "This is the answer to your access request (EU General Data Protection Regulation, "
                    "Article 15). It holds every piece of data we have about you and how we process it."},
    "portability_title": {"fi": "Antamasi tiedot siirrettävässä muodossa",
                          "sv": "Uppgifter du lämnat i överförbart format",
                          "en": "The data you provided, in a portable format"},
    "portability_intro": {"fi": "Tiedot, jotka olet itse antanut meille (tietosuoja-asetus, 20 artikla), "
                                "koneluettavina JSON- ja CSV-tiedostoina.",
                          "sv": "Uppgifter som du själv lämnat till oss "
                                "(dataskyddsförordningen, artikel 20), "
                                "i maskinläsbara JSON- och CSV-filer.",
                          "en": "The data you gave us yourself (GDPR Article 20), as machine-readable "
                                "JSON and CSV files."},
    "generated": {"fi": "Luotu", "sv": "Skapad", "en": "Generated"},
    "controller": {"fi": "Rekisterinpitäjä", "sv": "Personuppgiftsansvarig", "en": "Controller"},
    "contact_person": {"fi": "Yhteyshenkilö", "sv": "Kontaktperson", "en": "Contact person"},
    "register": {"fi": "Rekisteri", "sv": "Register", "en": "Register"},
    "purposes": {"fi": "Käsittelyn tarkoitukset", "sv": "Ändamål med behandlingen",
                 "en": "Purposes of processing"},
    "legal_bases": {"fi": "Käsittelyn oikeusperusteet", "sv": "Rättslig grund", "en": "Legal bases"},
    "categories": {"fi": "Tietoryhmät ja säilytysajat", "sv": "Kategorier av uppgifter och lagringstider",
                   "en": "Categories of data and how long they are kept"},
    "category": {"fi": "Tietoryhmä", "sv": "Kategori", "en": "Category"},
    "retention": {"fi": "Säilytysaika", "sv": "Lagringstid", "en": "Retention"},
    "recipients": {"fi": "Vastaanottajat ja käsittelijät", "sv": "Mottagare och personuppgiftsbiträden",
                   "en": "Recipients and processors"},
    "country": {"fi": "Maa", "sv": "Land", "en": "Country"},
    "transfer_basis": {"fi": "Siirtoperuste", "sv": "Grund för överföring", "en": "Transfer basis"},
    "transfers": {"fi": "Siirrot EU:n/ETA:n ulkopuolelle", "sv": "Överföringar utanför EU/EES",
                  "en": "Transfers outside the EU/EEA"},
    "sources": {"fi": "Tietolähteet", "sv": "Källor", "en": "Sources of the data"},
    "automated": {"fi": "Automaattinen päätöksenteko", "sv": "Automatiserat beslutsfattande",
                  "en": "Automated decision-making"},
    "rights": {"fi": "Oikeutesi", "sv": "Dina rättigheter", "en": "Your rights"},
    "complain": {"fi": "Oikeus tehdä valitus", "sv": "Rätt att klaga", "en": "Right to complain"},
    "your_data": {"fi": "Tietosi", "sv": "Dina uppgifter", "en": "Your data"},
    "rows": {"fi": "riviä", "sv": "rader", "en": "rows"},
    "none": {"fi": "Ei tietoja.", "sv": "Inga uppgifter.", "en": "No data."},
    "files": {"fi": "Samat tiedot koneluettavina: data.json ja csv/-kansio.",
              "sv": "Samma uppgifter maskinläsbara: data.json och mappen csv/.",
              "en": "The same data, machine-readable: data.json and the csv/ folder."},
    "privacy_requests": {"fi": "Tietosuojapyyntösi", "sv": "Dina dataskyddsbegäranden",
                         "en": "Your privacy requests"},
    "suppression": {"fi": "Markkinoinnin estolista", "sv": "Spärrlista för marknadsföring",
                    "en": "Marketing suppression list"},
}

RIGHTS: dict[str, list[str]] = {
    "fi": [
        "Oikeus saada pääsy tietoihisi (15 art.). Ensimmäinen kopio on maksuton.",
        "Oikeus tietojen oikaisemiseen (16 art.).",
        "Oikeus tietojen poistamiseen (17 art.).",
        "Oikeus käsittelyn rajoittamiseen (18 art.).",
        "Oikeus siirtää antamasi tiedot järjestelmästä toiseen (20 art.).",
        "Oikeus vastustaa käsittelyä ja suoramarkkinointia sekä peruuttaa suostumuksesi (21 art., 7 art.); "
        "markkinointiviestien 'poistu postituslistalta' -linkki toimii heti.",
    ],
    "sv": [
        "Rätt till tillgång till dina uppgifter (art. 15). Den första kopian är kostnadsfri.",
        "Rätt till rättelse (art. 16).",
        "Rätt till radering (art. 17).",
        "Rätt till begränsning av behandling (art. 18).",
        "Rätt till dataportabilitet (art. 20).",
        "Rätt att invända mot behandling och direktmarknadsföring och att återkalla samtycke "
        "(art. 21, art. 7); "
        "länken för att avsluta prenumerationen i våra utskick verkar genast.",
    ],
    "en": [
        "Right of access to your data (Art. 15). The first copy is free of charge.",
        "Right to rectification (Art. 16).",
        "Right to erasure (Art. 17).",
        "Right to restriction of processing (Art. 18).",
        "Right to data portability (Art. 20).",
        "Right to object to processing and direct marketing, and to withdraw consent (Art. 21, Art. 7); "
        "the unsubscribe link in our marketing messages works at once.",
    ],
}

HOW_TO: dict[str, str] = {
    "fi": "Käytä oikeuksiasi lähettämällä sähköpostia osoitteeseen {email}.",
    "sv": "Använd dina rättigheter genom att skicka e-post till {email}.",
    "en": "To use your rights, email {email}.",
}


def lang_of(language: str) -> str:
    return language if language in ("fi", "sv", "en") else "en"


def labels(language: str) -> dict[str, str]:
    lang = lang_of(language)
    return {k: v[lang] for k, v in LABELS.items()}


def art15_info(settings: Settings, language: str = "en") -> dict[str, Any]:
    """Everything Art. 15(1)-(2) asks us to tell, as data (for data.json and the HTML document)."""
    lang = lang_of(language)
    c = settings.controller
    # config.toml's texts in the reader's language ([register.fi] ...), the default ones otherwise
    t = settings.register.texts(lang, settings.retention.descriptions)
    return {
        "controller": {"name": c.name, "business_id": c.business_id, "address": c.address,
                       "phone": c.phone, "email": c.email, "contact_person": c.contact_person,
                       "website": c.website},
        "register": t["name"],
        "purposes": t["purposes"],
        "legal_bases": t["legal_bases"],
        "categories": [{"key": k, "description": v, "retention": t["retention"].get(k, "")}
                       for k, v in t["categories"].items()],
        "recipients": t["processors"],
        "transfers_outside_eea": t["transfers"],
        "sources": t["sources"],
        "automated_decisions": t["automated_decisions"],
        "rights": RIGHTS[lang],
        "how_to_use_rights": HOW_TO[lang].format(email=c.email),
        "supervisory_authority": c.supervisory_authority.get(lang)
        or c.supervisory_authority.get("en", ""),
    }
