"""What a scheduled job is: a name, a period function and a body (run by bot.jobs.scheduler).

The job modules (staff, retention, housekeeping, register) build `Job`s from this module only;
the scheduler finds them in the one list, bot.jobs.registry.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from sqlmodel import Session

from bot.runtime import Runtime
from bot.runtime.config import Settings

# A period function: the key of the period due at `now`, or None when nothing is due yet today.
PeriodFn = Callable[[Settings, datetime], str | None]
# A job body: does its work in the session (committed with the run's record; rolled back on a
# dry run) and returns details for the record: counts and ids, never personal data.
JobFn = Callable[[Session, Runtime], dict[str, Any]]


class JobFailed(Exception):
    """The body did its work but some of it could not be done: its changes are kept (they record
    the failure where staff see it) and the run is recorded as failed with this readable reason."""

    def __init__(self, reason: str, details: dict[str, Any] | None = None) -> None:
        super().__init__(reason)
        self.details = dict(details or {})


@dataclass(frozen=True)
class Job:
    name: str
    description: str
    period: PeriodFn
    run: JobFn


def parse_hhmm(value: str) -> time:
    hh, _, mm = value.strip().partition(":")
    return time(int(hh), int(mm or 0))


def daily_at(get_time: Callable[[Settings], str]) -> PeriodFn:
    """Due once per local calendar day from the configured local time on ([deadlines] timezone).

    An instance that was down at that time catches up when it starts, the same day.
    """

    def period(settings: Settings, now: datetime) -> str | None:
        local = now.astimezone(ZoneInfo(settings.deadlines.timezone))
        if local.time() < parse_hhmm(get_time(settings)):
            return None
        return local.date().isoformat()

    return period


def every(get_minutes: Callable[[Settings], float]) -> PeriodFn:
    """Due once per slot of N minutes (slots aligned to the epoch, named by their UTC start)."""

    def period(settings: Settings, now: datetime) -> str | None:
        step = max(60, int(get_minutes(settings) * 60))
        start = int(now.timestamp()) // step * step
        return datetime.fromtimestamp(start, UTC).strftime("%Y-%m-%dT%H:%MZ")

    return period
