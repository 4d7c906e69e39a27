"""Benchmark: an access export and an erasure for a person with a long history (10 000 rows)
in a register of 100 000 people, against the same for an ordinary person (the baseline).

    python bench/export.py [--people 100000] [--history 10000] [--db URL]

Prints wall time (s) and peak Python memory (tracemalloc, MiB) of each operation, and the ratio
to the baseline. Timing runs are made without tracemalloc; memory runs separately with it.
Default database: a fresh SQLite file in a temporary directory; `--db postgresql://...` uses that
database (a fresh schema is created and dropped).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
import tracemalloc
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import create_engine, insert, select, text

from bot.register.demo import generate
from bot.register.erase import erase_person
from bot.register.exporter import build_export
from bot.runtime import Runtime
from bot.runtime.config import load_settings
from bot.runtime.db import normalise_url
from models import (
    Communication,
    Consent,
    EventParticipation,
    Invoice,
    MarketingAction,
    Order,
    Person,
    PersonEmail,
    ServiceUsage,
    WebActivity,
)

NOW = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)
# How a 10 000-row history splits over the tables (fractions).
SPLIT = {ServiceUsage: 0.40, WebActivity: 0.25, Communication: 0.15, MarketingAction: 0.10,
         Order: 0.05, Invoice: 0.03, EventParticipation: 0.01, Consent: 0.01}


def long_history_person(rt: Runtime, n: int, tag: str) -> int:
    with rt.db.session() as s:
        p = Person(name=f"Heavy Hannele {tag}", phone="+358 40 000 0000", address="Pitkäkatu 1, 00100 Helsinki",
                   organisation="Iso Asiakas Oy", role="Pääkäyttäjä", language="fi", source="bench",
                   created_at=NOW, updated_at=NOW)
        s.add(p)
        s.flush()
        pid = p.id
        email = f"heavy.{tag}@bench.example"
        s.add(PersonEmail(person_id=pid, email=email, normalized=email))
        for model, share in SPLIT.items():
            rows = []
            for i in range(int(n * share)):
                at = NOW - timedelta(minutes=i)
                row: dict[str, Any] = {"person_id": pid}
                if model is ServiceUsage:
                    row.update(kind="log", at=at, detail=f"api call {i} from 10.0.{i % 255}.{i % 7}")
                elif model is WebActivity:
                    row.update(kind="analytics", at=at, url=f"https://www.xcure.fi/page/{i}", data={"ms": i % 900})
                elif model is Communication:
                    row.update(kind="email", at=at, subject=f"Tiketti #{i}", summary="Asiakas kysyi varmuuskopioista " * 3)
                elif model is MarketingAction:
                    row.update(campaign=f"Kampanja {i % 40}", at=at, result="opened")
                elif model is Order:
                    row.update(kind="order", product="Xcure Cloud", price=Decimal("99.90"), on=at.date(), details={})
                elif model is Invoice:
                    row.update(number=f"B-{tag}-{i}", issued_on=at.date(), amount=Decimal("99.90"),
                               billing_name=p.name, billing_address=p.address, details={})
                elif model is EventParticipation:
                    row.update(event=f"Webinaari {i}", kind="training", on=at.date(), attended=True)
                elif model is Consent:
                    row.update(email_normalized=email, purpose="newsletter", status="granted", source="bench", at=at)
                rows.append(row)
            for k in range(0, len(rows), 2000):
                s.execute(insert(model), rows[k:k + 2000])
    assert pid is not None
    return pid


def ordinary_people(rt: Runtime, n: int) -> list[int]:
    """Demo people from the middle of the register (the baselines)."""
    with rt.db.session() as s:
        demo = select(Person.id).where(Person.source == "demo-data").order_by(Person.id)
        ids = list(s.execute(demo).scalars())
        middle = len(ids) // 2
        return ids[middle:middle + n]


def measure(fn: Callable[[], Any], *, memory: bool) -> tuple[float, float]:
    if memory:
        tracemalloc.start()
    t0 = time.perf_counter()
    fn()
    elapsed = time.perf_counter() - t0
    peak = 0.0
    if memory:
        peak = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
    return elapsed, peak


def export_of(rt: Runtime, pid: int, out: Path) -> Callable[[], None]:
    def go() -> None:
        with rt.db.session() as s:
            path, _ = build_export(s, rt, s.get(Person, pid), language="fi", dest_dir=out)
            sizes[(pid, rt.settings.execution.export_pdf)] = path.stat().st_size
            path.unlink()
    return go


def erasure_of(rt: Runtime, pid: int) -> Callable[[], None]:
    def go() -> None:
        with rt.db.session() as s:
            erase_person(s, rt, s.get(Person, pid))
    return go


sizes: dict[tuple[int, bool], int] = {}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--people", type=int, default=100_000)
    ap.add_argument("--history", type=int, default=10_000)
    ap.add_argument("--db", default="", help="database URL (default: temporary SQLite file)")
    args = ap.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="bench-export-"))
    schema = ""
    url = args.db or f"sqlite:///{tmp}/bench.sqlite3"
    if url.startswith("postgres"):
        schema = f"bench_{uuid.uuid4().hex[:8]}"
        admin = create_engine(normalise_url(url), isolation_level="AUTOCOMMIT")
        with admin.connect() as c:
            c.execute(text(f'CREATE SCHEMA "{schema}"'))
        url = f"{url}{'&' if '?' in url else '?'}options=-csearch_path%3D{schema}"
    env = {"BOT_DATABASE__URL": url, "BOT_SECRETS__DEV_KEY_FILE": str(tmp / "key")}
    settings = load_settings(Path(__file__).resolve().parent.parent / "config.toml", environ={**os.environ, **env})
    rt = Runtime.from_settings(settings)
    rt.settings.execution.export_pdf = False  # measured separately below
    try:
        t0 = time.perf_counter()
        with rt.db.session() as s:
            res = generate(s, people=args.people, now=NOW, seed=42)
        gen = time.perf_counter() - t0
        heavy = [long_history_person(rt, args.history, t) for t in ("a", "b", "c", "d")]
        base, base_erase_t, base_erase_m, warm = ordinary_people(rt, 4)
        erasure_of(rt, warm)()  # warm-up: statement compilation and caches
        with rt.db.session() as s:
            _, summary = build_export(s, rt, s.get(Person, base), dest_dir=tmp)
            base_rows = sum(v for k, v in summary.rows.items() if k not in ("suppression", "privacy_request"))
        print(f"database: {rt.db.dialect}; register: {res.people} people, "
              f"{sum(res.rows.values()) + 4 * args.history} rows of history (demo-data {gen:.1f} s)")
        print(f"long history: {args.history} rows; baseline person: {base_rows} rows "
              f"(one run each, after a warm-up export and erasure)")
        print()
        print(f"{'operation':<34}{'time s':>10}{'peak MiB':>10}{'x time':>9}{'x mem':>9}")
        # Each erasure runs on its own person (it is destructive); exports can repeat.
        for label, fn_base_t, fn_base_m, fn_heavy_t, fn_heavy_m in [
            ("access export", export_of(rt, base, tmp), export_of(rt, base, tmp),
             export_of(rt, heavy[0], tmp), export_of(rt, heavy[1], tmp)),
            ("erasure", erasure_of(rt, base_erase_t), erasure_of(rt, base_erase_m),
             erasure_of(rt, heavy[2]), erasure_of(rt, heavy[3])),
        ]:
            bt, _ = measure(fn_base_t, memory=False)
            _, bm = measure(fn_base_m, memory=True)
            ht, _ = measure(fn_heavy_t, memory=False)
            _, hm = measure(fn_heavy_m, memory=True)
            print(f"{label + ' (baseline person)':<34}{bt:>10.3f}{bm:>10.2f}")
            print(f"{label + f' ({args.history} rows)':<34}{ht:>10.3f}{hm:>10.2f}{ht / bt:>9.1f}{hm / max(bm, 0.01):>9.1f}")
        # The optional report.pdf (headless Chromium, a separate process: its memory is not counted).
        rt.settings.execution.export_pdf = True
        pt, _ = measure(export_of(rt, heavy[0], tmp), memory=False)
        print(f"{f'access export + PDF ({args.history} rows)':<34}{pt:>10.3f}{'':>10}{pt / bt:>9.1f}")
        print()
        print(f"export ZIP size for {args.history} rows: {sizes[(heavy[0], False)] / 2**20:.2f} MiB "
              f"without PDF, {sizes[(heavy[0], True)] / 2**20:.2f} MiB with")
    finally:
        rt.db.dispose()
        if schema:
            with admin.connect() as c:
                c.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))


if __name__ == "__main__":
    main()
