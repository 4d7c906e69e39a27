"""Parse stored raw mail into what the rest of the pipeline reads (`ParsedMessage`).

Pure: bytes in, dataclass out; never raises on bad mail. Problems and the limits hit on hostile
input go into `defects`, so the message is processed, flagged and shown to staff as it is.
"""

from __future__ import annotations

import email
import email.errors
import email.header
import email.policy
import email.utils
import re
from dataclasses import asdict, dataclass, field, fields
from datetime import UTC, datetime
from email.message import Message
from email.parser import BytesHeaderParser
from typing import Any

from bot.mail.automated import automated_reasons
from bot.mail.charsets import codec_name, decode_header_value, decode_text, has_surrogates, one_line
from bot.mail.headers import msg_ids_in, unquoted_has_space
from bot.mail.mime import MAX_TEXT_CHARS, Body, bound_raw, read_body
from bot.mail.quotes import new_text_of

FORWARD_MARK = "---------- Forwarded message ----------"
# compat32 keeps header values as the raw strings they arrived as; `email.policy.default` would
# build a header object (a full RFC 5322 parse) for every header anything touches, which cost
# 70 % of parse + classify. We decode only the headers we use, each exactly once (below).
PARSE_POLICY = email.policy.compat32
MAX_LIST = 50  # references, addresses, authentication results kept per message


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
    cc: list[str] = field(default_factory=list)
    return_path: str | None = None  # None: no Return-Path header

    @property
    def limited(self) -> bool:
        """True when the message was only partly read (hostile or huge): staff should look."""
        return any(d.startswith("Limit:") or d.startswith("Unparseable") for d in self.defects)

    def to_json(self) -> dict[str, Any]:
        d = asdict(self)
        d["date"] = self.date.isoformat() if self.date else None
        return d


_FIELDS = tuple(f.name for f in fields(ParsedMessage))


def clean(value: Any) -> Any:
    """Text every database accepts: no NUL (PostgreSQL refuses it), no lone surrogates."""
    if isinstance(value, str):
        if value.isascii():
            return value.replace("\x00", "")
        return value.encode("utf-8", "replace").decode("utf-8").replace("\x00", "")
    if isinstance(value, list):
        return [clean(v) for v in value]
    if isinstance(value, dict):
        return {clean(k): clean(v) for k, v in value.items()}
    return value


def parse_message(raw: bytes, *, envelope_from: str | None = None) -> ParsedMessage:
    """Parse raw mail. `envelope_from` is the SMTP MAIL FROM ("" or "<>" for bounces); None when
    unknown (IMAP), in which case the Return-Path header stands in for it."""
    p = ParsedMessage()
    bounded, notes = bound_raw(raw)
    try:
        msg = email.message_from_bytes(bounded, policy=PARSE_POLICY)
        body = read_body(msg)
    except (RecursionError, Exception) as e:  # the stdlib parser's limits; keep what we can
        msg = BytesHeaderParser(policy=PARSE_POLICY).parsebytes(bounded)
        body = _fallback_body(bounded, e)
    heads = _raw_headers(msg)
    # Only a real msg-id: it becomes the case's thread and the In-Reply-To of our replies.
    p.message_id = _first_msgid(heads.get("message-id", ""))
    p.subject = decode_header_value(heads.get("subject", ""))[:998]
    froms = _addresses(heads.get("from", ""))
    if froms:
        p.from_name, p.from_addr = froms[0]
    p.reply_to = [a for _, a in _addresses(heads.get("reply-to", ""))]
    p.to = [a for _, a in _addresses(heads.get("to", ""))]
    p.cc = [a for _, a in _addresses(heads.get("cc", ""))]
    p.date = _date(heads.get("date", ""), p.defects)
    p.in_reply_to = _first_msgid(heads.get("in-reply-to", ""))
    p.references = msg_ids_in(_utf8(heads.get("references", "")))[-MAX_LIST:]
    p.authentication_results = [one_line(v)[:2000] for v in _all(msg, "Authentication-Results")]
    if "return-path" in heads:
        addrs = _addresses(heads["return-path"])
        p.return_path = addrs[0][1] if addrs else ""
    p.html_only, p.attachments = body.html_only, body.attachments[:MAX_LIST * 4]
    p.text = _with_forwards(body)
    p.new_text = new_text_of(p.text, p.subject)
    p.defects = _defect_names(msg) + notes + body.defects + p.defects
    sender = envelope_from if envelope_from is not None else p.return_path
    p.automated_reasons = automated_reasons(msg, envelope_from=sender, from_addr=p.from_addr,
                                            subject=p.subject, new_text=p.new_text)
    p.automated = bool(p.automated_reasons)
    for name in _FIELDS:
        setattr(p, name, clean(getattr(p, name)))
    return p


