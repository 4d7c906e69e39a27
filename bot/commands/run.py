"""`python -m bot run`: start the bot (SMTP, IMAP, worker, outbox, web, scheduler)."""

from __future__ import annotations

import argparse
import asyncio

from bot.config import Settings


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("run", help="run the bot: mail intake, pipeline, web, scheduler")
    p.add_argument("--log-level", default="INFO")
    p.set_defaults(func=cmd_run)


def cmd_run(args: argparse.Namespace, settings: Settings) -> int:
    from bot.app import run
    from bot.logs import setup_logging
    from bot.runtime import Runtime

    setup_logging(args.log_level)
    rt = Runtime.from_settings(settings)
    try:
        return asyncio.run(run(rt))
    finally:
        rt.db.dispose()
