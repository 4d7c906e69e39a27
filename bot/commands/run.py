"""`python -m bot run`: start the bot (SMTP, IMAP, worker, outbox, web, scheduler)."""

from __future__ import annotations

import argparse
import asyncio

from bot.runtime import Runtime
from bot.runtime.config import Settings
from bot.runtime.logs import setup_logging


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("run", help="run the bot: mail intake, pipeline, web, scheduler")
    p.add_argument("--log-level", default="INFO")
    p.set_defaults(func=cmd_run)


def cmd_run(args: argparse.Namespace, settings: Settings) -> int:
    # imported here, not at the top: the whole bot (spaCy, the web server) loads only for `run`
    from bot.app import run

    setup_logging(args.log_level)
    rt = Runtime.from_settings(settings)
    try:
        return asyncio.run(run(rt))
    finally:
        rt.db.dispose()
