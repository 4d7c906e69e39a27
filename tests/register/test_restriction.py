"""Restriction: marked until lifted, left out of processing, suppressed for marketing."""

from __future__ import annotations

from bot.register.restriction import lift, processable_people, restrict
from bot.register.suppression import suppression_rows
from bot.runtime import Runtime
from tests.register.factories import AT, make_person


def test_restrict_then_lift(rt: Runtime) -> None:
    with rt.db.session() as s:
        p = make_person(s, "r@example.fi", history=False)
        make_person(s, "free@example.fi", name="Vapaa", history=False)
        assert restrict(s, p, at=AT, reason="PR-2026-00001: accuracy contested")
        assert not restrict(s, p, at=AT, reason="again")
        assert [x.name for x in s.exec(processable_people()).all()] == ["Vapaa"]
        assert [r[0] for r in suppression_rows(s)] == ["r@example.fi"]
        assert lift(s, p, at=AT) and not lift(s, p, at=AT)
        assert len(s.exec(processable_people()).all()) == 2
        assert list(suppression_rows(s)) == []


def test_retention_sweeps_leave_restricted_people_alone(rt: Runtime) -> None:
    from datetime import timedelta

    from sqlmodel import select

    from bot.jobs.retention import sweep_web_analytics
    from bot.runtime.clock import FixedClock
    from models import WebActivity

    rt.clock = FixedClock(AT + timedelta(days=800))
    with rt.db.session() as s:
        held = make_person(s, "held@example.fi", history=False)
        other = make_person(s, "other@example.fi", name="Other", history=False)
        for p in (held, other):
            s.add(WebActivity(person_id=p.id, kind="analytics", at=AT, url="https://www.xcure.fi/"))
        restrict(s, held, at=AT, reason="test")
    with rt.db.session() as s:
        out = sweep_web_analytics(s, rt)
    assert out["deleted"]["web_activity"] == 1
    with rt.db.session() as s:
        assert [w.person_id for w in s.exec(select(WebActivity)).all()] == [held.id]
