"""Staff pages for accountability: the request register download, search and the person page,
the figures — in the staff member's language, dates as 19.8.2026."""

from __future__ import annotations

import csv
import io

from tests.web.client import staff_client
from tests.web.factories import PASSWORD, make_case, make_staff


def test_the_register_page_lists_the_period_and_downloads_csv_and_json(live) -> None:
    make_staff(live.rt)
    a = make_case(live.rt, email="a@example.fi", days_ago=3)
    b = make_case(live.rt, email="b@example.fi", days_ago=1)
    c, _ = staff_client(live.url, "liisa", PASSWORD)
    page = c.get("/staff/register?lang=fi")
    assert page.status_code == 200 and a in page.text and b in page.text
    assert "Pyyntörekisteri" in page.text and "sähköposti" in page.text
    got = c.get("/staff/register?format=csv")
    assert got.headers["content-type"].startswith("text/csv")
    assert "attachment" in got.headers["content-disposition"]
    assert sorted(r["reference"] for r in csv.DictReader(io.StringIO(got.text))) == sorted([a, b])
    js = c.get("/staff/register?format=json").json()
    assert {r["reference"] for r in js} == {a, b}
    xl = c.get("/staff/register?format=xlsx")
    assert xl.headers["content-type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    assert 'filename="request-register-' in xl.headers["content-disposition"]
    from tests.cases.test_register_of_requests import _xlsx_rows

    sheet = _xlsx_rows(xl.content)
    assert sheet[0][0] == "reference" and sorted(r[0] for r in sheet[1:]) == sorted([a, b])


def _case_of(rt, pid: int, **kw: object) -> str:
    from sqlmodel import select

    from models import Case

    ref = make_case(rt, **kw)
    with rt.db.session() as s:
        case = s.exec(select(Case).where(Case.reference == ref)).one()
        case.person_id = pid
        s.add(case)
    return ref


def _person(rt, email: str, name: str, **kw: object) -> int:
    from tests.cases.factories import add_person

    with rt.db.session() as s:
        p = add_person(s, email, name=name, **kw)
        assert p.id is not None
        return p.id


def test_search_finds_part_of_a_name_part_of_an_address_a_phone_and_closed_cases(live) -> None:
    from sqlmodel import select

    from bot.cases.service import set_status
    from models import Case, CaseStatus

    make_staff(live.rt)
    pid = _person(live.rt, "antero.pehkonen@posti.example.fi", "Antero Pehkonen", phone="+358 40 123 4567")
    _person(live.rt, "maija@example.fi", "Maija Virtanen")
    ref = _case_of(live.rt, pid, email="antero.pehkonen@posti.example.fi", days_ago=40)
    other = make_case(live.rt, email="maija@example.fi")
    with live.rt.db.session() as s:  # closed: the default filter used to hide it
        set_status(s, live.rt, s.exec(select(Case).where(Case.reference == ref)).one(), CaseStatus.COMPLETED)
    c, _ = staff_client(live.url, "liisa", PASSWORD)
    for q in ("Pehkonen", "antero", "ANTERO pehk", "posti.example", "040 1234567", ref[-5:]):
        page = c.get("/staff", params={"q": q})
        assert ref in page.text, q
        assert other not in page.text, q
    found = c.get("/staff", params={"q": "pehkonen"})
    assert f"/staff/people/{pid}" in found.text
    assert ref not in c.get("/staff", params={"q": "pehkonen", "status": "open"}).text


def test_the_person_page_shows_cases_consents_suppressions_restriction_and_letters(live) -> None:
    from datetime import UTC, datetime

    from models import Consent, OutboundMessage, OutboundState, Suppression

    make_staff(live.rt)
    pid = _person(live.rt, "kaisa@example.fi", "Kaisa Mäkelä", address="Esplanadi 1, Helsinki",
                  restricted=True, restricted_at=datetime(2026, 8, 19, 9, 0, tzinfo=UTC))
    ref = _case_of(live.rt, pid, email="kaisa@example.fi")
    with live.rt.db.session() as s:
        s.add(Consent(person_id=pid, email_normalized="kaisa@example.fi", purpose="newsletter",
                      status="withdrawn", withdrawn_at=datetime(2026, 8, 19, 9, 0, tzinfo=UTC)))
        s.add(Suppression(email_normalized="kaisa@example.fi", list_name="*"))
        s.add(OutboundMessage(to_addr="kaisa@example.fi", from_addr="privacy@xcure.fi", subject="Vastaus",
                              message_id="<p1@x>", raw=b"x", state=OutboundState.SENT,
                              sent_at=datetime(2026, 8, 20, 9, 0, tzinfo=UTC)))
    c, _ = staff_client(live.url, "liisa", PASSWORD)
    page = c.get(f"/staff/people/{pid}?lang=fi")
    assert page.status_code == 200
    t = page.text
    assert "Kaisa Mäkelä" in t and ref in t and "Esplanadi 1" in t
    assert "rajoitettu 19.8.2026 alkaen" in t and "peruttu" in t and "kaikki listat" in t
    assert "Vastaus" in t and "20.8.2026" in t
    assert c.get("/staff/people/999999").status_code == 404
    case_page = c.get(f"/staff/cases/{ref}")
    assert f"/staff/people/{pid}" in case_page.text


def test_the_figures_page_in_swedish_with_a_server_side_svg_chart(live) -> None:
    make_staff(live.rt)
    make_case(live.rt, email="a@example.fi", language="sv")
    c, _ = staff_client(live.url, "liisa", PASSWORD)
    page = c.get("/staff/figures?lang=sv")
    assert page.status_code == 200
    assert "Begäranden per månad" in page.text and "<svg" in page.text and "<script" not in page.text
    assert 'id="fig-total">1<' in page.text
    assert "Automatiskt eller av personalen" in page.text and "svenska" in page.text


def test_the_report_command(rt) -> None:
    import json

    from tests.cases.test_commands import _bot
    from tests.cases.test_register_of_requests import build_year

    build_year(rt)
    out = _bot(rt, "report", "--year", "2026", "--json")
    assert out.returncode == 0, out.stderr
    f = json.loads(out.stdout)
    assert f["total"] == 25 and f["closed"] == 23
    # twelve closed after 5 days, eleven after 45: median the 12th (5), 90th percentile the 21st (45)
    assert f["median_days"] == 5 and f["p90_days"] == 45
    assert f["on_time_share"] == round(13 / 23, 4)  # the quick ones and the extended one
    text = _bot(rt, "report", "--year", "2026")
    assert "25 requests" in text.stdout
