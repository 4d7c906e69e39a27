"""Every outgoing message is written here: one header block from validated values, then checked.

The outbox (`bot.replies.outbox.enqueue`) is the only caller, and every reply, staff reply, challenge,
notice and staff digest goes through it. `compose` writes each header from tokens it made
itself (msg-ids in `<left@right>` syntax, addr-specs with IDNA domains, text cleaned of
controls and encoded by us), folds them, and then parses the bytes back: if the header lines
are not exactly the ones it wrote, it raises `HeaderError` and the outbox holds the message.
`check_before_sending` repeats a structural check on the stored bytes at every delivery.

No header passes through the email package's header objects: they decode encoded words when a
value is set (the double decoding behind D1/D2 of issue 12) and, before CVE-2024-6923 was fixed
(3.11.10 / 3.12.5), wrote the CR LF that came out. The package builds only the MIME body.
"""

from __future__ import annotations

import email.policy
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from email import message_from_bytes
from email.message import EmailMessage
from email.utils import format_datetime

from bot.mail.headers import (
    HeaderError,
    Mailbox,
    ascii_token,
    header_text,
    mailbox,
    msg_id,
    phrase,
    unstructured,
)

Field = tuple[str, str]  # (name, value as written, unfolded)

MAX_REFERENCES = 20  # the newest ones; keeps the header a sane size
LINE = 78  # fold before this many characters where tokens allow (RFC 5322 2.1.1)
MAX_LINE = 998  # octets, the hard limit
# The only headers an outgoing message has: ours, then the MIME headers of its body.
EXTRA_NAMES = ("Auto-Submitted", "X-Auto-Response-Suppress")
MIME_NAMES = ("MIME-Version", "Content-Type", "Content-Transfer-Encoding")
ALLOWED = ("From", "To", "Subject", "Date", "Message-ID", "In-Reply-To", "References",
           *EXTRA_NAMES, *MIME_NAMES)
_ONCE = ("From", "To", "Date", "Message-ID")
_NAME = re.compile(r"[!-9;-~]+\Z")
_QUOTED = re.compile(r'"(?:[^"\\]|\\.)*"')


@dataclass(frozen=True)
class Outgoing:
    """What a message says, before anything is checked."""

    from_addr: str
    from_name: str
    to: str
    subject: str
    date: datetime
    message_id: str
    text: str
    html: str | None = None
    in_reply_to: str | None = None
    references: Sequence[str] = ()
    extra: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Composed:
    raw: bytes
    fields: tuple[Field, ...]  # the header lines exactly as written (unfolded), in order
    recipient: Mailbox  # the envelope recipient; the To header is its address
    subject: str  # the subject as the header carries it, decoded


def compose(out: Outgoing) -> Composed:
    """The message's bytes; HeaderError (the reason) when a value cannot be written safely or
    the bytes do not parse back to exactly the header lines written."""
    sender, recipient = mailbox(out.from_addr), mailbox(out.to)
    own_id = msg_id(out.message_id)
    if not own_id:
        raise HeaderError("our Message-ID is not a msg-id")
    subject = header_text(out.subject)
    sender_tokens = [*phrase(out.from_name), f"<{sender.address}>"] if header_text(out.from_name) \
        else [sender.address]
    tokens: list[tuple[str, list[str]]] = [
        ("From", sender_tokens),
        ("To", [recipient.address]),
        ("Subject", unstructured(subject)),
        ("Date", format_datetime(out.date).split(" ")),
        ("Message-ID", [own_id]),
    ]
    parent = msg_id(out.in_reply_to)
    if parent:
        tokens.append(("In-Reply-To", [parent]))
    refs = list(dict.fromkeys(r for r in (msg_id(x) for x in out.references) if r))
    if parent and parent not in refs:
        refs.append(parent)
    if refs:
        tokens.append(("References", refs[-MAX_REFERENCES:]))
    for name, value in out.extra.items():
        if name not in EXTRA_NAMES:
            raise HeaderError(f"{name!r} is not a header we write")
        tokens.append((name, [ascii_token(value)]))
    head, written = header_block(tokens)
    mime_head, body = _mime_body(out.text, out.html)
    raw = head + mime_head + b"\r\n\r\n" + body
    fields = (*written, *_unfold(mime_head.decode("ascii")))
    check(raw, fields)
    return Composed(raw=raw, fields=tuple(fields), recipient=recipient, subject=subject)


def header_block(fields: Sequence[tuple[str, Sequence[str]]]) -> tuple[bytes, list[Field]]:
    """The one writer of header lines: each field's tokens joined by single spaces and folded
    between tokens (never inside one). Returns the bytes and the (name, value) pairs written;
    a field without tokens is left out."""
    out, written = [], []
    for name, toks in fields:
        if not toks:
            continue
        if not _NAME.match(name) or not all(_token(t) for t in toks):
            raise HeaderError(f"{name}: a token we made is not writable")
        lines, line = [], f"{name}:"
        for t in toks:
            if line != f"{name}:" and len(line) + 1 + len(t) > LINE:
                lines.append(line)
                line = ""
            line += " " + t
        lines.append(line)
        if any(len(x.encode()) > MAX_LINE for x in lines):
            raise HeaderError(f"{name}: a line longer than {MAX_LINE} octets")
        out.append("\r\n".join(lines) + "\r\n")
        written.append((name, " ".join(toks)))
    return "".join(out).encode("utf-8"), written


