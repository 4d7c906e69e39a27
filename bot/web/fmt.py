"""Dates and times as people read them: 19.8.2026 and 13.20 in the controller's timezone.

Pure functions of a value, a language and a timezone name; pages never show ISO timestamps or UTC.
Machine formats (CSV, JSON exports) keep ISO 8601.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

DASH = "\u2013"  # an empty value


def fmt_date(d: date | datetime | None, tz: str = "Europe/Helsinki") -> str:
    """19.8.2026 (the Finnish and Finland-Swedish form, also used for English pages here)."""
    if d is None:
        return DASH
    if isinstance(d, datetime):
        d = local(d, tz).date()
    return f"{d.day}.{d.month}.{d.year}"


def fmt_time(at: datetime, lang: str, tz: str = "Europe/Helsinki") -> str:
    """13.20 in Finnish and Swedish, 13:20 in English."""
    t = local(at, tz)
    sep = ":" if lang == "en" else "."
    return f"{t.hour}{sep}{t.minute:02d}"


def fmt_datetime(at: datetime | None, lang: str, tz: str = "Europe/Helsinki") -> str:
    if at is None:
        return DASH
    return f"{fmt_date(at, tz)} {fmt_time(at, lang, tz)}"


def local(at: datetime, tz: str) -> datetime:
    if at.tzinfo is None:  # SQLite hands back naive UTC
        at = at.replace(tzinfo=UTC)
    return at.astimezone(ZoneInfo(tz))


def parse_date_or_datetime(value: str) -> date | datetime | None:
    """An ISO date or datetime string from an audit record, else None (left as text)."""
    if not isinstance(value, str) or len(value) < 10 or value[4:5] != "-" or value[7:8] != "-":
        return None
    try:
        if len(value) == 10:
            return date.fromisoformat(value)
        return datetime.fromisoformat(value)
    except ValueError:
        return None
