"""The request register: a year of cases, every case once, days taken and on-time as counted by hand."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, date, datetime, timedelta

from sqlmodel import select

from bot.cases.register_of_requests import register_rows
from bot.cases.service import extend_due, set_status
from bot.runtime import Runtime
from bot.runtime.clock import FixedClock
from models import ActorType, Case, CaseStatus, OutboundMessage, OutboundState, RequestKind
from tests.cases.test_commands import _bot
from tests.conftest import ROOT
from tests.web.factories import make_case

KINDS = list(RequestKind)


def _case(rt: Runtime, at: datetime, kind: RequestKind, n: int, **kw: object) -> str:
    rt.clock.set(at)  # type: ignore[attr-defined]
    return make_case(rt, email=f"p{n}@example.fi", kind=kind, body=f"Pyyntö numero {n}", **kw)


def _close(rt: Runtime, ref: str, at: datetime, status: CaseStatus = CaseStatus.COMPLETED) -> None:
    rt.clock.set(at)  # type: ignore[attr-defined]
    with rt.db.session() as s:
        case = s.exec(select(Case).where(Case.reference == ref)).one()
        set_status(s, rt, case, status, actor_type=ActorType.STAFF, actor="dpo")


def build_year(rt: Runtime) -> dict[str, dict]:
    """Two requests on the 10th of every month of 2026 (11.00 Helsinki): one answered after 5 days,
    one after 45 (late: the due date is a month on). Expected values are written out by hand."""
    rt.clock = FixedClock(datetime(2026, 1, 1, tzinfo=UTC))
    expected: dict[str, dict] = {}
    n = 0
    for month in range(1, 13):
        at = datetime(2026, month, 10, 9, 0, tzinfo=UTC)
        quick = _case(rt, at, KINDS[month % len(KINDS)], n := n + 1)
        _close(rt, quick, at + timedelta(days=5))
        expected[quick] = {"days_taken": 5, "on_time": True, "closed": (at + timedelta(days=5)).date()}
        slow = _case(rt, at, RequestKind.ACCESS, n := n + 1)
        if month == 12:  # still open on 20.1.2027, past its due date 11.1.2027
            expected[slow] = {"days_taken": None, "on_time": False, "closed": None}
            continue
        if month == 3:  # extended in time: 45 days is within the three months
            rt.clock.set(at + timedelta(days=3))  # type: ignore[attr-defined]
            with rt.db.session() as s:
                extend_due(s, rt, s.exec(select(Case).where(Case.reference == slow)).one(),
                           "tiedot kolmessa järjestelmässä", actor="dpo")
        _close(rt, slow, at + timedelta(days=45), CaseStatus.REJECTED if month == 6 else CaseStatus.COMPLETED)
        expected[slow] = {"days_taken": 45, "on_time": month == 3, "closed": (at + timedelta(days=45)).date()}
    # the year's edges in Helsinki time: 31.12.2025 23.30 is out, 1.1.2026 00.30 is in
    out_ref = _case(rt, datetime(2025, 12, 31, 21, 30, tzinfo=UTC), RequestKind.ERASURE, n := n + 1)
    in_ref = _case(rt, datetime(2025, 12, 31, 22, 30, tzinfo=UTC), RequestKind.ERASURE, n := n + 1)
    expected[in_ref] = {"days_taken": None, "on_time": False, "closed": None}
    after = _case(rt, datetime(2027, 1, 15, 9, 0, tzinfo=UTC), RequestKind.ACCESS, n := n + 1)
    # a letter sent on the first quick case, and a reminder to staff that is not a letter
    first = next(iter(expected))
    with rt.db.session() as s:
        case = s.exec(select(Case).where(Case.reference == first)).one()
        for purpose, mid in (("acknowledgement", "<a@x>"), ("reminder", "<b@x>")):
            s.add(OutboundMessage(case_id=case.id, purpose=purpose, to_addr="p1@example.fi",
                                  from_addr="privacy@xcure.fi", subject="s", message_id=mid, raw=b"x",
                                  state=OutboundState.SENT, sent_at=datetime(2026, 1, 10, 9, 5, tzinfo=UTC)))
    rt.clock.set(datetime(2027, 1, 20, 10, 0, tzinfo=UTC))  # type: ignore[attr-defined]
    return {"expected": expected, "out": out_ref, "after": after, "first": first}


def test_a_year_of_cases_every_case_once_with_days_and_on_time(rt: Runtime) -> None:
    built = build_year(rt)
    expected = built["expected"]
    with rt.db.session() as s:
        rows = register_rows(s, tz="Europe/Helsinki", today=date(2027, 1, 20),
                             start=date(2026, 1, 1), end=date(2026, 12, 31))
    refs = [r["reference"] for r in rows]
    assert sorted(refs) == sorted(expected) and len(refs) == len(set(refs)) == 25
    assert built["out"] not in refs and built["after"] not in refs
    for r in rows:
        want = expected[r["reference"]]
        assert r["days_taken"] == want["days_taken"], r
        assert r["on_time"] is want["on_time"], r
        assert r["closed"] == (want["closed"].isoformat() if want["closed"] else "")
        assert r["channel"] == "email" and r["language"] == "fi"
    extended = [r for r in rows if r["extended_due"]]
    assert len(extended) == 1 and extended[0]["extension_reason"] == "tiedot kolmessa järjestelmässä"
    assert [r["outcome"] for r in rows].count("rejected") == 1
    first = next(r for r in rows if r["reference"] == built["first"])
    assert first["letters_sent"] == [{"purpose": "acknowledgement", "sent": "2026-01-10"}]
    assert first["received"] == "2026-01-10T11:00+02:00"


def test_the_command_writes_csv_and_json(rt: Runtime) -> None:
    built = build_year(rt)
    out = _bot(rt, "register-of-requests", "--from", "2026-01-01", "--to", "2026-12-31")
    assert out.returncode == 0, out.stderr
    table = list(csv.DictReader(io.StringIO(out.stdout)))
    assert sorted(r["reference"] for r in table) == sorted(built["expected"])
    assert {"yes", "no"} <= {r["on_time"] for r in table}  # "" for open cases not yet due (real clock)
    # xlsx: a real workbook (zip of Office Open XML) with the CSV's header and one row per case
    xl = _bot_bytes(rt, "register-of-requests", "--from", "2026-01-01", "--to", "2026-12-31", "--format", "xlsx")
    sheet = _xlsx_rows(xl)
    assert sheet[0] == list(csv.DictReader(io.StringIO(out.stdout)).fieldnames or [])
    assert sorted(r[0] for r in sheet[1:]) == sorted(built["expected"])
    js = _bot(rt, "register-of-requests", "--format", "json")
    assert js.returncode == 0, js.stderr
    assert len(json.loads(js.stdout)) == 27  # no period: every case (25 + one either side)


def _bot_bytes(rt: Runtime, *args: str) -> bytes:
    import os
    import subprocess
    import sys

    env = {**os.environ, "PYTHONPATH": str(ROOT), "BOT_DATABASE__URL": rt.settings.database.url}
    out = subprocess.run([sys.executable, "-m", "bot", "--config", str(ROOT / "config.toml"), *args],
                         cwd=ROOT, env=env, capture_output=True, timeout=120)
    assert out.returncode == 0, out.stderr
    return out.stdout


def _xlsx_rows(data: bytes) -> list[list[str]]:
    """The first sheet's cells as text, read with the standard library only."""
    import xml.etree.ElementTree as ET
    import zipfile

    ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert "[Content_Types].xml" in z.namelist() and "xl/workbook.xml" in z.namelist()
        root = ET.fromstring(z.read("xl/worksheets/sheet1.xml"))
    return [["".join(c.itertext()) for c in row.findall("m:c", ns)]
            for row in root.findall("m:sheetData/m:row", ns)]
