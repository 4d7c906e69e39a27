"""Rectification (Art. 16): read the proposed new values out of a request, in fi/sv/en, and
apply them to the register once staff approve.

Extraction is deliberately conservative: a value is proposed only where the text names the field
and gives the new value ("my new phone number is ...", "uusi osoitteeni on ...", "mitt nya
namn är ..."); anything else yields nothing and staff ask the requester.
"""

from __future__ import annotations

import re
from datetime import datetime

from sqlmodel import Session

from models import Person

FIELDS = ("name", "phone", "address", "organisation", "role")

# Words naming each field, in Finnish, Swedish and English (stems: Finnish inflects).
_KEYWORDS: dict[str, str] = {
    "phone": r"(?:phone(?:\s*number)?|mobile(?:\s*number)?|tel(?:ephone)?|puhelin(?:numero)?\w*|"
             r"matkapuhelin\w*|numero\w*|gsm|telefon(?:nummer)?\w*|mobil(?:nummer)?\w*)",
    "address": r"(?:(?:postal\s+|street\s+|home\s+)?address|osoit\w*|katuosoit\w*|postiosoit\w*|"
               r"adress\w*|postadress\w*)",
    "name": r"(?:(?:last\s+|family\s+|sur)?name|nime\w*|nimi|sukunim\w*|namn\w*|efternamn\w*)",
    "role": r"(?:(?:job\s+)?title|role|position|job|titteli\w*|tehtävänimik\w*|nimik\w*|asema\w*|"
            r"rooli\w*|titel\w*|befattning\w*|roll\w*|tjänst\w*)",
    "organisation": r"(?:organi[sz]ation|company|employer|organisaatio\w*|yritys\w*|yrityks\w*|"
                    r"työnantaj\w*|firma\w*|företag\w*|arbetsgivar\w*)",
}
# "is", "to", ":" ... between the field and the value.
_LINK = (r"(?:\s+(?:is\s+now|is|now|has\s+changed\s+to|changed\s+to|should\s+be|to|on\s+nykyään|"
         r"on\s+nyt|on\s+muuttunut|muuttui|on|nykyään|nyt|pitäisi\s+olla|är\s+nu|är|ändrats\s+till|"
         r"har\s+ändrats\s+till|nu|ska\s+vara)\s*:?|\s*[:=]|\s*->)\s*")
# What marks a statement as a change (so "my name is X" in a signature is not read as a request).
_CHANGE = (r"(?:new|uusi|uuden|uudet|uusi|ny|nya|nytt|changed|updated|muuttunut|muuttui|vaihtunut|"
           r"vaihtui|ändrats|ändrat|now|nykyään|nyt|nu|correct|oikea|rätt|korjat|korrigera|päivit|"
           r"uppdatera|update|change|muuta|ändra)")
_NAME_VALUE = re.compile(r"[A-ZÅÄÖÉ][\w'\u2019\-]+(?:\s+[A-ZÅÄÖÉ][\w'\u2019\-]+){0,4}")
_PHONE_VALUE = re.compile(r"\+?\(?\d[\d\s\-()/]{4,20}\d")


def _value(raw: str) -> str:
    """The value up to the end of its sentence or line, without trailing politeness."""
    v = re.split(r"\n|(?<=[^\d\s][a-zåäö])\.\s|\.\s*$|;|\s+(?:and|ja|och|thanks|kiitos|tack)\b", raw,
                 maxsplit=1, flags=re.I)[0]
    return v.strip(" \t\"'«»“”.,")


def extract_changes(text: str) -> dict[str, str]:
    """The changes a correction request proposes, {field: new value}; {} when unclear."""
    found: dict[str, str] = {}
    for line in re.split(r"(?<=[.!?])\s+(?=[A-ZÅÄÖ])|\n", text):
        line = line.strip()
        if not line or line.startswith(">"):
            continue
        has_change = re.search(_CHANGE, line, re.I) is not None
        for fld, kw in _KEYWORDS.items():
            if fld in found:
                continue
            m = re.search(rf"\b{kw}\b[^:=\n]{{0,25}}?{_LINK}(?P<v>.+)", line, re.I)
            if not m:
                continue
            labelled = re.match(rf"\s*(?:{_CHANGE}\s+)?{kw}\s*[:=]", line, re.I) is not None
            if not (has_change or labelled):
                continue
            value = _value(m.group("v"))
            if fld == "phone":
                pm = _PHONE_VALUE.search(value)
                if not pm:
                    continue
                value = re.sub(r"\s+", " ", pm.group(0)).strip()
            elif fld == "name" and not _NAME_VALUE.fullmatch(value):
                continue
            if 1 < len(value) <= 200:
                found[fld] = value
    return found


def current_values(person: Person) -> dict[str, str]:
    return {f: getattr(person, f) for f in FIELDS}


def apply_changes(s: Session, person: Person, changes: dict[str, str], *, at: datetime
                  ) -> dict[str, tuple[str, str]]:
    """Write approved changes; returns {field: (old, new)} for the fields that changed."""
    changed: dict[str, tuple[str, str]] = {}
    for fld, new in changes.items():
        if fld not in FIELDS:
            raise ValueError(f"not a correctable field: {fld}")
        old = getattr(person, fld)
        if old != new:
            setattr(person, fld, new)
            changed[fld] = (old, new)
    if changed:
        person.updated_at = at
        s.add(person)
        s.flush()
    return changed
