"""`python -m bot case REF`: one case with its audit trail and its messages in and out, each in
full (text, language, links, attachments listed; HTML never rendered, only its text)."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from bot.cases.views import case_detail
from bot.runtime import Runtime
from bot.runtime.config import Settings


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("case", help="one case (e.g. PR-2026-00042) with events and messages")
    p.add_argument("reference", metavar="REF")
    p.add_argument("--json", action="store_true")
    p.add_argument("--brief", action="store_true", help="message headers only, not their text")
    p.set_defaults(func=cmd_case)


def cmd_case(args: argparse.Namespace, settings: Settings) -> int:
    rt = Runtime.from_settings(settings)
    try:
        with rt.db.session() as s:
            d = case_detail(s, args.reference, now=rt.clock.now(), timezone=settings.deadlines.timezone)
    finally:
        rt.db.dispose()
    if d is None:
        print(f"no case {args.reference}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(d, ensure_ascii=False, indent=2))
        return 0
    due = d["due"] + (f" (extended from {d['original_due']}: {d['extension_reason']})"
                      if d["extended_due"] else "")
    state = "OVERDUE" if d["overdue"] else (f"{d['days_left']} days left" if d["days_left"] is not None
                                            else "closed")
    print(f"{d['reference']}  {d['kind']}  {d['status']}  {state}")
    print(f"requester: {d['requester']}  language: {d['language']}  person: {d['person_id'] or '-'}")
    print(f"received:  {d['received_at']}")
    print(f"due:       {due}")
    if d["flags"] or d["needs_review"]:
        print(f"review:    {'needs review' if d['needs_review'] else ''} {' '.join(d['flags'])}".rstrip())
    print("\nevents:")
    for e in d["events"]:
        details = json.dumps(e["details"], ensure_ascii=False) if e["details"] else ""
        print(f"  {e['at'][:19]}  {e['actor_type']}:{e['actor']}  {e['action']}  {details}")
    print("\nmessages:")
    for m in d["messages"]:
        if m["direction"] == "in":
            print(f"  {m['at'][:19]}  <- {m['from']}  {m['subject']}  ({m['outcome']})")
        else:
            print(f"  {m['at'][:19]}  -> {m['to']}  {m['subject']}  [{m['purpose']}, {m['state']}]")
        if not args.brief:
            print_body(m)
    return 0


def print_body(m: dict[str, Any]) -> None:
    """The whole text, indented, then its language, links and attachments (HTML only as text)."""
    html = "  (HTML only, shown as text)" if m["html_only"] else ""
    print(f"     language: {m['language'] or '?'}{html}")
    for line in (m["text"].rstrip() or "(no text)").splitlines():
        print(f"     | {line}")
    for link in m["links"]:
        print(f"     link: {link}")
    for a in m["attachments"]:
        print(f"     attachment: {a['filename'] or '(no name)'}  {a['content_type']}  {a['size']} bytes")