def parse_stored(raw: bytes, *, source: str, envelope_from: str) -> ParsedMessage:
    """A stored message: only SMTP knows the envelope sender; for IMAP ("imap") the parser reads
    Return-Path instead."""
    return parse_message(raw, envelope_from=envelope_from if source == "smtp" else None)


def _fallback_body(bounded: bytes, error: BaseException) -> Body:
    m = re.search(rb"\r?\n\r?\n", bounded)
    data = bounded[m.end():] if m else b""
    text, _ = decode_text(data[: MAX_TEXT_CHARS * 4])
    return Body(text=text[:MAX_TEXT_CHARS].replace("\x00", ""),
                defects=[f"Unparseable MIME structure ({type(error).__name__}); body read as text"])


def _raw_headers(msg: Message) -> dict[str, str]:
    """The first value of each header, raw (no header-object parsing: hostile values stay cheap)."""
    out: dict[str, str] = {}
    for name, value in msg.raw_items():
        out.setdefault(str(name).lower(), str(value).lstrip(" \t\r\n"))
    return out


def _all(msg: Message, name: str) -> list[str]:
    return [str(v) for n, v in msg.raw_items() if str(n).lower() == name.lower()][:MAX_LIST]


def _utf8(raw: str) -> str:
    """8-bit header bytes (SMTPUTF8 mail, RFC 6532) as the characters they are."""
    if has_surrogates(raw):
        return raw.encode("ascii", "surrogateescape").decode("utf-8", "replace")
    return raw


def _first_msgid(value: str) -> str:
    """The first valid msg-id (`bot.mail.headers.msg_id`), UTF-8 kept; "" when there is none."""
    ids = msg_ids_in(_utf8(value))
    return ids[0] if ids else ""


def _addresses(raw: str) -> list[tuple[str, str]]:
    """(display name, address) pairs. The structure is parsed before encoded words are decoded,
    so a display name like "=?utf-8?q?info@xcure.fi_<x@evil>?=" cannot inject an address.

    Plain lists ("a@x.fi", "Name <a@x.fi>", encoded-word names) take a strict fast path; anything
    else (quotes, comments, groups, obsolete syntax) goes through the stdlib's RFC 5322 parser."""
    if not raw.strip():
        return []
    if has_surrogates(raw):  # 8-bit (SMTPUTF8) header bytes
        raw, _ = decode_text(raw.encode("ascii", "surrogateescape"))
    raw = raw.replace("\r", " ").replace("\n", " ")[:8192]
    pairs = _simple_addresses(raw)
    if pairs is None:
        pairs = _rfc5322_addresses(raw)
    out = []
    for name, addr in pairs[:MAX_LIST]:
        addr = one_line(addr).strip("<> ")
        if addr and "@" in addr and not unquoted_has_space(addr):  # "a b"@x.fi is one address
            out.append((one_line(name)[:200], addr[:320]))
    return out


# The fast path's grammar: a comma-separated list of `addr-spec` or `phrase <addr-spec>`, where
# words and dot-atoms are atext (ASCII or letters and digits of any script) and a word with "=?"
# is one whole encoded word. No quotes, comments, groups or brackets elsewhere: those are the
# stdlib parser's. A value outside this grammar is never guessed at.
_ATEXT_CH = r"[\w!#$%&'*+\-/=?^`{|}~]"  # \w: ASCII letters, digits, "_" and any script's
_LABEL_CH = r"(?:[A-Za-z0-9\-]|[^\W_\x00-\x7f])"
_DOT_ATOM = rf"{_ATEXT_CH}+(?:\.{_ATEXT_CH}+)*"
_ADDR_SPEC = rf"{_DOT_ATOM}@{_LABEL_CH}+(?:\.{_LABEL_CH}+)*"
_WORD = r"[\w!#$%&'*+\-/=?^`{|}~.]+"
_SIMPLE_ELEMENT = re.compile(rf"[ \t]*(?:(?P<name>{_WORD}(?:[ \t]+{_WORD})*)[ \t]*<(?P<angle>{_ADDR_SPEC})>"
                             rf"|(?P<bare>{_ADDR_SPEC}))[ \t]*")
