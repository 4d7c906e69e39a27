"""Retention sweeps: delete or minimise what the privacy notice says is kept no longer.

Scheduled daily by bot/jobs/scheduler.py (and runnable by hand: `python -m bot jobs run NAME
--dry-run`). The periods come from `[retention]` in config.toml. Each sweep returns counts and
row ids for the run's record, never personal data. The suppression list and the tables kept under
the Accounting Act (`invoice_categories`) are never touched by any sweep.
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.sql import Select
from sqlmodel import Session, SQLModel, col

from bot.jobs.job import Job, daily_at
from bot.kinds import RequestKind
from bot.runtime import Runtime
from models import (
    PERSONAL_TABLES,
    ActorType,
    Case,
    CaseEvent,
    CaseMessage,
    CaseStatus,
    Consent,
    Contract,
    InboundMessage,
    MarketingAction,
    MessageState,
    OutboundMessage,
    OutboundState,
    Person,
    ServiceUsage,
    VerificationChallenge,
    WebActivity,
)
from models.enums import CLOSED_STATUSES

MINIMISED = "minimised"  # what replaces a minimised case's requester and free-text fields


def months_before(d: date, months: int) -> date:
    """The same day `months` earlier (the month's last day when it has no such day)."""
    total = d.year * 12 + d.month - 1 - months
    year, month = divmod(total, 12)
    month += 1
    return date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def local_today(rt: Runtime) -> date:
    return rt.clock.now().astimezone(ZoneInfo(rt.settings.deadlines.timezone)).date()


def start_of(rt: Runtime, d: date) -> datetime:
    """Midnight of a local date as an aware datetime (compared with UTC columns)."""
    return datetime(d.year, d.month, d.day, tzinfo=ZoneInfo(rt.settings.deadlines.timezone))


def _guard(rt: Runtime, table: type[SQLModel]) -> None:
    """No sweep may ever delete from a table kept under the Accounting Act."""
    kept = {PERSONAL_TABLES[c] for c in rt.settings.retention.invoice_categories
            if c in PERSONAL_TABLES}
    if table in kept:  # pragma: no cover - a programming error, caught by the tests
        raise RuntimeError(f"retention must never sweep {table.__name__}")


def _delete(s: Session, rt: Runtime, table: type[SQLModel], where: Sequence[Any],
            out: dict[str, Any]) -> None:
    """Delete the rows matching `where`, recording count and (a limited list of) ids."""
    _guard(rt, table)
    id_col = table.id  # type: ignore[attr-defined]
    person_col = getattr(table, "person_id", None)
    if person_col is not None:
        # Restriction of processing (Art. 18): a restricted person's data is only stored, so
        # sweeps leave it alone until staff lift the restriction (bot.register.restriction).
        restricted = select(col(Person.id)).where(col(Person.restricted) == True)  # noqa: E712
        where = [*where, or_(person_col.is_(None), person_col.not_in(restricted))]
    ids = [r for (r,) in s.connection().execute(select(id_col).where(*where).order_by(id_col))]
    name = table.__tablename__
    out.setdefault("deleted", {})[name] = len(ids)
    out.setdefault("ids", {})[name] = ids[: rt.settings.retention.list_limit]
    for i in range(0, len(ids), 500):  # bounded IN lists
        s.connection().execute(delete(table).where(id_col.in_(ids[i:i + 500])))


def _current_contract_people(cutoff: date) -> Select[Any]:
    """People with a contract running, or ended on or after `cutoff` (still within the period)."""
    return select(col(Contract.person_id)).where(
        or_(col(Contract.ended_on).is_(None), col(Contract.ended_on) >= cutoff)
    )


# --- service usage: during the contract and at most N months after it ends -----------------

def sweep_service_usage(s: Session, rt: Runtime) -> dict[str, Any]:
    months = rt.settings.retention.service_usage_months_after_contract
    cutoff = months_before(local_today(rt), months)
    current = _current_contract_people(cutoff)
    with_contract = select(col(Contract.person_id))
    out: dict[str, Any] = {"cutoff": cutoff.isoformat(), "months": months}
    _delete(s, rt, ServiceUsage, [
        col(ServiceUsage.person_id).not_in(current),
        or_(
            # every contract ended before the cutoff: all of the person's usage data goes
            col(ServiceUsage.person_id).in_(with_contract),
            # no contract on record: each row goes when it is itself older than the period
            col(ServiceUsage.at) < start_of(rt, cutoff),
        ),
    ], out)
    return out


# --- personal web analytics: N months ----------------------------------------------------------

def sweep_web_analytics(s: Session, rt: Runtime) -> dict[str, Any]:
    ret = rt.settings.retention
    cutoff = months_before(local_today(rt), ret.web_analytics_months)
    out: dict[str, Any] = {"cutoff": cutoff.isoformat(), "months": ret.web_analytics_months}
    _delete(s, rt, WebActivity, [
        col(WebActivity.kind).in_(ret.web_analytics_kinds),
        col(WebActivity.at) < start_of(rt, cutoff),
    ], out)
    return out


# --- marketing data of people no longer active ----------------------------------------------

def sweep_inactive_marketing(s: Session, rt: Runtime) -> dict[str, Any]:
    """Marketing actions and granted consents of people inactive for N months.

    Withdrawn consents and prohibitions are kept: they are the record of an objection (as the
    suppression list is), and deleting them could let marketing resume.
    """
    months = rt.settings.retention.marketing_inactive_months
    cutoff = months_before(local_today(rt), months)
    last_seen = func.coalesce(Person.last_activity_at, Person.created_at)
    inactive = select(col(Person.id)).where(
        last_seen < start_of(rt, cutoff),
        col(Person.id).not_in(_current_contract_people(cutoff)),
    )
    out: dict[str, Any] = {"cutoff": cutoff.isoformat(), "months": months}
    _delete(s, rt, MarketingAction, [col(MarketingAction.person_id).in_(inactive)], out)
    _delete(s, rt, Consent, [col(Consent.person_id).in_(inactive),
                             Consent.status == "granted"], out)
    return out


# --- stored raw messages --------------------------------------------------------------------

def _kept_case_ids(cutoff: datetime) -> Select[Any]:
    """Cases still open, or closed less than the period ago: their mail stays whole."""
    return select(col(Case.id)).where(or_(
        col(Case.status).not_in([str(c) for c in CLOSED_STATUSES]),
        col(Case.closed_at).is_(None),
        col(Case.closed_at) >= cutoff,
    ))


def sweep_raw_messages(s: Session, rt: Runtime) -> dict[str, Any]:
    """Drop the raw bytes (and the parsed body) of mail older than the period whose cases are
    closed for longer than the period; the row (dates, hashes, the case links) stays."""
    days = rt.settings.retention.raw_messages_days
    cutoff = rt.clock.now() - timedelta(days=days)
    kept = _kept_case_ids(cutoff)
    linked_to_kept = or_(
        col(InboundMessage.id).in_(select(col(CaseMessage.inbound_message_id))
                                   .where(col(CaseMessage.case_id).in_(kept))),
        col(InboundMessage.id).in_(select(col(Case.inbound_message_id))
                                   .where(col(Case.id).in_(kept))),
    )
    in_any_case = or_(
        col(InboundMessage.id).in_(select(col(CaseMessage.inbound_message_id))),
        col(InboundMessage.id).in_(select(col(Case.inbound_message_id))),
    )
    where = [
        col(InboundMessage.received_at) < cutoff,
        # a message not yet handled is never swept, however old
        col(InboundMessage.state).in_([MessageState.PROCESSED, MessageState.FAILED]),
        func.length(InboundMessage.raw) > 0,
        ~linked_to_kept,
    ]
    out: dict[str, Any] = {"cutoff": cutoff.isoformat(), "days": days}
    ids = [r for (r,) in s.connection().execute(
        select(col(InboundMessage.id)).where(*where).order_by(col(InboundMessage.id)))]
    out["minimised"] = {"inbound_message": len(ids)}
    out["ids"] = {"inbound_message": ids[: rt.settings.retention.list_limit]}
    for i in range(0, len(ids), 500):
        chunk = col(InboundMessage.id).in_(ids[i:i + 500])
        s.connection().execute(update(InboundMessage).where(chunk)
                               .values(raw=b"", parsed={}))
        # mail that belongs to no case at all keeps nothing of its sender
        s.connection().execute(update(InboundMessage).where(chunk, ~in_any_case)
                               .values(from_addr="", subject="", envelope_from="", peer=""))
    out_where = [
        col(OutboundMessage.created_at) < cutoff,
        col(OutboundMessage.state).in_([OutboundState.SENT, OutboundState.FAILED,
                                        OutboundState.HELD]),
        func.length(OutboundMessage.raw) > 0,
        or_(col(OutboundMessage.case_id).is_(None),
            col(OutboundMessage.case_id).not_in(kept)),
    ]
    oids = [r for (r,) in s.connection().execute(
        select(col(OutboundMessage.id)).where(*out_where).order_by(col(OutboundMessage.id)))]
    out["minimised"]["outbound_message"] = len(oids)
    out["ids"]["outbound_message"] = oids[: rt.settings.retention.list_limit]
    for i in range(0, len(oids), 500):
        s.connection().execute(update(OutboundMessage)
                               .where(col(OutboundMessage.id).in_(oids[i:i + 500]))
                               .values(raw=b""))
    return out


# --- closed cases: kept in minimal form -------------------------------------------------------

_KEEP_STRINGS = {str(v) for enum in (CaseStatus, RequestKind, ActorType) for v in enum}


def minimise_details(details: dict[str, Any]) -> dict[str, Any]:
    """An audit entry's details with only what identifies nobody: numbers, flags, dates and the
    domain's enum values; free text (reasons, addresses, names) becomes "minimised"."""
    out: dict[str, Any] = {}
    for key, value in details.items():
        harmless = value is None or isinstance(value, bool | int | float) or (
            isinstance(value, str) and (value in _KEEP_STRINGS or _is_date(value)))
        out[key] = value if harmless else MINIMISED
    return out


def _is_date(value: str) -> bool:
    try:
        datetime.fromisoformat(value)
    except ValueError:
        return False
    return True


def sweep_closed_cases(s: Session, rt: Runtime) -> dict[str, Any]:
    """Closed cases older than the period keep their record and audit trail in minimal form:
    reference, kind, states, dates, staff actors. The requester's address, free text, their mail
    (raw and parsed) and identity challenge lose everything that identifies the person."""
    days = rt.settings.retention.closed_cases_days
    now = rt.clock.now()
    cutoff = now - timedelta(days=days)
    cases = s.scalars(select(Case).where(
        col(Case.closed_at) < cutoff,
        col(Case.status).in_([str(c) for c in CLOSED_STATUSES]),
        col(Case.requester_email) != MINIMISED,
    ).order_by(col(Case.id))).all()
    counts = {"case": 0, "case_event": 0, "inbound_message": 0, "outbound_message": 0,
              "verification_challenge": 0}
    for case in cases:
        counts["case"] += 1
        case.requester_email = MINIMISED
        case.person_id = None
        case.reasons = []
        case.thread_message_id = ""
        if case.extension_reason:
            case.extension_reason = MINIMISED
        case.details = {"minimised_at": now.isoformat()}
        case.updated_at = now
        s.add(case)
        for ev in s.scalars(select(CaseEvent).where(col(CaseEvent.case_id) == case.id)):
            counts["case_event"] += 1
            ev.details = minimise_details(ev.details)
            if ev.actor_type == ActorType.REQUESTER:
                ev.actor = "requester"
            s.add(ev)
        inbound_ids = select(col(CaseMessage.inbound_message_id)).where(col(CaseMessage.case_id) == case.id)
        counts["inbound_message"] += s.connection().execute(
            update(InboundMessage)
            .where(or_(col(InboundMessage.id).in_(inbound_ids),
                       col(InboundMessage.id) == case.inbound_message_id))
            .values(raw=b"", parsed={}, from_addr="", subject="", envelope_from="", peer="")
        ).rowcount
        counts["outbound_message"] += s.connection().execute(
            update(OutboundMessage).where(col(OutboundMessage.case_id) == case.id)
            .values(raw=b"", to_addr=MINIMISED, subject=MINIMISED)
        ).rowcount
        if case.challenge_id is not None:
            counts["verification_challenge"] += s.connection().execute(
                update(VerificationChallenge)
                .where(col(VerificationChallenge.id) == case.challenge_id)
                .values(sent_to=MINIMISED, used_by=None)
            ).rowcount
    s.flush()
    limit = rt.settings.retention.list_limit
    return {"cutoff": cutoff.isoformat(), "days": days, "minimised": counts,
            "ids": {"case": [c.id for c in cases][:limit]}}


def _sweep_time(settings: Any) -> str:
    return str(settings.retention.sweep_time)


JOBS = [
    Job("retention.service_usage", "service usage data N months after the contract ended",
        daily_at(_sweep_time), sweep_service_usage),
    Job("retention.web_analytics", "personal web analytics older than N months",
        daily_at(_sweep_time), sweep_web_analytics),
    Job("retention.marketing", "marketing data of people inactive for N months",
        daily_at(_sweep_time), sweep_inactive_marketing),
    Job("retention.raw_messages", "raw mail of closed cases and non-requests after N days",
        daily_at(_sweep_time), sweep_raw_messages),
    Job("retention.closed_cases", "closed cases minimised after N days",
        daily_at(_sweep_time), sweep_closed_cases),
]
SWEEPS = {j.name for j in JOBS}
