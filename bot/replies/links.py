"""The requester's status page link (`/s/{token}`), put into every letter about a case.

Signed (a forged or altered link is refused before any lookup) and expiring after `[public]
status_link_days`, counted from the runtime's clock (injectable) rather than itsdangerous' own.
The link names the cases of its letter, so the page shows exactly what that letter was about.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.runtime import Runtime
from bot.runtime.tokens import Purpose, TokenError, TokenExpired, sign, unsign
from models import Case

MAX_CASES = 20


@dataclass(frozen=True)
class StatusLink:
    case_ids: tuple[int, ...]
    issued: datetime


def status_token(rt: Runtime, cases: Sequence[Case]) -> str:
    ids = sorted({c.id for c in cases if c.id is not None})[:MAX_CASES]
    return sign(rt.settings, Purpose.STATUS, [ids, int(rt.clock.now().timestamp())], timed=False)


def status_url(rt: Runtime, cases: Sequence[Case]) -> str:
    return f"{rt.settings.web.base_url.rstrip('/')}/s/{status_token(rt, cases)}"


def status_expires(rt: Runtime) -> date:
    tz = ZoneInfo(rt.settings.deadlines.timezone)
    return (rt.clock.now() + timedelta(days=rt.settings.public.status_link_days)).astimezone(tz).date()


def read_status_token(rt: Runtime, token: str) -> StatusLink:
    """The cases of a valid link; TokenError (forged, altered, another purpose) or TokenExpired."""
    payload = unsign(rt.settings, Purpose.STATUS, token, timed=False)
    if (not isinstance(payload, list) or len(payload) != 2 or not isinstance(payload[0], list)
            or not payload[0] or len(payload[0]) > MAX_CASES
            or not all(isinstance(i, int) for i in payload[0]) or not isinstance(payload[1], int)):
        raise TokenError("not a status link")
    issued = datetime.fromtimestamp(payload[1], UTC)
    age = rt.clock.now() - issued
    if age > timedelta(days=rt.settings.public.status_link_days):
        raise TokenExpired("status link expired")
    if age < timedelta(minutes=-5):
        raise TokenError("status link from the future")
    return StatusLink(tuple(payload[0]), issued)
