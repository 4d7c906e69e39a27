"""bench/daily.py: the working day's jobs and queue at size — the staff alerts job (first run,
then a run with nothing new), the daily digest, and one queue page of 500 — over N open cases.

    python bench/daily.py [--cases 2000] [--staff 5] [--database-url URL]

Without --database-url: a fresh SQLite file. A PostgreSQL URL gets a fresh schema, dropped after.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import uuid
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--cases", type=int, default=2000)
    ap.add_argument("--staff", type=int, default=5)
    ap.add_argument("--database-url", default="")
    args = ap.parse_args()

    from sqlalchemy import create_engine, text
    from sqlmodel import select

    from bot.cases.audit import add_event
    from bot.cases.service import open_case
    from bot.jobs import alerts
    from bot.jobs import staff as staffjobs
    from bot.runtime import Runtime
    from bot.runtime.config import load_settings
    from bot.runtime.db import normalise_url
    from bot.staff.accounts import add_staff
    from bot.web.staff.queue import QueueFilters, find_cases
    from models import RequestKind, StaffUser

    tmp = tempfile.mkdtemp(prefix="bench-daily-")
    url, schema = args.database_url or f"sqlite:///{tmp}/bench.sqlite3", ""
    if url.startswith("postgresql"):
        schema = f"bench_{uuid.uuid4().hex[:8]}"
        with create_engine(normalise_url(url), isolation_level="AUTOCOMMIT").connect() as c:
            c.execute(text(f'CREATE SCHEMA "{schema}"'))
        url += ("&" if "?" in url else "?") + f"options=-csearch_path%3D{schema}"
    settings = load_settings(ROOT / "config.toml", environ={
        "BOT_DATABASE__URL": url, "BOT_OUTBOUND__MAILDIR": f"{tmp}/outbox",
        "BOT_SECRETS__DEV_KEY_FILE": f"{tmp}/signing.key"})
    rt = Runtime.from_settings(settings)
    try:
        now = rt.clock.now()
        with rt.db.session() as s:
            for i in range(args.staff):
                add_staff(s, rt, f"staff{i}", "a long enough password 1")
            for u in s.exec(select(StaffUser)):
                u.email, u.language = f"{u.username}@example.fi", ("fi", "sv")[(u.id or 0) % 2]
                s.add(u)
            for i in range(args.cases):
                c = open_case(s, rt, kind=RequestKind.ACCESS, requester_email=f"p{i}@example.fi",
                              language="fi", received_at=now - timedelta(days=i % 40))
                if i % 10 == 0:
                    add_event(s, rt, c, "message_linked")
        for n in (1, 2):
            t = time.perf_counter()
            with rt.db.session() as s:
                out = alerts.send_alerts(s, rt)
            print(f"alerts run {n}: {time.perf_counter() - t:.2f} s, {out['sent']} mails {out['by_event']}")
        t = time.perf_counter()
        with rt.db.session() as s:
            out = staffjobs.digest(s, rt)
        print(f"digest: {time.perf_counter() - t:.2f} s, {out['sent']} mails")
        for page in (1, max(1, args.cases // 500)):
            t = time.perf_counter()
            with rt.db.session() as s:
                rows, total = find_cases(s, QueueFilters(page=page), now.date())
            print(f"queue page {page}: {len(rows)} of {total} in {(time.perf_counter() - t) * 1000:.0f} ms")
    finally:
        rt.db.dispose()
        if schema:
            with create_engine(normalise_url(args.database_url), isolation_level="AUTOCOMMIT").connect() as c:
                c.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    return 0


if __name__ == "__main__":
    sys.exit(main())
