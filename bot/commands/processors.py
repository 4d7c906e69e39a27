"""`python -m bot processors`: processor tasks not done yet (Art. 19), oldest first, with their
age and, for an API task that cannot run, why."""

from __future__ import annotations

import argparse
import json

from bot.cases.views import open_processor_tasks
from bot.runtime import Runtime
from bot.runtime.config import Settings


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("processors", help="open processor tasks with their age")
    p.add_argument("--json", action="store_true", help="JSON lines instead of a table")
    p.set_defaults(func=cmd_processors)


def cmd_processors(args: argparse.Namespace, settings: Settings) -> int:
    rt = Runtime.from_settings(settings)
    try:
        with rt.db.session() as s:
            rows = open_processor_tasks(s, rt.clock.now())
    finally:
        rt.db.dispose()
    if args.json:
        for r in rows:
            print(json.dumps(r, ensure_ascii=False))
        return 0
    if not rows:
        print("no open processor tasks")
        return 0
    for r in rows:
        error = f"  ERROR: {r['error']}" if r["error"] else ""
        print(f"{r['reference']:<16} {r['processor']:<34} {r['action']:<9} "
              f"{r['age_days']:>3} days  {r['case_status']}{error}")
    return 0
