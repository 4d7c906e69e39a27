"""After parsing: decide what a message is and hand it on (classification, cases, replies).

In order: automated mail is stored and never answered (a bounce of our own reply is linked to
its case); mail our receiving server found failing DMARC gets no automatic reply; a reply
carrying the code of one of our identity challenges goes to verification; a message in an open
case's thread, or from the same requester about the same kind within `[cases] join_days`, joins
that case; every other request kind opens one case, and the new cases of one message are
answered together in one reply.
"""

from __future__ import annotations

import logging
import re
from datetime import timedelta
from typing import Any

from sqlmodel import Session, col, select

from bot.cases.audit import add_event
from bot.cases.service import CaseError, link_message, open_case, reopen
from bot.classify import Classification, get_classifier
from bot.mail.addresses import normalise_email
from bot.mail.auth import authentication, flags_for
from bot.mail.parse import ParsedMessage, parse_stored
from bot.pipeline.acknowledge import acknowledge
from bot.pipeline.asking import (
    answer_by_mail,
    ask_unsubscribe,
    doubtful_unsubscribe,
    open_unclear,
    unclear,
)
from bot.register.people import find_person
from bot.replies.send import send_reply
from bot.runtime import Runtime
from bot.runtime.logs import addr_hash
from bot.runtime.metrics import observe_classification
from handlers import ReceivedContext, get_handler
from handlers.verification import ChallengeState, attempts_left, verify_code
from models import (
    ActorType,
    Case,
    CaseMessage,
    CaseStatus,
    InboundMessage,
    MessageState,
    OutboundMessage,
    Person,
    RequestKind,
    VerificationChallenge,
)
from models.enums import CLOSED_STATUSES

log = logging.getLogger(__name__)

_REF = re.compile(r"\b([A-Z]{1,8}-\d{4}-\d{5})\b")
_MSGID = re.compile(rb"<[^<>\s@]{1,200}@[^<>\s]{1,200}>")
MAX_ADDRESS = 254  # RFC 5321 path limit; anything longer is hostile and gets no case or reply
SHORT_ANSWER = 300  # characters: a verification answer is short unless it is in our thread
# Forwarded: "Fwd:/Fw:" (en), "VL:" (fi), "VB:" (sv), "WG:" (de), "TR:" (fr), "RV:" (es).
_FWD_SUBJECT = re.compile(r"^\s*(fwd?|vl|vb|wg|tr|rv)\s*:", re.I)
_FWD_BODY = re.compile(
    r"-{2,}\s*(forwarded message|original message|välitetty viesti|alkuperäinen viesti|"
    r"vidarebefordrat meddelande|ursprungligt meddelande|weitergeleitete nachricht)\s*-{2,}|"
    r"^begin forwarded message:", re.I | re.M)


def on_behalf_of_another(parsed: ParsedMessage) -> bool:
    """A forwarded request speaks for someone else (identity.md): staff review, nothing runs."""
    return bool(_FWD_SUBJECT.match(parsed.subject or "") or _FWD_BODY.search(parsed.text or ""))


class Outcome:
    AUTOMATED = "automated"
    BOUNCE = "bounce"
    VERIFICATION = "verification"
    REQUEST = "request"
    FOLLOW_UP = "follow_up"
    NOT_REQUEST = "not_request"
    NO_SENDER = "no_sender"
    UNCLEAR = "unclear"  # a case asking the requester what they want


