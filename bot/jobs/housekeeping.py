"""Housekeeping jobs of the scheduler itself: old job-run records and expired leases go, and so
do the request form's submission records once their links and limits are over."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import delete
from sqlmodel import Session, col

from bot.jobs.job import Job, daily_at
from bot.runtime import Runtime
from models import FormSubmission, JobRun, JobStatus, Lease


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
    # The request form's submissions (keyed hashes) matter only while their link and the
    # per-address day can still count them.
    kept = timedelta(hours=max(rt.settings.public.confirm_link_hours, 24)) + timedelta(days=1)
    forms = s.connection().execute(
        delete(FormSubmission).where(col(FormSubmission.created_at) < now - kept)
    ).rowcount
    return {"deleted": {"job_run": runs, "lease": stale, "form_submission": forms}}


JOBS = [
    Job("housekeeping.prune", "job-run records older than [scheduler] keep_runs_days",
        daily_at(lambda st: st.retention.sweep_time), prune_job_runs),
]
