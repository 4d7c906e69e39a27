"""The requester's side on the web: the request form (`/request`) and the status page (`/s/...`).

The form (issue 15, point 4). A submission names one or more rights, an email address and
optional details. Nothing happens until the person proves they read that mailbox: a signed,
expiring confirmation link goes to the address (whatever the address; the page never says
whether it is on file). The confirmed submission becomes exactly the cases an email would: it is
stored as an inbound message (source `form`, received when confirmed: before that nobody has
shown the request is theirs), joins an open case of the same kind like a mail would, and each
new case goes to its handler. Confirming the link IS the identity proof for an address on file
(identity.md: control of the address on file), so those cases are verified at once and go on
to execution; an address not on file gets the neutral reply, as a mail would. Floods are held
per client (an honest "try later") and per address (silently: the page is the same).

The status page (point 5). The link in each letter shows the letter's cases: reference, what
was asked, status in plain words, due date and the letters already sent; the requester can
withdraw a case (closed with the outcome `withdrawn` and its letter) or send a message that
joins the cases like a reply by mail.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import update
from sqlmodel import Session, col, func, select

from bot.cases.audit import add_event
from bot.cases.service import CaseError, link_message, open_case, reopen, set_status
from bot.mail.addresses import normalise_email
from bot.mail.parse import ParsedMessage, parse_stored
from bot.register.people import find_person
from bot.replies.send import case_line, due_of, send_reply
from bot.runtime import Runtime
from bot.runtime.logs import addr_hash
from bot.runtime.tokens import Purpose, TokenError, TokenExpired, sign, unsign
from handlers import ReceivedContext, get_handler
from handlers.outcomes import Closing, close
from models import (
    ActorType,
    Case,
    CaseEvent,
    CaseStatus,
    FormSubmission,
    InboundMessage,
    MessageSource,
    MessageState,
    OutboundMessage,
    OutboundState,
    RequestKind,
)
from models.enums import CLOSED_STATUSES

log = logging.getLogger(__name__)

# The rights the form offers, in the order of the choice form and the letters' numbers.
FORM_KINDS = (RequestKind.UNSUBSCRIBE, RequestKind.ACCESS, RequestKind.CORRECTION,
              RequestKind.ERASURE, RequestKind.RESTRICTION, RequestKind.PORTABILITY)
LANGUAGES = ("fi", "sv", "en")
MAX_ADDRESS = 254
MAX_DETAILS = 2000
MAX_FIELD = 200
FORM_PAGE_HOURS = 12  # the form's hidden CSRF field is good this long after the page was shown
CHANNEL = "form"
OTHER = "other"  # the form's "something else" choice (free text required)
PLACEHOLDER = "placeholder_kind"  # the case's kind is not what was asked until staff reclassify
OTHER_FLAG = "requester_other"  # as when a requester answers the choice form with something else


class AlreadyConfirmed(Exception):
    """The confirmation link was used before (a double click, a second tab)."""


# --- keyed hashes: the form_submission table holds no personal data ---------------------------

def _hash(rt: Runtime, what: str, value: str) -> str:
    key = rt.settings.secrets.signing_key().encode()
    return hmac.new(key, f"{what}:{value}".encode(), hashlib.sha256).hexdigest()


# --- the form's CSRF field ----------------------------------------------------------------------

def form_csrf(rt: Runtime) -> str:
    """The /request page's hidden field: signed, with the time the page was shown."""
    return sign(rt.settings, Purpose.REQUEST_FORM, [secrets.token_urlsafe(9),
                                                    int(rt.clock.now().timestamp())], timed=False)


def check_form_csrf(rt: Runtime, value: str) -> bool:
    try:
        got = unsign(rt.settings, Purpose.REQUEST_FORM, value, timed=False)
    except TokenError:
        return False
    if not isinstance(got, list) or len(got) != 2 or not isinstance(got[1], int):
        return False
    age = rt.clock.now() - datetime.fromtimestamp(got[1], UTC)
    return timedelta(minutes=-5) <= age <= timedelta(hours=FORM_PAGE_HOURS)


def same_origin(origin: str | None, host: str | None) -> bool:
    """A browser's POST names where its page came from; another site's is refused. No header (or
    `null`, sent under `no-referrer`): the signed field still guards."""
    if not origin or origin == "null":
        return True
    return urlsplit(origin).netloc == (host or "")


