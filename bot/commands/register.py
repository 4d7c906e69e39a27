"""`python -m bot register import FILE...`: load people and their history into the register.

CSV (header row), JSON lines or JSON; see `bot.register.importer` for the formats. All files go
in one transaction: a bad row anywhere prints every problem with its file and line, and nothing
is imported (exit 1).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bot.cases.service import CaseError
from bot.register.importer import RegisterImportError, import_files
from bot.register.people import find_person
from bot.runtime import Runtime
from bot.runtime.config import Settings


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("register", help="the customer register: import people and their history")
    ps = p.add_subparsers(dest="register_command", required=True, metavar="ACTION")
    i = ps.add_parser("import", help="import CSV / JSON lines / JSON files (all or nothing)")
    i.add_argument("files", nargs="+", type=Path, metavar="FILE")
    i.add_argument("--table", help="table of every file (default: from each file's name; "
                                   "people when the name is not a table's)")
    i.add_argument("--dry-run", action="store_true", help="check the files, write nothing")
    i.set_defaults(func=cmd_import)
    lift = ps.add_parser("lift-restriction", help="end a person's restriction of processing (staff): "
                                                  "the notice goes to the person first (Art. 18(3))")
    lift.add_argument("email")
    lift.add_argument("--by", required=True, help="the staff member lifting it (recorded on the case)")
    lift.add_argument("--case", dest="reference", default=None,
                      help="the restriction case (default: the person's latest)")
    lift.add_argument("--reason", default="", help="why it ends (told to the person)")
    lift.set_defaults(func=cmd_lift)


def cmd_import(args: argparse.Namespace, settings: Settings) -> int:
    missing = [str(f) for f in args.files if not f.is_file()]
    if missing:
        print(f"no such file: {', '.join(missing)}", file=sys.stderr)
        return 2
    rt = Runtime.from_settings(settings)
    try:
        with rt.db.session() as s:
            result = import_files(s, list(args.files), at=rt.clock.now(), table=args.table,
                                  timezone=settings.deadlines.timezone)
            if args.dry_run:
                s.rollback()
    except RegisterImportError as e:
        print(f"import refused, nothing was imported:\n{e}", file=sys.stderr)
        return 1
    finally:
        rt.db.dispose()
    rows = ", ".join(f"{n} {t}" for t, n in sorted(result.rows.items()))
    verb = "would import" if args.dry_run else "imported"
    print(f"{verb}: {result.people_added} new people, {result.people_updated} updated"
          + (f"; rows: {rows}" if rows else ""))
    return 0


def cmd_lift(args: argparse.Namespace, settings: Settings) -> int:
    """The same steps as the case page: notice queued on the case, then lift, event with actor."""
    from sqlmodel import select  # CLI start-up: the database stack only for this command

    from handlers.restriction import lift_restriction
    from models import Case

    rt = Runtime.from_settings(settings)
    try:
        with rt.db.session() as s:
            person = find_person(s, args.email)
            if person is None:
                print("no such person in the register", file=sys.stderr)
                return 1
            case = None
            if args.reference:
                case = s.exec(select(Case).where(Case.reference == args.reference.upper())).first()
                if case is None or case.person_id != person.id:
                    print(f"no case {args.reference} for this person", file=sys.stderr)
                    return 1
            try:
                changed = lift_restriction(s, rt, person, actor=args.by, case=case, reason=args.reason)
            except CaseError as e:
                s.rollback()
                print(f"not lifted: {e}", file=sys.stderr)
                return 1
    finally:
        rt.db.dispose()
    print("notice queued, restriction lifted" if changed else "not restricted")
    return 0
