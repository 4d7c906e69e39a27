"""`/staff/cases/{ref}`: everything staff need to decide a case, on one page.

Mail is shown as text only: the parsed text, the new text the classifier read, and the raw
source, all autoescaped. HTML from mail is never rendered.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from bot.cases.attention import waiting_for  # who acts next: the queue shows it too
from bot.cases.audit import add_event
from bot.cases.views import letter_languages, readable
from bot.mail.parse import parse_message
from bot.pipeline.proceed import is_held
from bot.register.labels import TABLE_LABELS
from bot.runtime import Runtime
from bot.staff.accounts import StaffLogin
from bot.web.fmt import parse_date_or_datetime
from bot.web.pages import language, render
from bot.web.staff.queue import options, today
from bot.web.staff.trail import Sentence, narrate_event
from handlers.access import review_rows
from handlers.execution import person_of
from handlers.outcomes import OUTCOMES
from models import (
    PERSONAL_TABLES,
    ActorType,
    Case,
    CaseEvent,
    CaseMessage,
    CaseStatus,
    Consent,
    InboundMessage,
    OutboundMessage,
    OutboundState,
    Person,
    PersonEmail,
    ProcessorTask,
    RequestKind,
    Suppression,
    VerificationChallenge,
)
from models.enums import CLOSED_STATUSES

RAW_SHOWN = 200_000  # characters of raw source shown; the rest is cut with a note


@dataclass
class MessageView:
    id: int
    received_at: datetime
    from_addr: str
    subject: str
    text: str
    new_text: str
    raw: str
    raw_cut: bool
    automated_reasons: list[str]


@dataclass
class TimelineItem:
    at: datetime
    kind: str  # event / in / out
    who: str
    what: str
    details: dict[str, Any] = field(default_factory=dict)
    sentence: Sentence | None = None  # events: the trail's sentence in the page's language


def message_view(msg: InboundMessage) -> MessageView:
    parsed = msg.parsed or {}
    text, new_text = parsed.get("text"), parsed.get("new_text")
    if text is None:  # not parsed yet (or failed): parse for display, never for storage
        try:
            p = parse_message(msg.raw, envelope_from=msg.envelope_from)
            text, new_text = p.text, p.new_text
        except Exception:  # hostile mail that even the parser refuses: the raw source still shows
            text, new_text = "", ""
    raw = msg.raw.decode("utf-8", errors="replace")
    assert msg.id is not None
    return MessageView(id=msg.id, received_at=msg.received_at, from_addr=msg.from_addr,
                       subject=msg.subject, text=text or "", new_text=new_text or "",
                       raw=raw[:RAW_SHOWN], raw_cut=len(raw) > RAW_SHOWN,
                       automated_reasons=list(msg.automated_reasons or []))


def load_case(s: Session, reference: str) -> Case:
    case = s.exec(select(Case).where(Case.reference == reference[:32])).first()
    if case is None:
        raise HTTPException(404)
    return case


def register_entry(s: Session, case: Case) -> dict[str, Any] | None:
    person = s.get(Person, case.person_id) if case.person_id else None
    suppressed = s.exec(select(Suppression.list_name)
                        .where(Suppression.email_normalized == case.requester_email)).all()
    if person is None:
        return {"person": None, "suppressed": list(suppressed)}
    emails = [e.email for e in s.exec(select(PersonEmail).where(PersonEmail.person_id == person.id))]
    consents = list(s.exec(select(Consent).where(Consent.person_id == person.id)))
    records = {}
    for name, table in PERSONAL_TABLES.items():
        if name in ("person_email", "consent"):
            continue
        n = s.exec(select(func.count()).select_from(table).where(table.person_id == person.id)).one()  # type: ignore[attr-defined]
        records[name] = int(n)
    return {"person": person, "emails": emails, "consents": consents, "records": records,
            "suppressed": list(suppressed)}


def timeline(s: Session, case: Case, inbound: list[InboundMessage],
             outbound: list[OutboundMessage], *, lang: str = "en",
             tz: str = "Europe/Helsinki") -> list[TimelineItem]:
    items = [TimelineItem(e.at, "event", f"{e.actor_type}:{e.actor}", e.action, e.details or {},
                          narrate_event(e, lang, tz, kind=str(case.kind)))
             for e in s.exec(select(CaseEvent).where(CaseEvent.case_id == case.id)
                             .order_by(col(CaseEvent.id)))]
    items += [TimelineItem(m.received_at, "in", m.from_addr, m.subject, {"message": m.id}) for m in inbound]
    items += [TimelineItem(o.created_at, "out", o.to_addr, o.subject,
                           {"state": o.state, "purpose": o.purpose, "sent_at": o.sent_at,
                            "error": o.last_error}) for o in outbound]
    return sorted(items, key=lambda i: i.at)


def case_context(s: Session, rt: Runtime, case: Case, lang: str = "en") -> dict[str, Any]:
    ids = {m for m in s.exec(select(CaseMessage.inbound_message_id).where(CaseMessage.case_id == case.id))}
    if case.inbound_message_id:
        ids.add(case.inbound_message_id)
    inbound = list(s.exec(select(InboundMessage).where(col(InboundMessage.id).in_(ids))
                          .order_by(col(InboundMessage.received_at)))) if ids else []
    outbound = list(s.exec(select(OutboundMessage).where(OutboundMessage.case_id == case.id)
                           .order_by(col(OutboundMessage.created_at))))
    first = next((m for m in inbound if m.id == case.inbound_message_id), inbound[0] if inbound else None)
    challenge = s.get(VerificationChallenge, case.challenge_id) if case.challenge_id else None
    tasks = list(s.exec(select(ProcessorTask).where(ProcessorTask.case_id == case.id)
                        .order_by(col(ProcessorTask.id))))
    languages = letter_languages(s, case)
    events = list(s.exec(select(CaseEvent).where(CaseEvent.case_id == case.id).order_by(col(CaseEvent.id))))
    return {
        **status_view(s, case, events, tasks),
        "case": case,
        "closed": case.status in CLOSED_STATUSES,
        "read_in": {m.id: readable(m.raw, m.envelope_from, m.language or "") for m in inbound},
        "read_out": {m.id: readable(m.raw, None, languages.get(m.id or 0, case.language)) for m in outbound},
        "can_undo": _can_undo(s, case),
        "days_left": (case.effective_due - today(rt)).days,
        "message": message_view(first) if first else None,
        "followups": [message_view(m) for m in inbound if m is not first],
        "outbound": outbound,
        "challenge": challenge,
        "register": register_entry(s, case),
        "timeline": timeline(s, case, inbound, outbound, lang=lang, tz=rt.settings.deadlines.timezone),
        "tasks": tasks,
        "scores": sorted((case.scores or {}).items(), key=lambda kv: -_num(kv[1])),
        "kinds": [k.value for k in RequestKind],
        "outcomes": OUTCOMES,
        "opts": options(s),
        # tables named in the page's language (no English codes on fi/sv pages)
        "table_text": lambda t: TABLE_LABELS.get(lang, TABLE_LABELS["en"]).get(t, t),
    }


def status_view(s: Session, case: Case, events: list[CaseEvent],
                tasks: list[ProcessorTask]) -> dict[str, Any]:
    """What the page shows and offers for the case's status (issue 16 point 7)."""
    actions = {e.action for e in events}
    reclass = [e for e in events if e.action == "reclassified"]
    person = person_of(s, case)
    review = None
    if (case.status == CaseStatus.AWAITING_APPROVAL and "access_review" in (case.details or {})
            and person is not None):
        left_out = {(r["table"], r["id"]): r for r in case.details["access_review"].get("excluded", [])}
        review = {"tables": review_rows(s, case, person), "excluded": left_out}
    held = [o for o in s.exec(select(OutboundMessage).where(OutboundMessage.case_id == case.id,
                                                             OutboundMessage.state == OutboundState.HELD)
                              .order_by(col(OutboundMessage.id).desc()))]
    return {
        "waiting_for": waiting_for(case, tasks),
        "dmarc_held": is_held(s, case),
        "erased_done": "erased" in actions,
        "restriction": _restriction(case),
        "restricted_person": person if person is not None and person.restricted else None,
        "access_review": review,
        "override": reclass[-1] if reclass else None,
        "held_letters": held,  # never sent: staff see which and why
        "lifted": next((e for e in reversed(events) if e.action == "restriction_lifted"), None),
    }