# --- the submission -----------------------------------------------------------------------------

@dataclass
class FormInput:
    email: str = ""
    kinds: list[str] = field(default_factory=list)
    phone: str = ""  # a correction's new phone number
    reason: str = ""  # a restriction's reason
    details: str = ""  # anything else the person wants to tell
    language: str = "fi"
    other: str = ""  # "something else": what the person wants, in their words
    something_else: bool = False  # the "something else" box is ticked

    @property
    def kinds_with_other(self) -> list[str]:
        return [*self.kinds, *([OTHER] if self.something_else else [])]

    def clean(self) -> FormInput:
        return FormInput(
            email=normalise_email(self.email or "")[:MAX_ADDRESS + 1],
            kinds=[k.value for k in FORM_KINDS if k.value in set(self.kinds)],
            phone=" ".join((self.phone or "").split())[:MAX_FIELD],
            reason=(self.reason or "").strip()[:MAX_DETAILS],
            details=(self.details or "").strip()[:MAX_DETAILS],
            language=self.language if self.language in LANGUAGES else "fi",
            something_else=self.something_else or OTHER in set(self.kinds),
            other=(self.other or "").strip()[:MAX_DETAILS]
            if self.something_else or OTHER in set(self.kinds) else "")


def problems(inp: FormInput) -> dict[str, str]:
    """Field -> message key of what is wrong (the page ties each message to its field)."""
    out: dict[str, str] = {}
    if not inp.kinds and not inp.something_else:
        out["kind"] = "req_err_kind"
    if inp.something_else and not inp.other:
        out["other"] = "req_err_other"
    local, at, domain = inp.email.rpartition("@")
    if (not at or not local or "." not in domain or len(inp.email) > MAX_ADDRESS
            or any(ch.isspace() or ch in "<>,;\"" for ch in inp.email)):
        out["email"] = "req_err_email"
    if inp.phone and not any(ch.isdigit() for ch in inp.phone):
        out["phone"] = "req_err_phone"
    return out


def submit(rt: Runtime, s: Session, inp: FormInput, *, client: str) -> str:
    """A valid submission: "sent" (the page says: look in your mailbox; also when the per-address
    limit silently held the mail back) or "busy" (this client sent too many: try later)."""
    now = rt.clock.now()
    cfg = rt.settings.public
    client_h = _hash(rt, "client", client or "?")
    recent = s.exec(select(func.count()).select_from(FormSubmission).where(
        FormSubmission.client_hash == client_h,
        col(FormSubmission.created_at) >= now - timedelta(hours=1))).one()
    if recent >= cfg.form_per_client_per_hour:
        log.warning("request form: client limit", extra={"client": client_h[:12]})
        return "busy"
    address_h = _hash(rt, "address", inp.email)
    to_address = s.exec(select(func.count()).select_from(FormSubmission).where(
        FormSubmission.address_hash == address_h, FormSubmission.sent,
        col(FormSubmission.created_at) >= now - timedelta(days=1))).one()
    nonce = secrets.token_urlsafe(18)
    send = to_address < cfg.form_per_address_per_day
    s.add(FormSubmission(nonce_hash=_hash(rt, "nonce", nonce), address_hash=address_h,
                         client_hash=client_h, created_at=now, sent=send))
    s.flush()
    if not send:
        log.warning("request form: address limit", extra={"to": addr_hash(inp.email)})
        return "sent"
    token = confirm_token(rt, inp, nonce)
    send_reply(s, rt, template="form_confirm", language=inp.language, to=inp.email, cases=[],
               purpose="form_confirm", auto_reply=False,
               confirm_url=f"{rt.settings.web.base_url.rstrip('/')}/request/confirm/{token}",
               kinds=inp.kinds, other=inp.other, hours=cfg.confirm_link_hours,
               extra_headers={"Auto-Submitted": "auto-generated"})
    log.info("request form: confirmation sent", extra={"to": addr_hash(inp.email),
                                                       "kinds": inp.kinds_with_other})
    return "sent"


# --- the confirmation link ----------------------------------------------------------------------

@dataclass(frozen=True)
class Pending:
    inp: FormInput
    nonce: str
    issued: datetime


