"""Automatic vs staff-handled: a case no staff member touched counts as automatic, in the register
and in the figures, overall and per language and channel (both databases)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlmodel import select

from bot.cases.audit import add_event
from bot.cases.figures import figures
from bot.cases.register_of_requests import register_rows
from bot.cases.service import set_status
from bot.runtime import Runtime
from bot.runtime.clock import FixedClock
from models import ActorType, Case, CaseStatus, RequestKind
from tests.web.factories import make_case


def test_cases_no_staff_member_touched_count_as_automatic(rt: Runtime) -> None:
    at = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
    rt.clock = FixedClock(at)
    auto_fi = make_case(rt, email="a@example.fi", kind=RequestKind.UNSUBSCRIBE, language="fi")
    auto_sv = make_case(rt, email="b@example.fi", kind=RequestKind.ACCESS, language="sv")
    staff_fi = make_case(rt, email="c@example.fi", kind=RequestKind.ERASURE, language="fi")
    rt.clock.set(at + timedelta(days=2))  # type: ignore[attr-defined]
    with rt.db.session() as s:
        by_ref = {c.reference: c for c in s.exec(select(Case))}
        set_status(s, rt, by_ref[auto_fi], CaseStatus.COMPLETED)  # the bot closed it
        add_event(s, rt, by_ref[staff_fi], "note", actor_type=ActorType.STAFF, actor="dpo",
                  details={"text": "soitin"})
    with rt.db.session() as s:
        rows = register_rows(s, tz="Europe/Helsinki", today=date(2026, 3, 20),
                             start=date(2026, 1, 1), end=date(2026, 12, 31))
    handled = {r["reference"]: r["handled_by"] for r in rows}
    assert handled == {auto_fi: "bot", auto_sv: "bot", staff_fi: "staff"}
    f = figures(rows, 2026, date(2026, 3, 20))
    assert f["by_handling"] == {"automatic": 2, "staff": 1}
    assert f["handling_by_language"] == {"fi": {"automatic": 1, "staff": 1},
                                         "sv": {"automatic": 1, "staff": 0}}
    assert f["handling_by_channel"] == {"email": {"automatic": 2, "staff": 1}}
