"""Staff accounts and their sessions: pure policy over the StaffUser/StaffSession tables.

Passwords are argon2id hashes (argon2-cffi). Two brakes on guessing, neither of which lets a
stranger keep staff out: a client (an address) failing `[staff] client_max_failures` times
within `client_window_minutes` is refused unchecked for a window; an account failing
`max_failed_logins` times in a row is locked for `lockout_minutes` against unknown clients. A
known client — a browser that logged in to that account before (a signed cookie) — passes both
with the right password, which also clears the lock. Every refusal looks the same to the web.
Sessions are random ids whose SHA-256 is stored, with a CSRF token and an expiry.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import delete
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col, select

from bot.runtime import Runtime
from models import StaffLoginClient, StaffSession, StaffUser

_hasher = PasswordHasher()
# Checked against when the username is unknown, so the answer takes as long as for a real one.
_DUMMY_HASH = _hasher.hash("not a password " + secrets.token_hex(8))
MIN_PASSWORD_LENGTH = 12
USERNAME_MAX = 64


class LoginResult(StrEnum):
    """Why a login succeeded or not: for the log only; the page answers every refusal alike."""

    OK = "ok"
    BAD_CREDENTIALS = "bad_credentials"
    LOCKED = "locked"
    THROTTLED = "throttled"


class AccountError(Exception):
    pass


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def valid_username(name: str) -> bool:
    return 0 < len(name) <= USERNAME_MAX and all(c.isalnum() or c in "._-" for c in name)


def add_staff(s: Session, rt: Runtime, username: str, password: str) -> StaffUser:
    if not valid_username(username):
        raise AccountError("a username is 1-64 letters, digits, '.', '_' or '-'")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"the password must be at least {MIN_PASSWORD_LENGTH} characters")
    user = s.exec(select(StaffUser).where(StaffUser.username == username)).first()
    if user is None:
        user = StaffUser(username=username, password_hash=hash_password(password),
                         created_at=rt.clock.now())
    else:  # `staff add` on an existing name resets its password and unlocks it
        user.password_hash = hash_password(password)
        user.failed_logins, user.locked_until, user.active = 0, None, True
    s.add(user)
    s.flush()
    return user


def authenticate(s: Session, rt: Runtime, username: str, password: str, *, client: str = "",
                 known_client: bool = False) -> tuple[LoginResult, StaffUser | None]:
    """`client`: a pseudonym of the client's address (`client_key`); `known_client`: the
    browser proved it logged in to `username` before."""
    now = rt.clock.now()
    if client and not known_client and _throttled(s, client, now):
        return LoginResult.THROTTLED, None
    user = s.exec(select(StaffUser).where(StaffUser.username == username)).first() \
        if valid_username(username) else None
    if user is not None and not user.active:
        user = None
    # The hash is always checked (a dummy one for unknown names): every answer takes as long.
    right = _verify(user.password_hash if user else _DUMMY_HASH, password)
    locked = user is not None and _is_locked(user, now)
    if user is None or not right:
        if client:
            _client_failed(s, rt, client, now)
        if user is not None and not locked:
            _account_failed(s, rt, user, now)
        return (LoginResult.LOCKED if user is not None and _is_locked(user, now)
                else LoginResult.BAD_CREDENTIALS), user
    if locked and not known_client:
        return LoginResult.LOCKED, user
    user.failed_logins, user.locked_until, user.last_login_at = 0, None, now
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    s.add(user)
    # The client's failures stand: behind one NAT, a colleague's login must not reset a guesser.
    return LoginResult.OK, user


def client_key(rt: Runtime, address: str) -> str:
    """A keyed pseudonym of a client's address: the table holds no addresses."""
    key = rt.settings.secrets.signing_key().encode()
    return hmac.new(key, b"staff-login-client:" + address.encode(), hashlib.sha256).hexdigest()


def _is_locked(user: StaffUser, now: datetime) -> bool:
    return user.locked_until is not None and user.locked_until > now


def _account_failed(s: Session, rt: Runtime, user: StaffUser, now: datetime) -> None:
    user.failed_logins += 1
    if user.failed_logins >= rt.settings.staff.max_failed_logins:
        user.locked_until = now + timedelta(minutes=rt.settings.staff.lockout_minutes)
        user.failed_logins = 0
    s.add(user)


def _client_row(s: Session, client: str, now: datetime) -> StaffLoginClient:
    dialect = s.get_bind().dialect.name
    ins = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(StaffLoginClient)
    s.exec(ins.values(client=client, failures=0, window_started_at=now).on_conflict_do_nothing())
    q = select(StaffLoginClient).where(StaffLoginClient.client == client)
    if dialect == "postgresql":
        q = q.with_for_update()  # two failures at once both count
    return s.exec(q).one()


def _throttled(s: Session, client: str, now: datetime) -> bool:
    row = s.exec(select(StaffLoginClient).where(StaffLoginClient.client == client)).first()
    return row is not None and row.blocked_until is not None and row.blocked_until > now


def _client_failed(s: Session, rt: Runtime, client: str, now: datetime) -> None:
    cfg = rt.settings.staff
    window = timedelta(minutes=cfg.client_window_minutes)
    # Forget clients whose window and block are over (the table stays small).
    s.exec(delete(StaffLoginClient).where(
        col(StaffLoginClient.window_started_at) < now - window,
        col(StaffLoginClient.client) != client,
        (col(StaffLoginClient.blocked_until).is_(None)) | (col(StaffLoginClient.blocked_until) < now)))
    row = _client_row(s, client, now)
    if row.window_started_at + window <= now:
        row.failures, row.window_started_at = 0, now
    row.failures += 1
    if row.failures >= cfg.client_max_failures:
        row.blocked_until = now + window
        row.failures, row.window_started_at = 0, now
    s.add(row)


def _verify(hashed: str, password: str) -> bool:
    try:
        return _hasher.verify(hashed, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class StaffLogin:
    username: str
    csrf_token: str
    session_id: int


def start_session(s: Session, rt: Runtime, username: str) -> str:
    """A new session; returns the cookie value (shown once, stored only as a hash)."""
    token = secrets.token_urlsafe(32)
    now = rt.clock.now()
    s.add(StaffSession(token_hash=_digest(token), username=username, csrf_token=secrets.token_urlsafe(32),
                       created_at=now, expires_at=now + timedelta(hours=rt.settings.staff.session_hours)))
    return token


def load_session(s: Session, rt: Runtime, token: str | None) -> StaffLogin | None:
    if not token or len(token) > 128:
        return None
    row = s.exec(select(StaffSession).where(StaffSession.token_hash == _digest(token))).first()
    if row is None or row.ended_at is not None or row.expires_at <= rt.clock.now():
        return None
    user = s.exec(select(StaffUser).where(StaffUser.username == row.username)).first()
    if user is None or not user.active:
        return None
    assert row.id is not None
    return StaffLogin(username=row.username, csrf_token=row.csrf_token, session_id=row.id)


def end_session(s: Session, rt: Runtime, token: str | None) -> None:
    if not token:
        return
    row = s.exec(select(StaffSession).where(StaffSession.token_hash == _digest(token))).first()
    if row is not None and row.ended_at is None:
        row.ended_at = rt.clock.now()
        s.add(row)