def confirm_token(rt: Runtime, inp: FormInput, nonce: str) -> str:
    payload = {"e": inp.email, "k": inp.kinds, "p": inp.phone, "r": inp.reason, "d": inp.details,
               "l": inp.language, "n": nonce, "t": int(rt.clock.now().timestamp()),
               "o": inp.other if inp.something_else else None}
    return sign(rt.settings, Purpose.REQUEST_CONFIRM, payload, timed=False)


def read_confirm_token(rt: Runtime, token: str) -> Pending:
    p = unsign(rt.settings, Purpose.REQUEST_CONFIRM, token, timed=False)
    if not isinstance(p, dict) or not isinstance(p.get("t"), int) or not isinstance(p.get("n"), str):
        raise TokenError("not a confirmation link")
    inp = FormInput(email=str(p.get("e", "")), kinds=[str(k) for k in p.get("k") or []],
                    phone=str(p.get("p", "")), reason=str(p.get("r", "")), details=str(p.get("d", "")),
                    language=str(p.get("l", "fi")), something_else=p.get("o") is not None,
                    other=str(p.get("o") or "")).clean()
    if problems(inp):
        raise TokenError("not a confirmation link")
    issued = datetime.fromtimestamp(p["t"], UTC)
    age = rt.clock.now() - issued
    if age > timedelta(hours=rt.settings.public.confirm_link_hours):
        raise TokenExpired("confirmation link expired")
    if age < timedelta(minutes=-5):
        raise TokenError("confirmation link from the future")
    return Pending(inp, p["n"], issued)


def confirm_csrf(rt: Runtime, token: str) -> str:
    return sign(rt.settings, Purpose.REQUEST_CONFIRM_FORM,
                hashlib.sha256(token.encode()).hexdigest()[:32], timed=False)


def check_confirm_csrf(rt: Runtime, token: str, value: str) -> bool:
    try:
        got = unsign(rt.settings, Purpose.REQUEST_CONFIRM_FORM, value, timed=False)
    except TokenError:
        return False
    return isinstance(got, str) and hmac.compare_digest(got, hashlib.sha256(token.encode()).hexdigest()[:32])


def confirmed_already(rt: Runtime, s: Session, pending: Pending) -> bool:
    row = s.exec(select(FormSubmission).where(
        FormSubmission.nonce_hash == _hash(rt, "nonce", pending.nonce))).first()
    return row is None or row.confirmed_at is not None


def confirm(rt: Runtime, s: Session, token: str, *, ip: str) -> list[Case]:
    """The POST behind the confirmation link: once only (one conditional UPDATE wins), then the
    request is taken in exactly as a mail from that address would be."""
    pending = read_confirm_token(rt, token)
    now = rt.clock.now()
    res = s.exec(update(FormSubmission)
                 .where(col(FormSubmission.nonce_hash) == _hash(rt, "nonce", pending.nonce),
                        col(FormSubmission.confirmed_at).is_(None))
                 .values(confirmed_at=now))
    if res.rowcount != 1:
        raise AlreadyConfirmed()
    return take_in(rt, s, pending.inp, ip=ip)


def _body(inp: FormInput) -> str:
    """The request in the person's words as the form gathered them, in their language; what the
    handlers read (a correction's new phone number) is written the way a letter would put it."""
    t = _MAIL_TEXT[inp.language]
    lines = [t["intro"], ""]
    lines += [f"- {t[k]}" for k in inp.kinds]
    if inp.something_else:
        lines += [f"- {t['other']}:", inp.other]
    if inp.phone:
        lines += ["", f"{t['phone']}: {inp.phone}"]
    if inp.reason:
        lines += ["", f"{t['reason']}:", inp.reason]
    if inp.details:
        lines += ["", f"{t['details']}:", inp.details]
    return "\n".join(lines) + "\n"


def _raw(rt: Runtime, inp: FormInput, now: datetime) -> bytes:
    m = EmailMessage()
    m["From"] = inp.email
    m["To"] = rt.settings.outbound.from_address
    m["Subject"] = _MAIL_TEXT[inp.language]["subject"]
    m["Date"] = format_datetime(now)
    host = urlsplit(rt.settings.web.base_url).hostname or "localhost"
    m["Message-ID"] = make_msgid("form", domain=host)
    m["X-Request-Channel"] = CHANNEL
    m.set_content(_body(inp))
    return bytes(m)


