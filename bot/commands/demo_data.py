"""`python -m bot demo-data [--people N] [--seed S]`: fill the register with Finnish and Swedish
test people (Faker fi_FI / sv_SE) and their history, so the bot can be tried at once."""

from __future__ import annotations

import argparse
import sys
import time

from bot.register.demo import generate
from bot.runtime import Runtime
from bot.runtime.config import Settings


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("demo-data", help="fill the register with realistic test people")
    p.add_argument("--people", type=int, default=200, help="how many people (default 200)")
    p.add_argument("--seed", type=int, default=1, help="random seed (same seed: same people)")
    p.set_defaults(func=cmd_demo_data)


def cmd_demo_data(args: argparse.Namespace, settings: Settings) -> int:
    if args.people < 1:
        print("--people must be at least 1", file=sys.stderr)
        return 2
    rt = Runtime.from_settings(settings)
    started = time.monotonic()
    try:
        with rt.db.session() as s:
            result = generate(s, people=args.people, now=rt.clock.now(), seed=args.seed)
    finally:
        rt.db.dispose()
    rows = sum(result.rows.values())
    print(f"{result.people} people and {rows} rows of history added in "
          f"{time.monotonic() - started:.1f} s")
    return 0
