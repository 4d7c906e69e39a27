"""`python -m bot deadline RECEIVED`: the due and extended due dates of a request received then."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime

from bot.cases.deadlines import due_dates
from bot.runtime.config import Settings


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("deadline", help="due dates of a request received at RECEIVED (ISO 8601)")
    p.add_argument("received", metavar="RECEIVED",
                   help="receipt time with an offset, e.g. 2026-03-05T10:00+02:00")
    p.set_defaults(func=cmd_deadline)


def cmd_deadline(args: argparse.Namespace, settings: Settings) -> int:
    try:
        received = datetime.fromisoformat(args.received)
    except ValueError:
        print(f"not an ISO 8601 time: {args.received!r} (e.g. 2026-03-05T10:00+02:00)",
              file=sys.stderr)
        return 2
    if received.tzinfo is None:
        print("RECEIVED needs a UTC offset, e.g. 2026-03-05T10:00+02:00", file=sys.stderr)
        return 2
    d = settings.deadlines
    due, extended = due_dates(received, timezone=d.timezone, country=d.country)
    print(json.dumps({"received": received.isoformat(), "due": due.isoformat(),
                      "extended_due": extended.isoformat()}))
    return 0
