"""Housekeeping jobs of the scheduler itself: old job-run records and expired leases go."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import delete
from sqlmodel import Session, col

from bot.jobs.job import Job, daily_at
from bot.runtime import Runtime
from models import JobRun, JobStatus, Lease


def prune_job_runs(s: Session, rt: Runtime) -> dict[str, Any]:
    now = rt.clock.now()
    cutoff = now - timedelta(days=rt.settings.scheduler.keep_runs_days)
    runs = s.connection().execute(
        delete(JobRun).where(col(JobRun.started_at) < cutoff,
                             col(JobRun.status) != JobStatus.RUNNING)
    ).rowcount
    # An expired lease is free anyway; deleting it only keeps the table small.
    stale = s.connection().execute(
        delete(Lease).where(col(Lease.expires_at) < now - timedelta(days=1))
    ).rowcount
    return {"deleted": {"job_run": runs, "lease": stale}}


JOBS = [
    Job("housekeeping.prune", "job-run records older than [scheduler] keep_runs_days",
        daily_at(lambda st: st.retention.sweep_time), prune_job_runs),
]
