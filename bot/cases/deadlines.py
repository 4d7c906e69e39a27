"""Legal deadlines of a case: GDPR Art. 12(3) counted per Regulation 1182/71.

Pure functions of a receipt time, a timezone and a country's public holidays (`holidays`).
Receipt is a calendar date in the controller's timezone; a period ends on the same date one
month (three months, extended) later, clamped to the month's last day, and moves on to the
next working day when it lands on a Saturday, Sunday or public holiday.
"""

from __future__ import annotations

import calendar
from datetime import date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

DEFAULT_TIMEZONE = "Europe/Helsinki"
DEFAULT_COUNTRY = "FI"
DUE_MONTHS = 1
EXTENDED_MONTHS = 3  # one month plus "two further months" (Art. 12(3))


@lru_cache(maxsize=256)
def _holidays(country: str, year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays(country, years=[year]).keys())


def is_working_day(d: date, country: str = DEFAULT_COUNTRY) -> bool:
    return d.weekday() < 5 and d not in _holidays(country, d.year)


def next_working_day(d: date, country: str = DEFAULT_COUNTRY) -> date:
    """`d` itself when it is a working day, else the first working day after it."""
    while not is_working_day(d, country):
        d += timedelta(days=1)
    return d


def add_months(d: date, months: int) -> date:
    """The same date `months` later; the month's last day when that date does not exist."""
    index = d.year * 12 + (d.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def receipt_date(received_at: datetime, timezone: str = DEFAULT_TIMEZONE) -> date:
    """The calendar date of receipt in the controller's timezone (aware datetimes only)."""
    if received_at.tzinfo is None:
        raise ValueError("received_at must be timezone-aware")
    return received_at.astimezone(ZoneInfo(timezone)).date()


def period_end(received_at: datetime, months: int, *, timezone: str = DEFAULT_TIMEZONE,
               country: str = DEFAULT_COUNTRY) -> date:
    return next_working_day(add_months(receipt_date(received_at, timezone), months), country)


def due_dates(received_at: datetime, *, timezone: str = DEFAULT_TIMEZONE,
              country: str = DEFAULT_COUNTRY) -> tuple[date, date]:
    """(due, extended_due) for a request received at `received_at`."""
    return (
        period_end(received_at, DUE_MONTHS, timezone=timezone, country=country),
        period_end(received_at, EXTENDED_MONTHS, timezone=timezone, country=country),
    )


def working_days_between(start: date, end: date, country: str = DEFAULT_COUNTRY) -> int:
    """Working days after `start` up to and including `end`; negative when `end` is earlier.

    "Days left" until a due date: 0 on the due date itself (and on a non-working day just before
    it when nothing is left), negative once overdue.
    """
    if end == start:
        return 0
    sign = 1 if end > start else -1
    lo, hi = (start, end) if sign > 0 else (end, start)
    n = 0
    d = lo + timedelta(days=1)
    while d <= hi:
        if is_working_day(d, country):
            n += 1
        d += timedelta(days=1)
    return sign * n


def add_working_days(d: date, n: int, country: str = DEFAULT_COUNTRY) -> date:
    """The n-th working day after `d` (before it when n is negative); `d` itself when n == 0."""
    step = 1 if n >= 0 else -1
    left = abs(n)
    while left:
        d += timedelta(days=step)
        if is_working_day(d, country):
            left -= 1
    return d


def local_today(now: datetime, timezone: str = DEFAULT_TIMEZONE) -> date:
    return receipt_date(now, timezone)


def days_left(due: date, now: datetime, *, timezone: str = DEFAULT_TIMEZONE) -> int:
    """Calendar days from today (in the controller's timezone) to the due date; < 0: overdue."""
    return (due - local_today(now, timezone)).days


def is_overdue(due: date, now: datetime, *, timezone: str = DEFAULT_TIMEZONE) -> bool:
    """Overdue from the day after the due date (the period ends at the end of that day)."""
    return local_today(now, timezone) > due
