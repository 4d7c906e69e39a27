"""Is this mail automated (RFC 3834 and friends)? Then the bot never answers it."""

from __future__ import annotations

import re
from email.message import EmailMessage
from typing import Any

_OOO_SUBJECT = re.compile(
    r"(out of (the )?office|automatic reply|auto(matic)?[- ]?reply|autoreply|vacation|"
    r"automaattinen vastaus|poissa|lomalla|frånvaro|autosvar|abwesenheit|réponse automatique)",
    re.I,
)
_BOUNCE_LOCAL = re.compile(r"^(mailer-daemon|postmaster|.*-request|owner-.*|.*bounces?.*)$", re.I)


def automated_reasons(msg: EmailMessage, parsed: Any, envelope_from: str | None) -> list[str]:
    reasons: list[str] = []
    auto = str(msg.get("Auto-Submitted", "") or "").strip().lower()
    if auto and auto != "no":
        reasons.append(f"Auto-Submitted: {auto}")
    if envelope_from is not None and envelope_from.strip() in ("", "<>"):
        reasons.append("null envelope sender")
    for addr in filter(None, [envelope_from, parsed.from_addr]):
        if _BOUNCE_LOCAL.match(addr.split("@")[0]):
            reasons.append("system sender")
            break
    if msg.get_content_type() == "multipart/report":
        reasons.append("multipart/report")
    prec = str(msg.get("Precedence", "") or "").strip().lower()
    if prec in ("bulk", "junk", "list", "auto_reply"):
        reasons.append(f"Precedence: {prec}")
    for h in ("List-Id", "List-Unsubscribe", "X-Autoreply", "X-Autorespond",
              "X-Auto-Response-Suppress", "X-MS-Exchange-Inbox-Rules-Loop"):
        if msg.get(h) is not None:
            reasons.append(f"{h} present")
    if _OOO_SUBJECT.search(parsed.subject or ""):
        reasons.append("out-of-office subject")
    return reasons