def route(rt: Runtime, s: Session, msg: InboundMessage, parsed: ParsedMessage) -> None:
    cls = classify(rt, parsed)
    msg.language = cls.language or None
    msg.kinds = sorted(str(k) for k in cls.kinds)
    if parsed.automated and not cls.automated:
        # Only an out-of-office subject or text said "automated", and the body asks clearly: a
        # person's request, flagged for staff by the classifier (issue 14).
        msg.automated = False
        msg.automated_reasons = [*msg.automated_reasons, "overruled: a clear request (classifier)"]
    elif cls.automated:
        if not parsed.automated:
            msg.automated = True
            msg.automated_reasons = [*msg.automated_reasons, "automated text (classifier)"]
        msg.outcome = _link_automated(s, rt, msg, parsed)
        return
    sender = normalise_email(parsed.from_addr)
    if not sender or "@" not in sender or len(sender) > MAX_ADDRESS:
        msg.outcome = Outcome.NO_SENDER
        return
    auth = authentication(rt.settings, parsed, msg.raw)
    msg.flags = sorted({*msg.flags, *flags_for(auth)})
    every = _thread_cases(s, parsed, sender, closed_too=True)
    thread = [c for c in every if c.status not in CLOSED_STATUSES]
    kinds = [RequestKind(k) for k in msg.kinds if k in RequestKind._value2member_map_]
    waiting = [c for c in thread if c.status == CaseStatus.AWAITING_REQUESTER]
    if waiting:
        msg.outcome = _answer_to_question(s, rt, msg, parsed, waiting[0])
        return
    if _verification_answer(s, rt, msg, parsed, sender, thread, has_request=bool(kinds)):
        msg.outcome = Outcome.VERIFICATION
        return
    closed = [c for c in every if c.status in CLOSED_STATUSES and c.status != CaseStatus.MERGED]
    if closed and not thread:
        msg.outcome = _reply_to_closed(s, rt, msg, closed)
        return
    if unclear(cls, kinds):
        flags, auth, _forwarded = _flags(rt, parsed, msg, sender, auth)
        case = open_unclear(s, rt, msg, parsed, sender, kinds, cls, flags, held=forged_sender(msg))
        if auth:
            case.details = {**case.details, "authentication": auth}
            add_event(s, rt, case, "sender_authentication", details=auth)
        msg.outcome = Outcome.UNCLEAR
        return
    if not kinds:
        msg.outcome = _not_a_request(s, rt, msg, parsed, thread, cls)
        return
    msg.outcome = _requests(s, rt, msg, parsed, sender, kinds, thread, cls, auth=auth)


def forged_sender(msg: InboundMessage) -> bool:
    """Our receiving server says the From domain's DMARC check failed: the sender is probably
    forged, so nothing goes back to that address automatically (backscatter); staff see the
    `dmarc_fail` flag on the message and its cases and decide."""
    return "dmarc_fail" in msg.flags


def open_as_request(rt: Runtime, s: Session, msg: InboundMessage, kinds: list[RequestKind],
                    language: str, staff: str) -> list[Case]:
    """Staff say a message the bot did not take for a request is one. It then goes exactly the
    way a classified request goes (flags, handlers, identity challenge, one acknowledgement), and
    its deadline runs from when the message arrived, not from now. Returns the cases it opened
    or joined; raises CaseError when the message cannot be a request."""
    if msg.state != MessageState.PROCESSED:
        raise CaseError("the message has not been processed yet (or failed): nothing to open")
    if msg.automated:
        raise CaseError("automated mail is never answered automatically; reply by hand if needed")
    if s.exec(select(CaseMessage.id).where(CaseMessage.inbound_message_id == msg.id)).first():
        raise CaseError("the message already belongs to a case")
    if not kinds:
        raise CaseError("choose at least one request kind")
    parsed = parse_stored(msg.raw, source=msg.source, envelope_from=msg.envelope_from)
    sender = normalise_email(parsed.from_addr)
    if not sender or "@" not in sender or len(sender) > MAX_ADDRESS:
        raise CaseError("the message has no usable sender address")
    language = language if language in ("fi", "sv", "en") else "en"
    kinds = sorted(set(kinds))
    cls = Classification(language=msg.language or language, reply_language=language,
                         kinds=[str(k) for k in kinds], scores={},
                         reasons=[f"opened as a request by staff ({staff})"])
    before = {str(k) for k in msg.kinds}
    msg.kinds = [str(k) for k in kinds]
    msg.outcome = _requests(s, rt, msg, parsed, sender, kinds, _thread_cases(s, parsed, sender), cls,
                            by_staff=True)
    s.add(msg)
    s.flush()
    cases = list(s.exec(select(Case).join(CaseMessage, col(CaseMessage.case_id) == Case.id)
                        .where(CaseMessage.inbound_message_id == msg.id).order_by(col(Case.id))).all())
    for case in cases:
        add_event(s, rt, case, "opened_by_staff", actor_type=ActorType.STAFF, actor=staff,
                  details={"inbound_message_id": msg.id, "kinds": msg.kinds,
                           "classifier_kinds": sorted(before)})
    return cases


