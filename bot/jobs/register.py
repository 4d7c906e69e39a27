"""Scheduled work of the register: expired export downloads lose their ZIP within the hour
(the link already refuses them; this keeps no copy of the person's data longer than promised),
and erasure tasks at processors with an API are carried out (`bot.register.processor_api`)."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from bot.jobs.job import Job, JobFailed, every
from bot.register.downloads import purge_expired
from bot.register.processor_api import run_api_tasks
from bot.runtime import Runtime
from handlers.processors import finish_ready


def processor_tasks(s: Session, rt: Runtime) -> dict[str, Any]:
    """API tasks, then the cases whose last task that was: their final letters go out."""
    out = run_api_tasks(s, rt)
    out["completed"] = finish_ready(s, rt)
    if out["errors"]:
        raise JobFailed(f"{len(out['errors'])} processor task(s) could not run: " + "; ".join(out["errors"]),
                        details=out)
    return out


def purge_downloads(s: Session, rt: Runtime) -> dict[str, Any]:
    return {"cleared": {"download_link": purge_expired(s, rt)}}


JOBS = [
    Job("exports.purge", "clear the ZIPs of expired download links", every(lambda st: 60),
        purge_downloads),
    Job("processors.api", "erase at processors with an API (HubSpot) for open erasure tasks; "
        "complete the cases whose processors are all done", every(lambda st: 5), processor_tasks),
]
