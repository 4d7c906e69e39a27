"""What the executing handlers share: the case's person, the request's text, the final reply,
the audit record of what was touched, and the labels the replies use per language.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlmodel import Session

from bot.cases.audit import add_event
from bot.mail.parse import parse_message
from bot.register.labels import FIELD_LABELS, TABLE_LABELS
from bot.replies.send import send_reply
from bot.runtime import Runtime
from models import Case, InboundMessage, OutboundMessage, Person

__all__ = ["FIELD_LABELS", "TABLE_LABELS", "final_reply", "lang", "months_before", "person_of", "record",
           "request_text"]

def lang(case: Case) -> str:
    return case.language if case.language in ("fi", "sv", "en") else "en"


def person_of(s: Session, case: Case) -> Person | None:
    """The register entry the case is about, unless it is missing or already erased."""
    if case.person_id is None:
        return None
    person = s.get(Person, case.person_id)
    if person is None or person.anonymised_at is not None:
        return None
    return person


def request_text(s: Session, case: Case) -> str:
    """The new text of the message that opened the case (what the requester wrote)."""
    if case.inbound_message_id is None:
        return ""
    msg = s.get(InboundMessage, case.inbound_message_id)
    if msg is None:
        return ""
    parsed = parse_message(msg.raw, envelope_from=msg.envelope_from or None)
    return str(parsed.new_text or parsed.text or "")


def record(s: Session, rt: Runtime, case: Case, action: str, **details: Any) -> None:
    """An audit event of an execution: tables and counts, never the values touched."""
    add_event(s, rt, case, action, details=details)


def final_reply(s: Session, rt: Runtime, case: Case, template: str, **context: Any) -> OutboundMessage | None:
    """The reply that says what was done, threaded on the request, to the address on the case
    (the verified requester) and never to a Reply-To. Not an auto-reply: it is the answer."""
    return send_reply(s, rt, template=template, language=case.language, to=case.requester_email,
                      cases=[case], purpose=f"final_{case.kind.value}", auto_reply=False,
                      in_reply_to=case.thread_message_id or None,
                      references=[case.thread_message_id] if case.thread_message_id else None,
                      **context)


def months_before(at: datetime, months: int) -> datetime:
    y, m = divmod(at.month - 1 - months, 12)
    year, month = at.year + y, m + 1
    day = min(at.day, [31, 29 if year % 4 == 0 and (year % 100 or year % 400 == 0) else 28,
                       31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1])
    return at.replace(year=year, month=month, day=day)
