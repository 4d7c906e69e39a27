"""Store one raw message durably: the only thing intake does before it says yes.

Dedupe: the same bytes (SHA-256) are stored once; a second delivery returns the first row.
"""

from __future__ import annotations

import email
import email.policy
import hashlib
from dataclasses import dataclass
from datetime import datetime
from typing import Any

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


@dataclass(frozen=True)
class Incoming:
    """One message as intake received it, before it is a row."""

    raw: bytes
    source: MessageSource
    received_at: datetime
    envelope_from: str = ""
    envelope_to: tuple[str, ...] = ()
    peer: str = ""
    imap: tuple[str, int, int] | None = None

    def row(self, digest: str) -> InboundMessage:
        row = InboundMessage(
            received_at=self.received_at,
            source=self.source,
            peer=_text(self.peer)[:255],
            envelope_from=_text(self.envelope_from)[:998],
            envelope_to=[_text(a)[:998] for a in self.envelope_to],
            message_id=_message_id(self.raw),
            sha256=digest,
            size=len(self.raw),
            raw=self.raw,
        )
        if self.imap:
            row.imap_folder, row.imap_uidvalidity, row.imap_uid = self.imap
        return row


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
    """Store one message in its own transaction (committed when this returns)."""
    return store_one(db, Incoming(raw, source, received_at, envelope_from, tuple(envelope_to or ()),
                                  peer, imap))


def store_one(db: Database, item: Incoming) -> Stored:
    digest = hashlib.sha256(item.raw).hexdigest()
    row = item.row(digest)
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


def store_batch(db: Database, items: list[Incoming]) -> list[Stored]:
    """Store several messages in ONE transaction (group commit: one fsync for all of them).
    Duplicates, of earlier rows or within the batch, are stored once. If another instance races
    us on the same content, fall back to one transaction per message.

    Rows go in through one Core INSERT ... RETURNING (not ORM objects): building a SQLModel
    object costs more than the insert itself (bench/intake.py)."""
    digests = [hashlib.sha256(i.raw).hexdigest() for i in items]
    table = InboundMessage.__table__  # type: ignore[attr-defined]
    try:
        with db.session() as s:
            known = dict(s.exec(select(InboundMessage.sha256, InboundMessage.id)
                                .where(InboundMessage.sha256.in_(set(digests)))).all())  # type: ignore[attr-defined]
            fresh: dict[str, dict[str, Any]] = {}
            for item, digest in zip(items, digests, strict=True):
                if digest not in known and digest not in fresh:
                    fresh[digest] = _values(item, digest)
            ids: dict[str, int] = {}
            if fresh:
                result = s.connection().execute(table.insert().returning(table.c.sha256, table.c.id),
                                                list(fresh.values()))
                ids = {sha: i for sha, i in result.all()}
            out, seen = [], set()
            for digest in digests:
                if digest in known:
                    out.append(Stored(known[digest], True))
                else:
                    out.append(Stored(ids[digest], digest in seen))
                    seen.add(digest)
            return out
    except IntegrityError:
        return [store_one(db, i) for i in items]


def _defaults() -> dict[str, Any]:
    """Every column's default, taken once from the model (so new columns keep their defaults)."""
    template = InboundMessage(sha256="", raw=b"")
    return {c.name: getattr(template, c.name) for c in InboundMessage.__table__.c  # type: ignore[attr-defined]
            if c.name != "id"}


_DEFAULTS = _defaults()


def _values(item: Incoming, digest: str) -> dict[str, Any]:
    values = dict(_DEFAULTS)
    values.update(
        received_at=item.received_at, source=item.source, peer=_text(item.peer)[:255],
        envelope_from=_text(item.envelope_from)[:998],
        envelope_to=[_text(a)[:998] for a in item.envelope_to],
        message_id=_message_id(item.raw), sha256=digest, size=len(item.raw), raw=item.raw)
    if item.imap:
        values["imap_folder"], values["imap_uidvalidity"], values["imap_uid"] = item.imap
    return values