def _restriction(case: Case) -> dict[str, Any]:
    """The case's restriction record with its dates as dates (the page formats them)."""
    info = dict((case.details or {}).get("restriction") or {})
    for k in ("followup_due", "followup_done_at"):
        if info.get(k):
            info[k] = parse_date_or_datetime(info[k])
    return info


def _can_undo(s: Session, case: Case) -> bool:
    """An unsubscribe that recorded what it withdrew, and was not undone yet."""
    if case.kind != RequestKind.UNSUBSCRIBE:
        return False
    actions = [(e.action, "consents_withdrawn" in e.details) for e in
               s.exec(select(CaseEvent).where(CaseEvent.case_id == case.id))]
    return ("unsubscribed", True) in actions and not any(a == "unsubscribe_undone" for a, _ in actions)


def _num(v: Any) -> float:
    try:
        return float(v)
    except (TypeError, ValueError):
        return 0.0


def render_case(request: Request, login: StaffLogin, reference: str, *, status: int = 200,
                error: str = "", done: str = "", extra: dict[str, Any] | None = None) -> Response:
    rt: Runtime = request.app.state.rt
    with rt.db.session() as s:
        case = load_case(s, reference)
        ctx = case_context(s, rt, case, language(request))
    ctx = {"closing": None, "preview": None, **ctx, **(extra or {})}
    return render(request, "staff/case.html", status=status, login=login, done=done, error=error, **ctx)


def case_page(request: Request, login: StaffLogin) -> Response:
    done = request.query_params.get("done", "")
    seen(request.app.state.rt, request.path_params["ref"], login)
    return render_case(request, login, request.path_params["ref"],
                       done=done if done.isidentifier() and len(done) < 32 else "")


def seen(rt: Runtime, reference: str, login: StaffLogin) -> None:
    """Staff opened a case with a new reply from the requester: the badge goes, audited."""
    with rt.db.session() as s:
        case = s.exec(select(Case).where(Case.reference == reference[:32])).first()
        if case is not None and "new_reply" in case.flags:
            case.flags = [f for f in case.flags if f != "new_reply"]
            s.add(case)
            add_event(s, rt, case, "new_reply_seen", actor_type=ActorType.STAFF, actor=login.username)
