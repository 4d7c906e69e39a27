"""Identity challenges: prove control of the address on file before personal data moves.

A challenge is a signed link `/v/{token}` plus a six-digit code, sent only to an address on file
for the case's person. Both are stored as HMAC-SHA256 digests under the signing key (a leaked
table does not reveal them, and the short code cannot be brute-forced offline). Single use,
expiring (`[identity] challenge_days`), at most `max_code_attempts` wrong codes. Answered by a
POST from the link's page (`verify_token`) or by a reply from that address with the code
(`verify_code`); never answered ones expire with a last message (`expire_challenges`).
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import re
import secrets
from collections.abc import Sequence
from datetime import timedelta

from sqlalchemy import update
from sqlmodel import Session, col, select

from bot.cases.audit import add_event
from bot.cases.service import set_status
from bot.mail.addresses import normalise_email
from bot.replies.send import send_expiry_notice, send_verified
from bot.runtime import Runtime, tokens
from bot.runtime.logs import addr_hash
from handlers import get_handler
from models import ActorType, Case, CaseStatus, PersonEmail, VerificationChallenge

log = logging.getLogger(__name__)

CODE_DIGITS = 6
MAX_CODES_PER_MESSAGE = 3  # a message full of numbers must not become a brute-force attempt
_CODE = re.compile(r"(?<![0-9])([0-9]{3})[ -]?([0-9]{3})(?![0-9])")


class ChallengeState:
    PENDING = "pending"
    VERIFIED = "verified"
    EXPIRED = "expired"
    LOCKED = "locked"  # too many wrong codes; the link still works until it expires


class VerificationError(Exception):
    """Why a verification attempt failed; the message is safe to show to the person."""


class InvalidToken(VerificationError):
    pass


class ChallengeExpired(VerificationError):
    pass


class ChallengeUsed(VerificationError):
    pass


class NotOnFile(VerificationError):
    pass


def _keys(rt: Runtime) -> list[bytes]:
    s = rt.settings.secrets
    current = s.signing_key()
    return [k.encode() for k in [current, *[o for o in s.old_signing_keys() if o != current]]]


def _digest(key: bytes, msg: str) -> str:
    return hmac.new(key, msg.encode(), hashlib.sha256).hexdigest()


def token_hashes(rt: Runtime, token: str) -> list[str]:
    """The token's digest under the current key, then under each old key (rotation)."""
    return [_digest(k, "verify-token:" + token) for k in _keys(rt)]


def code_matches(rt: Runtime, ch: VerificationChallenge, code: str) -> bool:
    return any(hmac.compare_digest(_digest(k, f"verify-code:{ch.token_hash}:{code}"), ch.code_hash)
               for k in _keys(rt))


def verify_url(rt: Runtime, token: str) -> str:
    return f"{rt.settings.web.base_url.rstrip('/')}/v/{token}"


def start_challenge(s: Session, rt: Runtime, cases: Sequence[Case], sent_to: str) -> tuple[str, str]:
    """Create one challenge for `cases` (same person) to be sent to `sent_to`; returns (token, code).

    Refuses any address that is not on file for the cases' person.
    """
    to = normalise_email(sent_to)
    person_ids = {c.person_id for c in cases}
    if not cases or None in person_ids or len(person_ids) != 1:
        raise NotOnFile("a challenge needs cases of one person in the register")
    on_file = s.exec(select(PersonEmail).where(PersonEmail.normalized == to,
                                               PersonEmail.person_id == person_ids.pop())).first()
    if on_file is None:
        raise NotOnFile("a challenge is only ever sent to an address on file")
    now = rt.clock.now()
    # Signed (a forged link is refused before any lookup) and random; expiry lives on the row,
    # under the injectable clock.
    token = tokens.sign(rt.settings, tokens.Purpose.VERIFY, secrets.token_urlsafe(24), timed=False)
    code = f"{secrets.randbelow(10 ** CODE_DIGITS):0{CODE_DIGITS}d}"
    key = _keys(rt)[0]
    th = _digest(key, "verify-token:" + token)
    ch = VerificationChallenge(
        token_hash=th, code_hash=_digest(key, f"verify-code:{th}:{code}"), sent_to=to,
        created_at=now, expires_at=now + timedelta(days=rt.settings.identity.challenge_days),
        max_attempts=rt.settings.identity.max_code_attempts, state=ChallengeState.PENDING,
    )
    s.add(ch)
    s.flush()

    for c in cases:
        c.challenge_id = ch.id
        s.add(c)
        add_event(s, rt, c, "challenge_sent", details={
            "challenge_id": ch.id, "sent_to": to, "expires_at": ch.expires_at.isoformat()})
    log.info("challenge created", extra={"challenge_id": ch.id, "to": addr_hash(to)})
    return token, code


