"""Staff accounts and their sessions: pure policy over the StaffUser/StaffSession tables.

Passwords are argon2id hashes (argon2-cffi). A login failing `[staff] max_failed_logins` times in
a row locks the account for `lockout_minutes`, during which even the right password is refused.
Sessions are random ids whose SHA-256 is stored, with a CSRF token and an expiry.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlmodel import Session, select

from bot.runtime import Runtime
from models import StaffSession, StaffUser

_hasher = PasswordHasher()
# Checked against when the username is unknown, so the answer takes as long as for a real one.
_DUMMY_HASH = _hasher.hash("not a password " + secrets.token_hex(8))
MIN_PASSWORD_LENGTH = 12
USERNAME_MAX = 64


class LoginResult(StrEnum):
    OK = "ok"
    BAD_CREDENTIALS = "bad_credentials"
    LOCKED = "locked"


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


def authenticate(s: Session, rt: Runtime, username: str,
                 password: str) -> tuple[LoginResult, StaffUser | None]:
    now = rt.clock.now()
    cfg = rt.settings.staff
    user = s.exec(select(StaffUser).where(StaffUser.username == username)).first() \
        if valid_username(username) else None
    if user is None or not user.active:
        _verify(_DUMMY_HASH, password)
        return LoginResult.BAD_CREDENTIALS, None
    if user.locked_until is not None and user.locked_until > now:
        return LoginResult.LOCKED, user
    if not _verify(user.password_hash, password):
        user.failed_logins += 1
        if user.failed_logins >= cfg.max_failed_logins:
            user.locked_until = now + timedelta(minutes=cfg.lockout_minutes)
            user.failed_logins = 0
            s.add(user)
            return LoginResult.LOCKED, user
        s.add(user)
        return LoginResult.BAD_CREDENTIALS, user
    user.failed_logins, user.locked_until, user.last_login_at = 0, None, now
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    s.add(user)
    return LoginResult.OK, user


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
