"""SMTP intake throughput: messages per second accepted *and committed* by the bot's SMTP server,
side by side with the same aiosmtpd server whose handler does nothing, in one run.

    python bench/intake.py [--clients 16] [--messages 200] [--size 4096] [--rounds 3] [--db URL]

The servers run in this process (one event loop in a thread, as in `python -m bot run`); the N
concurrent SMTP clients run in a separate process so they do not share the servers' interpreter.
Each client keeps one session and sends its messages back to back (MAIL, RCPT, DATA). The bot
answers 250 only after the commit, so every 250 counted is a stored row (checked at the end).
Target (issue 2): bot >= 0.5 x no-op on SQLite.
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing as mp
import os
import queue
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import func
from sqlmodel import select

import bot.intake.smtp as smtp_mod
from bot.runtime import Runtime
from bot.runtime.config import load_settings
from models import InboundMessage

ROOT = Path(__file__).resolve().parent.parent


class NoopHandler:
    """The baseline: same protocol, same reply, nothing stored."""

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # type: ignore[no-untyped-def]
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 OK"

    async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]
        return "250 2.0.0 OK: queued"


def message(client: int, n: int, size: int) -> bytes:
    head = (f"From: Bench {client} <bench{client}@example.fi>\r\nTo: info@xcure.fi\r\n"
            f"Subject: Tietopyyntö {client}-{n}\r\nMessage-ID: <bench-{client}-{n}-{time.time_ns()}@example.fi>\r\n"
            "Content-Type: text/plain; charset=utf-8\r\n\r\n").encode()
    line = "Haluan nähdä tietoni ja poistaa ne rekisteristänne.\r\n".encode()  # 54 bytes a line
    body = (line * (size // len(line) + 1))[:size]
    return head + body + b"\r\n"


# --- clients (separate process) --------------------------------------------------------------

async def _client(port: int, client: int, count: int, size: int) -> int:
    import aiosmtplib

    smtp = aiosmtplib.SMTP(hostname="127.0.0.1", port=port, timeout=60, start_tls=False)
    await smtp.connect()
    ok = 0
    for n in range(count):
        errors, _ = await smtp.sendmail(f"bench{client}@example.fi", ["info@xcure.fi"],
                                        message(client, n, size))
        ok += not errors
    await smtp.quit()
    return ok


def _clients_main(port: int, clients: int, count: int, size: int, out: mp.Queue) -> None:
    async def main() -> tuple[int, float]:
        start = time.perf_counter()
        done = await asyncio.gather(*(_client(port, c, count, size) for c in range(clients)))
        return sum(done), time.perf_counter() - start

    out.put(asyncio.run(main()))


def drive(port: int, clients: int, count: int, size: int) -> tuple[int, float]:
    q: mp.Queue = mp.Queue()
    p = mp.get_context("fork").Process(target=_clients_main, args=(port, clients, count, size, q))
    p.start()
    while True:  # a client process that died (an SMTP error it did not expect) fails the run
        try:
            result = q.get(timeout=1)
            break
        except queue.Empty:
            if not p.is_alive():
                raise SystemExit(f"the client process died (exit code {p.exitcode}); see its traceback above") from None
    p.join()
    return result


# --- servers (this process) --------------------------------------------------------------------

class Server:
    """A server built by the bot's own factory, running in an event loop thread."""

    def __init__(self, rt: Runtime, handler: object | None) -> None:
        self.loop = asyncio.new_event_loop()
        self.ready = threading.Event()
        self.thread = threading.Thread(target=self._run, args=(rt, handler), daemon=True)
        self.thread.start()
        self.ready.wait(30)

    def _run(self, rt: Runtime, handler: object | None) -> None:
        asyncio.set_event_loop(self.loop)
        factory = smtp_mod.make_server_factory(rt, handler)
        self.server = self.loop.run_until_complete(
            self.loop.create_server(factory, host="127.0.0.1", port=0))
        self.port = self.server.sockets[0].getsockname()[1]
        self.ready.set()
        self.loop.run_forever()

    def close(self) -> None:
        self.loop.call_soon_threadsafe(self.server.close)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)


def timed_batches() -> list[tuple[int, float]]:
    """Wrap the group committer's transaction to see how much of the time is the commit."""
    import bot.intake.committer as committer

    samples: list[tuple[int, float]] = []
    real = committer.store_batch

    def store_batch(db, items):  # type: ignore[no-untyped-def]
        t = time.perf_counter()
        try:
            return real(db, items)
        finally:
            samples.append((len(items), time.perf_counter() - t))

    committer.store_batch = store_batch  # type: ignore[assignment]
    return samples


