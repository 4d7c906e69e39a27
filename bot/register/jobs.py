"""Scheduled work of the register: expired export downloads lose their ZIP within the hour
(the link already refuses them; this keeps no copy of the person's data longer than promised)."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from bot.register.downloads import purge_expired
from bot.runtime import Runtime
from bot.scheduler import Job, every


def purge_downloads(s: Session, rt: Runtime) -> dict[str, Any]:
    return {"cleared": {"download_link": purge_expired(s, rt)}}


JOBS = [
    Job("exports.purge", "clear the ZIPs of expired download links", every(lambda st: 60),
        purge_downloads),
]
