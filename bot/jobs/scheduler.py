"""The scheduler: periodic jobs (digest, reminders, challenge expiry, outbox recovery, retention).

A part of `python -m bot run`. Each job has a period function naming the period that is due now
("2026-11-25" for a daily job); a run is claimed by inserting a `JobRun(job, period)` row, whose
unique constraint makes it run once per period across every instance. The running instance holds
the lease `job:<name>`; a run whose instance died (lease gone) is retried like a failed one.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import uuid
from datetime import timedelta
from typing import Any

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlmodel import col, select

from bot.jobs import registry
from bot.jobs.job import Job, JobFailed
from bot.runtime import Runtime, leases
from models import JobRun, JobStatus

log = logging.getLogger(__name__)

def all_jobs() -> dict[str, Job]:
    """Every job, by name (the one list: bot.jobs.registry)."""
    return {j.name: j for j in registry.JOBS}


def lease_name(job: Job) -> str:
    return f"job:{job.name}"


# --- claiming and recording a run -----------------------------------------------------------

def _claim(rt: Runtime, job: Job, period: str, *, dry_run: bool) -> int | None:
    """Insert the run's row, or take over a failed/abandoned one of the same period."""
    now = rt.clock.now()
    try:
        with rt.db.session() as s:
            run = JobRun(job=job.name, period=period, owner=rt.instance_id, started_at=now,
                         status=JobStatus.RUNNING, dry_run=dry_run, details={"attempt": 1})
            s.add(run)
            s.flush()
            return run.id
    except IntegrityError:
        pass
    sch = rt.settings.scheduler
    with rt.db.session() as s:
        old = s.exec(select(JobRun).where(JobRun.job == job.name, JobRun.period == period)).first()
        if old is None or old.status not in (JobStatus.FAILED, JobStatus.ABANDONED):
            return None
        attempt = int(old.details.get("attempt", 1)) + 1
        if attempt > sch.max_attempts:
            return None
        if old.finished_at and now < old.finished_at + timedelta(seconds=sch.retry_seconds):
            return None
        # Conditional on the state we read: of two instances racing, only one updates the row.
        result = s.connection().execute(
            update(JobRun)
            .where(col(JobRun.id) == old.id, col(JobRun.status) == old.status,
                   col(JobRun.owner) == old.owner)
            .values(owner=rt.instance_id, started_at=now, finished_at=None,
                    status=JobStatus.RUNNING,
                    details={"attempt": attempt, "previous": old.details})
        )
        return old.id if result.rowcount == 1 else None


def _execute(rt: Runtime, job: Job, run_id: int, *, dry_run: bool) -> dict[str, Any]:
    """Run the body and record the outcome in the same transaction (all or nothing)."""
    try:
        failure = ""
        with rt.db.session() as s:
            try:
                details = job.run(s, rt)
            except JobFailed as e:  # partly done: keep its work, record the run as failed
                details, failure = e.details, str(e)[:2000]
            if dry_run:
                s.rollback()  # a dry run shows what would happen and keeps nothing
            run = s.get(JobRun, run_id)
            assert run is not None
            attempt = run.details.get("attempt", 1)
            run.status = JobStatus.FAILED if failure else JobStatus.OK
            run.finished_at = rt.clock.now()
            run.details = {"attempt": attempt, **details, **({"error": failure} if failure else {})}
            s.add(run)
        if failure:
            log.warning("job failed", extra={"job": job.name, "run": run_id, "error": failure})
        else:
            log.info("job done", extra={"job": job.name, "run": run_id, "dry_run": dry_run})
        return run.details
    except Exception as e:
        log.exception("job failed", extra={"job": job.name, "run": run_id})
        with rt.db.session() as s:
            run = s.get(JobRun, run_id)
            if run is not None:
                run.status = JobStatus.FAILED
                run.finished_at = rt.clock.now()
                run.details = {**run.details, "error": f"{type(e).__name__}: {e}"[:2000]}
                s.add(run)
        raise


