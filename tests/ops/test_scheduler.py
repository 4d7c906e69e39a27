"""The scheduler: periods, once per period across instances, failures, dead instances, the CLI."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import Session, select

from bot.cli import main
from bot.jobs import scheduler
from bot.jobs.job import Job, daily_at, every
from bot.runtime import Runtime, leases
from bot.runtime.clock import FixedClock
from bot.runtime.config import Settings
from models import JobRun, JobStatus, Suppression, WebActivity

ROOT = Path(__file__).resolve().parents[2]
T0 = datetime(2026, 11, 25, 6, 30, tzinfo=UTC)  # 08:30 in Helsinki


def test_daily_period_is_the_local_date_from_the_configured_time(settings: Settings) -> None:
    at8 = daily_at(lambda st: "08:00")
    assert at8(settings, datetime(2026, 11, 25, 5, 59, tzinfo=UTC)) is None  # 07:59 local
    assert at8(settings, datetime(2026, 11, 25, 6, 0, tzinfo=UTC)) == "2026-11-25"
    assert at8(settings, datetime(2026, 11, 25, 21, 59, tzinfo=UTC)) == "2026-11-25"  # 23:59 local
    assert at8(settings, datetime(2026, 11, 25, 22, 30, tzinfo=UTC)) is None  # 00:30 on the 26th
    summer = datetime(2026, 6, 1, 5, 0, tzinfo=UTC)  # 08:00 EEST (UTC+3)
    assert at8(settings, summer) == "2026-06-01"
    assert at8(settings, summer - timedelta(minutes=1)) is None


def test_every_n_minutes_names_aligned_slots(settings: Settings) -> None:
    five = every(lambda st: 5)
    assert five(settings, datetime(2026, 11, 25, 13, 4, 59, tzinfo=UTC)) == "2026-11-25T13:00Z"
    assert five(settings, datetime(2026, 11, 25, 13, 5, 0, tzinfo=UTC)) == "2026-11-25T13:05Z"


@pytest.fixture
def two(settings: Settings) -> Iterator[tuple[Runtime, Runtime, FixedClock]]:
    clock = FixedClock(T0)
    a = Runtime.from_settings(settings, clock=clock)
    b = Runtime.from_settings(settings, migrate=False, clock=clock)
    yield a, b, clock
    a.db.dispose()
    b.db.dispose()


def counting_job(calls: list[str], name: str = "test.count", fail: int = 0) -> Job:
    """A daily 08:00 job that records who ran it, writes a row, and fails its first `fail` runs."""

    def body(s: Session, rt: Runtime) -> dict[str, Any]:
        calls.append(rt.instance_id)
        s.add(Suppression(email_normalized=f"run{len(calls)}@example.com", source="test"))
        if len(calls) <= fail:
            raise RuntimeError("boom")
        return {"deleted": {"things": len(calls)}}

    return Job(name, "a test job", daily_at(lambda st: "08:00"), body)


def runs(rt: Runtime, job: str = "test.count") -> list[JobRun]:
    with rt.db.session() as s:
        return list(s.exec(select(JobRun).where(JobRun.job == job).order_by(JobRun.id)).all())


def suppressions(rt: Runtime) -> int:
    with rt.db.session() as s:
        return len(s.exec(select(Suppression)).all())


async def test_two_instances_run_a_job_once_per_period(two: tuple[Runtime, Runtime, FixedClock]) -> None:
    a, b, clock = two
    calls: list[str] = []
    jobs = {"test.count": counting_job(calls)}
    for _ in range(3):  # both instances tick, several times, at once
        await asyncio.gather(scheduler.tick(a, jobs), scheduler.tick(b, jobs))
    assert len(calls) == 1
    [run] = runs(a)
    assert (run.period, run.status, run.owner) == ("2026-11-25", JobStatus.OK, calls[0])
    assert run.finished_at == T0 and run.details["deleted"] == {"things": 1}
    clock.advance(timedelta(hours=23))  # 07:30 next day: not due yet
    await asyncio.gather(scheduler.tick(a, jobs), scheduler.tick(b, jobs))
    assert len(calls) == 1
    clock.advance(timedelta(hours=1))
    await asyncio.gather(scheduler.tick(b, jobs), scheduler.tick(a, jobs))
    assert len(calls) == 2 and [r.period for r in runs(a)] == ["2026-11-25", "2026-11-26"]


async def test_a_failed_run_rolls_back_and_is_retried_later_in_the_period(
        two: tuple[Runtime, Runtime, FixedClock]) -> None:
    a, b, clock = two
    calls: list[str] = []
    jobs = {"test.count": counting_job(calls, fail=1)}
    await scheduler.tick(a, jobs)
    [run] = runs(a)
    assert run.status == JobStatus.FAILED and "boom" in run.details["error"]
    assert suppressions(a) == 0  # the failed run's writes were rolled back
    await scheduler.tick(b, jobs)  # too early to retry
    assert len(calls) == 1
    clock.advance(timedelta(seconds=a.settings.scheduler.retry_seconds))
    await scheduler.tick(b, jobs)
    [run] = runs(a)
    assert run.status == JobStatus.OK and run.details["attempt"] == 2 and run.owner == b.instance_id
    assert suppressions(a) == 1


async def test_retries_stop_after_max_attempts(two: tuple[Runtime, Runtime, FixedClock]) -> None:
    a, _, clock = two
    calls: list[str] = []
    jobs = {"test.count": counting_job(calls, fail=99)}
    for _ in range(6):
        await scheduler.tick(a, jobs)
        clock.advance(timedelta(seconds=a.settings.scheduler.retry_seconds))
    assert len(calls) == a.settings.scheduler.max_attempts
    assert runs(a)[0].status == JobStatus.FAILED


async def test_a_dead_instances_run_is_taken_over_after_its_lease_expires(
        two: tuple[Runtime, Runtime, FixedClock]) -> None:
    a, b, clock = two
    calls: list[str] = []
    job = counting_job(calls)
    jobs = {job.name: job}
    # Instance a claimed today's run and died mid-way: its row says running, its lease is held.
    ttl = a.settings.scheduler.job_lease_seconds
    assert leases.acquire(a, scheduler.lease_name(job), ttl)
    assert scheduler._claim(a, job, "2026-11-25", dry_run=False) is not None
    await scheduler.tick(b, jobs)
    assert calls == [] and runs(b)[0].status == JobStatus.RUNNING  # a may still be alive
    clock.advance(timedelta(seconds=ttl + 1))
    await scheduler.tick(b, jobs)  # marks it abandoned...
    clock.advance(timedelta(seconds=b.settings.scheduler.retry_seconds))
    await scheduler.tick(b, jobs)  # ...and runs it once more
    [run] = runs(b)
    assert calls == [b.instance_id]
    assert run.status == JobStatus.OK and run.owner == b.instance_id and run.details["attempt"] == 2


async def test_serve_runs_due_jobs_until_stopped(settings: Settings) -> None:
    rt = Runtime.from_settings(settings.model_copy(update={"scheduler": settings.scheduler.model_copy(
        update={"tick_seconds": 0.05})}), clock=FixedClock(datetime(2026, 11, 25, 1, 30, tzinfo=UTC)))
    try:
        stop = asyncio.Event()
        task = asyncio.create_task(scheduler.serve(rt, stop))
        deadline = asyncio.get_running_loop().time() + 20
        want = {"retention.web_analytics", "retention.closed_cases", "housekeeping.prune"}
        while not want <= {r.job for r in runs_all(rt) if r.status == JobStatus.OK}:
            assert asyncio.get_running_loop().time() < deadline, runs_all(rt)
            await asyncio.sleep(0.05)
        stop.set()
        await asyncio.wait_for(task, 10)
        periods = {r.job: r.period for r in runs_all(rt)}
        assert periods["retention.closed_cases"] == "2026-11-25"  # 03:30 local: the sweeps ran
        assert periods["recovery.stuck"] == "2026-11-25T01:30Z"
        assert "staff.digest" not in periods  # 08:00 local is still to come
        assert len(runs_all(rt)) == len(periods)  # once each
    finally:
        rt.db.dispose()


def runs_all(rt: Runtime) -> list[JobRun]:
    with rt.db.session() as s:
        return list(s.exec(select(JobRun)).all())


def test_cli_lists_runs_and_dry_runs_a_sweep(settings: Settings, monkeypatch: pytest.MonkeyPatch,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("BOT_DATABASE__URL", settings.database.url)
    rt = Runtime.from_settings(settings)
    try:
        from models import Person

        with rt.db.session() as s:
            p = Person(name="x")
            s.add(p)
            s.flush()
            s.add(WebActivity(person_id=p.id, kind="analytics", at=rt.clock.now() - timedelta(days=800)))
            s.add(WebActivity(person_id=p.id, kind="analytics", at=rt.clock.now()))
        config = str(ROOT / "config.toml")
        assert main(["--config", config, "jobs", "run", "retention.web_analytics", "--dry-run"]) == 0
        out = capsys.readouterr().out
        assert "DRY RUN" in out
        details = json.loads(out[out.index("{"):])
        assert details["deleted"] == {"web_activity": 1} and len(details["ids"]["web_activity"]) == 1
        with rt.db.session() as s:
            assert len(s.exec(select(WebActivity)).all()) == 2  # nothing deleted
        assert main(["--config", config, "jobs", "run", "retention.web_analytics"]) == 0
        capsys.readouterr()
        with rt.db.session() as s:
            assert len(s.exec(select(WebActivity)).all()) == 1
        assert main(["--config", config, "jobs"]) == 0
        listing = capsys.readouterr().out
        assert listing.count("retention.web_analytics") == 2 and "web_activity=1" in listing
        assert "dry-run:" in listing and "manual:" in listing
        assert main(["--config", config, "jobs", "run", "no.such"]) == 2
        assert main(["--config", config, "jobs", "list"]) == 0
        assert "retention.closed_cases" in capsys.readouterr().out
    finally:
        rt.db.dispose()
