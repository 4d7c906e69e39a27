"""`python -m bot classify FILE...`: classify .eml files (or `-` for standard input).

Prints one JSON object per line: {"file", "language", "kinds", "automated", "scores", "reasons"}
(plus reply_language and needs_review). This output format is an interface: keep it.
"""

from __future__ import annotations

import argparse
import json
import sys

from bot.mail.parse import parse_message
from bot.runtime.config import Settings


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("classify", help="classify .eml files: one JSON line each (language, kinds, scores)")
    p.add_argument("files", nargs="+", metavar="FILE", help=".eml file, or - for standard input")
    p.set_defaults(func=cmd_classify)


def cmd_classify(args: argparse.Namespace, settings: Settings) -> int:
    # imported here, not at the top: loading spaCy costs every other command ~1 s of start-up
    from bot.classify import get_classifier

    classifier = get_classifier(settings)
    status = 0
    for name in args.files:
        try:
            raw = sys.stdin.buffer.read() if name == "-" else open(name, "rb").read()  # noqa: SIM115
        except OSError as e:
            print(f"{name}: {e.strerror}", file=sys.stderr)
            status = 1
            continue
        parsed = parse_message(raw)
        result = classifier.classify_parsed(parsed)
        out = {"file": name, **result.to_json()}
        print(json.dumps(out, ensure_ascii=False), flush=True)
    return status
