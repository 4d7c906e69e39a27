"""Erasure at HubSpot through its GDPR-delete API, against a local server following the contract."""

from __future__ import annotations

import pytest
from sqlmodel import select

from bot.register.hubspot import HubSpotClient, HubSpotError
from bot.register.processor_api import run_api_tasks
from bot.runtime import Runtime
from models import Case, CaseEvent, ProcessorTask
from tests.register.fake_hubspot import fake_hubspot


def test_client_deletes_retries_and_reports_errors() -> None:
    with fake_hubspot() as hs:
        c = HubSpotClient(hs.url, hs.token, sleep=lambda _s: None)
        assert c.gdpr_delete("matti@example.fi") == 204
        hs.script = [429, 500]
        assert c.gdpr_delete("liisa@example.fi") == 204
        assert hs.deleted == ["matti@example.fi", "liisa@example.fi"]
        with pytest.raises(HubSpotError) as e:
            HubSpotClient(hs.url, "wrong", sleep=lambda _s: None).gdpr_delete("x@example.fi")
        assert e.value.status == 401 and e.value.category == "INVALID_AUTHENTICATION"
        hs.script = [500] * 4
        with pytest.raises(HubSpotError) as e:
            c.gdpr_delete("y@example.fi")
        assert e.value.status == 500


def test_open_hubspot_tasks_are_done_by_the_job(rt: Runtime, monkeypatch: pytest.MonkeyPatch) -> None:
    from handlers.processors import create_tasks
    from tests.register.factories import make_person

    with fake_hubspot() as hs:
        [p] = [p for p in rt.settings.register.processors if p.api == "hubspot"]
        p.api_url = hs.url
        monkeypatch.setenv(p.api_token_env, "wrong-token")
        with rt.db.session() as s:
            person = make_person(s, "e@example.fi", extra_emails=("e2@example.fi",))
            from bot.cases.service import open_case
            case = open_case(s, rt, kind="erasure", requester_email="e@example.fi", language="fi",
                             received_at=rt.clock.now())
            create_tasks(s, rt, case, person)
            ref = case.reference
            case_id = case.id
        with rt.db.session() as s:
            out = run_api_tasks(s, rt)
            assert (out["done"], out["failed"], out["skipped"]) == (0, 1, 0)
            assert out["errors"] == [f"{ref} HubSpot Inc.: HTTP 401 INVALID_AUTHENTICATION"]
        with rt.db.session() as s:
            c = s.get(Case, case_id)
            assert "processor_api_failed" in c.flags
        monkeypatch.setenv(p.api_token_env, hs.token)
        with rt.db.session() as s:
            out = run_api_tasks(s, rt)
            assert (out["done"], out["failed"], out["skipped"], out["errors"]) == (1, 0, 0, [])
        assert hs.deleted == ["e@example.fi", "e2@example.fi"]
        with rt.db.session() as s:
            tasks = s.exec(select(ProcessorTask).where(ProcessorTask.case_id == case_id)).all()
            hub = next(t for t in tasks if t.processor == p.name)
            assert hub.done_by == "bot:api" and "e@example.fi" not in hub.instructions + str(hub.result)
            assert [t for t in tasks if t.done_at is None and t.processor != p.name]  # the rest stay manual
            actions = [e.action for e in s.exec(select(CaseEvent).where(CaseEvent.case_id == case_id))]
            assert "processor_erased_via_api" in actions
            assert run_api_tasks(s, rt)["done"] == 0  # nothing left to do
