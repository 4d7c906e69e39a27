"""The request register for the supervisory authority (Art. 5(2), Art. 30): every case once.

One row per case received in a period: what was asked, through which channel, when it arrived
and was due, how identity was checked, what came of it, when it closed, how many days it took,
whether it was answered on time, and which letters were sent. Read-only; dates in the
controller's timezone as ISO 8601 (a machine format: the staff page and command export it).
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from collections import defaultdict
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from xml.sax.saxutils import escape as xml_escape
from zoneinfo import ZoneInfo

from sqlmodel import Session, col, select

from models import ActorType, Case, CaseEvent, CaseStatus, OutboundMessage, OutboundState
from models.enums import CLOSED_STATUSES

COLUMNS = ("reference", "kind", "channel", "language", "received", "due", "extended_due",
           "extension_reason", "identity_check", "identity_checked_at", "status", "outcome", "closed",
           "days_taken", "on_time", "letters_sent", "handled_by")

# Mail to staff about a case is not a letter to the requester.
STAFF_PURPOSES = frozenset({"reminder", "digest", "alert"})


def local_date(at: datetime, tz: str) -> date:
    return at.astimezone(ZoneInfo(tz)).date()


def channel(case: Case, opened_by: str) -> str:
    """email (a message to the privacy address), form (the request form), link (the unsubscribe
    link) or staff."""
    if (case.details or {}).get("channel") == "form":
        return "form"
    if case.inbound_message_id is not None:
        return "email"
    return "link" if opened_by == "requester" else "staff"


def identity(case: Case, verified_via: str | None) -> str:
    if case.verified_at is None:
        return ""
    return f"email_{verified_via}" if verified_via else "staff"


def outcome(case: Case) -> str:
    """What came of a closed case: its recorded outcome when the case has one, else its state."""
    if case.status not in CLOSED_STATUSES:
        return ""
    recorded = (case.details or {}).get("outcome")
    return str(recorded) if isinstance(recorded, str) and recorded else case.status.value


def row(case: Case, *, tz: str, today: date, opened_by: str, verified_via: str | None,
        letters: list[tuple[str, datetime]], staff_acted: bool = False) -> dict[str, Any]:
    received = local_date(case.received_at, tz)
    due = case.effective_due
    closed = local_date(case.closed_at, tz) if case.closed_at and case.status in CLOSED_STATUSES else None
    days: int | None
    on_time: bool | None
    if closed is not None:
        days, on_time = (closed - received).days, closed <= due
    else:
        days, on_time = None, (False if today > due else None)  # open and late is already late
    return {
        "reference": case.reference,
        "kind": case.kind.value,
        "channel": channel(case, opened_by),
        "language": case.language,
        "received": case.received_at.astimezone(ZoneInfo(tz)).isoformat(timespec="minutes"),
        "due": case.due_date.isoformat(),
        "extended_due": case.extended_due_date.isoformat() if case.extended_due_date else "",
        "extension_reason": case.extension_reason or "",
        "identity_check": identity(case, verified_via),
        "identity_checked_at": (case.verified_at.astimezone(ZoneInfo(tz)).isoformat(timespec="minutes")
                                if case.verified_at else ""),
        "status": case.status.value,
        "outcome": outcome(case),
        "closed": closed.isoformat() if closed else "",
        "days_taken": days,
        "on_time": on_time,
        "letters_sent": [{"purpose": p, "sent": local_date(at, tz).isoformat()} for p, at in letters],
        # "bot": no staff member recorded any action on the case (handled automatically)
        "handled_by": "staff" if staff_acted else "bot",
    }


def register_rows(s: Session, *, tz: str, today: date, start: date | None = None,
                  end: date | None = None) -> list[dict[str, Any]]:
    """Cases received from `start` to `end` (local dates, both included), oldest first."""
    q = select(Case)
    if start is not None:  # a day's margin either side: the exact cut is on the local date below
        q = q.where(col(Case.received_at) >= datetime.combine(start - timedelta(days=1), time(), UTC))
    if end is not None:
        q = q.where(col(Case.received_at) < datetime.combine(end + timedelta(days=2), time(), UTC))
    cases = [c for c in s.exec(q.order_by(col(Case.received_at), col(Case.id)))
             if (start is None or local_date(c.received_at, tz) >= start)
             and (end is None or local_date(c.received_at, tz) <= end)]
    ids = [c.id for c in cases]
    opened_by: dict[int, str] = {}
    via: dict[int, str] = {}
    letters: dict[int, list[tuple[str, datetime]]] = defaultdict(list)
    staff_acted: set[int] = set()
    for chunk in _chunks(ids, 500):
        staff_acted.update(s.exec(select(CaseEvent.case_id).where(
            col(CaseEvent.case_id).in_(chunk), CaseEvent.actor_type == ActorType.STAFF).distinct()))
        for ev in s.exec(select(CaseEvent).where(col(CaseEvent.case_id).in_(chunk),
                                                 col(CaseEvent.action).in_(["opened", "status_changed"]))
                         .order_by(col(CaseEvent.id))):
            d = ev.details or {}
            if ev.action == "opened":
                opened_by.setdefault(ev.case_id, str(ev.actor_type))
            elif d.get("to") == CaseStatus.VERIFIED.value:
                via[ev.case_id] = str(d.get("via") or "")
        for m in s.exec(select(OutboundMessage).where(col(OutboundMessage.case_id).in_(chunk),
                                                      OutboundMessage.state == OutboundState.SENT)
                        .order_by(col(OutboundMessage.sent_at), col(OutboundMessage.id))):
            if m.purpose not in STAFF_PURPOSES and m.case_id is not None:
                letters[m.case_id].append((m.purpose, m.sent_at or m.created_at))
    out = []
    for c in cases:
        assert c.id is not None
        out.append(row(c, tz=tz, today=today, opened_by=opened_by.get(c.id, "bot"),
                       verified_via=via.get(c.id), letters=letters.get(c.id, []),
                       staff_acted=c.id in staff_acted))
    return out


def _chunks(xs: list[Any], n: int) -> list[list[Any]]:
    return [xs[i:i + n] for i in range(0, len(xs), n)]


def to_csv(rows: list[dict[str, Any]]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(COLUMNS)
    for r in rows:
        w.writerow([_cell(r[c]) for c in COLUMNS])
    return buf.getvalue()


def _cell(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, list):
        return "; ".join(f"{x['purpose']} {x['sent']}" for x in v)
    return str(v)


def to_json(rows: list[dict[str, Any]]) -> str:
    return json.dumps(rows, ensure_ascii=False, indent=1)


# --- xlsx: the smallest valid Office Open XML workbook, written with the standard library -------
# (one sheet, inline strings, whole numbers as numbers; opens in Excel, LibreOffice and openpyxl).
# A dependency (openpyxl, XlsxWriter) for one table of text was not worth its supply-chain cost.

_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_XLSX_PARTS = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        '</Types>'),
    "_rels/.rels": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Target="xl/workbook.xml" Type="http://schemas.openxmlformats.org/'
        'officeDocument/2006/relationships/officeDocument"/></Relationships>'),
    "xl/workbook.xml": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        '<sheets><sheet name="requests" sheetId="1" r:id="rId1"/></sheets></workbook>'),
    "xl/_rels/workbook.xml.rels": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Target="worksheets/sheet1.xml" Type="http://schemas.openxmlformats.org/'
        'officeDocument/2006/relationships/worksheet"/></Relationships>'),
}


def _xlsx_cell(v: Any) -> str:
    if isinstance(v, int) and not isinstance(v, bool):
        return f"<c t=\"n\"><v>{v}</v></c>"
    text = xml_escape(_XML_BAD.sub("", _cell(v)))
    return f'<c t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>'


def to_xlsx(rows: list[dict[str, Any]]) -> bytes:
    """The register as an .xlsx workbook: the CSV's columns and cells, days as numbers."""
    lines = ["".join(_xlsx_cell(c) for c in COLUMNS)]
    lines += ["".join(_xlsx_cell(r[c]) for c in COLUMNS) for r in rows]
    sheet = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
             '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
             + "".join(f'<row r="{i}">{cells}</row>' for i, cells in enumerate(lines, 1))
             + "</sheetData></worksheet>")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, xml in [*_XLSX_PARTS.items(), ("xl/worksheets/sheet1.xml", sheet)]:
            info = zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0))  # the same rows give the same bytes
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, xml)
    return buf.getvalue()
