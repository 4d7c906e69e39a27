"""Messages per second end to end — SMTP accepted → classified → case → reply in the outbox — with
1, 2 and 3 `python -m bot run` instances on PostgreSQL and 1 on SQLite, in one run.

    python bench/scale.py [--messages 300] [--postgres-url postgresql://postgres@127.0.0.1:5432/test]

Each setting gets a fresh database (a new PostgreSQL schema, a new SQLite file). The clock starts
at the first SMTP connection and stops when every message is processed and every request's reply
row is in the outbox. Ratios are against 1 instance on PostgreSQL in the same run. Also printed:
the resident memory (RSS now, and peak) of the first instance after its run.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from email.message import EmailMessage
from email.utils import make_msgid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine, func, select, text  # noqa: E402

from bot.runtime.db import normalise_url  # noqa: E402
from models import InboundMessage, MessageState, OutboundMessage  # noqa: E402
from tests.fixtures.bots import BotProcess, send  # noqa: E402

TEXTS = [
    ("Unsubscribe", "Please unsubscribe me from your newsletter."),
    ("Tietopyyntö", "Hei, haluaisin tietää mitä henkilötietoja teillä on minusta. Ystävällisin terveisin"),
    ("Radera mina uppgifter", "Hej, jag vill att ni raderar alla mina personuppgifter."),
    ("Question about invoice 1234", "Hello, could you resend the invoice for October? Thanks"),
    ("Remove me", "Please stop sending me marketing email and remove my address from your lists."),
]


def message(run: str, i: int) -> tuple[str, bytes]:
    sender = f"bench{i}@example.org"
    subject, body = TEXTS[i % len(TEXTS)]
    msg = EmailMessage()
    msg["From"] = f"Bench Sender {i} <{sender}>"
    msg["To"] = "info@xcure.fi"
    msg["Subject"] = subject
    msg["Message-ID"] = make_msgid(idstring=f"{run}.{i}", domain="example.org")
    msg.set_content(f"{body}\n\nBench {run} {i}\n")
    return sender, msg.as_bytes()


@contextmanager
def pg_schema(base_url: str) -> Iterator[str]:
    schema = f"bench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(normalise_url(base_url), isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(text(f'CREATE SCHEMA "{schema}"'))
    sep = "&" if "?" in base_url else "?"
    try:
        yield f"{base_url}{sep}options=-csearch_path%3D{schema}"
    finally:
        with admin.connect() as c:
            c.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def rss_kib(pid: int) -> tuple[int, int]:
    """(VmRSS, VmHWM) of a process in KiB, from /proc (Linux)."""
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        fields[key] = value.strip()
    return int(fields["VmRSS"].split()[0]), int(fields["VmHWM"].split()[0])


def run_setting(label: str, db_url: str, instances: int, n: int, workdir: Path,
                clients: int) -> dict[str, float]:
    env = {"BOT_SCHEDULER__ENABLED": "false", "BOT_WORKER__BATCH_SIZE": "10"}
    bots = [BotProcess(f"{label}-{i}", db_url, workdir, extra_env=env) for i in range(instances)]
    bots[0].start().wait_ready()
    for b in bots[1:]:
        b.start()
    for b in bots[1:]:
        b.wait_ready()
    engine = create_engine(normalise_url(db_url))
    run_id = uuid.uuid4().hex[:6]
    # Warm-up: one message through each instance, so model loading is not in the timing.
    for k, b in enumerate(bots):
        # Senders no measured message uses: a measured request from the same requester would
        # join the warm-up's case instead of getting its own reply.
        sender, raw = message(f"warm{run_id}", 1_000_000 + k)
        send(b.smtp_port, raw, mail_from=sender)
    done_before = wait_processed(engine, instances, timeout=120)
    replies_before = count(engine, OutboundMessage)

    lock = threading.Lock()
    accepted = [0.0]

    def deliver(i: int) -> None:
        sender, raw = message(run_id, i)
        send(bots[i % instances].smtp_port, raw, mail_from=sender)
        with lock:
            accepted[0] = time.monotonic()

    t0 = time.monotonic()
    with ThreadPoolExecutor(clients) as pool:
        list(pool.map(deliver, range(n)))
    t_accepted = accepted[0] - t0
    wait_processed(engine, done_before + n, timeout=600)
    t_processed = time.monotonic() - t0
    # Requests get their reply row in the same transaction as their case, so once processing is
    # done the outbox is complete; count what arrived there.
    replies = count(engine, OutboundMessage) - replies_before
    rss, hwm = rss_kib(bots[0].proc.pid)  # type: ignore[union-attr]
    for b in bots:
        b.stop()
    engine.dispose()
    return {"instances": instances, "seconds": t_processed, "accept_seconds": t_accepted,
            "per_second": n / t_processed, "replies": replies, "rss_mib": rss / 1024,
            "peak_rss_mib": hwm / 1024}


def count(engine, table) -> int:  # type: ignore[no-untyped-def]
    with engine.connect() as c:
        return int(c.execute(select(func.count()).select_from(table)).scalar_one())


def wait_processed(engine, want: int, timeout: float) -> int:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while True:
        with engine.connect() as c:
            done = int(c.execute(select(func.count()).select_from(InboundMessage).where(
                InboundMessage.state.in_([MessageState.PROCESSED, MessageState.FAILED]))).scalar_one())
        if done >= want:
            return done
        if time.monotonic() > deadline:
            raise SystemExit(f"timed out: {done}/{want} processed")
        time.sleep(0.05)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--messages", type=int, default=300, help="messages per setting (default 300)")
    ap.add_argument("--clients", type=int, default=6, help="concurrent SMTP clients (default 6)")
    ap.add_argument("--postgres-url", default=os.environ.get("BOT_BENCH_POSTGRES_URL")
                    or os.environ.get("BOT_TEST_POSTGRES_URL") or "postgresql://postgres@127.0.0.1:5432/test")
    args = ap.parse_args()
    results: list[tuple[str, dict[str, float]]] = []
    with tempfile.TemporaryDirectory(prefix="bench-scale-") as tmp:
        work = Path(tmp)
        for k in (1, 2, 3):
            with pg_schema(args.postgres_url) as url:
                results.append((f"postgresql x{k}", run_setting(f"pg{k}", url, k, args.messages,
                                                                work / f"pg{k}", args.clients)))
        results.append(("sqlite x1", run_setting("sqlite", f"sqlite:///{work}/bench.sqlite3", 1,
                                                 args.messages, work / "sqlite", args.clients)))
    base = results[0][1]["per_second"]
    print(f"bench/scale.py: {args.messages} messages per setting, {args.clients} SMTP clients, "
          f"{os.cpu_count()} CPUs")
    print(f"{'setting':<16} {'msg/s':>8} {'vs pg x1':>9} {'total s':>8} {'accept s':>9} "
          f"{'replies':>8} {'RSS MiB':>8} {'peak MiB':>9}")
    for label, r in results:
        print(f"{label:<16} {r['per_second']:>8.1f} {r['per_second'] / base:>8.2f}x {r['seconds']:>8.2f} "
              f"{r['accept_seconds']:>9.2f} {int(r['replies']):>8} {r['rss_mib']:>8.1f} {r['peak_rss_mib']:>9.1f}")
    print("RSS: the first instance of each setting after its run (VmRSS now, VmHWM peak).")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
