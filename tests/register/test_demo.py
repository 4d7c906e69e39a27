"""demo-data: people in both languages with history in every table, repeatable runs."""

from __future__ import annotations

from sqlalchemy import func, select

from bot.register.demo import generate
from bot.register.people import find_person
from bot.runtime import Runtime
from models import PERSONAL_TABLES, Person, PersonEmail
from tests.register.factories import AT


def test_demo_people_fill_every_table(rt: Runtime) -> None:
    with rt.db.session() as s:
        r = generate(s, people=300, now=AT, seed=7)
        generate(s, people=20, now=AT, seed=7)  # a second run adds people, no address clashes
    assert r.people == 300
    with rt.db.session() as s:
        assert s.execute(select(func.count()).select_from(Person)).scalar_one() == 320
        for name, model in PERSONAL_TABLES.items():
            assert s.execute(select(func.count()).select_from(model)).scalar_one() > 0, name
        langs = set(s.execute(select(Person.language)).scalars())
        assert langs == {"fi", "sv"}
        email = s.execute(select(PersonEmail.email).limit(1)).scalar_one()
        assert find_person(s, email.upper()) is not None
