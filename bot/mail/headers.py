"""Header values we write ourselves: validated addresses and msg-ids, clean text, our encoding.

Pure functions shared by intake (which msg-ids and addresses a message carries) and the outbox
(`bot.mail.compose`, the one place that writes a header block). Text arrives here decoded once;
nothing here ever decodes an encoded word, so a value that decodes to CR LF stays literal text.
"""

from __future__ import annotations

import base64
import re
import unicodedata
from dataclasses import dataclass

MAX_MSGID = 250  # characters; real ones are under 100, and a line must stay under 998 octets
MAX_LOCAL = 64  # octets (RFC 5321 4.5.3.1.1)
MAX_ADDRESS = 254  # octets (RFC 5321 path minus the brackets)
_ATEXT = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-/=?^_`{|}~")
_ASCII_ID_PART = re.compile(r"[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~.]+")  # ASCII atext and "."
_LABEL = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\Z")
_BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_WORD_BYTES = 45  # UTF-8 octets per encoded word: "=?utf-8?b?" + 60 base64 + "?=" = 72 <= 75
MAX_TOKEN = 70  # a literal word longer than this could not be folded under 78 characters


class HeaderError(ValueError):
    """A value that cannot be written as a header; the message is held, never sent."""


def _visible_utf8(ch: str) -> bool:
    """A non-ASCII character RFC 6532 lets into atext: not a control, format, space or
    separator, not a surrogate or unassigned."""
    return ord(ch) > 127 and unicodedata.category(ch)[0] not in "CZ"


def _atext(ch: str) -> bool:
    return ch in _ATEXT or _visible_utf8(ch)


def _dot_atom(value: str) -> bool:
    return bool(value) and all(part and all(_atext(c) for c in part) for part in value.split("."))


# --- msg-id (RFC 5322 3.6.4, UTF-8 per RFC 6532) -----------------------------------------------

def msg_id(value: str | None) -> str:
    """`<left@right>` exactly as given when it is a msg-id we can write back, else "".

    Dots may sit anywhere on either side (obs-id-left: real mailers write "a..b@host"); quoted
    strings, comments and whitespace are refused, and so is "=?" (RFC 2047 forbids encoded words
    in a msg-id; a mailer that decodes one anyway must never find one in ours)."""
    v = (value or "").strip()
    if len(v) > MAX_MSGID or not (v.startswith("<") and v.endswith(">")) or "=?" in v:
        return ""
    left, at, right = v[1:-1].rpartition("@")
    if not at or not left or not right:
        return ""
    if v.isascii() and not right.startswith("["):  # the common case, one regex: same answer
        return v if _ASCII_ID_PART.fullmatch(left) and _ASCII_ID_PART.fullmatch(right) else ""
    if not all(_atext(c) or c == "." for c in left):
        return ""
    if right.startswith("[") and right.endswith("]"):
        ok = all(33 <= ord(c) <= 126 and c not in "[]\\" for c in right[1:-1])
    else:
        ok = all(_atext(c) or c == "." for c in right)
    return v if ok else ""


_MSGID_CANDIDATE = re.compile(rf"<[^<>]{{1,{MAX_MSGID - 2}}}>")


def msg_ids_in(raw: str) -> list[str]:
    """The valid msg-ids in a header value, in order (In-Reply-To, References)."""
    return [m for m in (msg_id(c) for c in _MSGID_CANDIDATE.findall(raw)) if m]


# --- addresses (RFC 5322 addr-spec, RFC 6532 UTF-8 local parts, IDNA domains) -------------------

@dataclass(frozen=True)
class Mailbox:
    """An addr-spec checked for writing into a header and onto the SMTP command line."""

    local: str  # dot-atom or quoted-string, as written; may be UTF-8
    domain: str  # ASCII: an IDN is in its A-label form

    @property
    def address(self) -> str:
        return f"{self.local}@{self.domain}"

    @property
    def utf8(self) -> bool:
        """Needs SMTPUTF8 (RFC 6531): the local part is not ASCII."""
        return not self.local.isascii()


def _quoted_local(local: str) -> bool:
    if len(local) < 3 or not (local.startswith('"') and local.endswith('"')):
        return False
    inner, i = local[1:-1], 0
    while i < len(inner):
        c = inner[i]
        if c == "\\":
            if i + 1 == len(inner) or not (32 <= ord(inner[i + 1]) <= 126):
                return False
            i += 2
            continue
        if c == '"' or not (32 <= ord(c) <= 126 or _visible_utf8(c)):
            return False
        i += 1
    return True


def idna_domain(domain: str) -> str:
    """The domain in ASCII (A-labels for an IDN), lower-cased; HeaderError if it is not a
    host name. Python's IDNA codec is IDNA 2003; for the names our requesters use (Latin
    letters with diacritics) it gives the same A-labels as IDNA 2008."""
    try:
        ascii_domain = domain.encode("idna").decode("ascii").lower()
    except UnicodeError as e:
        raise HeaderError(f"domain is not a valid IDN ({e.__class__.__name__})") from e
    labels = ascii_domain.split(".")
    if len(ascii_domain) > 253 or not all(_LABEL.match(label) for label in labels):
        raise HeaderError("domain is not a host name")
    return ascii_domain


def mailbox(address: str) -> Mailbox:
    """Check `address` as an addr-spec; raises HeaderError with the reason staff see."""
    local, at, domain = (address or "").rpartition("@")
    if not at or not local or not domain:
        raise HeaderError("address has no local part or domain")
    if not (_dot_atom(local) or _quoted_local(local)):
        raise HeaderError("local part is neither a dot-atom nor a quoted string")
    if "=?" in local:  # RFC 2047 forbids encoded words here; a reader that decodes one anyway
        raise HeaderError("local part looks like an encoded word")
    if len(local.encode()) > MAX_LOCAL:
        raise HeaderError("local part is longer than 64 octets")
    box = Mailbox(local, idna_domain(domain))
    if len(box.address.encode()) > MAX_ADDRESS:
        raise HeaderError("address is longer than 254 octets")
    return box


def unquoted_has_space(address: str) -> bool:
    """Whitespace outside a quoted local part: not one address (intake's sanity check)."""
    if address.startswith('"'):
        end = address.rfind('"@')
        if end > 0:
            address = address[end + 1:]
    return any(c.isspace() for c in address)


# --- text: Subject, display names -------------------------------------------------------------

def header_text(value: str) -> str:
    """Text fit for one header line: controls (C0, C1, DEL, NUL), line and paragraph separators,
    lone surrogates and bidi overrides become spaces; runs of whitespace become one space.
    Applied to text already decoded; the result is only ever encoded, never decoded again."""
    out = []
    for ch in value:
        cat = unicodedata.category(ch)
        out.append(" " if cat in ("Cc", "Cs", "Zl", "Zp") or ch in _BIDI else ch)
    return " ".join("".join(out).split())


def encoded_words(text: str) -> list[str]:
    """RFC 2047 B-encoded UTF-8 words, split on character boundaries, each under 76 chars."""
    words, chunk = [], ""
    for ch in text:
        if chunk and len((chunk + ch).encode()) > _WORD_BYTES:
            words.append(chunk)
            chunk = ""
        chunk += ch
    if chunk:
        words.append(chunk)
    return [f"=?utf-8?b?{base64.b64encode(w.encode()).decode('ascii')}?=" for w in words]


def _literal_ascii(text: str) -> bool:
    """Printable ASCII that no reader could take for an encoded word, in foldable words."""
    return (all(32 <= ord(c) <= 126 for c in text) and "=?" not in text
            and all(0 < len(w) <= MAX_TOKEN for w in text.split(" ")))


def unstructured(text: str) -> list[str]:
    """Subject-like text as header tokens (joined by single spaces, folded between them)."""
    clean = header_text(text)
    if not clean:
        return []
    return clean.split(" ") if _literal_ascii(clean) else encoded_words(clean)


def phrase(name: str) -> list[str]:
    """A display name as tokens: atoms, one quoted string, or encoded words."""
    clean = header_text(name)
    if not clean:
        return []
    if _literal_ascii(clean) and all(c in _ATEXT or c == " " for c in clean):
        return clean.split(" ")
    quoted = '"' + clean.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if _literal_ascii(clean) and len(quoted) <= MAX_TOKEN:
        return [quoted]
    return encoded_words(clean)


def ascii_token(value: str) -> str:
    """A fixed value of ours (Auto-Submitted, MIME-Version ...): printable ASCII, no space."""
    if not value or not all(33 <= ord(c) <= 126 for c in value) or "=?" in value:
        raise HeaderError("value is not a plain token")
    return value
