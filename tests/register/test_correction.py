"""Reading proposed corrections out of requests in Finnish, Swedish and English."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.register.correction import apply_changes, extract_changes
from bot.runtime import Runtime
from tests.register.factories import AT, make_person

CASES = [
    ("Hello, my new phone number is +358 40 765 4321. Thanks!", {"phone": "+358 40 765 4321"}),
    ("Hei, uusi puhelinnumeroni on 040 7654321.", {"phone": "040 7654321"}),
    ("Hej, mitt nya telefonnummer är 070-123 45 67.", {"phone": "070-123 45 67"}),
    ("Uusi osoitteeni on Hämeentie 5 B 12, 00530 Helsinki.",
     {"address": "Hämeentie 5 B 12, 00530 Helsinki"}),
    ("Please update my address to 12 Baker Street, London NW1 6XE.",
     {"address": "12 Baker Street, London NW1 6XE"}),
    ("Min nya adress är Storgatan 3, 65100 Vasa.", {"address": "Storgatan 3, 65100 Vasa"}),
    ("My name has changed to Anna Virtanen.", {"name": "Anna Virtanen"}),
    ("Nimeni on muuttunut: Liisa Korhonen", {"name": "Liisa Korhonen"}),
    ("Mitt nya namn är Eva Lindqvist.", {"name": "Eva Lindqvist"}),
    ("My job title is now Head of Sales.", {"role": "Head of Sales"}),
    ("Uusi tittelini on myyntijohtaja.", {"role": "myyntijohtaja"}),
    ("Min nya titel är försäljningschef.", {"role": "försäljningschef"}),
    ("My new employer is Acme Oy.", {"organisation": "Acme Oy"}),
    ("Uusi työnantajani on Esimerkki Oy.", {"organisation": "Esimerkki Oy"}),
    ("Puhelin: 050 1112223\nOsoite: Kauppakatu 2, 40100 Jyväskylä",
     {"phone": "050 1112223", "address": "Kauppakatu 2, 40100 Jyväskylä"}),
    ("Please correct my data, it is wrong.", {}),
    ("Korjatkaa tietoni.", {}),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_extract(text: str, expected: dict[str, str]) -> None:
    assert extract_changes(text) == expected


def test_a_signature_is_not_a_change() -> None:
    assert extract_changes("Best regards,\nMatti\nPhone +358 40 1234567") == {}


@given(st.text(max_size=2000))
def test_never_crashes(text: str) -> None:
    out = extract_changes(text)
    assert set(out) <= {"name", "phone", "address", "organisation", "role"}


def test_apply_reports_old_and_new(rt: Runtime) -> None:
    with rt.db.session() as s:
        p = make_person(s, "c@example.fi", history=False)
        changed = apply_changes(s, p, {"phone": "040 7654321", "role": "CTO"}, at=AT)
    assert changed == {"phone": ("+358 40 1234567", "040 7654321")}
    with pytest.raises(ValueError):
        apply_changes(None, p, {"restricted": "yes"}, at=AT)  # type: ignore[arg-type]
