"""`python -m bot register-of-requests`: every case of a period for the supervisory authority."""

from __future__ import annotations

import argparse
import sys
from datetime import date

from bot.cases.deadlines import local_today
from bot.cases.register_of_requests import register_rows, to_csv, to_json, to_xlsx
from bot.runtime import Runtime
from bot.runtime.config import Settings


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("register-of-requests",
                       help="the request register (every case received in a period) as CSV, XLSX or JSON")
    p.add_argument("--from", dest="start", type=date.fromisoformat, metavar="D",
                   help="first day received (YYYY-MM-DD, local date)")
    p.add_argument("--to", dest="end", type=date.fromisoformat, metavar="D",
                   help="last day received (YYYY-MM-DD, included)")
    p.add_argument("--format", choices=["csv", "xlsx", "json"], default="csv",
                   help="xlsx is written as bytes: redirect it to a file")
    p.set_defaults(func=cmd_register_of_requests)


def cmd_register_of_requests(args: argparse.Namespace, settings: Settings) -> int:
    rt = Runtime.from_settings(settings)
    tz = settings.deadlines.timezone
    try:
        with rt.db.session() as s:
            rows = register_rows(s, tz=tz, today=local_today(rt.clock.now(), tz),
                                 start=args.start, end=args.end)
    finally:
        rt.db.dispose()
    if args.format == "xlsx":
        sys.stdout.flush()
        sys.stdout.buffer.write(to_xlsx(rows))
        sys.stdout.buffer.flush()
        return 0
    sys.stdout.write(to_csv(rows) if args.format == "csv" else to_json(rows) + "\n")
    return 0
