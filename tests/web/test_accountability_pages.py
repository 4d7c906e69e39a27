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