def store(rt: Runtime, s: Session, inp: FormInput, *, subject: str = "", body: str = "",
          outcome: str = "request") -> tuple[InboundMessage, ParsedMessage]:
    """What came through the web, stored like mail (durably, raw first): staff read it beside
    the mail of the case, and the handlers read it the way they read a letter."""
    now = rt.clock.now()
    raw = _raw(rt, inp, now) if not body else _message_raw(rt, inp.email, subject, body, now)
    parsed = parse_stored(raw, source=MessageSource.FORM.value, envelope_from=inp.email)
    msg = InboundMessage(
        received_at=now, source=MessageSource.FORM, peer="web", envelope_from=inp.email,
        envelope_to=[rt.settings.outbound.from_address], message_id=parsed.message_id[:998],
        sha256=hashlib.sha256(raw).hexdigest(), size=len(raw), raw=raw,
        state=MessageState.PROCESSED, processed_at=now, from_addr=inp.email,
        subject=parsed.subject[:998], language=inp.language, kinds=list(inp.kinds) if not body else [],
        outcome=outcome, parsed=parsed.to_json())
    s.add(msg)
    s.flush()
    return msg, parsed


def _message_raw(rt: Runtime, sender: str, subject: str, body: str, now: datetime) -> bytes:
    m = EmailMessage()
    m["From"] = sender
    m["To"] = rt.settings.outbound.from_address
    m["Subject"] = subject
    m["Date"] = format_datetime(now)
    host = urlsplit(rt.settings.web.base_url).hostname or "localhost"
    m["Message-ID"] = make_msgid("status", domain=host)
    m["X-Request-Channel"] = CHANNEL
    m.set_content(body)
    return bytes(m)


def _open_similar(s: Session, rt: Runtime, sender: str, kind: RequestKind) -> Case | None:
    since = rt.clock.now() - timedelta(days=rt.settings.cases.join_days)
    for c in s.exec(select(Case).where(Case.requester_email == sender, Case.kind == kind,
                                       col(Case.created_at) >= since)
                    .order_by(col(Case.id).desc())).all():
        if c.status not in CLOSED_STATUSES:
            return c
    return None


def take_in(rt: Runtime, s: Session, inp: FormInput, *, ip: str) -> list[Case]:
    """The confirmed request: a case per new kind (an open case of the same kind from the same
    address is joined, as a mail would be), each received by its handler; the cases of an
    address on file are verified by the confirmation itself; one acknowledgement."""
    msg, parsed = store(rt, s, inp)
    sender = inp.email
    person = find_person(s, sender)
    ctx = ReceivedContext(inbound=msg, parsed=parsed, person=person, language=inp.language)
    cases: list[Case] = []
    joined: list[Case] = []
    for kind in (RequestKind(k) for k in inp.kinds):
        existing = _open_similar(s, rt, sender, kind)
        if existing is not None:
            link_message(s, rt, existing, msg, reason="same requester and kind")
            joined.append(existing)
            continue
        case = open_case(s, rt, kind=kind, requester_email=sender, language=inp.language,
                         received_at=msg.received_at, inbound=msg, person=person,
                         reasons=["request form"], flags=[], thread_message_id=parsed.message_id)
        case.details = {**case.details, "channel": CHANNEL}
        s.add(case)
        add_event(s, rt, case, "form_confirmed", actor_type=ActorType.REQUESTER, actor=sender,
                  details={"via": "link", "answered_from": f"ip:{ip}", "kinds": inp.kinds})
        get_handler(kind).on_received(s, rt, case, ctx)
        cases.append(case)
    if inp.something_else and not inp.kinds:
        cases.append(_something_else(rt, s, inp, msg, parsed, person, ip=ip))
    # identity.md: control of the address on file is the proof, and the person just showed it.
    verified = [c for c in ctx.to_challenge if c.status == CaseStatus.AWAITING_VERIFICATION]
    for c in verified:
        set_status(s, rt, c, CaseStatus.VERIFIED, actor_type=ActorType.REQUESTER, actor=sender,
                   details={"via": "form", "answered_from": f"ip:{ip}"})
    if cases:
        lines = [case_line(c, done=c.id in ctx.done) for c in cases]
        send_reply(s, rt, template="acknowledgement" if person is not None else "neutral",
                   language=inp.language, to=sender, cases=cases, purpose="acknowledgement",
                   inbound=msg, in_reply_to=None, references=None,
                   original_subject="", case_lines=lines, verify=None, due=due_of(cases))
    for c in verified:
        get_handler(c.kind).on_verified(s, rt, c)
    log.info("request form: confirmed", extra={"inbound_id": msg.id, "cases": [c.reference for c in cases],
                                               "joined": len(joined), "from": addr_hash(sender)})
    return [*cases, *joined]


