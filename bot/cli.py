"""`python -m bot ...`: argument parsing and dispatch to bot/commands/*."""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
from collections.abc import Sequence

from bot import commands
from bot.runtime.config import ConfigError, load_settings


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bot", description=__doc__)
    parser.add_argument("--config", help="path to config.toml (default: $BOT_CONFIG or ./config.toml)")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for mod in sorted(pkgutil.iter_modules(commands.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"bot.commands.{mod.name}")
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    # --config is accepted before or after the sub-command.
    args, rest = parser.parse_known_args(argv)
    if rest:
        extra = argparse.ArgumentParser(add_help=False)
        extra.add_argument("--config")
        more, rest = extra.parse_known_args(rest)
        if rest:
            parser.error(f"unrecognized arguments: {' '.join(rest)}")
        args.config = more.config or args.config
    try:
        settings = load_settings(args.config)
        return int(args.func(args, settings) or 0)
    except ConfigError as e:
        print(f"configuration error: {e}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0