def find_challenge(s: Session, rt: Runtime, token: str) -> VerificationChallenge:
    """The challenge behind a link (nothing is consumed); InvalidToken / ChallengeExpired."""
    try:
        tokens.unsign(rt.settings, tokens.Purpose.VERIFY, token, timed=False)
    except tokens.TokenError as e:
        raise InvalidToken("this link is not valid") from e
    ch = s.exec(select(VerificationChallenge)
                .where(col(VerificationChallenge.token_hash).in_(token_hashes(rt, token)))).first()
    if ch is None:
        raise InvalidToken("this link is not valid")
    return ch


def _check_usable(rt: Runtime, ch: VerificationChallenge) -> None:
    if ch.state == ChallengeState.VERIFIED:
        raise ChallengeUsed("this request has already been confirmed")
    if ch.state == ChallengeState.EXPIRED or rt.clock.now() >= ch.expires_at:
        raise ChallengeExpired("this link has expired")


def _claim(s: Session, rt: Runtime, ch: VerificationChallenge, used_by: str) -> None:
    """Single use, also against a double click or two instances: one conditional UPDATE wins."""
    res = s.exec(
        update(VerificationChallenge)
        .where(col(VerificationChallenge.id) == ch.id,
               col(VerificationChallenge.state).in_([ChallengeState.PENDING, ChallengeState.LOCKED]))
        .values(state=ChallengeState.VERIFIED, used_at=rt.clock.now(), used_by=used_by[:320])
    )
    if res.rowcount != 1:
        raise ChallengeUsed("this request has already been confirmed")
    s.refresh(ch)


def _verify_cases(s: Session, rt: Runtime, ch: VerificationChallenge, *, via: str,
                  answered_from: str) -> list[Case]:
    cases = list(s.exec(select(Case).where(Case.challenge_id == ch.id,
                                           Case.status == CaseStatus.AWAITING_VERIFICATION)
                        .order_by(col(Case.id))).all())
    for c in cases:
        set_status(s, rt, c, CaseStatus.VERIFIED, actor_type=ActorType.REQUESTER, actor=ch.sent_to,
                   details={"via": via, "challenge_id": ch.id, "answered_from": answered_from})
    if cases:
        # The confirmation first: a handler that executes at once (an access export) replies
        # with its result after it, so the requester reads them in that order.
        send_verified(s, rt, cases)
    for c in cases:
        get_handler(c.kind).on_verified(s, rt, c)
    log.info("challenge answered", extra={"challenge_id": ch.id, "via": via, "cases": len(cases)})
    return cases


def verify_token(s: Session, rt: Runtime, token: str, *, ip: str) -> list[Case]:
    """The POST behind `/v/{token}`: verifies the challenge's cases once."""
    ch = find_challenge(s, rt, token)
    _check_usable(rt, ch)
    _claim(s, rt, ch, f"ip:{ip}")
    return _verify_cases(s, rt, ch, via="link", answered_from=f"ip:{ip}")


def codes_in(text: str) -> list[str]:
    out: list[str] = []
    for a, b in _CODE.findall(text or ""):
        code = a + b
        if code not in out:
            out.append(code)
    return out


