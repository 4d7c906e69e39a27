"""`register import`: CSV, JSON lines and person documents; all or nothing, errors with lines."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st
from sqlmodel import select

from bot.register.importer import RegisterImportError, import_files
from bot.runtime import Runtime
from bot.runtime.config import Settings
from models import Consent, Invoice, Order, Person, PersonEmail
from tests.register.factories import AT
from tests.register.test_suppression_command import bot


def write(tmp_path: Path, name: str, text: str) -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


PEOPLE_CSV = (
    "name,email,phone,address,organisation,role\n"
    "Matti Meikäläinen,Matti@Example.fi;matti@home.fi,+358 40 1,\"Katu 1, 00100 Helsinki\",Esimerkki Oy,CTO\n"
    "Sara Svensson,sara@example.se,,,\"Exempel Ab\",VD\n"
)


def test_people_csv_and_history_files(rt: Runtime, tmp_path: Path) -> None:
    people = write(tmp_path, "contacts.csv", PEOPLE_CSV)
    orders = write(tmp_path, "orders.jsonl",
                   '{"email": "matti@example.fi", "kind": "offer", "product": "Cloud", "price": "12,50", "on": "2025-01-02"}\n'
                   '\n{"email": "sara@example.se", "product": "Support"}\n')
    consents = write(tmp_path, "consents.csv", "email,purpose,status,at\nstranger@example.fi,newsletter,granted,2024-05-01T10:00\n")
    with rt.db.session() as s:
        r = import_files(s, [orders, consents, people], at=AT)
    assert (r.people_added, r.rows) == (2, {"order": 2, "consent": 1})
    with rt.db.session() as s:
        m = s.exec(select(Person).where(Person.name == "Matti Meikäläinen")).one()
        assert (m.phone, m.address, m.organisation, m.role) == ("+358 40 1", "Katu 1, 00100 Helsinki", "Esimerkki Oy", "CTO")
        assert sorted(e.normalized for e in s.exec(select(PersonEmail).where(PersonEmail.person_id == m.id))) == [
            "matti@example.fi", "matti@home.fi"]
        o = s.exec(select(Order).where(Order.person_id == m.id)).one()
        assert (o.kind, str(o.price), o.on.isoformat()) == ("offer", "12.50", "2025-01-02")
        c = s.exec(select(Consent)).one()
        assert c.person_id is None and c.email_normalized == "stranger@example.fi"
        assert c.at.utcoffset().total_seconds() == 0 and c.at.hour == 7  # 10:00 Helsinki summer time
    # Importing again updates, never duplicates people.
    with rt.db.session() as s:
        r = import_files(s, [write(tmp_path, "p2.csv", "name,email,role\nMatti M,MATTI@example.fi,CEO\n")], at=AT)
    assert (r.people_added, r.people_updated) == (0, 1)
    with rt.db.session() as s:
        assert len(s.exec(select(Person)).all()) == 2


def test_person_documents(rt: Runtime, tmp_path: Path) -> None:
    doc = [{"name": "Anna A", "emails": ["anna@example.fi"], "phone": "050 1",
            "invoices": [{"number": "I-1", "amount": 10, "issued_on": "2025-01-01", "billing_name": "Anna A"}],
            "consents": [{"purpose": "events"}],
            "web_activity": [{"kind": "form", "url": "https://x", "data": {"msg": "hi"}}]}]
    with rt.db.session() as s:
        r = import_files(s, [write(tmp_path, "people.json", json.dumps(doc))], at=AT)
    assert r.rows == {"invoice": 1, "consent": 1, "web_activity": 1}
    with rt.db.session() as s:
        inv = s.exec(select(Invoice)).one()
        assert inv.number == "I-1" and inv.person_id is not None


def test_a_bad_row_stops_everything_with_line_numbers(rt: Runtime, tmp_path: Path) -> None:
    good = write(tmp_path, "people.csv", PEOPLE_CSV)
    bad = write(tmp_path, "orders.csv",
                "email,kind,price\nmatti@example.fi,order,10\nmatti@example.fi,ordr,10\nnobody@example.fi,order,1\n"
                "sara@example.se,order,lots\n")
    with rt.db.session() as s, pytest.raises(RegisterImportError) as e:
        import_files(s, [good, bad], at=AT)
    msg = str(e.value)
    assert f"{bad}:3: kind: 'ordr' is not one of offer, order, delivery" in msg
    assert f"{bad}:5: price: not a number" in msg
    with rt.db.session() as s:
        assert s.exec(select(Person)).all() == []
    (tmp_path / "b").mkdir()
    bad2 = write(tmp_path / "b", "orders.csv", "email,kind\nnobody@example.fi,order\n")
    with rt.db.session() as s, pytest.raises(RegisterImportError, match=r"b/orders.csv:2: no person with the address nobody@example.fi"):
        import_files(s, [good, bad2], at=AT, table=None)


@pytest.mark.parametrize(("text", "message"), [
    ("name,email,shoe_size\nA,a@example.fi,42\n", "people.csv:2: unknown field(s): shoe_size"),
    ("name,email\nA,not-an-address\n", "people.csv:2: email: not an email address"),
    ("name,email\n,a@example.fi\n", "people.csv:2: name: required"),
    ("name,email\nA,a@example.fi,extra\n", "people.csv:2: more values than header fields"),
])
def test_people_errors(rt: Runtime, tmp_path: Path, text: str, message: str) -> None:
    with rt.db.session() as s, pytest.raises(RegisterImportError, match=message.replace("(", r"\(").replace(")", r"\)")):
        import_files(s, [write(tmp_path, "people.csv", text)], at=AT)


@hsettings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=st.text(max_size=300), suffix=st.sampled_from([".csv", ".jsonl", ".json"]))
def test_hostile_files_give_import_errors_only(tmp_path: Path, body: str, suffix: str) -> None:
    from bot.register.importer import Importer

    p = tmp_path / f"people{suffix}"
    p.write_text(body, encoding="utf-8")
    imp = Importer()
    imp.read(p)  # never raises: problems become messages
    assert all(isinstance(m, str) and m.startswith(str(p)) for m in imp.errors)


def test_command_exit_codes(settings: Settings, tmp_path: Path) -> None:
    people = write(tmp_path, "people.csv", PEOPLE_CSV)
    r = bot(settings, "register", "import", str(people))
    assert r.returncode == 0 and "imported: 2 new people" in r.stdout, r.stderr
    bad = write(tmp_path, "more.csv", "name,email\nX,broken\n")
    r = bot(settings, "register", "import", str(bad))
    assert r.returncode == 1 and "more.csv:2: email: not an email address" in r.stderr
    assert "nothing was imported" in r.stderr