def _something_else(rt: Runtime, s: Session, inp: FormInput, msg: InboundMessage, parsed: ParsedMessage,
                    person: Any, *, ip: str) -> Case:
    """Only "something else": a case for staff, unclear, with its legal deadline from now (the
    confirmation), never dropped. Its kind is a placeholder staff change (reclassify): no handler
    runs, nothing is done until staff decide."""
    case = open_case(s, rt, kind=RequestKind.ACCESS, requester_email=inp.email, language=inp.language,
                     received_at=msg.received_at, inbound=msg, person=person,
                     reasons=["request form: something else"], needs_review=True, flags=[OTHER_FLAG],
                     thread_message_id=parsed.message_id)
    case.details = {**case.details, "channel": CHANNEL, PLACEHOLDER: True,
                    "unclear": {"guessed": [], "outcome": "unclear", "other": inp.other}}
    s.add(case)
    add_event(s, rt, case, "form_confirmed", actor_type=ActorType.REQUESTER, actor=inp.email,
              details={"via": "link", "answered_from": f"ip:{ip}", "kinds": [], "other": inp.other})
    add_event(s, rt, case, "queued_for_staff", details={"reason": "the requester chose something else"})
    return case


# --- the status page ----------------------------------------------------------------------------

PLAIN_STATUS = {  # the status in plain words, key of the page's catalogue
    CaseStatus.RECEIVED: "st_received",
    CaseStatus.AWAITING_VERIFICATION: "st_awaiting_verification",
    CaseStatus.VERIFIED: "st_in_progress",
    CaseStatus.IN_PROGRESS: "st_in_progress",
    CaseStatus.AWAITING_APPROVAL: "st_in_progress",
    CaseStatus.AWAITING_PROCESSORS: "st_awaiting_processors",
    CaseStatus.AWAITING_REQUESTER: "st_awaiting_requester",
    CaseStatus.COMPLETED: "st_completed",
    CaseStatus.REJECTED: "st_rejected",
    CaseStatus.WITHDRAWN: "st_withdrawn",
    CaseStatus.EXPIRED: "st_expired",
    CaseStatus.MERGED: "st_merged",
}


def status_cases(s: Session, ids: tuple[int, ...]) -> list[Case]:
    """The link's cases, all of one requester (a link naming someone else's case is refused)."""
    cases = list(s.exec(select(Case).where(col(Case.id).in_(list(ids))).order_by(col(Case.id))).all())
    if len(cases) != len(set(ids)) or len({c.requester_email for c in cases}) != 1:
        raise TokenError("not a status link")
    return cases


def letters(s: Session, cases: list[Case]) -> list[OutboundMessage]:
    """Letters about these cases that have left (sent): only what the requester already has."""
    ids = [c.id for c in cases]
    out_ids: set[int] = set()
    for e in s.exec(select(CaseEvent).where(col(CaseEvent.case_id).in_(ids),
                                            CaseEvent.action == "reply_queued")).all():
        oid = (e.details or {}).get("outbound_id")
        if isinstance(oid, int):
            out_ids.add(oid)
    out_ids.update(i for i in s.exec(select(OutboundMessage.id)
                                     .where(col(OutboundMessage.case_id).in_(ids))).all() if i)
    if not out_ids:
        return []
    to = cases[0].requester_email
    rows = s.exec(select(OutboundMessage).where(col(OutboundMessage.id).in_(sorted(out_ids)),
                                                OutboundMessage.state == OutboundState.SENT)
                  .order_by(col(OutboundMessage.id))).all()
    return [r for r in rows if normalise_email(r.to_addr) == to]


def withdraw(rt: Runtime, s: Session, case: Case, *, ip: str) -> None:
    """The requester withdraws one case: audited, closed as `withdrawn` with its letter."""
    s.refresh(case, with_for_update=True)  # a double click withdraws (and writes) once
    if case.status in CLOSED_STATUSES:
        raise CaseError(f"case {case.reference} is {case.status.value}")
    add_event(s, rt, case, "withdrawn_by_requester", actor_type=ActorType.REQUESTER,
              actor=case.requester_email, details={"via": "status page", "answered_from": f"ip:{ip}"})
    close(s, rt, case, Closing("withdrawn"), actor=case.requester_email, actor_type=ActorType.REQUESTER)