def scratch_schema(url: str):  # type: ignore[no-untyped-def]
    """A fresh PostgreSQL schema for the run (dropped after): the bench never touches real rows."""
    import uuid

    from sqlalchemy import create_engine, text

    from bot.runtime.db import normalise_url

    schema = f"bench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(normalise_url(url), isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(text(f'CREATE SCHEMA "{schema}"'))

    def drop() -> None:
        with admin.connect() as c:
            c.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()

    sep = "&" if "?" in url else "?"
    return f"{url}{sep}options=-csearch_path%3D{schema}", drop


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--clients", type=int, default=16)
    ap.add_argument("--messages", type=int, default=200, help="per client")
    ap.add_argument("--size", type=int, default=4096, help="body bytes per message")
    ap.add_argument("--rounds", type=int, default=3, help="alternating no-op/bot runs; the median ratio is the figure")
    ap.add_argument("--sqlite-synchronous", choices=["full", "normal"], default="full",
                    help="diagnosis only: 'normal' skips the per-commit fsync (not power-loss safe)")
    ap.add_argument("--db", default="", help="database URL (default: a fresh SQLite file; PostgreSQL: a scratch schema is used)")
    args = ap.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="bench-intake-"))
    url, drop = args.db or f"sqlite:///{tmp}/bench.sqlite3", None
    if url.startswith("postgres"):
        url, drop = scratch_schema(url)
    settings = load_settings(ROOT / "config.toml", environ={
        "BOT_DATABASE__URL": url, "BOT_SECRETS__DEV_KEY_FILE": str(tmp / "key")})
    rt = Runtime.from_settings(settings)
    if args.sqlite_synchronous == "normal" and rt.db.dialect == "sqlite":
        from sqlalchemy import event

        @event.listens_for(rt.db.engine, "connect")
        def _normal(dbapi_conn, _rec):  # type: ignore[no-untyped-def]
            dbapi_conn.execute("PRAGMA synchronous=NORMAL")

        rt.db.engine.dispose()
    total = args.clients * args.messages
    print(f"intake bench: {args.clients} clients x {args.messages} messages of ~{args.size} B, "
          f"database {rt.db.dialect} ({'temp file' if not args.db else 'given URL'}, "
          f"synchronous={args.sqlite_synchronous if rt.db.dialect == 'sqlite' else '-'}), "
          f"{os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f}")

    noop, bot = Server(rt, NoopHandler()), Server(rt, None)
    samples = timed_batches()
    drive(noop.port, 2, 10, args.size)  # warm-up
    drive(bot.port, 2, 10, args.size)  # warm-up (stores 20 rows, not counted)
    with rt.db.session() as s:
        before = s.exec(select(func.count()).select_from(InboundMessage)).one()
    samples.clear()

    def measure(port: int) -> tuple[int, float, float]:
        cpu = time.process_time()
        ok, wall = drive(port, args.clients, args.messages, args.size)
        return ok, wall, time.process_time() - cpu

    # Rounds alternate no-op and bot so that a change in the machine's load hits both alike;
    # the figure to quote is the median ratio.
    rows = []
    for r in range(args.rounds):
        ok_noop, t_noop, cpu_noop = measure(noop.port)
        ok_bot, t_bot, cpu_bot = measure(bot.port)
        rows.append((ok_noop / t_noop, ok_bot / t_bot))
        print(f"round {r + 1}: no-op {ok_noop}/{total} in {t_noop:.2f} s = {ok_noop / t_noop:7.1f} msg/s | "
              f"bot {ok_bot}/{total} in {t_bot:.2f} s = {ok_bot / t_bot:7.1f} msg/s | "
              f"ratio {ok_bot / t_bot / (ok_noop / t_noop):.2f} | server CPU/msg no-op "
              f"{cpu_noop / ok_noop * 1e6:.0f} us, bot {cpu_bot / ok_bot * 1e6:.0f} us")
    noop.close()
    bot.close()
    with rt.db.session() as s:
        committed = s.exec(select(func.count()).select_from(InboundMessage)).one() - before
    rt.db.dispose()
    if drop:
        drop()

    ratios = sorted(b / n for n, b in rows)
    print(f"no-op handler : median {statistics.median(n for n, _ in rows):8.1f} msg/s")
    print(f"bot (commit)  : median {statistics.median(b for _, b in rows):8.1f} msg/s "
          f"({committed} rows committed for {args.rounds * total} answers 250)")
    print(f"ratio bot/no-op: median {statistics.median(ratios):.2f} (min {ratios[0]:.2f}, "
          f"max {ratios[-1]:.2f})  (target >= 0.50)")
    if samples:
        ms = sorted(x[1] * 1000 for x in samples)
        sizes = [x[0] for x in samples]
        print(f"transactions: {len(samples)} for {sum(sizes)} messages (mean batch "
              f"{statistics.mean(sizes):.1f}); per commit mean {statistics.mean(ms):.2f} ms, p95 "
              f"{ms[int(len(ms) * 0.95)]:.2f} ms")
    return 0 if committed == args.rounds * total and all(b for _, b in rows) else 1


if __name__ == "__main__":
    raise SystemExit(main())
