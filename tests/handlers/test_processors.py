"""Art. 19 end to end: an erasure reaches each processor holding the person's data; the case waits
for them and its letter says what each did; an API integration that cannot run fails visibly."""

from __future__ import annotations

from datetime import timedelta

import httpx
import pytest
from sqlmodel import select

from bot.jobs.scheduler import all_jobs, run_by_hand
from bot.runtime.clock import SystemClock
from bot.runtime.config import ProcessorSettings
from models import CaseEvent, CaseStatus, JobStatus, ProcessorTask, RequestKind
from tests.cases.factories import text_of
from tests.handlers.conftest import NOW, World, final
from tests.web.client import form_csrf, staff_client
from tests.web.factories import PASSWORD, make_staff

GOOGLE = ProcessorSettings(name="Google Inc.", erasure_instructions="Delete in Workspace.")
TCD = ProcessorSettings(name="TCD Consulting and Research Oy", erasure_instructions="Ask TCD.")


def _erasure_approved(world: World) -> int:
    [case] = world.send("Hei, pyydän poistamaan kaikki minua koskevat henkilötiedot rekisteristänne.",
                        subject="Tietojen poisto")
    assert case.kind == RequestKind.ERASURE
    world.verify()
    world.approve(case.id)
    assert case.id is not None
    return case.id


def _tasks(world: World, case_id: int) -> list[ProcessorTask]:
    with world.rt.db.session() as s:
        return list(s.exec(select(ProcessorTask).where(ProcessorTask.case_id == case_id)
                           .order_by(ProcessorTask.id)).all())  # type: ignore[arg-type]


def test_erasure_with_two_processors_waits_for_both_and_its_letter_names_what_each_did(
        world: World, live) -> None:
    world.rt.settings.register.processors = [GOOGLE, TCD]
    case_id = _erasure_approved(world)
    case = world.case(case_id)
    assert case.status == CaseStatus.AWAITING_PROCESSORS
    assert [t.processor for t in _tasks(world, case_id)] == [GOOGLE.name, TCD.name]
    assert not [m for m in world.mails() if m.purpose == "final_erasure"]  # nothing told yet

    make_staff(world.rt)
    fixed, world.rt.clock = world.rt.clock, SystemClock()  # the login form is signed in real time
    c, _ = staff_client(live.url, "liisa", PASSWORD)
    world.rt.clock = fixed
    ref = case.reference
    google, tcd = _tasks(world, case_id)
    page = c.get(f"/staff/cases/{ref}").text
    r = c.post(f"/staff/cases/{ref}/tasks/{google.id}/done", data={"csrf": form_csrf(page), "note": "deleted"})
    assert r.status_code == 303
    assert world.case(case_id).status == CaseStatus.AWAITING_PROCESSORS  # one still open
    assert not [m for m in world.mails() if m.purpose == "final_erasure"]
    assert ref in c.get("/staff/processors").text  # the open task is listed with its age

    world.rt.clock.set(NOW + timedelta(days=3))  # type: ignore[attr-defined]
    page = c.get(f"/staff/cases/{ref}").text
    r = c.post(f"/staff/cases/{ref}/tasks/{tcd.id}/done", data={"csrf": form_csrf(page)})
    assert r.status_code == 303
    case = world.case(case_id)
    assert case.status == CaseStatus.COMPLETED
    body = " ".join(text_of(final(world, case).raw).split())
    assert "- Google Inc.: tehty 5.3.2026" in body
    assert "- TCD Consulting and Research Oy: tehty 8.3.2026" in body
    assert "HubSpot" not in body  # only the processors that were asked


def test_a_processor_that_holds_nothing_of_the_person_gets_no_task(world: World) -> None:
    world.rt.settings.register.processors = [
        GOOGLE, ProcessorSettings(name="Event Tickets Oy", holds=["event_participation_none"])]
    case_id = _erasure_approved(world)
    assert [t.processor for t in _tasks(world, case_id)] == [GOOGLE.name]


def test_an_api_task_without_a_token_fails_visibly(world: World, live, monkeypatch: pytest.MonkeyPatch) -> None:
    hub = ProcessorSettings(name="HubSpot Inc.", api="hubspot", api_url="http://127.0.0.1:9",
                            api_token_env="BOT_HUBSPOT_TOKEN")
    monkeypatch.delenv("BOT_HUBSPOT_TOKEN", raising=False)
    world.rt.settings.register.processors = [hub]
    case_id = _erasure_approved(world)
    assert world.case(case_id).status == CaseStatus.AWAITING_PROCESSORS
    assert httpx.get(live.url + "/healthz").json()["processor_tasks_failing"] == 0

    run = run_by_hand(world.rt, all_jobs()["processors.api"], dry_run=False)

    assert run.status == JobStatus.FAILED
    assert "HubSpot Inc.: no API token: environment variable BOT_HUBSPOT_TOKEN is not set" in run.details["error"]
    case = world.case(case_id)
    assert "processor_api_failed" in case.flags and case.needs_review
    assert case.status == CaseStatus.AWAITING_PROCESSORS  # never closed over a skipped task
    [task] = _tasks(world, case_id)
    assert task.done_at is None and "BOT_HUBSPOT_TOKEN" in task.result["api_error"]
    with world.rt.db.session() as s:
        events = s.exec(select(CaseEvent).where(CaseEvent.case_id == case_id,
                                                CaseEvent.action == "processor_api_failed")).all()
        assert len(events) == 1 and "BOT_HUBSPOT_TOKEN" in events[0].details["reason"]
    health = httpx.get(live.url + "/healthz")
    assert health.status_code == 200
    assert health.json()["status"] == "degraded" and health.json()["processor_tasks_failing"] == 1, health.json()

    run_by_hand(world.rt, all_jobs()["processors.api"], dry_run=False)  # fails again: no new event
    with world.rt.db.session() as s:
        assert len(s.exec(select(CaseEvent).where(CaseEvent.case_id == case_id,
                                                  CaseEvent.action == "processor_api_failed")).all()) == 1
