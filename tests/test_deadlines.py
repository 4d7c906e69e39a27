"""Deadlines exactly as domain/deadlines.md: every worked example, plus the rules' edges."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.cases.deadlines import (
    add_months,
    add_working_days,
    days_left,
    due_dates,
    is_overdue,
    is_working_day,
    receipt_date,
    working_days_between,
)

ROOT = Path(__file__).resolve().parent.parent

# The table in domain/deadlines.md, verbatim.
EXAMPLES = [
    ("2026-03-05T10:00+02:00", "2026-04-07", "2026-06-05"),  # Easter Sunday, Easter Monday
    ("2027-01-31T12:00+02:00", "2027-03-01", "2027-04-30"),  # no 31 Feb; 28 Feb 2027 Sunday
    ("2026-11-05T10:00+02:00", "2026-12-07", "2027-02-05"),  # 5 Dec Sat, 6 Dec Independence Day
    ("2026-05-19T12:00+03:00", "2026-06-22", "2026-08-19"),  # Midsummer Eve/Day, Sunday
    ("2026-02-28T23:30+00:00", "2026-04-01", "2026-06-01"),  # already 1 March in Helsinki
    ("2028-01-29T10:00+02:00", "2028-02-29", "2028-05-02"),  # leap year; 29 Apr Sat, 1 May
]


@pytest.mark.parametrize(("received", "due", "extended"), EXAMPLES)
def test_worked_examples(received: str, due: str, extended: str) -> None:
    got = due_dates(datetime.fromisoformat(received))
    assert got == (date.fromisoformat(due), date.fromisoformat(extended))


@pytest.mark.parametrize(("received", "due", "extended"), EXAMPLES)
def test_deadline_command_prints_the_same_dates(received: str, due: str, extended: str) -> None:
    out = subprocess.run(
        [sys.executable, "-m", "bot", "--config", str(ROOT / "config.toml"), "deadline", received],
        cwd=ROOT, capture_output=True, text=True, check=True, timeout=60,
    )
    data = json.loads(out.stdout)
    assert data["due"] == due and data["extended_due"] == extended
    assert datetime.fromisoformat(data["received"]) == datetime.fromisoformat(received)


def test_deadline_command_rejects_a_time_without_offset() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "bot", "--config", str(ROOT / "config.toml"), "deadline",
         "2026-03-05T10:00"], cwd=ROOT, capture_output=True, text=True, timeout=60,
    )
    assert out.returncode == 2 and "offset" in out.stderr


def test_christmas_eve_is_not_a_working_day_in_finland() -> None:
    # Received 24 Nov 2026 -> 24 Dec (Christmas Eve), 25, 26 (Sat), 27 (Sun) -> Mon 28 Dec.
    due, _ = due_dates(datetime(2026, 11, 24, 9, 0, tzinfo=UTC))
    assert due == date(2026, 12, 28)


def test_new_years_day_and_epiphany() -> None:
    # 1 Jan 2027 is a Friday holiday -> Mon 4 Jan.
    assert due_dates(datetime(2026, 12, 1, 10, tzinfo=UTC))[0] == date(2027, 1, 4)
    # 6 Jan 2027 (Epiphany, Wednesday) -> Thursday 7 Jan.
    assert due_dates(datetime(2026, 12, 6, 10, tzinfo=UTC))[0] == date(2027, 1, 7)


def test_end_of_month_clamping_in_extension() -> None:
    # 30 Nov + 3 months -> 28 Feb 2027 (Sunday) -> Mon 1 Mar.
    assert due_dates(datetime(2026, 11, 30, 10, tzinfo=UTC))[1] == date(2027, 3, 1)
    # 31 Mar + 1 month -> 30 Apr 2026 (Thursday).
    assert due_dates(datetime(2026, 3, 31, 10, tzinfo=UTC))[0] == date(2026, 4, 30)


def test_late_evening_utc_counts_as_the_next_day_in_helsinki_in_summer() -> None:
    # 21:30 UTC in summer (UTC+3) is 00:30 next day in Helsinki.
    assert receipt_date(datetime(2026, 7, 14, 21, 30, tzinfo=UTC)) == date(2026, 7, 15)
    assert receipt_date(datetime(2026, 7, 14, 20, 59, tzinfo=UTC)) == date(2026, 7, 14)


def test_timezone_and_country_are_configurable() -> None:
    # In Stockholm 23:30 UTC on 28 Feb is 00:30 on 1 Mar too; with UTC it is still 28 Feb.
    received = datetime(2026, 2, 28, 23, 30, tzinfo=UTC)
    assert due_dates(received, timezone="UTC")[0] == date(2026, 3, 30)
    # 6 Dec 2027 is a Monday: Finland's Independence Day, a working day in Sweden.
    assert due_dates(datetime(2027, 11, 6, 10, tzinfo=UTC), country="FI")[0] == date(2027, 12, 7)
    assert due_dates(datetime(2027, 11, 6, 10, tzinfo=UTC), country="SE")[0] == date(2027, 12, 6)
    # Midsummer Eve is a Finnish and Swedish holiday; 19 June 2026 in Germany is a working day.
    assert due_dates(datetime(2026, 5, 19, 12, tzinfo=UTC), country="DE")[0] == date(2026, 6, 19)


def test_naive_receipt_is_refused() -> None:
    with pytest.raises(ValueError):
        due_dates(datetime(2026, 3, 5, 10))


def test_add_months() -> None:
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2028, 1, 31), 1) == date(2028, 2, 29)
    assert add_months(date(2026, 12, 15), 1) == date(2027, 1, 15)
    assert add_months(date(2026, 11, 30), 3) == date(2027, 2, 28)


def test_working_days() -> None:
    # Thu 2 Apr 2026 -> Tue 7 Apr: Good Friday, Sat, Sun, Easter Monday in between.
    assert working_days_between(date(2026, 4, 2), date(2026, 4, 7)) == 1
    assert working_days_between(date(2026, 4, 7), date(2026, 4, 2)) == -1
    assert working_days_between(date(2026, 4, 7), date(2026, 4, 7)) == 0
    assert add_working_days(date(2026, 4, 2), 1) == date(2026, 4, 7)
    assert add_working_days(date(2026, 4, 7), -1) == date(2026, 4, 2)
    # A reminder 2 working days before due 7 Apr 2026 falls on 1 Apr.
    assert add_working_days(date(2026, 4, 7), -2) == date(2026, 4, 1)


def test_days_left_and_overdue() -> None:
    due = date(2026, 4, 7)
    assert days_left(due, datetime(2026, 4, 7, 20, 59, tzinfo=UTC)) == 0  # 23:59 in Helsinki
    assert not is_overdue(due, datetime(2026, 4, 7, 20, 59, tzinfo=UTC))
    assert is_overdue(due, datetime(2026, 4, 7, 21, 0, tzinfo=UTC))  # 00:00 on 8 Apr
    assert days_left(due, datetime(2026, 4, 1, 10, tzinfo=UTC)) == 6


@given(st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2090, 12, 31),
                    timezones=st.just(UTC)))
def test_properties_of_every_receipt(received: datetime) -> None:
    due, extended = due_dates(received)
    start = receipt_date(received)
    assert is_working_day(due) and is_working_day(extended)
    nominal = add_months(start, 1)
    # Never before the nominal end, and at most a long holiday weekend after it.
    assert nominal <= due <= nominal + timedelta(days=5)
    # The days between the nominal end and the due date are all non-working.
    d = nominal
    while d < due:
        assert not is_working_day(d)
        d += timedelta(days=1)
    assert extended > due
    assert add_months(start, 3) <= extended <= add_months(start, 3) + timedelta(days=5)
