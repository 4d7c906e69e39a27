"""`python -m bot inbox [--json]`: the stored messages, newest first, as staff and operators see
them (id, received_at, source, from, subject, state, automated, error; partly_read marks mail
the parser read only within its limits). Reads only.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from sqlalchemy import desc
from sqlmodel import col, select

from bot.runtime import Runtime
from bot.runtime.config import Settings
from models import InboundMessage, MessageState

COLUMNS = ("id", "received_at", "source", "from", "subject", "state", "automated", "error")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("inbox", help="list stored inbound messages and their processing state")
    p.add_argument("--json", action="store_true", help="one JSON array (for scripts)")
    p.add_argument("--limit", type=int, default=50, help="newest N messages (default 50; 0: all)")
    p.add_argument("--state", choices=[s.value for s in MessageState], help="only this state")
    p.set_defaults(func=cmd_inbox)


def rows(settings: Settings, *, limit: int = 50, state: str | None = None) -> list[dict[str, Any]]:
    rt = Runtime.from_settings(settings)
    try:
        with rt.db.session() as s:
            q = select(InboundMessage).order_by(desc(col(InboundMessage.id)))
            if state:
                q = q.where(InboundMessage.state == MessageState(state))
            if limit > 0:
                q = q.limit(limit)
            return [_row(m) for m in s.exec(q).all()]
    finally:
        rt.db.dispose()


def _row(m: InboundMessage) -> dict[str, Any]:
    return {
        "id": m.id,
        "received_at": m.received_at.isoformat(),
        "source": m.source.value if hasattr(m.source, "value") else str(m.source),
        "from": m.from_addr or m.envelope_from,
        "subject": m.subject,
        "state": m.state.value if hasattr(m.state, "value") else str(m.state),
        "automated": m.automated,
        "automated_reasons": list(m.automated_reasons or []),
        "error": m.error or "",
        # Hostile or huge mail that was only partly read (bot/mail/mime.py limits): staff look.
        "partly_read": any(str(d).startswith(("Limit:", "Unparseable"))
                           for d in (m.parsed or {}).get("defects", [])),
    }


def _clip(value: str, width: int) -> str:
    value = " ".join(value.split())  # no control characters from hostile headers in a terminal
    value = "".join(ch if ch.isprintable() else "?" for ch in value)
    return value if len(value) <= width else value[: width - 1] + "…"


def cmd_inbox(args: argparse.Namespace, settings: Settings) -> int:
    data = rows(settings, limit=args.limit, state=args.state)
    if args.json:
        json.dump(data, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return 0
    widths = {"id": 6, "received_at": 20, "source": 6, "from": 28, "subject": 36, "state": 10,
              "automated": 9, "error": 40}
    print("  ".join(c.ljust(widths[c]) for c in COLUMNS))
    for r in data:
        error = r["error"] or ("partly read (hostile or huge mail)" if r["partly_read"] else "")
        cells = dict(r, received_at=r["received_at"][:19].replace("T", " "),
                     automated="yes" if r["automated"] else "", error=error)
        print("  ".join(_clip(str(cells[c]), widths[c]).ljust(widths[c]) for c in COLUMNS).rstrip())
    if not data:
        print("(no messages)")
    return 0
