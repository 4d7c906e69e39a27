"""Parse stored raw mail into what the rest of the pipeline reads (`ParsedMessage`).

Pure: bytes in, dataclass out; never raises on bad mail (problems go into `defects`).
"""

from __future__ import annotations

import email
import email.policy
import email.utils
from dataclasses import asdict, dataclass, field
from datetime import datetime
from email.message import EmailMessage
from typing import Any

from bot.mail.automated import automated_reasons
from bot.mail.text import html_to_text, new_text_of


@dataclass
class ParsedMessage:
    message_id: str = ""
    subject: str = ""
    from_addr: str = ""
    from_name: str = ""
    reply_to: list[str] = field(default_factory=list)
    to: list[str] = field(default_factory=list)
    date: datetime | None = None
    in_reply_to: str = ""
    references: list[str] = field(default_factory=list)
    text: str = ""  # the whole readable text
    new_text: str = ""  # the new text only: no quotes, signature or disclaimer
    html_only: bool = False
    attachments: list[dict[str, Any]] = field(default_factory=list)
    automated: bool = False
    automated_reasons: list[str] = field(default_factory=list)
    authentication_results: list[str] = field(default_factory=list)
    defects: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        d = asdict(self)
        d["date"] = self.date.isoformat() if self.date else None
        return d


def _header(msg: EmailMessage, name: str) -> str:
    try:
        v = msg.get(name)
        return str(v).strip() if v is not None else ""
    except Exception:  # a header the policy cannot parse
        raw = msg.get_all(name, failobj=[])
        return str(raw[0]) if raw else ""


def _addresses(value: str) -> list[tuple[str, str]]:
    return [(n, a) for n, a in email.utils.getaddresses([value]) if a]


def parse_message(raw: bytes, *, envelope_from: str | None = None) -> ParsedMessage:
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    assert isinstance(msg, EmailMessage)
    p = ParsedMessage()
    p.defects = [type(d).__name__ for d in msg.defects]
    p.message_id = _header(msg, "Message-ID")
    p.subject = " ".join(_header(msg, "Subject").split())
    froms = _addresses(_header(msg, "From"))
    if froms:
        p.from_name, p.from_addr = froms[0]
    p.reply_to = [a for _, a in _addresses(_header(msg, "Reply-To"))]
    p.to = [a for _, a in _addresses(_header(msg, "To"))]
    try:
        p.date = email.utils.parsedate_to_datetime(_header(msg, "Date")) if msg["Date"] else None
    except Exception:
        p.defects.append("BadDate")
    p.in_reply_to = _header(msg, "In-Reply-To")
    p.references = _header(msg, "References").split()
    p.authentication_results = [str(v) for v in msg.get_all("Authentication-Results", [])]
    p.text, p.html_only, p.attachments = _body(msg, p.defects)
    p.new_text = new_text_of(p.text)
    p.automated_reasons = automated_reasons(msg, p, envelope_from)
    p.automated = bool(p.automated_reasons)
    return p


def _body(msg: EmailMessage, defects: list[str]) -> tuple[str, bool, list[dict[str, Any]]]:
    attachments = []
    for part in msg.walk():
        if part.is_multipart():
            continue
        if part.get_content_disposition() == "attachment" or (
            part.get_filename() and part.get_content_maintype() not in ("text",)
        ):
            attachments.append({"filename": part.get_filename() or "",
                                "content_type": part.get_content_type()})
    body = msg.get_body(preferencelist=("plain", "html"))
    if body is None:
        return "", False, attachments
    try:
        content = body.get_content()
    except Exception as e:
        defects.append(f"BodyDecode:{type(e).__name__}")
        payload = body.get_payload(decode=True) or b""
        content = payload.decode("utf-8", "replace") if isinstance(payload, bytes) else str(payload)
    if body.get_content_subtype() == "html":
        return html_to_text(content), True, attachments
    return content, False, attachments
