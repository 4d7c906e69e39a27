"""bench/web.py: one-click unsubscribe POSTs per second against a do-nothing POST endpoint in the
same server stack (uvicorn + Starlette app + middleware), in one run; prints both and the ratio.

    python bench/web.py [--requests 2000] [--concurrency 32] [--database-url URL]

The server runs in its own process (as under `python -m bot run`), the clients in this one.
Three figures: the bare endpoint; first clicks (distinct addresses: each one suppresses, withdraws
consents and logs a completed case); repeat clicks (already unsubscribed: read-only, idempotent).
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing as mp
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

ONE_CLICK = b"List-Unsubscribe=One-Click"
HEADERS = {"Content-Type": "application/x-www-form-urlencoded"}


def _server(db_url: str, port_q: mp.Queue) -> None:  # type: ignore[type-arg]
    from starlette.requests import Request
    from starlette.responses import PlainTextResponse
    from starlette.routing import Route

    from bot.runtime import Runtime
    from bot.runtime.config import load_settings
    from bot.web.server import serve

    async def noop(request: Request) -> PlainTextResponse:
        await request.body()  # read the same body the one-click POST sends, then do nothing
        return PlainTextResponse("ok")

    settings = load_settings(ROOT / "config.toml", environ={
        "BOT_DATABASE__URL": db_url, "BOT_WEB__LISTEN": "127.0.0.1:0"})
    rt = Runtime.from_settings(settings)

    async def main() -> None:
        stop = asyncio.Event()
        task = asyncio.create_task(serve(rt, stop, extra_routes=[Route("/bench/noop", noop, methods=["POST"])]))
        while "web" not in rt.ports:
            await asyncio.sleep(0.01)
        port_q.put(rt.ports["web"])
        await task

    asyncio.run(main())


async def _drive(urls: list[str], concurrency: int) -> tuple[float, list[float], int]:
    import httpx

    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    lat: list[float] = []
    bad = 0
    it = iter(urls)
    async with httpx.AsyncClient(limits=limits, timeout=60) as client:
        async def worker() -> None:
            nonlocal bad
            for url in it:
                t = time.perf_counter()
                r = await client.post(url, content=ONE_CLICK, headers=HEADERS)
                lat.append(time.perf_counter() - t)
                bad += r.status_code != 200
        start = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        elapsed = time.perf_counter() - start
    return elapsed, lat, bad


def _report(name: str, n: int, elapsed: float, lat: list[float], bad: int) -> float:
    rate = n / elapsed
    q = statistics.quantiles(lat, n=100)
    print(f"{name:<34} {rate:9.1f} req/s   p50 {q[49]*1000:7.1f} ms   p95 {q[94]*1000:7.1f} ms"
          f"   non-200: {bad}")
    return rate


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--requests", type=int, default=2000)
    ap.add_argument("--concurrency", type=int, default=32)
    ap.add_argument("--database-url", default="")
    args = ap.parse_args()
    os.environ.setdefault("BOT_SIGNING_KEY", "bench-signing-key-" + "k" * 32)
    tmp = tempfile.TemporaryDirectory()
    db_url = args.database_url or f"sqlite:///{tmp.name}/bench.sqlite3"
    os.environ["BOT_SECRETS__DEV_KEY_FILE"] = f"{tmp.name}/signing.key"

    from bot.runtime.config import load_settings
    from bot.runtime.tokens import unsubscribe_token

    settings = load_settings(ROOT / "config.toml", environ={"BOT_DATABASE__URL": db_url})
    ctx = mp.get_context("spawn")
    q = ctx.Queue()
    proc = ctx.Process(target=_server, args=(db_url, q), daemon=True)
    proc.start()
    try:
        port = q.get(timeout=60)
        base = f"http://127.0.0.1:{port}"
        n = args.requests
        tokens = [unsubscribe_token(settings, f"reader{i:06d}@example.fi") for i in range(n)]
        warm = [f"{base}/bench/noop"] * 200
        asyncio.run(_drive(warm, args.concurrency))
        print(f"{n} POSTs per figure, {args.concurrency} concurrent clients, "
              f"database {'SQLite' if db_url.startswith('sqlite') else 'PostgreSQL'}, "
              f"{os.cpu_count()} CPUs")
        bare = _report("bare endpoint (does nothing)", n, *asyncio.run(
            _drive([f"{base}/bench/noop"] * n, args.concurrency)))
        first = _report("one-click unsubscribe, first click", n, *asyncio.run(
            _drive([f"{base}/u/{t}" for t in tokens], args.concurrency)))
        again = _report("one-click unsubscribe, repeat", n, *asyncio.run(
            _drive([f"{base}/u/{t}" for t in tokens], args.concurrency)))
        print(f"ratio first click / bare: {first / bare:.3f}   repeat / bare: {again / bare:.3f}")
    finally:
        proc.terminate()
        proc.join(10)
        tmp.cleanup()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