def start_new_kind(rt: Runtime, s: Session, case: Case) -> str:
    """After staff changed an open case's kind, start the new kind's process from where the case
    stands: a case not yet challenged (or now of a kind that needs no identity check) is
    received again by the new handler, with the acknowledgement that goes with it; a verified
    case goes to the new handler's verified step. Nothing runs for closed cases or for requests
    made on behalf of another person (staff decide those). Returns the step it ran, or "none"."""
    if case.status in CLOSED_STATUSES or "on_behalf_of_another" in case.flags:
        return "none"
    handler = get_handler(case.kind)
    if case.status == CaseStatus.RECEIVED or (case.status == CaseStatus.AWAITING_VERIFICATION
                                              and not handler.needs_verification):
        msg = s.get(InboundMessage, case.inbound_message_id) if case.inbound_message_id else None
        if msg is None:
            return "none"
        parsed = parse_stored(msg.raw, source=msg.source, envelope_from=msg.envelope_from)
        person = s.get(Person, case.person_id) if case.person_id else None
        ctx = ReceivedContext(inbound=msg, parsed=parsed, person=person, language=case.language)
        handler.on_received(s, rt, case, ctx)
        if ctx.to_challenge or ctx.done:
            acknowledge(s, rt, msg, parsed, person, [case], ctx)
        return "received"
    if case.status in (CaseStatus.VERIFIED, CaseStatus.AWAITING_APPROVAL) and case.verified_at:
        handler.on_verified(s, rt, case)
        return "verified"
    return "none"


# --- classification -------------------------------------------------------------------------

def classify(rt: Runtime, parsed: ParsedMessage) -> Classification:
    import time


    classifier = get_classifier(rt.settings)  # loading the pipeline once is not classification time
    started = time.perf_counter()
    try:
        return classifier.classify_parsed(parsed)
    finally:
        observe_classification(time.perf_counter() - started)  # /metrics: bot_classification_seconds


# --- automated mail ---------------------------------------------------------------------------

def _our_message_ids(parsed: ParsedMessage, raw: bytes) -> set[str]:
    ids = {parsed.in_reply_to, *parsed.references}
    # A DSN carries our message (or its headers) inside; its Message-ID is the link to the case.
    ids.update(m.decode("ascii", "replace") for m in _MSGID.findall(raw[:1_000_000]))
    return {i.strip() for i in ids if i and i.strip()}


def _link_automated(s: Session, rt: Runtime, msg: InboundMessage, parsed: ParsedMessage) -> str:
    """Stored, never answered. A bounce of (or auto-reply to) our own reply joins its case."""
    ids = _our_message_ids(parsed, msg.raw)
    ours = list(s.exec(select(OutboundMessage)
                       .where(col(OutboundMessage.message_id).in_(sorted(ids)[:500]))).all()) if ids else []
    reasons = " ".join(parsed.automated_reasons).lower()
    bounce = any(w in reasons for w in ("multipart/report", "null envelope", "system sender"))
    for out in ours:
        if out.case_id is None:
            continue
        case = s.get(Case, out.case_id)
        if case is None:
            continue
        assert case.id is not None and msg.id is not None
        s.add(CaseMessage(case_id=case.id, inbound_message_id=msg.id))
        if bounce:
            add_event(s, rt, case, "reply_bounced", details={
                "outbound_id": out.id, "purpose": out.purpose, "inbound_message_id": msg.id})
            case.needs_review = True
            case.flags = sorted({*case.flags, "reply_bounced"})
            s.add(case)
        else:
            add_event(s, rt, case, "automatic_reply_received", details={
                "outbound_id": out.id, "inbound_message_id": msg.id,
                "reasons": parsed.automated_reasons[:5]})
        break
    return Outcome.BOUNCE if bounce and ours else Outcome.AUTOMATED


# --- threads and verification answers -----------------------------------------------------------

