"""`python -m bot queue` and `python -m bot case REF` show what staff need, from the database."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime

from bot.cases.service import open_case, set_status
from bot.replies.send import extend
from bot.runtime import Runtime
from bot.runtime.clock import FixedClock
from models import CaseStatus, RequestKind
from tests.cases.factories import add_person, deliver, raw_mail
from tests.conftest import ROOT


def _bot(rt: Runtime, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "BOT_DATABASE__URL": rt.settings.database.url,
           "BOT_OUTBOUND__MAILDIR": rt.settings.outbound.maildir}
    return subprocess.run([sys.executable, "-m", "bot", "--config", str(ROOT / "config.toml"), *args],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def test_queue_and_case_commands(rt: Runtime) -> None:
    rt.clock = FixedClock(datetime(2026, 3, 5, 8, 0, tzinfo=UTC))
    with rt.db.session() as s:
        add_person(s, "matti@example.fi")
        old = open_case(s, rt, kind=RequestKind.ERASURE, requester_email="old@example.fi",
                        language="fi", received_at=datetime(2025, 1, 10, 9, 0, tzinfo=UTC))
        done = open_case(s, rt, kind=RequestKind.UNSUBSCRIBE, requester_email="x@example.fi",
                         language="en", received_at=datetime(2026, 3, 1, 9, 0, tzinfo=UTC))
        set_status(s, rt, done, CaseStatus.COMPLETED)
    deliver(rt, raw_mail(frm="matti@example.fi", subject="Data request",
                         body="Please send me a copy of all personal data you hold about me."))
    with rt.db.session() as s:
        from sqlmodel import select

        from models import Case

        new = s.exec(select(Case).where(Case.requester_email == "matti@example.fi")).one()
        extend(s, rt, new, "Data in three systems", actor="anna")

    out = _bot(rt, "queue", "--json")
    assert out.returncode == 0, out.stderr
    rows = [json.loads(line) for line in out.stdout.splitlines()]
    assert [r["reference"] for r in rows] == [old.reference, new.reference]  # by due date; open only
    assert rows[0]["overdue"] is True and rows[0]["days_left"] < 0
    assert rows[1]["due"] == "2026-06-05" and rows[1]["status"] == "awaiting_verification"
    assert rows[1]["requester"] == "matti@example.fi" and rows[1]["kind"] == "access"
    only = _bot(rt, "queue", "--json", "--kind", "unsubscribe", "--status", "completed")
    assert [json.loads(x)["reference"] for x in only.stdout.splitlines()] == [done.reference]
    table = _bot(rt, "queue")
    assert "OVERDUE" in table.stdout and new.reference in table.stdout

    detail = _bot(rt, "case", new.reference, "--json")
    assert detail.returncode == 0, detail.stderr
    d = json.loads(detail.stdout)
    assert d["extension_reason"] == "Data in three systems" and d["original_due"] == "2026-04-07"
    actions = [e["action"] for e in d["events"]]
    assert actions[:3] == ["opened", "status_changed", "challenge_sent"] and "extended" in actions
    directions = [(m["direction"], m.get("purpose")) for m in d["messages"]]
    assert directions == [("in", None), ("out", "acknowledgement"), ("out", "extension")]
    human = _bot(rt, "case", new.reference.lower())
    assert human.returncode == 0 and "extended from 2026-04-07" in human.stdout
    missing = _bot(rt, "case", "PR-1999-00001")
    assert missing.returncode == 1 and "no case" in missing.stderr
