"""Cases: references, due dates, the audit trail, state changes and extensions."""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlmodel import select

from bot.cases.audit import add_event
from bot.cases.service import CaseError, next_reference, open_case, set_status
from bot.replies.send import extend
from bot.runtime import Runtime
from bot.runtime.clock import FixedClock
from models import ActorType, Case, CaseEvent, CaseStatus, RequestKind

RECEIVED = datetime(2026, 3, 5, 8, 0, tzinfo=UTC)  # 10:00 in Helsinki


def _open(rt: Runtime, **kw: object) -> Case:
    with rt.db.session() as s:
        return open_case(s, rt, kind=kw.pop("kind", RequestKind.ACCESS),  # type: ignore[arg-type]
                         requester_email="matti@example.fi", language="fi",
                         received_at=RECEIVED, **kw)  # type: ignore[arg-type]


def test_open_case_has_reference_due_date_and_opened_event(rt: Runtime) -> None:
    rt.clock = FixedClock(RECEIVED)
    case = _open(rt, scores={"access": 0.93}, reasons=["rule: näkemään tietoni"])
    assert case.reference == "PR-2026-00001"
    assert case.due_date == date(2026, 4, 7)  # Easter: 5 and 6 April
    assert case.extended_due_date is None
    assert case.status == CaseStatus.RECEIVED
    with rt.db.session() as s:
        events = s.exec(select(CaseEvent).where(CaseEvent.case_id == case.id)).all()
        assert [e.action for e in events] == ["opened"]
        assert events[0].details["due"] == "2026-04-07"
        assert s.get(Case, case.id).scores == {"access": 0.93}  # type: ignore[union-attr]


def test_references_count_up_per_year_and_restart_in_a_new_year(rt: Runtime) -> None:
    with rt.db.session() as s:
        assert next_reference(s, rt, 2026) == "PR-2026-00001"
        assert next_reference(s, rt, 2026) == "PR-2026-00002"
        assert next_reference(s, rt, 2027) == "PR-2027-00001"
    a = _open(rt)
    assert a.reference == "PR-2026-00003"


def test_the_year_of_a_reference_is_the_helsinki_year(rt: Runtime) -> None:
    with rt.db.session() as s:
        c = open_case(s, rt, kind=RequestKind.ERASURE, requester_email="a@example.fi",
                      language="en", received_at=datetime(2026, 12, 31, 22, 30, tzinfo=UTC))
    assert c.reference.startswith("PR-2027-")


def test_references_are_unique_under_concurrent_instances(rt: Runtime) -> None:
    """Eight threads (eight connections, as eight instances would have) open cases at once."""
    refs: list[str] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def worker() -> None:
        try:
            for _ in range(5):
                c = _open(rt)
                with lock:
                    refs.append(c.reference)
        except BaseException as e:
            errors.append(e)

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors, errors
    assert len(refs) == 40 and len(set(refs)) == 40
    assert sorted(refs) == [f"PR-2026-{n:05d}" for n in range(1, 41)]


def test_status_changes_are_events_and_closing_sets_closed_at(rt: Runtime) -> None:
    rt.clock = FixedClock(RECEIVED)
    case = _open(rt)
    with rt.db.session() as s:
        case = s.get(Case, case.id)
        set_status(s, rt, case, CaseStatus.AWAITING_VERIFICATION)
        rt.clock.advance(timedelta(hours=1))  # type: ignore[attr-defined]
        set_status(s, rt, case, CaseStatus.VERIFIED, actor_type=ActorType.REQUESTER,
                   actor="matti@example.fi")
        assert case.verified_at == RECEIVED + timedelta(hours=1)
        set_status(s, rt, case, CaseStatus.REJECTED, actor_type=ActorType.STAFF, actor="anna",
                   details={"reason": "manifestly unfounded"})
        assert case.closed_at is not None
        with pytest.raises(CaseError):
            set_status(s, rt, case, CaseStatus.IN_PROGRESS)
        add_event(s, rt, case, "note", actor_type=ActorType.STAFF, actor="anna")
    with rt.db.session() as s:
        events = s.exec(select(CaseEvent).where(CaseEvent.case_id == case.id)
                        .order_by(CaseEvent.id)).all()
        assert [(e.action, e.details.get("to")) for e in events] == [
            ("opened", None), ("status_changed", "awaiting_verification"),
            ("status_changed", "verified"), ("status_changed", "rejected"), ("note", None)]
        assert events[3].actor == "anna" and events[3].actor_type == ActorType.STAFF


def test_extension_needs_a_reason_and_must_come_before_the_due_date(rt: Runtime) -> None:
    clock = FixedClock(RECEIVED + timedelta(days=10))
    rt.clock = clock
    case = _open(rt)
    with rt.db.session() as s:
        case = s.get(Case, case.id)
        with pytest.raises(CaseError, match="reason"):
            extend(s, rt, case, "  ", actor="anna", notify=False)
        assert extend(s, rt, case, "Complex request: data in three systems", actor="anna",
                      notify=False) == date(2026, 6, 5)
        assert case.effective_due == date(2026, 6, 5)
        with pytest.raises(CaseError, match="already"):
            extend(s, rt, case, "again", actor="anna", notify=False)
    late = _open(rt)
    clock.set(datetime(2026, 4, 7, 21, 0, tzinfo=UTC))  # 00:00 on 8 April in Helsinki
    with rt.db.session() as s:
        late = s.get(Case, late.id)
        with pytest.raises(CaseError, match="past its due date"):
            extend(s, rt, late, "too late", actor="anna", notify=False)
        assert late.extended_due_date is None


@pytest.mark.parametrize(("lang", "new", "old"), [
    ("sv", "Ny tidsfrist: 5.6.2026 (ursprunglig 7.4.2026)", "ursprunglig 5.6.2026"),
    ("fi", "Uusi määräaika: 5.6.2026 (alkuperäinen 7.4.2026)", "alkuperäinen 5.6.2026"),
    ("en", "New deadline: 5 June 2026 (originally 7 April 2026)", "originally 5 June 2026"),
])
def test_extension_letter_names_the_original_due_date_not_the_extended_one(
        rt: Runtime, lang: str, new: str, old: str) -> None:
    from tests.cases.factories import text_of

    rt.clock = FixedClock(RECEIVED + timedelta(days=10))
    case = _open(rt)
    with rt.db.session() as s:
        case = s.get(Case, case.id)
        case.language = lang
        extend(s, rt, case, "Data in three systems", actor="anna")
    with rt.db.session() as s:
        from models import OutboundMessage
        [out] = s.exec(select(OutboundMessage).where(OutboundMessage.purpose == "extension")).all()
        body = text_of(out.raw)
    assert new in " ".join(body.split()) and old not in body
