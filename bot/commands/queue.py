"""`python -m bot queue`: open cases by due date, with days left and overdue ones marked."""

from __future__ import annotations

import argparse
import json

from bot.cases.views import queue
from bot.runtime import Runtime
from bot.runtime.config import Settings
from models import CaseStatus, RequestKind


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("queue", help="cases by due date (open ones unless --status/--all)")
    p.add_argument("--json", action="store_true", help="JSON lines instead of a table")
    p.add_argument("--status", choices=[s.value for s in CaseStatus])
    p.add_argument("--kind", choices=[k.value for k in RequestKind])
    p.add_argument("--all", action="store_true", help="closed cases too")
    p.set_defaults(func=cmd_queue)


COLUMNS = ("reference", "kind", "status", "requester", "language", "received_at", "due",
           "days_left", "overdue")


def cmd_queue(args: argparse.Namespace, settings: Settings) -> int:
    rt = Runtime.from_settings(settings)
    try:
        with rt.db.session() as s:
            rows = queue(s, now=rt.clock.now(), timezone=settings.deadlines.timezone,
                         status=args.status, kind=args.kind, include_closed=args.all)
    finally:
        rt.db.dispose()
    if args.json:
        for r in rows:
            print(json.dumps(r, ensure_ascii=False))
        return 0
    table = [[_cell(c, r) for c in COLUMNS] for r in rows]
    widths = [max([len(c), *(len(row[i]) for row in table)]) for i, c in enumerate(COLUMNS)]
    print("  ".join(c.ljust(w) for c, w in zip(COLUMNS, widths, strict=True)))
    for row in table:
        print("  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)))
    if not rows:
        print("(no cases)")
    return 0


def _cell(col: str, r: dict) -> str:
    v = r[col]
    if col == "received_at":
        return str(v)[:16].replace("T", " ")
    if col == "overdue":
        return "OVERDUE" if v else ""
    if col == "due" and r.get("extended"):
        return f"{v}*"
    return "" if v is None else str(v)
