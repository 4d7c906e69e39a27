"""Scheduled work of the register: expired export downloads lose their ZIP within the hour
(the link already refuses them; this keeps no copy of the person's data longer than promised),
and erasure tasks at processors with an API are carried out (`bot.register.processor_api`)."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from bot.jobs.job import Job, every
from bot.register.downloads import purge_expired
from bot.register.processor_api import run_api_tasks
from bot.runtime import Runtime


def purge_downloads(s: Session, rt: Runtime) -> dict[str, Any]:
    return {"cleared": {"download_link": purge_expired(s, rt)}}


JOBS = [
    Job("exports.purge", "clear the ZIPs of expired download links", every(lambda st: 60),
        purge_downloads),
    Job("processors.api", "erase at processors with an API (HubSpot) for open erasure tasks",
        every(lambda st: 5), run_api_tasks),
]
