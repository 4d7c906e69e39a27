"""Turning case changes into outgoing mail: the policy of who gets which reply, then the outbox.

Rules from email-rules.md and identity.md live here, in one place: never answer automated mail,
reply to the From address (the requester on the case) and never to a Reply-To, thread on the
request, put the references in the subject, and at most `[replies] max_auto_replies_per_day`
automatic replies per mailbox (sub-addresses `+tag` count as one) and
`max_auto_replies_per_domain_per_day` per domain in any 24 hours (mail loops, backscatter).
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from sqlalchemy import text
from sqlmodel import Session, select

from bot.cases.audit import add_event
from bot.cases.service import extend_due
from bot.mail.addresses import address_domain, mailbox_key, normalise_email
from bot.replies import render, reply_language
from bot.replies.links import status_expires, status_url
from bot.replies.outbox import enqueue
from bot.runtime import Runtime
from bot.runtime.logs import addr_hash
from models import ActorType, Case, InboundMessage, OutboundMessage

log = logging.getLogger(__name__)

_REF = re.compile(r"\[[A-Z]+-\d{4}-\d{5}\]")
_RE_PREFIX = re.compile(r"^\s*((re|vs|sv|aw|vl|fw|fwd)\s*:\s*)+", re.I)


def case_line(case: Case, *, done: bool = False, needs_verification: bool = False) -> dict[str, Any]:
    return {"reference": case.reference, "kind": case.kind.value, "due": case.effective_due,
            "done": done, "needs_verification": needs_verification}


def status_context(rt: Runtime, cases: Sequence[Case], to: str) -> dict[str, Any]:
    """Every letter to the requester about their cases links to their status page (issue 15)."""
    if not cases or not all(c.requester_email == normalise_email(to) for c in cases):
        return {}
    return {"status_url": status_url(rt, cases), "status_expires": status_expires(rt)}


def base_context(rt: Runtime, language: str) -> dict[str, Any]:
    c = rt.settings.controller
    lang = reply_language(language)
    authority = c.supervisory_authority.get(lang) or c.supervisory_authority.get("en", "")
    return {"controller": c, "authority": authority}


def subject_for(original: str, references: Sequence[str], fallback: str) -> str:
    """`Re: <their subject> [PR-2026-00042]`; our own subject when theirs is empty."""
    base = " ".join((original or "").split())
    if base:
        stem = _RE_PREFIX.sub("", base)
        subject = f"Re: {stem}" if stem else fallback
    else:
        subject = fallback
    missing = [f"[{r}]" for r in references if f"[{r}]" not in subject]
    return f"{subject} {' '.join(missing)}" if missing else subject


def auto_replies_today(s: Session, rt: Runtime, to: str) -> tuple[int, int]:
    """Automatic replies queued in the last 24 hours to `to`'s mailbox (any of its
    sub-addresses) and to its domain."""
    since = rt.clock.now() - timedelta(days=1)
    sent = s.exec(
        select(OutboundMessage.to_addr)
        .where(OutboundMessage.to_domain == address_domain(to), OutboundMessage.auto_reply,
               OutboundMessage.created_at >= since)
    ).all()
    key = mailbox_key(to)
    return sum(1 for a in sent if mailbox_key(a) == key), len(sent)


def _cap_reached(s: Session, rt: Runtime, to: str) -> str | None:
    """Why no further automatic reply may go to `to` today, or None."""
    cfg = rt.settings.replies
    mailbox, domain = auto_replies_today(s, rt, to)
    if mailbox >= cfg.max_auto_replies_per_day:
        return f"max_auto_replies_per_day ({cfg.max_auto_replies_per_day}) reached"
    if domain >= cfg.max_auto_replies_per_domain_per_day:
        return f"max_auto_replies_per_domain_per_day ({cfg.max_auto_replies_per_domain_per_day}) reached"
    return None


def _lock_domain(s: Session, to: str) -> None:
    """Serialise the count-then-insert per domain across instances (PostgreSQL)."""
    if s.get_bind().dialect.name == "postgresql":
        key = int.from_bytes(hashlib.sha256(address_domain(to).encode()).digest()[:8], "big", signed=True)
        s.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": key})


def send_reply(s: Session, rt: Runtime, *, template: str, language: str, to: str,
               cases: Sequence[Case], purpose: str, inbound: InboundMessage | None = None,
               in_reply_to: str | None = None, references: list[str] | None = None,
               original_subject: str = "", auto_reply: bool = True,
               extra_headers: dict[str, str] | None = None, **context: Any) -> OutboundMessage | None:
    """Render and queue one reply about `cases`; None when policy says no reply."""
    if inbound is not None and inbound.automated:
        log.info("no reply to automated mail", extra={"inbound_id": inbound.id})
        return None
    if not to or "@" not in to:
        return None
    if auto_reply:
        _lock_domain(s, to)
        reason = _cap_reached(s, rt, to)
        if reason:
            log.warning("auto-reply limit reached", extra={"to": addr_hash(to), "purpose": purpose})
            for c in cases:  # the requester was not told: staff see the case
                add_event(s, rt, c, "reply_suppressed", details={"purpose": purpose, "reason": reason})
                c.needs_review = True
                c.flags = sorted({*c.flags, "reply_suppressed"})
                s.add(c)
            return None
    if "status_url" not in context:
        context.update(status_context(rt, cases, to))
    ctx = {**base_context(rt, language), "cases": context.pop("case_lines", None)
           or [case_line(c) for c in cases], "case": case_line(cases[0]) if cases else None,
           **context}
    rendered = render(template, language, **ctx)
    subject = subject_for(original_subject, [c.reference for c in cases], rendered.subject)
    row = enqueue(s, rt, to=to, subject=subject, text=rendered.text, html=rendered.html,
                  case=cases[0] if cases else None, inbound=inbound, purpose=purpose,
                  in_reply_to=in_reply_to, references=references, auto_reply=auto_reply,
                  extra_headers=extra_headers)
    for c in cases:
        add_event(s, rt, c, "reply_queued", details={
            "outbound_id": row.id, "purpose": purpose, "to": row.to_addr,
            "message_id": row.message_id, "language": reply_language(language)})
    return row


def _thread(case: Case) -> dict[str, Any]:
    return {"in_reply_to": case.thread_message_id or None,
            "references": [case.thread_message_id] if case.thread_message_id else None}


def send_extension_notice(s: Session, rt: Runtime, case: Case) -> OutboundMessage | None:
    assert case.extended_due_date is not None
    return send_reply(s, rt, template="extension", language=case.language, to=case.requester_email,
                      cases=[case], purpose="extension", auto_reply=False,
                      reason=case.extension_reason or "", extended_due=case.extended_due_date,
                      original_due=case.due_date, **_thread(case))


def extend(s: Session, rt: Runtime, case: Case, reason: str, *, actor: str,
           actor_type: ActorType = ActorType.STAFF, notify: bool = True) -> date:
    """Extend the case's deadline and tell the requester (the notice joins the same transaction)."""
    extended = extend_due(s, rt, case, reason, actor=actor, actor_type=actor_type)
    if notify:
        send_extension_notice(s, rt, case)
    return extended


def send_expiry_notice(s: Session, rt: Runtime, cases: Sequence[Case]) -> OutboundMessage | None:
    first = cases[0]
    return send_reply(s, rt, template="expiry", language=first.language, to=first.requester_email,
                      cases=cases, purpose="expiry", auto_reply=False,
                      extra_headers={"Auto-Submitted": "auto-generated"}, **_thread(first))


def send_rejection(s: Session, rt: Runtime, case: Case, reason: str) -> OutboundMessage | None:
    return send_reply(s, rt, template="rejection", language=case.language, to=case.requester_email,
                      cases=[case], purpose="rejection", auto_reply=False, reason=reason,
                      **_thread(case))


def send_verified(s: Session, rt: Runtime, cases: Sequence[Case]) -> OutboundMessage | None:
    first = cases[0]
    return send_reply(s, rt, template="verified", language=first.language, to=first.requester_email,
                      cases=cases, purpose="verified", **_thread(first))


def due_of(cases: Sequence[Case]) -> date:
    return min(c.effective_due for c in cases)