def messages_today(rt: Runtime, s: Session, cases: list[Case]) -> int:
    since = rt.clock.now() - timedelta(days=1)
    return int(s.exec(select(func.count()).select_from(CaseEvent).where(
        col(CaseEvent.case_id).in_([c.id for c in cases]), CaseEvent.action == "message_from_status_page",
        col(CaseEvent.at) >= since)).one())


def add_message(rt: Runtime, s: Session, cases: list[Case], text: str, *, ip: str) -> InboundMessage:
    """A message written on the status page joins the cases as a reply by mail would: stored,
    linked, the cases raised for staff ("new reply"; a closed case opens again)."""
    first = cases[0]
    lang = first.language if first.language in LANGUAGES else "en"
    subject = f"{_MAIL_TEXT[lang]['message_subject']} [{', '.join(c.reference for c in cases)}]"
    msg, _parsed = store(rt, s, FormInput(email=first.requester_email, language=lang),
                         subject=subject, body=text.strip()[:MAX_DETAILS] + "\n", outcome="follow_up")
    for c in cases:
        if c.status in CLOSED_STATUSES and c.status != CaseStatus.MERGED:
            reopen(s, rt, c, "the requester wrote on the status page", actor=c.requester_email,
                   actor_type=ActorType.REQUESTER, flag="new_reply")
        c.needs_review = True
        c.flags = sorted({*c.flags, "new_reply"})
        s.add(c)
        link_message(s, rt, c, msg, reason="status page")
        add_event(s, rt, c, "message_from_status_page", actor_type=ActorType.REQUESTER,
                  actor=c.requester_email,
                  details={"inbound_message_id": msg.id, "answered_from": f"ip:{ip}"})
    return msg


def summary(case: Case) -> dict[str, Any]:
    kind = OTHER if (case.details or {}).get(PLACEHOLDER) else case.kind.value  # never a guessed right
    return {"reference": case.reference, "kind": kind, "status": PLAIN_STATUS[case.status],
            "due": case.effective_due, "open": case.status not in CLOSED_STATUSES,
            "received_at": case.received_at, "closed_at": case.closed_at}


# The stored form message, in the requester's language (what staff read, what handlers parse).
_MAIL_TEXT: dict[str, dict[str, str]] = {
    "fi": {"subject": "Tietosuojapyyntö (lomake)", "intro": "Pyydän tietosuojalomakkeella:",
           "unsubscribe": "Lopettakaa markkinointi minulle", "access": "Haluan nähdä tietoni",
           "correction": "Korjatkaa tietoni", "erasure": "Poistakaa tietoni",
           "restriction": "Rajoittakaa tietojeni käsittelyä",
           "portability": "Siirtäkää tietoni koneluettavassa muodossa",
           "other": "Jotain muuta",
           "phone": "Uusi puhelinnumero", "reason": "Rajoittamisen syy", "details": "Lisätietoja",
           "message_subject": "Viesti tilasivulta"},
    "sv": {"subject": "Begäran om dataskydd (formulär)", "intro": "Jag begär via dataskyddsformuläret:",
           "unsubscribe": "Sluta skicka marknadsföring till mig", "access": "Jag vill se mina uppgifter",
           "correction": "Rätta mina uppgifter", "erasure": "Radera mina uppgifter",
           "restriction": "Begränsa behandlingen av mina uppgifter",
           "portability": "Flytta mina uppgifter i maskinläsbar form",
           "other": "Något annat",
           "phone": "Nytt telefonnummer", "reason": "Skäl till begränsningen", "details": "Mer information",
           "message_subject": "Meddelande från statussidan"},
    "en": {"subject": "Privacy request (form)", "intro": "I ask through the privacy request form:",
           "unsubscribe": "Stop sending me marketing", "access": "I want to see my data",
           "correction": "Correct my data", "erasure": "Delete my data",
           "restriction": "Restrict the processing of my data",
           "portability": "Move my data in a machine-readable format",
           "other": "Something else",
           "phone": "New phone number", "reason": "Reason for the restriction", "details": "More details",
           "message_subject": "Message from the status page"},
}
