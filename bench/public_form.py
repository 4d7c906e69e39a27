"""bench/public_form.py: the request form through the real server stack (uvicorn + Starlette +
middleware, in its own process as under `python -m bot run`): pages shown, submissions (each
queues a confirmation mail) and confirmations (each stores the request, opens its case, verifies
it for an address on file, queues the acknowledgement) per second, with latency percentiles.

    python bench/public_form.py [--requests 200] [--concurrency 8] [--database-url URL]

Half the addresses are on file (their cases are verified by the confirmation), half are not
(neutral reply). The per-client limit is lifted for the run (every request comes from 127.0.0.1).
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing as mp
import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

ENV = {"BOT_PUBLIC__FORM_PER_CLIENT_PER_HOUR": "100000000", "BOT_WEB__LISTEN": "127.0.0.1:0"}


def _server(db_url: str, port_q: mp.Queue) -> None:  # type: ignore[type-arg]
    from bot.runtime import Runtime
    from bot.runtime.config import load_settings
    from bot.web.server import serve

    rt = Runtime.from_settings(load_settings(ROOT / "config.toml", environ={"BOT_DATABASE__URL": db_url, **ENV}))

    async def main() -> None:
        stop = asyncio.Event()
        task = asyncio.create_task(serve(rt, stop))
        while "web" not in rt.ports:
            await asyncio.sleep(0.01)
        port_q.put(rt.ports["web"])
        await task

    asyncio.run(main())


async def _drive(calls: list, concurrency: int) -> tuple[float, list[float]]:  # type: ignore[type-arg]
    import httpx

    lat: list[float] = []
    queue = list(calls)

    async def worker(client: httpx.AsyncClient) -> None:
        while queue:
            method, url, data = queue.pop()
            t = time.perf_counter()
            r = await client.request(method, url, data=data)
            lat.append(time.perf_counter() - t)
            assert r.status_code in (200, 303), (r.status_code, r.text[:300])

    started = time.perf_counter()
    async with httpx.AsyncClient(timeout=60) as client:
        await asyncio.gather(*(worker(client) for _ in range(concurrency)))
    return time.perf_counter() - started, lat


def _report(label: str, n: int, seconds: float, lat: list[float]) -> None:
    lat.sort()
    q = statistics.quantiles(lat, n=100)
    print(f"{label:<40} {n / seconds:8.1f}/s   p50 {q[49] * 1000:6.1f} ms   p95 {q[94] * 1000:6.1f} ms")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--requests", type=int, default=200)
    ap.add_argument("--concurrency", type=int, default=8)
    ap.add_argument("--database-url", default="")
    args = ap.parse_args()
    os.environ.setdefault("BOT_SIGNING_KEY", "bench-signing-key-" + "k" * 32)
    tmp = tempfile.TemporaryDirectory()
    db_url = args.database_url or f"sqlite:///{tmp.name}/bench.sqlite3"
    os.environ["BOT_SECRETS__DEV_KEY_FILE"] = f"{tmp.name}/signing.key"

    from bs4 import BeautifulSoup
    from sqlmodel import select

    from bot.mail.addresses import normalise_email
    from bot.runtime import Runtime
    from bot.runtime.config import load_settings
    from models import Case, OutboundMessage, Person, PersonEmail

    rt = Runtime.from_settings(load_settings(ROOT / "config.toml", environ={"BOT_DATABASE__URL": db_url, **ENV}))
    n = args.requests
    addresses = [f"person{i:05d}@example.fi" for i in range(n)]
    with rt.db.session() as s:
        for a in addresses[::2]:
            p = Person(name="Bench Person")
            s.add(p)
            s.flush()
            s.add(PersonEmail(person_id=p.id, email=a, normalized=normalise_email(a)))  # type: ignore[arg-type]
    ctx = mp.get_context("spawn")
    q = ctx.Queue()
    proc = ctx.Process(target=_server, args=(db_url, q), daemon=True)
    proc.start()
    try:
        base = f"http://127.0.0.1:{q.get(timeout=60)}"
        import httpx

        page = httpx.get(f"{base}/request?lang=en")
        csrf = str(BeautifulSoup(page.text, "html.parser").find("input", attrs={"name": "csrf"})["value"])  # type: ignore[index]
        asyncio.run(_drive([("GET", f"{base}/request", None)] * 50, args.concurrency))  # warm up
        print(f"{n} requests per figure, {args.concurrency} concurrent clients, "
              f"database {'SQLite' if db_url.startswith('sqlite') else 'PostgreSQL'}, {os.cpu_count()} CPUs")
        _report("GET /request (the form)", n, *asyncio.run(
            _drive([("GET", f"{base}/request?lang=fi", None)] * n, args.concurrency)))
        _report("POST /request (confirmation mail queued)", n, *asyncio.run(_drive(
            [("POST", f"{base}/request?lang=en", {"csrf": csrf, "email": a, "kind": ["access", "erasure"]})
             for a in addresses], args.concurrency)))
        with rt.db.session() as s:
            links = [re.search(rb"/request/confirm/[A-Za-z0-9_.\-]+", m.raw.replace(b"=\r\n", b""))
                     for m in s.exec(select(OutboundMessage).where(OutboundMessage.purpose == "form_confirm")).all()]
        paths = [m.group(0).decode() for m in links if m]
        assert len(paths) == n, len(paths)
        from bot.pipeline.public import confirm_csrf

        calls = [("POST", f"{base}{p}", {"csrf": confirm_csrf(rt, p.rsplit("/", 1)[1])}) for p in paths]
        _report("POST /request/confirm (cases opened)", n, *asyncio.run(_drive(calls, args.concurrency)))
        with rt.db.session() as s:
            cases = s.exec(select(Case)).all()
            verified = sum(1 for c in cases if c.verified_at)
        print(f"cases opened: {len(cases)} (verified by the confirmation: {verified}; expected {n * 2} and {n})")
    finally:
        proc.terminate()
        proc.join(10)
        tmp.cleanup()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
