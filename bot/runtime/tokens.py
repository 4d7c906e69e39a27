"""Signed tokens for the links the bot sends: unsubscribe, identity verification, download.

Pure functions of the settings' signing key and (for expiring tokens) a time. Each use has its own
salt, so a token made for one purpose is never accepted for another. Old keys
(`[secrets] old_signing_keys_env`) still verify, so rotating the key keeps old newsletters'
unsubscribe links working; new tokens are always signed with the current key.
"""

from __future__ import annotations

import functools
import math
from datetime import datetime
from enum import StrEnum
from typing import Any

from itsdangerous import BadSignature, SignatureExpired, URLSafeSerializer, URLSafeTimedSerializer

from bot.mail.addresses import normalise_email
from bot.runtime.config import Settings


class Purpose(StrEnum):
    UNSUBSCRIBE = "unsubscribe"
    VERIFY = "verify"
    DOWNLOAD = "download"
    STAFF_LOGIN = "staff-login"  # the login form's CSRF token
    STAFF_CLIENT = "staff-client"  # a browser that logged in to an account before
    ASK = "ask"  # our question to the requester: the choice form, "stop marketing?" Yes
    ASK_FORM = "ask-form"  # the CSRF field of the page an ASK link opens
    REQUEST_FORM = "request-form"  # the CSRF field of the public request form (/request)
    REQUEST_CONFIRM = "request-confirm"  # the confirmation link a form submission mails out
    REQUEST_CONFIRM_FORM = "request-confirm-form"  # the CSRF field of that link's page
    STATUS = "status"  # the requester's status page (/s/...), linked from each reply
    STATUS_FORM = "status-form"  # the CSRF field of the status page's forms


class TokenError(Exception):
    """A token that is malformed, forged, altered, made for another purpose, or expired."""


class TokenExpired(TokenError):
    pass


_SALT = "privacy-request-bot/"


def _keys(settings: Settings) -> tuple[str, ...]:
    # itsdangerous signs with the LAST key and verifies with any of them.
    current = settings.secrets.signing_key()
    old = [k.strip() for k in settings.secrets.old_signing_keys() if k.strip() and k.strip() != current]
    return (*old, current)


@functools.lru_cache(maxsize=64)
def _serializer(keys: tuple[str, ...], purpose: Purpose,
                timed: bool) -> URLSafeSerializer | URLSafeTimedSerializer:
    cls = URLSafeTimedSerializer if timed else URLSafeSerializer
    return cls(list(keys), salt=_SALT + purpose.value)


def sign(settings: Settings, purpose: Purpose, payload: Any, *, timed: bool = True) -> str:
    """A URL-safe token carrying `payload` (JSON-able). Timed tokens carry their signing time."""
    return str(_serializer(_keys(settings), purpose, timed).dumps(payload))


def unsign(settings: Settings, purpose: Purpose, token: str, *, max_age: float | None = None,
           timed: bool = True, now: datetime | None = None) -> Any:
    """The payload of a valid token, or TokenError. `max_age` (seconds) needs a timed token;
    `now` is the injectable clock's time."""
    if not isinstance(token, str) or not token or len(token) > 4096:
        raise TokenError("empty or oversized token")
    ser = _serializer(_keys(settings), purpose, timed)
    try:
        if timed:
            assert isinstance(ser, URLSafeTimedSerializer)
            payload, signed_at = ser.loads(token, return_timestamp=True)
            if max_age is not None and now is not None:
                age = (now - signed_at).total_seconds()
                if age > max_age:
                    raise TokenExpired("token expired")
                if age < -300:  # signed in the future: a clock problem or a forgery
                    raise TokenError("token from the future")
            elif max_age is not None:
                # itsdangerous takes whole seconds and compares them with a whole-second age:
                # `age > floor(max_age)` is `age > max_age` for an integer age.
                ser.loads(token, max_age=math.floor(max_age))
            return payload
        return ser.loads(token)
    except SignatureExpired as e:
        raise TokenExpired("token expired") from e
    except BadSignature as e:
        raise TokenError("bad signature") from e
    except (ValueError, UnicodeError) as e:  # undecodable base64/JSON that slipped past
        raise TokenError("malformed token") from e


# --- Unsubscribe ---------------------------------------------------------------------------------

ALL_LISTS = "*"


def unsubscribe_token(settings: Settings, email: str, list_name: str = ALL_LISTS) -> str:
    """No expiry: a newsletter from years ago must still unsubscribe its reader."""
    return sign(settings, Purpose.UNSUBSCRIBE, [normalise_email(email), list_name or ALL_LISTS],
                timed=False)


def read_unsubscribe_token(settings: Settings, token: str) -> tuple[str, str]:
    """(normalised address, list name) named by a valid unsubscribe token."""
    payload = unsign(settings, Purpose.UNSUBSCRIBE, token, timed=False)
    if (not isinstance(payload, list) or len(payload) != 2
            or not all(isinstance(x, str) and x for x in payload) or "@" not in payload[0]):
        raise TokenError("not an unsubscribe token")
    return payload[0], payload[1]


def unsubscribe_url(settings: Settings, email: str, list_name: str = ALL_LISTS) -> str:
    return f"{settings.web.base_url.rstrip('/')}/u/{unsubscribe_token(settings, email, list_name)}"


def list_unsubscribe_headers(settings: Settings, email: str, list_name: str = ALL_LISTS) -> dict[str, str]:
    """RFC 2369 + RFC 8058 headers for a marketing message to `email` (DKIM must cover both)."""
    url = unsubscribe_url(settings, email, list_name)
    mailto = settings.controller.email or settings.outbound.from_address
    return {
        "List-Unsubscribe": f"<{url}>, <mailto:{mailto}?subject=unsubscribe>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }
