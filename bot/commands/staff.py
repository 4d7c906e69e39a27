"""`python -m bot staff add NAME | list | unlock NAME | disable NAME`: staff accounts for /staff.

`add` asks for the password twice on a terminal, or reads one line from standard input when it
is not a terminal (for scripts); adding an existing name resets its password.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import Any

from bot.jobs.alerts import EVENTS
from bot.mail.addresses import normalise_email
from bot.runtime import Runtime
from bot.runtime.config import Settings
from bot.staff.accounts import AccountError, add_staff
from models import StaffSession, StaffUser


def _alerts(args: argparse.Namespace, user: StaffUser, s: Any) -> int:
    if args.email is not None:
        if args.email and "@" not in args.email:
            print(f"error: not an email address: {args.email}", file=sys.stderr)
            return 1
        user.email = normalise_email(args.email) if args.email else None
    if args.language:
        user.language = args.language
    off = (set(user.alerts_off or []) | set(args.off)) - set(args.on)
    user.alerts_off = [e for e in EVENTS if e in off]
    s.add(user)
    print(f"{user.username}\temail {user.email or '-'}\tlanguage {user.language}")
    for e in EVENTS:
        print(f"  {e:<18} {'off' if e in off else 'on'}")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("staff", help="manage staff accounts for the web queue")
    ssub = p.add_subparsers(dest="staff_command", required=True, metavar="ACTION")
    a = ssub.add_parser("add", help="add a staff member (or reset their password)")
    a.add_argument("name")
    ssub.add_parser("list", help="list staff accounts")
    u = ssub.add_parser("unlock", help="lift a lock-out")
    u.add_argument("name")
    d = ssub.add_parser("disable", help="disable an account and end its sessions")
    d.add_argument("name")
    al = ssub.add_parser("alerts", help="show or change a staff member's alert settings")
    al.add_argument("name")
    al.add_argument("--email", help="where staff mail goes ('' removes it: no alerts, no own digest)")
    al.add_argument("--language", choices=("fi", "sv", "en"), help="the language of their staff mail")
    al.add_argument("--off", nargs="+", choices=EVENTS, default=[], metavar="EVENT",
                    help=f"turn alerts off: {', '.join(EVENTS)}")
    al.add_argument("--on", nargs="+", choices=EVENTS, default=[], metavar="EVENT", help="turn alerts on")
    p.set_defaults(func=cmd_staff)


def _read_password() -> str | None:
    if sys.stdin.isatty():
        first = getpass.getpass("Password: ")
        if getpass.getpass("Password again: ") != first:
            print("the passwords differ", file=sys.stderr)
            return None
        return first
    return sys.stdin.readline().rstrip("\r\n")


def cmd_staff(args: argparse.Namespace, settings: Settings) -> int:
    from sqlmodel import col, select


    rt = Runtime.from_settings(settings)
    try:
        if args.staff_command == "add":
            password = _read_password()
            if password is None:
                return 1
            try:
                with rt.db.session() as s:
                    add_staff(s, rt, args.name, password)
            except AccountError as e:
                print(f"error: {e}", file=sys.stderr)
                return 1
            print(f"staff member {args.name} saved")
            return 0
        with rt.db.session() as s:
            if args.staff_command == "list":
                for u in s.exec(select(StaffUser).order_by(StaffUser.username)):
                    locked = u.locked_until is not None and u.locked_until > rt.clock.now()
                    state = "disabled" if not u.active else ("locked" if locked else "active")
                    print(f"{u.username}\t{state}\tlast login {u.last_login_at or '-'}")
                return 0
            user = s.exec(select(StaffUser).where(StaffUser.username == args.name)).first()
            if user is None:
                print(f"no staff member {args.name}", file=sys.stderr)
                return 1
            if args.staff_command == "alerts":
                return _alerts(args, user, s)
            if args.staff_command == "unlock":
                user.locked_until, user.failed_logins = None, 0
            else:
                user.active = False
                for sess in s.exec(select(StaffSession).where(StaffSession.username == args.name,
                                                              col(StaffSession.ended_at).is_(None))):
                    sess.ended_at = rt.clock.now()
                    s.add(sess)
            s.add(user)
            print(f"{args.name}: {args.staff_command}d" if args.staff_command == "disable"
                  else f"{args.name}: unlocked")
            return 0
    finally:
        rt.db.dispose()
