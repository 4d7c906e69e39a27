"""The staff case page shows what execution needs decided: the proposed correction beside the
current values, a restriction, the erasure plan; ticking a processor task off drops its addresses."""

from __future__ import annotations

from sqlmodel import select

from handlers import get_handler
from models import Case, Person, ProcessorTask, RequestKind
from tests.register.factories import make_person
from tests.web.client import staff_client
from tests.web.factories import PASSWORD, make_case, make_staff


def test_correction_restriction_and_erasure_plan_are_shown(live) -> None:
    rt = live.rt
    make_staff(rt)
    c, _csrf = staff_client(live.url, "liisa", PASSWORD)
    with rt.db.session() as s:
        p = make_person(s, "matti@example.fi")
        p.restricted, p.restricted_at, p.restriction_reason = True, rt.clock.now(), "PR-2026-00009: accuracy"
        pid = p.id
    ref = make_case(rt, kind=RequestKind.CORRECTION, verified=True, person=p,
                    body="Hello, my new phone number is +358 50 111 2222.", language="en")
    era = make_case(rt, kind=RequestKind.ERASURE, verified=True, person=p, body="Delete my data.")
    with rt.db.session() as s:
        for r in (ref, era):
            case = s.exec(select(Case).where(Case.reference == r)).one()
            get_handler(case.kind).on_verified(s, rt, case)
    page = c.get(f"{live.url}/staff/cases/{ref}?lang=en").text
    assert "Proposed correction" in page and "+358 40 1234567" in page and "+358 50 111 2222" in page
    assert "Processing restricted" in page and "PR-2026-00009: accuracy" in page
    page = c.get(f"{live.url}/staff/cases/{era}?lang=en").text
    assert "Will be erased" in page and "communication history: 1" in page and "Accounting Act" in page
    with rt.db.session() as s:
        assert s.get(Person, pid).name == "Matti Meikäläinen"  # nothing erased before approval


def test_ticking_a_task_off_drops_the_addresses(live) -> None:
    from tests.web.client import form_csrf

    rt = live.rt
    make_staff(rt)
    c, csrf = staff_client(live.url, "liisa", PASSWORD)
    ref = make_case(rt, kind=RequestKind.ERASURE)
    with rt.db.session() as s:
        case = s.exec(select(Case).where(Case.reference == ref)).one()
        from handlers.processors import create_tasks
        [task, *_] = create_tasks(s, rt, case, make_person(s, "gone@example.fi"))
        assert "gone@example.fi" in task.instructions
        task_id = task.id
    page = c.get(f"{live.url}/staff/cases/{ref}").text
    r = c.post(f"{live.url}/staff/cases/{ref}/tasks/{task_id}/done",
               data={"csrf": form_csrf(page) or csrf, "note": "deleted in HubSpot"})
    assert r.status_code in (200, 303)
    with rt.db.session() as s:
        t = s.get(ProcessorTask, task_id)
        assert t.done_at is not None and t.done_by == "liisa"
        assert "gone@example.fi" not in t.instructions + str(t.result)
