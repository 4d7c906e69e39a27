"""`python -m bot unsubscribe-link EMAIL [--list NAME]`: the headers a marketing tool puts on mail.

Prints `List-Unsubscribe` and `List-Unsubscribe-Post` (RFC 2369 / RFC 8058) and the bare URL.
"""

from __future__ import annotations

import argparse

from bot.runtime.config import Settings
from bot.runtime.tokens import list_unsubscribe_headers, unsubscribe_url


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("unsubscribe-link", help="print List-Unsubscribe headers and URL for an address")
    p.add_argument("email")
    p.add_argument("--list", dest="list_name", default="*",
                   help="the mailing list the link unsubscribes from (default: all marketing)")
    p.set_defaults(func=cmd_unsubscribe_link)


def cmd_unsubscribe_link(args: argparse.Namespace, settings: Settings) -> int:
    if "@" not in args.email:
        print(f"not an email address: {args.email!r}")
        return 2
    for name, value in list_unsubscribe_headers(settings, args.email, args.list_name).items():
        print(f"{name}: {value}")
    print()
    print(unsubscribe_url(settings, args.email, args.list_name))
    return 0
