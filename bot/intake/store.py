"""Store one raw message durably: the only thing intake does before it says yes.

Dedupe: the same bytes (SHA-256) are stored once; a second delivery returns the first row.
"""

from __future__ import annotations

import email
import email.policy
import hashlib
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.exc import IntegrityError
from sqlmodel import select

from bot.db import Database
from models import InboundMessage, MessageSource


@dataclass(frozen=True)
class Stored:
    id: int
    duplicate: bool


def _message_id(raw: bytes) -> str:
    # Read only the header block; cheap and never fails.
    head = raw.split(b"\r\n\r\n", 1)[0].split(b"\n\n", 1)[0][:65536]
    try:
        msg = email.message_from_bytes(head + b"\r\n\r\n", policy=email.policy.compat32)
        return _text(str(msg.get("Message-ID", "") or "").strip())[:998]
    except Exception:
        return ""


def _text(value: str) -> str:
    """What any database column takes: no NUL, no lone surrogates (8-bit bytes in a header)."""
    return value.encode("utf-8", "replace").decode("utf-8").replace("\x00", "")


def store_message(
    db: Database,
    raw: bytes,
    *,
    source: MessageSource,
    received_at: datetime,
    envelope_from: str = "",
    envelope_to: list[str] | None = None,
    peer: str = "",
    imap: tuple[str, int, int] | None = None,
) -> Stored:
    digest = hashlib.sha256(raw).hexdigest()
    row = InboundMessage(
        received_at=received_at,
        source=source,
        peer=_text(peer)[:255],
        envelope_from=_text(envelope_from)[:998],
        envelope_to=[_text(a)[:998] for a in envelope_to or []],
        message_id=_message_id(raw),
        sha256=digest,
        size=len(raw),
        raw=raw,
    )
    if imap:
        row.imap_folder, row.imap_uidvalidity, row.imap_uid = imap
    try:
        with db.session() as s:
            s.add(row)
            s.flush()
            assert row.id is not None
            return Stored(row.id, False)
    except IntegrityError:
        with db.session() as s:
            existing = s.exec(select(InboundMessage.id).where(InboundMessage.sha256 == digest)).first()
            if existing is None:
                raise
            return Stored(existing, True)