def verify_code(s: Session, rt: Runtime, from_addr: str, text: str) -> list[Case] | None:
    """A reply carrying the code. None: not a verification answer (no pending challenge for this
    address, or no code in the text); []: a wrong code (counted); else the verified cases.

    Every challenge the codes are tested against is charged one attempt first, so several
    pending challenges for one address give an attacker no more guesses than one: each
    challenge sees at most `max_attempts` messages, then locks, whichever of them was newest.
    """
    sender = normalise_email(from_addr)
    now = rt.clock.now()
    pending = list(s.exec(
        select(VerificationChallenge)
        .where(VerificationChallenge.sent_to == sender,
               VerificationChallenge.state == ChallengeState.PENDING,
               col(VerificationChallenge.expires_at) > now)
        .order_by(col(VerificationChallenge.id).desc())).all())
    codes = codes_in(text)[:MAX_CODES_PER_MESSAGE]
    if not pending or not codes:
        return None
    charged: list[VerificationChallenge] = []
    for ch in pending:
        if not _charge(s, ch):
            continue  # exhausted meanwhile (another instance): never tested again
        charged.append(ch)
        if any(code_matches(rt, ch, c) for c in codes):
            _claim(s, rt, ch, f"email:{sender}")
            _record_wrong(s, rt, [c for c in charged if c is not ch], sender)
            return _verify_cases(s, rt, ch, via="code", answered_from=f"email:{sender}")
    if not charged:
        return None
    _record_wrong(s, rt, charged, sender)
    return []


def _charge(s: Session, ch: VerificationChallenge) -> bool:
    """One attempt, taken before the code is tested: a conditional UPDATE, so two messages
    handled at once (two instances) cannot both test the last attempt."""
    res = s.exec(
        update(VerificationChallenge)
        .where(col(VerificationChallenge.id) == ch.id,
               col(VerificationChallenge.state) == ChallengeState.PENDING,
               col(VerificationChallenge.attempts) < col(VerificationChallenge.max_attempts))
        .values(attempts=VerificationChallenge.attempts + 1)
    )
    s.refresh(ch)
    return res.rowcount == 1


def _record_wrong(s: Session, rt: Runtime, challenges: Sequence[VerificationChallenge],
                  sender: str) -> None:
    """Each challenge a wrong code was tested against: its event, and its lock at the limit."""
    for ch in challenges:
        if ch.attempts >= ch.max_attempts:
            ch.state = ChallengeState.LOCKED
            s.add(ch)
        locked = ch.state == ChallengeState.LOCKED
        for c in s.exec(select(Case).where(Case.challenge_id == ch.id)).all():
            add_event(s, rt, c, "code_wrong", actor_type=ActorType.REQUESTER, actor=sender, details={
                "challenge_id": ch.id, "attempts": ch.attempts, "locked": locked})
            if locked:
                c.needs_review = True
                c.flags = sorted({*c.flags, "challenge_locked"})
                s.add(c)


def attempts_left(ch: VerificationChallenge) -> int:
    return max(ch.max_attempts - ch.attempts, 0)


def expire_challenges(s: Session, rt: Runtime) -> int:
    """Expire unanswered challenges; their waiting cases end as `expired` with a last message.
    Returns how many cases expired. Called by the scheduler; safe to run on several instances."""
    now = rt.clock.now()
    q = (select(VerificationChallenge)
         .where(col(VerificationChallenge.state).in_([ChallengeState.PENDING, ChallengeState.LOCKED]),
                col(VerificationChallenge.expires_at) <= now)
         .order_by(col(VerificationChallenge.id)))
    if s.get_bind().dialect.name == "postgresql":
        q = q.with_for_update(skip_locked=True)
    expired = 0
    for ch in s.exec(q).all():
        ch.state = ChallengeState.EXPIRED
        s.add(ch)
        cases = list(s.exec(select(Case).where(Case.challenge_id == ch.id,
                                               Case.status == CaseStatus.AWAITING_VERIFICATION)
                            .order_by(col(Case.id))).all())
        for c in cases:
            set_status(s, rt, c, CaseStatus.EXPIRED, details={
                "reason": "identity challenge not answered", "challenge_id": ch.id})
        if cases:
            send_expiry_notice(s, rt, cases)
        expired += len(cases)
    return expired
