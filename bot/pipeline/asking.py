"""Asking the requester when we are not sure what they want (case-lifecycle.md, "Unclear requests").

A message whose kinds are a guess opens one case at once (deadline from arrival) that waits for
the requester, flagged for staff, and its letter asks: a one-page choice form behind a signed,
expiring link (`/c/{token}`), or a reply by mail ("1 ja 3"). A doubtful unsubscribe asks only
"do you want to stop receiving marketing?". The answer turns the case into the chosen kinds and
the normal process goes on (identity, execution); no answer leaves it with staff.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlmodel import Session

from bot.cases.audit import add_event
from bot.cases.service import CaseError, open_case, set_status
from bot.classify import Classification
from bot.classify.feedback import record_correction
from bot.mail.parse import ParsedMessage, parse_stored
from bot.pipeline.acknowledge import acknowledge
from bot.register.people import find_person
from bot.replies.send import send_reply
from bot.runtime import Runtime
from bot.runtime.tokens import Purpose, TokenError, TokenExpired, sign, unsign
from handlers import ReceivedContext, get_handler
from handlers.unsubscribe import UNCONFIRMED, confirm
from models import ActorType, Case, CaseStatus, InboundMessage, RequestKind

UNCLEAR = "unclear"  # the case's flag while we wait for the requester to choose
ASK_LINK_DAYS = 30  # the question's link outlives the one-month deadline's usual answer time
# The choices in the order the letters number them; 7 is "something else" (free text).
NUMBERED: dict[int, RequestKind] = {1: RequestKind.UNSUBSCRIBE, 2: RequestKind.ACCESS,
                                    3: RequestKind.CORRECTION, 4: RequestKind.ERASURE,
                                    5: RequestKind.RESTRICTION, 6: RequestKind.PORTABILITY}
OTHER = 7
_TEXTCAT = re.compile(r"^textcat:([a-z]+)=([0-9.]+)")


# --- how sure is the classifier? -----------------------------------------------------------

def rule_kinds(cls: Classification) -> set[str]:
    """Kinds a rule found ("rule:fi.erasure.delete-data '...'"); vetoed hits do not count."""
    out = set()
    for r in cls.reasons:
        if r.startswith("rule:"):
            parts = r[5:].split(" ", 1)[0].split(".")
            if len(parts) >= 2:
                out.add(parts[1])
    return out


def model_scores(cls: Classification) -> dict[str, float]:
    out: dict[str, float] = {}
    for r in cls.reasons:
        m = _TEXTCAT.match(r)
        if m:
            out[m.group(1)] = float(m.group(2))
    return out


def clear_unsubscribe(cls: Classification) -> bool:
    """Consents are withdrawn only on this: not for review, a rule found it and the model agrees
    (no other kind scored higher). A support mail that only matched a rule is not clear."""
    if cls.needs_review or "unsubscribe" not in rule_kinds(cls):
        return False
    model = model_scores(cls)
    return "unsubscribe" in model and model["unsubscribe"] >= max(model.values())


def unclear(cls: Classification, kinds: list[RequestKind]) -> bool:
    """Too doubtful to act on: the classifier says so (`outcome`), or it flagged the message for
    review with no rule behind any kind, or an unsubscribe is doubtful beside other kinds."""
    if getattr(cls, "outcome", None) == "unclear":
        return True
    if not kinds:
        return False
    if cls.needs_review and not (rule_kinds(cls) & {str(k) for k in kinds}):
        return True
    # Beside another kind the model naturally prefers that one; a rule must still back the unsubscribe.
    return (RequestKind.UNSUBSCRIBE in kinds and len(kinds) > 1
            and (cls.needs_review or "unsubscribe" not in rule_kinds(cls)))


def doubtful_unsubscribe(cls: Classification, kinds: list[RequestKind]) -> bool:
    return kinds == [RequestKind.UNSUBSCRIBE] and not clear_unsubscribe(cls)


# --- the signed link ----------------------------------------------------------------------------

@dataclass(frozen=True)
class AskLink:
    case_id: int
    reference: str


def ask_token(rt: Runtime, case: Case) -> str:
    # The issue time comes from the runtime's clock (injectable), not from itsdangerous' own.
    issued = int(rt.clock.now().timestamp())
    return sign(rt.settings, Purpose.ASK, [case.id, case.reference, issued], timed=False)


def ask_url(rt: Runtime, case: Case) -> str:
    return f"{rt.settings.web.base_url.rstrip('/')}/c/{ask_token(rt, case)}"


def ask_expires(rt: Runtime) -> date:
    return (rt.clock.now() + timedelta(days=ASK_LINK_DAYS)).astimezone(_tz(rt)).date()


def read_ask_token(rt: Runtime, token: str) -> AskLink:
    payload = unsign(rt.settings, Purpose.ASK, token, timed=False)
    if (not isinstance(payload, list) or len(payload) != 3 or not isinstance(payload[0], int)
            or not isinstance(payload[1], str) or not isinstance(payload[2], int)):
        raise TokenError("not a question link")
    issued = datetime.fromtimestamp(payload[2], UTC)
    age = rt.clock.now() - issued
    if age > timedelta(days=ASK_LINK_DAYS):
        raise TokenExpired("question link expired")
    if age < timedelta(minutes=-5):
        raise TokenError("question link from the future")
    return AskLink(payload[0], payload[1])


def form_csrf(rt: Runtime, token: str) -> str:
    """The hidden field of the page a question link opens: bound to that link, so a post made
    elsewhere (without having loaded the page) is refused."""
    return sign(rt.settings, Purpose.ASK_FORM, hashlib.sha256(token.encode()).hexdigest()[:32], timed=False)


def check_form_csrf(rt: Runtime, token: str, value: str) -> bool:
    try:
        got = unsign(rt.settings, Purpose.ASK_FORM, value, timed=False)
    except TokenError:
        return False
    return isinstance(got, str) and hmac.compare_digest(got, hashlib.sha256(token.encode()).hexdigest()[:32])


# --- asking -------------------------------------------------------------------------------------

def open_unclear(s: Session, rt: Runtime, msg: InboundMessage, parsed: ParsedMessage, sender: str,
                 kinds: list[RequestKind], cls: Classification, flags: list[str], *,
                 held: bool = False) -> Case:
    """One case for the message, waiting for the requester, and the letter with the choices.

    `held` (a probably forged sender): the case waits for staff and nothing is sent (backscatter).
    """
    guess = kinds[0] if kinds else _best_guess(cls)
    person = find_person(s, sender)
    case = open_case(
        s, rt, kind=guess, requester_email=sender, language=cls.reply_language or "en",
        received_at=msg.received_at, inbound=msg, person=person, scores=dict(cls.scores),
        reasons=list(cls.reasons), status=CaseStatus.AWAITING_REQUESTER, needs_review=True,
        flags=sorted({*flags, UNCLEAR}), thread_message_id=parsed.message_id[:998])
    case.details = {**case.details, "unclear": {"guessed": [str(k) for k in kinds],
                                                "outcome": getattr(cls, "outcome", None)}}
    s.add(case)
    if held:
        add_event(s, rt, case, "queued_for_staff", details={
            "reason": "DMARC failed: the sender may be forged; no automatic reply, staff decide"})
        return case
    add_event(s, rt, case, "asked_requester",
              details={"question": "choose", "guessed": [str(k) for k in kinds]})
    send_reply(s, rt, template="clarify", language=case.language, to=parsed.from_addr, cases=[case],
               purpose="clarify", inbound=msg, in_reply_to=parsed.message_id or None,
               references=[*parsed.references, parsed.message_id], original_subject=parsed.subject,
               choose_url=ask_url(rt, case), expires=ask_expires(rt))
    return case


def ask_unsubscribe(s: Session, rt: Runtime, msg: InboundMessage, parsed: ParsedMessage,
                    case: Case) -> None:
    """The letter of a doubtful unsubscribe (the handler left the case waiting, nothing withdrawn)."""
    add_event(s, rt, case, "asked_requester", details={"question": "unsubscribe"})
    send_reply(s, rt, template="ask_unsubscribe", language=case.language, to=parsed.from_addr,
               cases=[case], purpose="ask_unsubscribe", inbound=msg,
               in_reply_to=parsed.message_id or None,
               references=[*parsed.references, parsed.message_id], original_subject=parsed.subject,
               confirm_url=ask_url(rt, case), expires=ask_expires(rt))


def _best_guess(cls: Classification) -> RequestKind:
    scored = sorted(((v, k) for k, v in cls.scores.items() if k in RequestKind._value2member_map_),
                    reverse=True)
    return RequestKind(scored[0][1]) if scored else RequestKind.ACCESS


# --- the answer ---------------------------------------------------------------------------------

def apply_choice(rt: Runtime, s: Session, case: Case, kinds: list[RequestKind], other: str, *,
                 via: str, by: str = "") -> list[Case]:
    """The requester chose: the case becomes the first chosen kind, each further kind a case of
    its own with the same deadline, and each is received by its handler with one acknowledgement.
    "Something else" alone stays with staff. Raises CaseError when there is nothing to answer."""
    if case.status != CaseStatus.AWAITING_REQUESTER or UNCLEAR not in case.flags:
        raise CaseError(f"case {case.reference} is not waiting for a choice")
    kinds = sorted(set(kinds))
    other = (other or "").strip()[:2000]
    if not kinds and not other:
        raise CaseError("choose at least one option")
    msg = s.get(InboundMessage, case.inbound_message_id) if case.inbound_message_id else None
    add_event(s, rt, case, "clarified_by_requester", actor_type=ActorType.REQUESTER,
              actor=by or case.requester_email,
              details={"kinds": [str(k) for k in kinds], "other": other, "via": via})
    case.flags = sorted(set(case.flags) - {UNCLEAR})
    s.add(case)
    parsed = parse_stored(msg.raw, source=msg.source, envelope_from=msg.envelope_from) if msg else None
    if kinds and parsed is not None:
        record_correction(rt.settings, parsed, kinds=[str(k) for k in kinds], language=case.language,
                          actor="requester", when=rt.clock.now(), note=f"clarified {case.reference}")
    if not kinds:
        case.flags = sorted({*case.flags, "requester_other"})
        s.add(case)
        set_status(s, rt, case, CaseStatus.RECEIVED, actor_type=ActorType.REQUESTER,
                   actor=case.requester_email, details={"other": True})
        add_event(s, rt, case, "queued_for_staff", details={"reason": "the requester chose something else"})
        return [case]
    old = case.kind
    case.kind = kinds[0]
    case.needs_review = bool(set(case.flags) - {"reopened"})  # DMARC, Reply-To... stay for staff
    s.add(case)
    set_status(s, rt, case, CaseStatus.RECEIVED, actor_type=ActorType.REQUESTER,
               actor=case.requester_email, details={"kind": [str(old), str(kinds[0])]})
    person = find_person(s, case.requester_email)
    cases = [case]
    for kind in kinds[1:]:
        cases.append(open_case(
            s, rt, kind=kind, requester_email=case.requester_email, language=case.language,
            received_at=case.received_at, inbound=msg, person=person, reasons=["clarified_by_requester"],
            needs_review=case.needs_review, flags=list(case.flags),
            thread_message_id=case.thread_message_id))
    if msg is None or parsed is None:
        return cases
    ctx = ReceivedContext(inbound=msg, parsed=parsed, person=person, language=case.language)
    for c in cases:
        if "on_behalf_of_another" in c.flags:
            add_event(s, rt, c, "queued_for_staff", details={"reason": "on behalf of another person"})
        else:
            get_handler(c.kind).on_received(s, rt, c, ctx)
    acknowledge(s, rt, msg, parsed, person, cases, ctx)
    return cases


_YES = re.compile(r"^\W*(yes|yep|kyllä|kylla|joo|juu|ja|jo|ok|okay)\b", re.I)
_WORDS: list[tuple[re.Pattern[str], RequestKind]] = [
    (re.compile(r"marketing|markkinoin|marknadsf|newsletter|uutiskirje|nyhetsbrev|unsubscribe", re.I),
     RequestKind.UNSUBSCRIBE),
    (re.compile(r"\b(see|copy|show|access)\b|nähdä|näytä|kopio|\bse mina\b|tillgång", re.I),
     RequestKind.ACCESS),
    (re.compile(r"correct|fix\b|korjaa|oikai|rätta|ändra", re.I), RequestKind.CORRECTION),
    (re.compile(r"delete|erase|remove|poista|radera|ta bort", re.I), RequestKind.ERASURE),
    (re.compile(r"restrict|rajoit|begräns", re.I), RequestKind.RESTRICTION),
    (re.compile(r"\bmove\b|portab|siirr|flytta", re.I), RequestKind.PORTABILITY),
]
_NUMBER = re.compile(r"(?<!\d)(?<!\d[.,:])([1-7])(?!\d|[.,:]\d)")  # "2, 4" but not "2,5" or "12.3"
SHORT_ANSWER = 300


def read_mail_choice(text: str) -> tuple[list[RequestKind], bool]:
    """The choices in a short reply: numbers ("1 ja 3", "2, 4") or the words of the choices
    ("delete it"). (kinds, something else?); ([], False) when nothing can be read."""
    text = (text or "").strip()
    if not text or len(text) > SHORT_ANSWER:
        return [], False
    numbers = {int(n) for n in _NUMBER.findall(text)}
    if numbers:
        return sorted({NUMBERED[n] for n in numbers if n in NUMBERED}), OTHER in numbers
    return sorted({kind for pattern, kind in _WORDS if pattern.search(text)}), False


def is_yes(text: str) -> bool:
    text = (text or "").strip()
    return bool(text) and len(text) <= SHORT_ANSWER and bool(_YES.match(text))


def answer_by_mail(rt: Runtime, s: Session, case: Case, msg: InboundMessage, parsed: ParsedMessage) -> bool:
    """A reply in the thread of a case waiting for the requester. True when it was understood as
    the answer (the case moved on); False leaves it to staff."""
    if UNCONFIRMED in case.flags:
        if is_yes(parsed.new_text):
            return confirm(s, rt, case, via="mail")
        return False
    if UNCLEAR in case.flags:
        kinds, other = read_mail_choice(parsed.new_text)
        if kinds:
            apply_choice(rt, s, case, kinds, parsed.new_text if other else "", via="mail")
            return True
    return False


def _tz(rt: Runtime) -> Any:
    return ZoneInfo(rt.settings.deadlines.timezone)