def recover(rt: Runtime) -> list[int]:
    """Mark runs whose instance died (status running, job lease not held by it) abandoned."""
    marked: list[int] = []
    with rt.db.session() as s:
        running = s.exec(select(JobRun).where(JobRun.status == JobStatus.RUNNING)).all()
    for run in running:
        if leases.holder(rt, f"job:{run.job}") == run.owner:
            continue
        with rt.db.session() as s:
            result = s.connection().execute(
                update(JobRun)
                .where(col(JobRun.id) == run.id, col(JobRun.status) == JobStatus.RUNNING,
                       col(JobRun.owner) == run.owner)
                .values(status=JobStatus.ABANDONED, finished_at=rt.clock.now())
            )
        if result.rowcount == 1:
            log.warning("job run abandoned by a dead instance", extra={"job": run.job, "run": run.id})
            assert run.id is not None
            marked.append(run.id)
    return marked


def _settled(rt: Runtime, job: Job, period: str) -> bool:
    """A cheap check before contending for the lease: this period ran or is running."""
    with rt.db.session() as s:
        run = s.exec(select(JobRun).where(JobRun.job == job.name, JobRun.period == period)).first()
    return run is not None and run.status in (JobStatus.OK, JobStatus.RUNNING)


# --- entry points ---------------------------------------------------------------------------

async def run_job(rt: Runtime, job: Job, period: str, *, dry_run: bool = False) -> int | None:
    """Run `job` for `period` unless another instance has/had it; returns the JobRun id."""
    ttl = rt.settings.scheduler.job_lease_seconds
    if not await asyncio.to_thread(leases.acquire, rt, lease_name(job), ttl):
        return None  # another instance is running this job right now
    async with leases.hold(rt, lease_name(job), ttl):
        run_id = await asyncio.to_thread(_claim, rt, job, period, dry_run=dry_run)
        if run_id is None:
            return None
        # A failure is logged and recorded on the run by _execute; retried later in the period.
        with contextlib.suppress(Exception):
            await asyncio.to_thread(_execute, rt, job, run_id, dry_run=dry_run)
        return run_id


def run_by_hand(rt: Runtime, job: Job, *, dry_run: bool) -> JobRun:
    """`python -m bot jobs run NAME`: once, now, recorded as a manual period (failures too)."""
    # Unique per run, so a manual run never blocks (nor is blocked by) the scheduled one.
    period = (("dry-run:" if dry_run else "manual:")
              + rt.clock.now().isoformat(timespec="seconds") + "/" + uuid.uuid4().hex[:8])
    ttl = rt.settings.scheduler.job_lease_seconds
    if not leases.acquire(rt, lease_name(job), ttl):
        raise RuntimeError(f"job {job.name} is running in another instance "
                           f"({leases.holder(rt, lease_name(job))}); try again later")
    try:
        run_id = _claim(rt, job, period, dry_run=dry_run)
        assert run_id is not None
        with contextlib.suppress(Exception):  # logged and recorded on the run
            _execute(rt, job, run_id, dry_run=dry_run)
    finally:
        leases.release(rt, lease_name(job))
    with rt.db.session() as s:
        run = s.get(JobRun, run_id)
        assert run is not None
        return run


async def tick(rt: Runtime, jobs: dict[str, Job] | None = None) -> list[int]:
    """One round: recover dead runs, then run every job whose period is due; returns run ids."""
    jobs = jobs if jobs is not None else all_jobs()
    await asyncio.to_thread(recover, rt)
    ran: list[int] = []
    for job in jobs.values():
        period = job.period(rt.settings, rt.clock.now())
        if period is None or await asyncio.to_thread(_settled, rt, job, period):
            continue
        run_id = await run_job(rt, job, period)
        if run_id is not None:
            ran.append(run_id)
    return ran


async def serve(rt: Runtime, stop: asyncio.Event) -> None:
    jobs = all_jobs()
    log.info("scheduler started", extra={"jobs": sorted(jobs)})
    while not stop.is_set():
        try:
            await tick(rt, jobs)
        except Exception:  # a database outage must not stop the bot; the next tick retries
            log.exception("scheduler tick failed")
        try:
            await asyncio.wait_for(stop.wait(), timeout=rt.settings.scheduler.tick_seconds)
        except TimeoutError:
            pass