def _thread_cases(s: Session, parsed: ParsedMessage, sender: str, *, closed_too: bool = False) -> list[Case]:
    """Open cases of this requester that the message refers to (headers or [PR-…] in Subject);
    with `closed_too`, closed ones as well."""
    ids = sorted({parsed.in_reply_to, *parsed.references} - {""})[:100]
    case_ids: set[int] = set()
    if ids:
        case_ids.update(i for i in s.exec(select(OutboundMessage.case_id)
                                          .where(col(OutboundMessage.message_id).in_(ids))).all() if i)
        case_ids.update(i for i in s.exec(select(Case.id)
                                          .where(col(Case.thread_message_id).in_(ids))).all() if i)
    refs = _REF.findall(parsed.subject or "")[:10]
    if refs:
        case_ids.update(i for i in s.exec(select(Case.id).where(col(Case.reference).in_(refs))).all() if i)
    if not case_ids:
        return []
    cases = s.exec(select(Case).where(col(Case.id).in_(sorted(case_ids)), Case.requester_email == sender)
                   .order_by(col(Case.id))).all()
    return [c for c in cases if closed_too or c.status not in CLOSED_STATUSES]


def _answer_to_question(s: Session, rt: Runtime, msg: InboundMessage, parsed: ParsedMessage,
                        case: Case) -> str:
    """A reply to our question (what do you want? / stop marketing?): understood, or left to staff."""
    link_message(s, rt, case, msg, reason="thread")
    if answer_by_mail(rt, s, case, msg, parsed):
        return Outcome.FOLLOW_UP
    case.needs_review = True
    case.flags = sorted({*case.flags, "new_reply"})
    s.add(case)
    add_event(s, rt, case, "queued_for_staff", details={"reason": "the requester's reply was not understood"})
    return Outcome.FOLLOW_UP


def _reply_to_closed(s: Session, rt: Runtime, msg: InboundMessage, closed: list[Case]) -> str:
    """A reply in a closed case's thread joins it and raises it in the queue, whatever the
    classifier says about it: the requester is answering us (perhaps to say we got it wrong)."""
    for case in closed:
        link_message(s, rt, case, msg, reason="thread of a closed case")
        reopen(s, rt, case, "the requester replied in the case's thread", actor=case.requester_email,
               actor_type=ActorType.REQUESTER, flag="new_reply")
    return Outcome.FOLLOW_UP


def _verification_answer(s: Session, rt: Runtime, msg: InboundMessage, parsed: ParsedMessage,
                         sender: str, thread: list[Case], *, has_request: bool) -> bool:
    in_thread = any(c.challenge_id for c in thread)
    # Outside the challenge's thread only a short message without a request of its own is an
    # answer: "delete my data, customer number 123456" is a new request, not a wrong code.
    if not in_thread and (has_request or len(parsed.new_text.strip()) > SHORT_ANSWER):
        return False
    # Only the new text counts: a reply quoting our message ("I did NOT ask for this") must
    # not verify by quoting the code back.
    result = verify_code(s, rt, sender, parsed.new_text)
    if result is None:
        return False
    related = result or list(s.exec(
        select(Case).join(VerificationChallenge, col(Case.challenge_id) == VerificationChallenge.id)
        .where(VerificationChallenge.sent_to == sender,
               col(VerificationChallenge.state).in_([ChallengeState.PENDING, ChallengeState.LOCKED]))
    ).all())
    for c in related:
        assert c.id is not None and msg.id is not None
        s.add(CaseMessage(case_id=c.id, inbound_message_id=msg.id))
    if not result and related and not forged_sender(msg):
        ch = s.get(VerificationChallenge, related[0].challenge_id)
        send_reply(s, rt, template="code_wrong", language=related[0].language, to=parsed.from_addr,
                   cases=related, purpose="code_wrong", inbound=msg,
                   in_reply_to=parsed.message_id or None,
                   references=[*parsed.references, parsed.message_id],
                   original_subject=parsed.subject, attempts_left=attempts_left(ch) if ch else 0)
    return True


# --- requests -----------------------------------------------------------------------------------

def _open_similar(s: Session, rt: Runtime, sender: str, kind: RequestKind) -> Case | None:
    since = rt.clock.now() - timedelta(days=rt.settings.cases.join_days)
    for c in s.exec(select(Case).where(Case.requester_email == sender, Case.kind == kind,
                                       col(Case.created_at) >= since)
                    .order_by(col(Case.id).desc())).all():
        if c.status not in CLOSED_STATUSES:
            return c
    return None


