"""`python -m bot suppression check | export | add | remove`: the marketing suppression list.

`check` is for scripts: exit 0 and `suppressed: LIST, …` (on any list; `*` is every list;
`--list` narrows it to what covers one list), or exit 1 and `not suppressed`. `export` writes
the list (CSV: email, list, reason, since) for the marketing tool, restricted people included.
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

from bot.register.suppression import (
    remove_suppression,
    suppressed_lists,
    suppression_rows,
    unsubscribe_address,
)
from bot.runtime import Runtime
from bot.runtime.config import Settings


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("suppression", help="check or export the marketing suppression list")
    ps = p.add_subparsers(dest="suppression_command", required=True, metavar="ACTION")
    c = ps.add_parser("check", help="exit 0 if EMAIL is suppressed, 1 if not")
    c.add_argument("email")
    c.add_argument("--list", dest="list_name", default=None,
                   help="only what covers this list (default: suppressed on any list)")
    c.set_defaults(func=cmd_check)
    e = ps.add_parser("export", help="write the list as CSV for the marketing tool")
    e.add_argument("-o", "--output", help="file to write (default: stdout)")
    e.set_defaults(func=cmd_export)
    a = ps.add_parser("add", help="suppress an address (staff; withdraws its consents too)")
    a.add_argument("email")
    a.add_argument("--list", dest="list_name", default="*")
    a.set_defaults(func=cmd_add)
    r = ps.add_parser("remove", help="take an address off the list (staff; consents are not re-granted)")
    r.add_argument("email")
    r.add_argument("--list", dest="list_name", default="*")
    r.set_defaults(func=cmd_remove)


def cmd_check(args: argparse.Namespace, settings: Settings) -> int:
    rt = Runtime.from_settings(settings)
    try:
        with rt.db.session() as s:
            lists = suppressed_lists(s, args.email, list_name=args.list_name)
    finally:
        rt.db.dispose()
    print(f"suppressed: {', '.join(lists)}" if lists else "not suppressed")
    return 0 if lists else 1


def cmd_export(args: argparse.Namespace, settings: Settings) -> int:
    rt = Runtime.from_settings(settings)
    # closed in the finally below (stdout is not ours to close)
    out = Path(args.output).open("w", newline="", encoding="utf-8") if args.output else sys.stdout  # noqa: SIM115
    n = 0
    try:
        w = csv.writer(out)
        w.writerow(["email", "list", "reason", "since"])
        with rt.db.session() as s:
            for email, list_name, reason, since in suppression_rows(s):
                w.writerow([email, list_name, reason, since.isoformat() if since else ""])
                n += 1
    finally:
        if out is not sys.stdout:
            out.close()
        rt.db.dispose()
    if args.output:
        print(f"{n} suppressed addresses written to {args.output}", file=sys.stderr)
    return 0


def cmd_add(args: argparse.Namespace, settings: Settings) -> int:
    rt = Runtime.from_settings(settings)
    try:
        with rt.db.session() as s:
            changed = unsubscribe_address(s, rt, args.email, source="staff", list_name=args.list_name)
    finally:
        rt.db.dispose()
    print("suppressed" if changed else "already suppressed")
    return 0


def cmd_remove(args: argparse.Namespace, settings: Settings) -> int:
    """Exit 0 and `removed`, or exit 1 and `not suppressed` (nothing to remove on that list).
    Consents stay withdrawn: re-granting them is the person's choice (or a case's undo)."""
    rt = Runtime.from_settings(settings)
    try:
        with rt.db.session() as s:
            removed = remove_suppression(s, args.email, list_name=args.list_name)
    finally:
        rt.db.dispose()
    print("removed" if removed else "not suppressed")
    return 0 if removed else 1
