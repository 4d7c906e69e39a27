"""`python -m bot report`: the year's figures (requests per kind per month, days to close,
share on time, overdue now, by language and channel)."""

from __future__ import annotations

import argparse
import json
from datetime import date

from bot.cases.deadlines import local_today
from bot.cases.figures import figures
from bot.cases.register_of_requests import register_rows
from bot.runtime import Runtime
from bot.runtime.config import Settings


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("report", help="the year's figures on privacy requests")
    p.add_argument("--year", type=int, help="calendar year (default: this year)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_report)


def cmd_report(args: argparse.Namespace, settings: Settings) -> int:
    rt = Runtime.from_settings(settings)
    tz = settings.deadlines.timezone
    try:
        today = local_today(rt.clock.now(), tz)
        year = args.year or today.year
        with rt.db.session() as s:
            rows = register_rows(s, tz=tz, today=today, start=date(year, 1, 1), end=date(year, 12, 31))
    finally:
        rt.db.dispose()
    f = figures(rows, year, today)
    if args.json:
        print(json.dumps(f, ensure_ascii=False, indent=1))
        return 0
    print(f"{year}: {f['total']} requests, {f['closed']} closed, {f['overdue_now']} overdue now")
    share = f"{f['on_time_share'] * 100:.0f} %" if f["on_time_share"] is not None else "-"
    print(f"days to close: median {f['median_days']}, 90th percentile {f['p90_days']}; on time {share}")
    print("\nkind          " + " ".join(f"{m:>3}" for m in range(1, 13)) + "  total")
    for kind, months in f["per_kind_month"].items():
        print(f"{kind:<14}" + " ".join(f"{n:>3}" for n in months) + f"  {sum(months):>5}")
    print("\nby language: " + ", ".join(f"{k} {v}" for k, v in f["by_language"].items()))
    print("by channel:  " + ", ".join(f"{k} {v}" for k, v in f["by_channel"].items()))
    h = f["by_handling"]
    print(f"handled: automatic {h['automatic']}, staff {h['staff']}")
    for group in ("language", "channel"):
        print(f"  by {group}: " + ", ".join(f"{k} {v['automatic']}/{v['staff']}"
                                           for k, v in f[f"handling_by_{group}"].items()))
    return 0