def _token(t: str) -> bool:
    """Non-empty, no control character, and no whitespace except spaces inside a quoted string
    (a display name, a quoted local part): folding happens only between tokens."""
    bare = _QUOTED.sub(lambda m: m.group(0).replace(" ", ""), t)
    return bool(t) and not any(c.isspace() or ord(c) < 32 or c == "\x7f" for c in bare)


def _breaks(value: str) -> bool:
    return any(c in value for c in "\r\n\x00")


def _mime_body(text: str, html: str | None) -> tuple[bytes, bytes]:
    """The MIME headers and the body, from the email package (our text, its structure)."""
    msg = EmailMessage(policy=email.policy.SMTP)
    msg.set_content(text, charset="utf-8")
    if html:
        msg.add_alternative(html, subtype="html", charset="utf-8")
    head, sep, body = msg.as_bytes().partition(b"\r\n\r\n")
    names = [n for n, _ in _unfold(head.decode("ascii"))] if sep else []
    if not sep or not set(names) <= set(MIME_NAMES) or len(set(names)) != len(names):
        raise HeaderError("the MIME body came out with unexpected headers")
    return head, body


def _unfold(head: str) -> list[Field]:
    """Header lines (CR LF separated, continuation lines start with SP or HT) as (name, value):
    the value is what follows "name:" and one space, with the line breaks of folding removed."""
    fields: list[list[str]] = []
    for line in head.split("\r\n"):
        if line[:1] in (" ", "\t") and fields:
            fields[-1][1] += line
            continue
        name, colon, value = line.partition(":")
        if not colon or not _NAME.match(name):
            raise HeaderError(f"a header line that is not a field: {line[:40]!r}")
        fields.append([name, value[1:] if value.startswith(" ") else value])
    return [(n, v) for n, v in fields]


def _header_section(raw: bytes) -> str:
    head, sep, _ = raw.partition(b"\r\n\r\n")
    if not sep:
        raise HeaderError("no end of the header block")
    if b"\x00" in head or b"\r" in head.replace(b"\r\n", b"") or b"\n" in head.replace(b"\r\n", b""):
        raise HeaderError("a bare CR, LF or NUL in the header block")
    if any(len(line) > MAX_LINE for line in head.split(b"\r\n")):
        raise HeaderError(f"a header line longer than {MAX_LINE} octets")
    try:
        return head.decode("utf-8")
    except UnicodeDecodeError as e:
        raise HeaderError("header bytes are not UTF-8") from e


def check(raw: bytes, written: Sequence[Field]) -> None:
    """The final check: the bytes parse back (ours and the email package's parser) to exactly
    the header lines written, and no header a reader decodes holds a line break."""
    got = _unfold(_header_section(raw))
    if got != list(written):
        diff = next((g[0] for g, w in zip(got, written, strict=False) if g != w), "header count")
        raise HeaderError(f"headers did not parse back as written ({diff})")
    _stdlib_agrees(raw, [n for n, _ in written])


def _stdlib_agrees(raw: bytes, names: Sequence[str]) -> None:
    """What a reader's parser makes of it: the same header names, no decoded value that breaks
    a line."""
    try:
        msg = message_from_bytes(raw, policy=email.policy.default)
        values = [str(v) for v in msg.values()]
        keys = list(msg.keys())
    except Exception as e:  # a parser that chokes is a reader that sees something else
        raise HeaderError(f"headers do not parse ({type(e).__name__})") from e
    if [k.lower() for k in keys] != [n.lower() for n in names]:
        raise HeaderError("a parser sees other header names than were written")
    if any(_breaks(v) for v in values):
        raise HeaderError("a header decodes to a line break")


def check_before_sending(raw: bytes, recipient: Mailbox) -> bool:
    """The stored bytes of a queued message, just before delivery: only the headers we write,
    From/To/Date/Message-ID once each, no header twice, the To header the envelope recipient,
    nothing that decodes to a line break. Returns whether delivery needs SMTPUTF8."""
    fields = _unfold(_header_section(raw))
    names = [n for n, _ in fields]
    unknown = sorted({n for n in names if n not in ALLOWED})
    if unknown:
        raise HeaderError(f"headers we never write: {', '.join(unknown)[:200]}")
    if any(names.count(n) != 1 for n in _ONCE) or len(set(names)) != len(names):
        raise HeaderError("a header missing or repeated")
    if dict(fields)["To"] != recipient.address:
        raise HeaderError("the To header is not the envelope recipient")
    _stdlib_agrees(raw, names)
    return recipient.utf8 or not raw.partition(b"\r\n\r\n")[0].isascii()
