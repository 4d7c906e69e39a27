"""One case's full file: events, messages in and letters out, decisions — as JSON and as a PDF
printed by headless Chromium, from the case page and from `python -m bot case REF --file`."""

from __future__ import annotations

import json
import re
import shutil
from datetime import UTC, datetime

import pytest
from sqlmodel import select

from bot.cases.audit import add_event
from bot.cases.service import set_status
from bot.runtime import Runtime
from bot.web.staff import case_file as cf
from models import ActorType, Case, CaseStatus, OutboundMessage, OutboundState, ProcessorTask, RequestKind
from tests.web.client import staff_client
from tests.web.factories import PASSWORD, make_case, make_staff

chromium = pytest.mark.skipif(not (shutil.which("chromium") or shutil.which("chromium-browser")),
                              reason="no headless Chromium installed")
ISO = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")


def a_decided_case(rt: Runtime) -> str:
    ref = make_case(rt, email="kaisa@example.fi", body="Poistakaa kaikki tietoni.", kind=RequestKind.ERASURE)
    with rt.db.session() as s:
        c = s.exec(select(Case).where(Case.reference == ref)).one()
        add_event(s, rt, c, "approved", actor_type=ActorType.STAFF, actor="dpo",
                  details={"reason": "henkilöllisyys varmennettu"})
        s.add(ProcessorTask(case_id=c.id, processor="HubSpot Inc.", action="erase",
                            done_at=datetime(2026, 8, 20, 9, 0, tzinfo=UTC), done_by="dpo"))
        for purpose, subject in (("final_erasure", "Tietosi on poistettu"), ("alert", "[x] staff alert")):
            s.add(OutboundMessage(case_id=c.id, purpose=purpose, to_addr="kaisa@example.fi",
                                  from_addr="info@xcure.fi", subject=subject, message_id=f"<{purpose}@x>",
                                  raw=f"Subject: {subject}\r\n\r\nHei, {purpose}.\r\n".encode(),
                                  state=OutboundState.SENT, sent_at=datetime(2026, 8, 20, 10, 0, tzinfo=UTC)))
        set_status(s, rt, c, CaseStatus.COMPLETED, actor_type=ActorType.STAFF, actor="dpo")
    return ref


def test_the_file_holds_events_messages_letters_and_decisions(rt: Runtime) -> None:
    ref = a_decided_case(rt)
    d = cf.load(rt, ref)
    assert d is not None
    actions = [e["action"] for e in d["events"]]
    assert "opened" in actions and "approved" in actions
    assert [e["action"] for e in d["decisions"]] == ["approved", "status_changed"]
    assert [m["direction"] for m in d["messages"]] == ["in", "out"]  # the staff alert is no letter
    assert "Poistakaa kaikki tietoni." in d["messages"][0]["text"]
    assert d["messages"][1]["subject"] == "Tietosi on poistettu"
    assert d["processor_tasks"][0]["processor"] == "HubSpot Inc." and d["processor_tasks"][0]["done_by"] == "dpo"
    html = cf.to_html(rt, d, "fi")
    assert f"Pyynnön {ref} asiakirjat" in html and "dpo hyväksyi poiston: henkilöllisyys varmennettu" in html
    assert "Lähetetty kirje" in html and "Tietosi on poistettu" in html and "staff alert" not in html
    assert not ISO.search(html)  # dates as people read them
    sv = cf.to_html(rt, d, "sv")
    assert f"Handlingar i begäran {ref}" in sv and "Beslut" in sv


@chromium
def test_the_case_page_links_the_file_as_pdf_and_json(live) -> None:
    make_staff(live.rt)
    ref = a_decided_case(live.rt)
    c, _ = staff_client(live.url, "liisa", PASSWORD)
    page = c.get(f"/staff/cases/{ref}")
    assert f"/staff/cases/{ref}/file?format=pdf" in page.text and f"/staff/cases/{ref}/file?format=json" in page.text
    js = c.get(f"/staff/cases/{ref}/file?format=json")
    assert js.status_code == 200 and js.headers["content-type"].startswith("application/json")
    assert f'{ref}-case-file.json' in js.headers["content-disposition"]
    assert js.json()["reference"] == ref and len(js.json()["decisions"]) == 2
    pdf = c.get(f"/staff/cases/{ref}/file?format=pdf&lang=fi", timeout=120)
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF-") and len(pdf.content) > 5_000
    assert c.get("/staff/cases/PR-1999-99999/file?format=json").status_code == 404
    c.cookies.clear()
    assert c.get(f"/staff/cases/{ref}/file?format=json").status_code == 303  # staff only


@chromium
def test_the_case_command_writes_the_file(rt: Runtime, tmp_path) -> None:
    from tests.cases.test_commands import _bot

    ref = a_decided_case(rt)
    out = _bot(rt, "case", ref, "--file", "json", "-o", str(tmp_path / "f.json"))
    assert out.returncode == 0, out.stderr
    assert json.loads((tmp_path / "f.json").read_text())["reference"] == ref
    out = _bot(rt, "case", ref, "--file", "pdf", "--lang", "sv", "-o", str(tmp_path / "f.pdf"))
    assert out.returncode == 0, out.stderr
    assert (tmp_path / "f.pdf").read_bytes().startswith(b"%PDF-") and "2 decisions" in out.stdout
    assert _bot(rt, "case", "PR-1999-99999", "--file", "json").returncode == 1