def _requests(s: Session, rt: Runtime, msg: InboundMessage, parsed: ParsedMessage, sender: str,
              kinds: list[RequestKind], thread: list[Case], cls: Classification, *,
              auth: dict[str, Any] | None = None, by_staff: bool = False) -> str:
    joined: list[Case] = []
    new_kinds: list[RequestKind] = []
    for kind in kinds:
        existing = next((c for c in thread if c.kind == kind), None)
        how = "thread"
        if existing is None:
            existing, how = _open_similar(s, rt, sender, kind), "same requester and kind"
        if existing is not None:
            link_message(s, rt, existing, msg, reason=how)
            joined.append(existing)
        else:
            new_kinds.append(kind)
    if not new_kinds:
        return Outcome.FOLLOW_UP
    person = find_person(s, sender)
    flags, auth, forwarded = _flags(rt, parsed, msg, sender, auth)
    # Staff who open a message as a request have seen its flags: theirs goes the usual way.
    held = forged_sender(msg) and not by_staff
    language = cls.reply_language or "en"
    ctx = ReceivedContext(inbound=msg, parsed=parsed, person=person, language=language)
    ask_first = doubtful_unsubscribe(cls, kinds)
    cases: list[Case] = []
    for kind in new_kinds:
        case = open_case(
            s, rt, kind=kind, requester_email=sender, language=language, received_at=msg.received_at,
            inbound=msg, person=person, scores=dict(cls.scores),
            reasons=list(cls.reasons),
            needs_review=cls.needs_review or bool(flags), flags=flags,
            thread_message_id=parsed.message_id[:998])
        if auth:
            case.details = {**case.details, "authentication": auth}
            add_event(s, rt, case, "sender_authentication", details=auth)
        handler = get_handler(kind)
        if held and handler.needs_verification:
            add_event(s, rt, case, "queued_for_staff", details={
                "reason": "DMARC failed: the sender may be forged; no automatic reply, staff decide"})
        elif forwarded:
            add_event(s, rt, case, "queued_for_staff", details={
                "reason": "forwarded or sent on behalf of another person; staff decide"})
        else:  # an unsubscribe runs even for a forged sender (it only stops marketing), unanswered
            if ask_first and kind == RequestKind.UNSUBSCRIBE:
                assert case.id is not None
                ctx.doubtful.add(case.id)
            handler.on_received(s, rt, case, ctx)
        cases.append(case)
    if not held:
        asked = {c.id for c in ctx.to_ask}
        if rest := [c for c in cases if c.id not in asked]:
            acknowledge(s, rt, msg, parsed, person, rest, ctx)
        for case in ctx.to_ask:
            ask_unsubscribe(s, rt, msg, parsed, case)
    log.info("request routed", extra={"inbound_id": msg.id, "cases": [c.reference for c in cases],
                                      "from": addr_hash(sender), "joined": len(joined)})
    return Outcome.REQUEST


def _flags(rt: Runtime, parsed: ParsedMessage, msg: InboundMessage, sender: str,
           auth: dict[str, Any] | None = None) -> tuple[list[str], dict[str, Any], bool]:
    """What staff must know about who sent it: (flags, authentication results, forwarded?)."""
    if auth is None:
        auth = authentication(rt.settings, parsed, msg.raw)
    flags = flags_for(auth)
    if any(normalise_email(r) != sender for r in parsed.reply_to):
        flags.append("reply_to_differs")
    forwarded = on_behalf_of_another(parsed)
    if forwarded:
        flags.append("on_behalf_of_another")
    if parsed.limited:
        flags.append("partly_read")
    return flags, auth, forwarded


def _not_a_request(s: Session, rt: Runtime, msg: InboundMessage, parsed: ParsedMessage,
                   thread: list[Case], cls: Classification) -> str:
    if thread:
        for c in thread:
            link_message(s, rt, c, msg, reason="thread")
        return Outcome.FOLLOW_UP
    if rt.settings.replies.reply_to_non_requests and not forged_sender(msg):
        send_reply(s, rt, template="not_request", language=cls.reply_language,
                   to=parsed.from_addr, cases=[], purpose="not_request", inbound=msg,
                   in_reply_to=parsed.message_id or None,
                   references=[*parsed.references, parsed.message_id],
                   original_subject=parsed.subject)
    return Outcome.NOT_REQUEST
