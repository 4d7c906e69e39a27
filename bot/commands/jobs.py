"""`python -m bot jobs`: the scheduler's record, and running one job or sweep by hand.

`jobs` lists recent runs; `jobs list` the jobs and their schedule; `jobs run NAME [--dry-run]`
runs one now (a dry run rolls everything back and prints what it would delete).
"""

from __future__ import annotations

import argparse
import json
import sys

from bot.jobs.scheduler import all_jobs, run_by_hand
from bot.runtime import Runtime
from bot.runtime.clock import SystemClock
from bot.runtime.config import Settings
from bot.runtime.logs import setup_logging
from models import JobRun


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("jobs", help="scheduled jobs: recent runs, run one by hand (--dry-run)")
    p.add_argument("--limit", type=int, default=30, help="runs to show (default 30)")
    p.add_argument("--job", help="only runs of this job")
    p.add_argument("--json", action="store_true", help="one JSON object per run")
    p.set_defaults(func=cmd_runs)
    jsub = p.add_subparsers(dest="jobs_command", metavar="SUBCOMMAND")
    ls = jsub.add_parser("list", help="the jobs and when they are due")
    ls.set_defaults(func=cmd_list)
    r = jsub.add_parser("run", help="run one job now (recorded as a manual run)")
    r.add_argument("name", help="job name (see `jobs list`)")
    r.add_argument("--dry-run", action="store_true",
                   help="do everything in a transaction that is rolled back; print what it did")
    r.set_defaults(func=cmd_run)


def _runtime(settings: Settings):
    return Runtime.from_settings(settings)


def cmd_runs(args: argparse.Namespace, settings: Settings) -> int:
    from sqlmodel import col, select


    rt = _runtime(settings)
    try:
        with rt.db.session() as s:
            q = select(JobRun).order_by(col(JobRun.started_at).desc()).limit(args.limit)
            if args.job:
                q = q.where(JobRun.job == args.job)
            runs = list(s.exec(q).all())
    finally:
        rt.db.dispose()
    if args.json:
        for r in runs:
            print(json.dumps(r.model_dump(mode="json"), ensure_ascii=False))
        return 0
    if not runs:
        print("no job runs yet")
        return 0
    print(f"{'id':>6}  {'job':<26} {'period':<44} {'status':<9} {'started (UTC)':<19}  summary")
    for r in runs:
        print(f"{r.id:>6}  {r.job:<26} {r.period:<44} {r.status:<9} "
              f"{r.started_at:%Y-%m-%d %H:%M:%S}  {summary(r.details)}")
    return 0


def summary(details: dict) -> str:
    """The counts of a run in one line ("deleted service_usage=3 ...")."""
    parts: list[str] = []
    for key in ("deleted", "minimised", "sent", "expired", "recovered"):
        value = details.get(key)
        if isinstance(value, dict):
            parts.append(key + " " + " ".join(f"{k}={v}" for k, v in value.items()))
        elif value is not None:
            parts.append(f"{key}={value}")
    if "error" in details:
        parts.append("error: " + str(details["error"])[:80])
    return "; ".join(parts)


def cmd_list(args: argparse.Namespace, settings: Settings) -> int:
    now = SystemClock().now()
    for name, job in sorted(all_jobs().items()):
        due = job.period(settings, now)
        print(f"{name:<26} {job.description}  [period now: {due or 'not due yet today'}]")
    return 0


def cmd_run(args: argparse.Namespace, settings: Settings) -> int:
    setup_logging("WARNING")
    jobs = all_jobs()
    job = jobs.get(args.name)
    if job is None:
        print(f"unknown job {args.name!r}; known: {', '.join(sorted(jobs))}", file=sys.stderr)
        return 2
    rt = _runtime(settings)
    try:
        run = run_by_hand(rt, job, dry_run=args.dry_run)
    except RuntimeError as e:
        print(str(e), file=sys.stderr)
        return 1
    finally:
        rt.db.dispose()
    head = "DRY RUN (nothing was changed)" if args.dry_run else "done"
    print(f"{job.name}: {head}, run {run.id}, status {run.status}")
    print(json.dumps(run.details, indent=2, ensure_ascii=False, default=str))
    return 0 if run.status == "ok" else 1
