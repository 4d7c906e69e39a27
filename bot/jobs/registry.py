"""Every scheduled job, in one list: the scheduler runs these and `python -m bot jobs` lists them."""

from __future__ import annotations

from bot.jobs import alerts, housekeeping, register, retention, staff
from bot.jobs.job import Job

JOBS: list[Job] = [*staff.JOBS, *alerts.JOBS, *retention.JOBS, *housekeeping.JOBS, *register.JOBS]