_ENCODED_WORD = re.compile(r"=\?[A-Za-z0-9_\-]+\?[bBqQ]\?[^?\s]*\?=")


def _simple_addresses(raw: str) -> list[tuple[str, str]] | None:
    """The pairs of a value in the fast path's grammar; None for anything else."""
    pairs = []
    for element in raw.split(","):
        m = _SIMPLE_ELEMENT.fullmatch(element)
        if m is None or "=?" in (m["bare"] or m["angle"]):  # an encoded word is never an address
            return None
        if m["bare"] is not None:
            pairs.append(("", m["bare"]))
            continue
        name = _phrase_text(m["name"])
        if name is None:
            return None
        pairs.append((name, m["angle"]))
    return pairs


def _phrase_text(phrase: str) -> str | None:
    """A phrase's words joined by one space, each whole encoded word decoded (no space between
    two adjacent encoded words, RFC 2047 6.2); None when an encoded word is malformed, its
    charset unknown or its bytes not in that charset."""
    if "=?" not in phrase:
        return " ".join(phrase.split())
    out: list[str] = []
    encoded_before = False
    for word in phrase.split():
        encoded = "=?" in word
        if encoded:
            if not _ENCODED_WORD.fullmatch(word):
                return None
            try:
                [(data, charset)] = email.header.decode_header(word)
                codec = codec_name(charset)
                if codec is None or not isinstance(data, bytes):
                    return None
                word = data.decode(codec)
            except (ValueError, LookupError, email.errors.HeaderParseError):
                return None
        if out and not (encoded and encoded_before):
            out.append(" ")
        out.append(word)
        encoded_before = encoded
    return "".join(out)


def _rfc5322_addresses(raw: str) -> list[tuple[str, str]]:
    """The stdlib's RFC 5322 parser, less any address it made by decoding an encoded word: it
    decodes them even inside an addr-spec (RFC 2047 5 forbids that), so a From of
    "=?utf-8?b?<base64 of 'info@xcure.fi <'>?=.a@evil.example" would read as info@xcure.fi."""
    try:
        header = email.policy.default.header_factory("to", raw)
        pairs = [(a.display_name or "", a.addr_spec or "") for group in header.groups
                 for a in group.addresses]
    except Exception:
        pairs = [(decode_header_value(n), a) for n, a in email.utils.getaddresses([raw])]
    if "=?" not in raw:
        return pairs
    literal = _squashed(raw)
    return [(n, a) for n, a in pairs if _squashed(a) in literal]


def _squashed(value: str) -> str:
    return re.sub(r'[\s"\\]', "", value)


def _date(raw: str, defects: list[str]) -> datetime | None:
    value = one_line(raw)
    if not value:
        return None
    try:
        d = email.utils.parsedate_to_datetime(value)
    except Exception:
        defects.append("BadDate")
        return None
    return d.replace(tzinfo=UTC) if d.tzinfo is None else d


def _with_forwards(body: Body) -> str:
    text = body.text
    for fwd in body.forwards:
        text = f"{text}\n\n{FORWARD_MARK}\n{fwd}" if text.strip() else f"{FORWARD_MARK}\n{fwd}"
    return text[:MAX_TEXT_CHARS]


def _defect_names(msg: Message) -> list[str]:
    names: list[str] = []
    stack, seen = [msg], 0
    while stack and seen < 200:
        part = stack.pop()
        seen += 1
        for d in getattr(part, "defects", []):
            n = type(d).__name__
            if n not in names:
                names.append(n)
        payload = part.get_payload() if part.is_multipart() else None
        if isinstance(payload, list):
            stack.extend(x for x in payload if isinstance(x, Message))
    return names[:MAX_LIST]
