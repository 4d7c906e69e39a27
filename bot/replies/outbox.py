"""The outbox: every reply is a row before it is a send attempt.

`enqueue` builds the message through `bot.mail.compose` (our stable Message-ID, threading
headers, Auto-Submitted; every header validated, then checked) and adds an `OutboundMessage` in
the caller's transaction; one whose headers cannot be written safely is held, never sent. The
sender part (`serve`) claims due rows under a lease (FOR UPDATE SKIP LOCKED on PostgreSQL),
checks the stored bytes again, delivers them with aiosmtplib to `[outbound] relay` (SMTPUTF8 when
an address or header is UTF-8) — or, with no relay, into the `[outbound] maildir` Maildir —
records every attempt, retries with exponential backoff, and marks a row sent only after the
relay accepted it.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
from datetime import datetime, timedelta
from email.utils import make_msgid
from pathlib import Path
from typing import Any

import aiosmtplib
from sqlalchemy import event, or_, update
from sqlmodel import Session, col, select

from bot.cases.audit import add_event
from bot.mail.addresses import normalise_email
from bot.mail.compose import Composed, Outgoing, check_before_sending, compose
from bot.mail.headers import HeaderError, header_text, mailbox
from bot.runtime import Runtime, nap
from bot.runtime.config import split_hostport
from bot.runtime.logs import addr_hash
from models import Case, InboundMessage, OutboundMessage, OutboundState

log = logging.getLogger(__name__)


def _our_domain(rt: Runtime) -> str:
    try:
        return mailbox(rt.settings.outbound.from_address).domain
    except HeaderError:
        return "localhost"


def build_message(rt: Runtime, *, to: str, subject: str, text: str, html: str | None,
                  message_id: str, in_reply_to: str | None, references: list[str] | None,
                  auto_reply: bool, extra_headers: dict[str, str] | None = None) -> Composed:
    """The message through the one header writer (`bot.mail.compose`); HeaderError when it
    cannot be written safely."""
    o = rt.settings.outbound
    extra = {"Auto-Submitted": "auto-replied",  # RFC 3834: nobody should answer this
             "X-Auto-Response-Suppress": "All"} if auto_reply else {}  # nor Exchange's OOO
    return compose(Outgoing(
        from_addr=o.from_address, from_name=o.from_name, to=to, subject=subject,
        date=rt.clock.now(), message_id=message_id, text=text, html=html,
        in_reply_to=in_reply_to, references=list(references or []),
        extra={**extra, **(extra_headers or {})}))


def enqueue(s: Session, rt: Runtime, *, to: str, subject: str, text: str, html: str | None = None,
            case: Case | None = None, inbound: InboundMessage | None = None, purpose: str = "reply",
            in_reply_to: str | None = None, references: list[str] | None = None,
            auto_reply: bool = True, extra_headers: dict[str, str] | None = None) -> OutboundMessage:
    """Add a reply to the outbox in the caller's transaction; the sender delivers it later.
    The delivery address is the normalised one, and the To header says exactly that address.
    A message whose headers cannot be written safely is held: a row staff see, never sent."""
    message_id = make_msgid(domain=_our_domain(rt))
    to_addr = normalise_email(to)
    now = rt.clock.now()
    row = OutboundMessage(
        case_id=case.id if case else None, inbound_message_id=inbound.id if inbound else None,
        purpose=purpose, to_addr=to_addr[:320], to_domain=to_addr.rpartition("@")[2][:255],
        from_addr=rt.settings.outbound.from_address, subject=header_text(subject)[:998],
        message_id=message_id, raw=b"", state=OutboundState.QUEUED, next_attempt_at=now,
        created_at=now, auto_reply=auto_reply)
    try:
        msg = build_message(rt, to=to_addr, subject=subject, text=text, html=html,
                            message_id=message_id, in_reply_to=in_reply_to, references=references,
                            auto_reply=auto_reply, extra_headers=extra_headers)
    except HeaderError as e:
        row.state, row.last_error = OutboundState.HELD, f"held: {e}"[:500]
    else:
        row.raw, row.subject = msg.raw, msg.subject[:998]
    s.add(row)
    s.flush()
    if row.state == OutboundState.HELD:
        _tell_case(s, rt, row, row.last_error or "", held=True)
        log.warning("reply held", extra={"outbound_id": row.id, "purpose": purpose,
                                         "reason": row.last_error, "case_id": row.case_id})
        return row
    # Wake the sender once the reply is committed (not before: it could not see the row).
    event.listen(s, "after_commit", lambda _s: rt.wake("outbox"), once=True)
    log.info("reply queued", extra={"outbound_id": row.id, "purpose": purpose,
                                    "to": addr_hash(to), "case_id": row.case_id})
    return row


# --- the sender -------------------------------------------------------------------------------

class PermanentFailure(Exception):
    """The relay refused the message for good (5xx)."""


class Held(Exception):
    """The stored message failed the check before sending: staff look at it, nothing is sent."""


def claim(rt: Runtime, limit: int = 20) -> list[int]:
    now = rt.clock.now()
    until = now + timedelta(seconds=rt.settings.worker.lease_seconds)
    with rt.db.session() as s:
        q = (
            select(OutboundMessage.id)
            .where(or_(
                (col(OutboundMessage.state) == OutboundState.QUEUED)
                & (OutboundMessage.next_attempt_at <= now),
                (col(OutboundMessage.state) == OutboundState.SENDING)
                & (col(OutboundMessage.lease_until) < now),
            ))
            .order_by(col(OutboundMessage.next_attempt_at), col(OutboundMessage.id))
            .limit(limit)
        )
        if rt.db.dialect == "postgresql":
            q = q.with_for_update(skip_locked=True)
        ids = list(s.exec(q).all())
        if ids:
            s.exec(
                update(OutboundMessage)
                .where(col(OutboundMessage.id).in_(ids))
                .values(state=OutboundState.SENDING, lease_owner=rt.instance_id, lease_until=until)
            )
        return [i for i in ids if i is not None]


def backoff(rt: Runtime, attempts: int) -> float:
    o = rt.settings.outbound
    return float(min(o.retry_base_seconds * (2 ** max(attempts - 1, 0)), o.retry_max_seconds))


def write_maildir(maildir: str | Path, name: str, raw: bytes) -> Path:
    """Deliver into a Maildir: write in tmp/, fsync, rename into new/ (atomic; same name twice
    replaces, so a retried delivery never makes a second copy)."""
    root = Path(maildir)
    for sub in ("tmp", "new", "cur"):
        (root / sub).mkdir(parents=True, exist_ok=True)
    tmp = root / "tmp" / name
    with open(tmp, "wb") as f:
        f.write(raw)
        f.flush()
        os.fsync(f.fileno())
    final = root / "new" / name
    os.replace(tmp, final)
    return final


def maildir_name(row: OutboundMessage) -> str:
    stamp = int(row.created_at.timestamp())
    return f"{stamp}.P{row.id}Q{row.message_id.strip('<>').split('@')[0]}.{socket.gethostname()}"


async def deliver(rt: Runtime, row: OutboundMessage) -> str:
    """One attempt; returns a short description of where it went. Raises on failure."""
    o = rt.settings.outbound
    try:
        sender, recipient = mailbox(row.from_addr), mailbox(row.to_addr)
        smtputf8 = check_before_sending(row.raw, recipient)
    except HeaderError as e:
        raise Held(f"held: {e}") from e
    if not o.relay:
        path = await asyncio.to_thread(write_maildir, o.maildir, maildir_name(row), row.raw)
        return f"maildir:{path.name}"
    host, port = split_hostport(o.relay)
    password = os.environ.get(o.relay_password_env, "") if o.relay_username else ""
    try:
        _errors, response = await aiosmtplib.send(
            row.raw, sender=sender.address, recipients=[recipient.address], hostname=host,
            port=port, start_tls=o.relay_tls, use_tls=False, username=o.relay_username or None,
            password=password or None, timeout=o.timeout_seconds,
            mail_options=["SMTPUTF8"] if smtputf8 else None,  # RFC 6531: UTF-8 address or header
        )
    except aiosmtplib.SMTPNotSupported as e:  # the relay lacks SMTPUTF8: retrying cannot help
        raise PermanentFailure(f"relay: {e}") from e
    except aiosmtplib.SMTPRecipientsRefused as e:
        codes = [r.code for r in e.recipients]
        if codes and all(500 <= c < 600 for c in codes):
            raise PermanentFailure(f"recipient refused: {codes}") from e
        raise
    except aiosmtplib.SMTPResponseException as e:
        if 500 <= e.code < 600:
            raise PermanentFailure(f"{e.code} {e.message}") from e
        raise
    return f"relay:{response}"[:200]


def _record(rt: Runtime, row_id: int, *, ok: bool, result: str, permanent: bool = False,
            held: bool = False) -> None:
    now = rt.clock.now()
    with rt.db.session() as s:
        row = s.get(OutboundMessage, row_id)
        if row is None or row.lease_owner != rt.instance_id:
            return
        row.attempts += 1
        row.attempt_log = [*row.attempt_log, {"at": now.isoformat(), "ok": ok, "result": result}]
        row.lease_owner = None
        row.lease_until = None
        if ok:
            row.state = OutboundState.SENT
            row.sent_at = now
            row.last_error = None
        elif held:
            row.last_error = result
            row.state = OutboundState.HELD
            _tell_case(s, rt, row, result, held=True)
        else:
            row.last_error = result
            final = permanent or row.attempts >= rt.settings.outbound.max_attempts
            if final:
                row.state = OutboundState.FAILED
                _tell_case(s, rt, row, result)
            else:
                row.state = OutboundState.QUEUED
                row.next_attempt_at = now + timedelta(seconds=backoff(rt, row.attempts))
        s.add(row)
    log.info("reply attempt", extra={"outbound_id": row_id, "ok": ok, "permanent": permanent})


def _tell_case(s: Session, rt: Runtime, row: OutboundMessage, error: str, *, held: bool = False) -> None:
    if row.case_id is None:
        return
    case = s.get(Case, row.case_id)
    if case is not None:
        add_event(s, rt, case, "reply_held" if held else "reply_failed", details={
            "outbound_id": row.id, "purpose": row.purpose, "error": error[:500]})
        case.needs_review = True
        s.add(case)


async def send_due(rt: Runtime) -> int:
    """Claim and attempt every due reply once; returns how many were attempted."""
    ids = await asyncio.to_thread(claim, rt)
    for row_id in ids:
        row = await asyncio.to_thread(_load, rt, row_id)
        if row is None:
            continue
        try:
            where = await deliver(rt, row)
        except Held as e:
            await asyncio.to_thread(_record, rt, row_id, ok=False, result=str(e)[:500], held=True)
        except PermanentFailure as e:
            await asyncio.to_thread(_record, rt, row_id, ok=False, result=str(e)[:500], permanent=True)
        except Exception as e:  # connection refused, timeout, 4xx: try again later
            await asyncio.to_thread(_record, rt, row_id, ok=False,
                                    result=f"{type(e).__name__}: {e}"[:500])
        else:
            await asyncio.to_thread(_record, rt, row_id, ok=True, result=where)
    return len(ids)


def _load(rt: Runtime, row_id: int) -> OutboundMessage | None:
    with rt.db.session() as s:
        return s.get(OutboundMessage, row_id)


def next_due(rt: Runtime) -> datetime | None:
    with rt.db.session() as s:
        return s.exec(
            select(OutboundMessage.next_attempt_at)
            .where(OutboundMessage.state == OutboundState.QUEUED)
            .order_by(col(OutboundMessage.next_attempt_at))
            .limit(1)
        ).first()


def release(rt: Runtime) -> None:
    with rt.db.session() as s:
        s.exec(
            update(OutboundMessage)
            .where(col(OutboundMessage.lease_owner) == rt.instance_id,
                   col(OutboundMessage.state) == OutboundState.SENDING)
            .values(state=OutboundState.QUEUED, lease_owner=None, lease_until=None)
        )


async def serve(rt: Runtime, stop: asyncio.Event) -> None:
    wake = rt.wakeup("outbox")
    poll = rt.settings.outbound.poll_seconds
    try:
        while not stop.is_set():
            wake.clear()
            try:
                n = await send_due(rt)
            except Exception:  # database unreachable: keep the part alive and try again
                log.exception("outbox round failed")
                n = 0
            if n:
                continue
            timeout = poll
            nxt = await asyncio.to_thread(next_due, rt)
            if nxt is not None:
                timeout = max(0.01, min(poll, (nxt - rt.clock.now()).total_seconds()))
            await nap(wake, stop, timeout)
    finally:
        await asyncio.to_thread(release, rt)


def sent_messages(s: Session, *, case_id: int | None = None, to: str | None = None) -> list[Any]:
    q = select(OutboundMessage).order_by(col(OutboundMessage.id))
    if case_id is not None:
        q = q.where(OutboundMessage.case_id == case_id)
    if to is not None:
        q = q.where(OutboundMessage.to_addr == normalise_email(to))
    return list(s.exec(q).all())
