"""Unsubscribing: at once, idempotent, consents withdrawn, unknown addresses suppressed too."""

from __future__ import annotations

from sqlmodel import select

from bot.register.suppression import is_suppressed, suppression_rows, unsubscribe_address
from bot.runtime import Runtime
from models import Consent, Suppression
from tests.register.factories import make_person


def test_unsubscribe_withdraws_consents_and_suppresses_normalised(rt: Runtime) -> None:
    with rt.db.session() as s:
        make_person(s, "Matti.M@Example.FI")
    with rt.db.session() as s:
        assert unsubscribe_address(s, rt, "  <MATTI.m@example.fi> ", source="email") is True
    with rt.db.session() as s:
        assert {c.status for c in s.exec(select(Consent)).all()} == {"withdrawn"}
        rows = s.exec(select(Suppression)).all()
        assert [r.email_normalized for r in rows] == ["matti.m@example.fi"]
        assert is_suppressed(s, "matti.M@EXAMPLE.fi")
        assert not is_suppressed(s, "someone.else@example.fi")


def test_repeating_changes_nothing(rt: Runtime) -> None:
    with rt.db.session() as s:
        make_person(s, "liisa@example.fi")
        assert unsubscribe_address(s, rt, "liisa@example.fi", source="link")
    with rt.db.session() as s:
        assert unsubscribe_address(s, rt, "liisa@example.fi", source="link") is False
        assert len(s.exec(select(Suppression)).all()) == 1


def test_unknown_address_is_suppressed(rt: Runtime) -> None:
    with rt.db.session() as s:
        assert unsubscribe_address(s, rt, "stranger@example.se", source="email") is True
    with rt.db.session() as s:
        assert is_suppressed(s, "Stranger@example.se")


def test_one_list_only_then_all(rt: Runtime) -> None:
    with rt.db.session() as s:
        make_person(s, "anna@example.fi")
        assert unsubscribe_address(s, rt, "anna@example.fi", source="link", list_name="newsletter")
    with rt.db.session() as s:
        statuses = {c.purpose: c.status for c in s.exec(select(Consent)).all()}
        assert statuses == {"newsletter": "withdrawn", "events": "granted"}
        assert is_suppressed(s, "anna@example.fi", list_name="newsletter")
        assert not is_suppressed(s, "anna@example.fi")
        assert unsubscribe_address(s, rt, "anna@example.fi", source="email")
    with rt.db.session() as s:
        assert is_suppressed(s, "anna@example.fi", list_name="events")
        assert {c.status for c in s.exec(select(Consent)).all()} == {"withdrawn"}


def test_restricted_people_are_in_the_exported_list(rt: Runtime) -> None:
    with rt.db.session() as s:
        p = make_person(s, "rest@example.fi")
        p.restricted = True
        p.restricted_at = rt.clock.now()
        unsubscribe_address(s, rt, "gone@example.fi", source="email")
    with rt.db.session() as s:
        rows = {(a, reason) for a, _l, reason, _at in suppression_rows(s)}
    assert rows == {("gone@example.fi", "unsubscribe"), ("rest@example.fi", "restricted")}
