"""`python -m bot eval [DIR]`: score the classifier on labelled .eml files (default data/dev/).

Per-kind precision/recall/F1, macro-F1, exact-match rate, automated precision/recall, mistakes.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from bot.runtime.config import Settings


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("eval", help="score the classifier on a labelled set of .eml files (data/dev/)")
    p.add_argument("dir", nargs="?", type=Path, default=None,
                   help="directory with .eml files and labels.jsonl")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.add_argument("--by-language", action="store_true",
                   help="also per-language figures, silent drops and the confusion of kinds")
    p.set_defaults(func=cmd_eval)


def cmd_eval(args: argparse.Namespace, settings: Settings) -> int:
    # imported here, not at the top: loading spaCy costs every other command ~1 s of start-up
    from bot.classify import get_classifier
    from bot.classify.corpus import DEV_DIR
    from bot.classify.evaluate import evaluate, format_by_language, format_report

    directory = args.dir or DEV_DIR
    if not (directory / "labels.jsonl").exists():
        print(f"{directory}: no labels.jsonl", flush=True)
        return 2
    rep = evaluate(get_classifier(settings), directory)
    if args.json:
        print(json.dumps(rep.to_json(), ensure_ascii=False, indent=1))
    else:
        print(format_report(rep) + (format_by_language(rep) if args.by_language else ""))
    return 0
