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
    p.add_argument("--file", choices=("pdf", "json"), dest="file_format",
                   help="the case's full file (events, messages in and letters out, decisions) "
                        "as PDF (headless Chromium) or JSON")
    p.add_argument("-o", "--output", help="where to write the file (default: REF-case-file.pdf|json)")
    p.add_argument("--lang", choices=("fi", "sv", "en"), default="fi", help="the PDF's language")
    p.set_defaults(func=cmd_case)


def cmd_file(args: argparse.Namespace, settings: Settings) -> int:
    from pathlib import Path

    from bot.web.staff import case_file as cf  # the web part's renderer (trail sentences, template)

    rt = Runtime.from_settings(settings)
    try:
        d = cf.load(rt, args.reference)
        if d is None:
            print(f"no case {args.reference}", file=sys.stderr)
            return 1
        out = Path(args.output or f"{d['reference']}-case-file.{args.file_format}")
        if args.file_format == "json":
            out.write_text(cf.to_json(d), encoding="utf-8")
        else:
            try:
                out.write_bytes(cf.to_pdf(rt, d, args.lang))
            except cf.NoBrowser as e:
                print(f"error: {e}", file=sys.stderr)
                return 1
    finally:
        rt.db.dispose()
    print(f"{d['reference']}: {len(d['events'])} events, {len(d['messages'])} messages, "
          f"{len(d['decisions'])} decisions -> {out}")
    return 0


def cmd_case(args: argparse.Namespace, settings: Settings) -> int:
    if args.file_format:
        return cmd_file(args, settings)
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
