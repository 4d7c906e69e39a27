"""Walking a message's MIME tree with bounded work: which part is the body, which parts are
attachments (listed, never opened), which are forwarded messages (their text is new text).

Hostile mail is stored whole but read within limits: at most MAX_PARTS parts, MAX_DEPTH levels
and MAX_TEXT_CHARS of text; every limit hit is reported so the message is flagged for staff.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from email.message import Message
from typing import Any

from bot.mail.charsets import decode_header_value, decode_text
from bot.mail.html import MAX_HTML_CHARS, html_to_text

MAX_PARTS = 150  # also bounds nesting: the stdlib parser recurses once per level
MAX_DEPTH = 40
MAX_TEXT_CHARS = 100_000  # what the classifier and staff read; the raw message keeps the rest
MAX_FORWARDS = 3
MAX_FORWARD_LEVELS = 3
MAX_HEADER_BYTES = 256 * 1024
MAX_HEADER_LINE = 16 * 1024
_CONTENT_TYPE_LINE = re.compile(rb"(?im)^content-type[ \t]*:")
_HEADER_END = re.compile(rb"\r?\n\r?\n")


@dataclass
class Body:
    text: str = ""
    html_only: bool = False
    attachments: list[dict[str, Any]] = field(default_factory=list)
    forwards: list[str] = field(default_factory=list)  # text of attached/inline messages
    defects: list[str] = field(default_factory=list)


def bound_raw(raw: bytes) -> tuple[bytes, list[str]]:
    """The bytes the MIME parser may see: hostile structure cut to size, with notes on what was cut."""
    notes: list[str] = []
    m = _HEADER_END.search(raw, 0, MAX_HEADER_BYTES + 4)
    if m is None and len(raw) > MAX_HEADER_BYTES:
        raw = raw[:MAX_HEADER_BYTES] + b"\r\n\r\n"
        notes.append(f"Limit: header block longer than {MAX_HEADER_BYTES} bytes; rest not read")
        m = _HEADER_END.search(raw)
    head_end = m.start() if m else len(raw)
    head = raw[:head_end]
    if len(head) > MAX_HEADER_LINE and any(len(line) > MAX_HEADER_LINE for line in head.split(b"\n")):
        head = b"\n".join(line[:MAX_HEADER_LINE] for line in head.split(b"\n"))
        notes.append(f"Limit: header line longer than {MAX_HEADER_LINE} bytes cut")
        raw = head + raw[head_end:]
    cut = None
    # Each match holds "content-type": with no more of those than MAX_PARTS, no cut (cheap test).
    matches = _CONTENT_TYPE_LINE.finditer(raw) if raw.lower().count(b"content-type") > MAX_PARTS else ()
    for i, ct in enumerate(matches):
        if i == MAX_PARTS:
            cut = ct.start()
            break
    if cut is not None:
        raw = raw[:cut]
        notes.append(f"Limit: more than {MAX_PARTS} MIME parts; only the first {MAX_PARTS} read")
    return raw, notes


def read_body(msg: Message, _level: int = 0) -> Body:
    """Text, attachments and forwarded messages of a parsed message, iteratively (recursing only
    into forwarded messages, at most MAX_FORWARD_LEVELS deep)."""
    body = Body()
    plain: list[Message] = []
    html: list[Message] = []
    rfc822: list[Message] = []
    stack: list[tuple[Message, int]] = [(msg, 0)]
    seen = 0
    while stack:
        part, depth = stack.pop()
        seen += 1
        if seen > MAX_PARTS:
            body.defects.append(f"Limit: more than {MAX_PARTS} MIME parts walked")
            break
        ctype = _content_type(part)
        if part.is_multipart() or ctype == "message/rfc822":
            children = part.get_payload()
            if not isinstance(children, list):
                continue
            if depth >= MAX_DEPTH:
                body.defects.append(f"Limit: MIME nesting deeper than {MAX_DEPTH}")
                continue
            if ctype == "message/rfc822" and depth > 0:
                rfc822.extend(c for c in children if isinstance(c, Message))
                continue
            stack.extend((c, depth + 1) for c in reversed(children) if isinstance(c, Message))
            continue
        if ctype.startswith("multipart/"):  # a multipart without a usable boundary: its text
            plain.append(part)
        elif _is_attachment(part, ctype):
            body.attachments.append(_describe(part, ctype))
        elif ctype == "text/plain":
            plain.append(part)
        elif ctype == "text/html":
            html.append(part)
    body.text, body.html_only = _choose_text(plain, html, body.defects)
    if _level < MAX_FORWARD_LEVELS:
        for m in rfc822[:MAX_FORWARDS]:
            body.forwards.append(_forwarded_text(m, body.defects, _level + 1))
    return body


def raw_header(msg: Message, name: str) -> str | None:
    """The first `name` header's value as it arrived (unfolded lines kept, encoded words and
    8-bit bytes undecoded), or None; the parse policy (compat32) never builds header objects."""
    name = name.lower()
    for key, value in msg.raw_items():
        if key.lower() == name:
            return str(value)
    return None


def _content_type(part: Message) -> str:
    try:
        return part.get_content_type()
    except Exception:
        return "text/plain"


def _is_attachment(part: Message, ctype: str) -> bool:
    try:
        disposition = part.get_content_disposition()
        filename = part.get_filename() if _may_name_a_file(part) else None
    except Exception:
        return True
    if disposition == "attachment" or not ctype.startswith("text/"):
        return True
    return bool(filename) and disposition != "inline"


def _may_name_a_file(part: Message) -> bool:
    """False only when get_filename() must be None: neither Content-Disposition nor Content-Type
    has "name" anywhere (filename=, filename*0*=, name=). Saves parsing both headers' parameters
    for every text part."""
    values = (raw_header(part, "content-disposition") or "") + (raw_header(part, "content-type") or "")
    return "name" in values.lower()


def _describe(part: Message, ctype: str) -> dict[str, Any]:
    try:
        filename = decode_header_value(part.get_filename() or "")
    except Exception:
        filename = ""
    if filename.startswith('"') and not filename.endswith('"'):  # a quote cut off (truncated mail)
        filename = filename[1:]
    payload = part.get_payload()
    size = len(payload) if isinstance(payload, str | bytes) else 0
    cte = str(part.get("Content-Transfer-Encoding", "") or "").strip().lower()
    if cte == "base64":
        size = size * 3 // 4  # decoded size, estimated without decoding (attachments stay shut)
    return {"filename": filename[:255], "content_type": ctype[:100], "size": size}


def part_text(part: Message, defects: list[str]) -> str:
    """A text part's payload decoded (transfer encoding, then charset with fallbacks)."""
    try:
        data = part.get_payload(decode=True)
    except Exception as e:
        defects.append(f"BodyDecode: {type(e).__name__}")
        data = None
    if not isinstance(data, bytes):
        raw = part.get_payload()
        data = raw.encode("utf-8", "surrogateescape") if isinstance(raw, str) else b""
    limit = MAX_HTML_CHARS if _content_type(part) == "text/html" else MAX_TEXT_CHARS
    if len(data) > limit * 4:
        data = data[: limit * 4]
        defects.append("Limit: text part too long; the rest not read")
    try:
        charset = part.get_content_charset()
    except Exception:
        charset = None
    text, note = decode_text(data, charset)
    if note:
        defects.append(f"Charset: {note}")
    return text.replace("\x00", "")


def _choose_text(plain: list[Message], html: list[Message], defects: list[str]) -> tuple[str, bool]:
    for part in plain:
        text = part_text(part, defects)
        if text.strip():
            return _cap(text, defects), False
    for part in html:
        text = html_to_text(part_text(part, defects))
        if text.strip():
            return _cap(text, defects), True
    return "", bool(html) and not plain


def _cap(text: str, defects: list[str]) -> str:
    if len(text) > MAX_TEXT_CHARS:
        defects.append(f"Limit: text longer than {MAX_TEXT_CHARS} characters; the rest not read")
        return text[:MAX_TEXT_CHARS]
    return text


def _forwarded_text(m: Message, defects: list[str], level: int) -> str:
    inner = read_body(m, level)
    defects.extend(inner.defects)
    head = []
    for name in ("From", "Date", "Subject"):
        v = raw_header(m, name)
        if v:
            head.append(f"{name}: {decode_header_value(v)}")
    return "\n".join([*head, "", inner.text, *inner.forwards])
