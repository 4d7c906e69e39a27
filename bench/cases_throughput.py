"""How fast requests become cases with replies, against parsing + classifying alone.

    python bench/cases_throughput.py [N]          # SQLite in a temp dir
    BENCH_DB=postgresql://postgres@127.0.0.1:5432/test python bench/cases_throughput.py

Prints messages/s for (a) the baseline: parse + classify only, (b) the whole route: cases, identity
challenge, reply rendered into the outbox, and (c) outbox delivery into a Maildir, plus the ratio
of (b) to (a) — the cost of the cases part on top of what every message pays anyway.
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import create_engine, text

from bot.classify import get_classifier
from bot.intake.store import store_message
from bot.mail.addresses import normalise_email
from bot.mail.parse import parse_message
from bot.pipeline import worker as pipeline
from bot.replies.outbox import send_due
from bot.runtime import Runtime
from bot.runtime.config import load_settings
from bot.runtime.db import normalise_url
from models import MessageSource, Person, PersonEmail

ROOT = Path(__file__).resolve().parent.parent
BODIES = [
    "Hei, haluan nähdä kaikki minusta tallennetut tiedot.",
    "Please delete all personal data you hold about me.",
    "Hej, jag vill ha en kopia av mina personuppgifter.",
    "Please send me a copy of my data and then erase it.",
]


def raw(i: int) -> bytes:
    return (f"From: person{i}@example.fi\r\nTo: info@xcure.fi\r\nSubject: Request {i}\r\n"
            f"Message-ID: <bench-{i}-{uuid.uuid4().hex}@example.fi>\r\n"
            "Content-Type: text/plain; charset=utf-8\r\n\r\n" + BODIES[i % len(BODIES)] + "\r\n").encode()


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    tmp = Path(tempfile.mkdtemp())
    url = os.environ.get("BENCH_DB", "")
    schema = None
    if url:
        schema = f"bench_{uuid.uuid4().hex[:8]}"
        with create_engine(normalise_url(url), isolation_level="AUTOCOMMIT").connect() as c:
            c.execute(text(f'CREATE SCHEMA "{schema}"'))
        url = f"{url}?options=-csearch_path%3D{schema}"
    env = {"BOT_DATABASE__URL": url or f"sqlite:///{tmp}/bench.sqlite3",
           "BOT_OUTBOUND__MAILDIR": str(tmp / "outbox"), "BOT_SIGNING_KEY": "bench-key-" + "x" * 32,
           "BOT_SECRETS__DEV_KEY_FILE": str(tmp / "key"), "BOT_WORKER__BATCH_SIZE": "50",
           "BOT_REPLIES__MAX_AUTO_REPLIES_PER_DAY": "1000"}
    os.environ["BOT_SIGNING_KEY"] = env["BOT_SIGNING_KEY"]
    rt = Runtime.from_settings(load_settings(ROOT / "config.toml", environ=env))
    with rt.db.session() as s:
        for i in range(n):
            p = Person(name=f"Person {i}")
            s.add(p)
            s.flush()
            s.add(PersonEmail(person_id=p.id, email=f"person{i}@example.fi",
                              normalized=normalise_email(f"person{i}@example.fi")))
    mails = [raw(i) for i in range(n)]
    clf = get_classifier(rt.settings)
    clf.classify("warm-up", "warm up the pipeline")
    # One request through the whole route first: imports, template compilation, holiday tables.
    store_message(rt.db, raw(n), source=MessageSource.SMTP, received_at=rt.clock.now(),
                  envelope_from="x@example.fi")
    while pipeline.run_once(rt):
        pass

    t0 = time.perf_counter()
    for m in mails:
        clf.classify_parsed(parse_message(m, envelope_from="x@example.fi"))
    base = time.perf_counter() - t0

    for m in mails:
        store_message(rt.db, m, source=MessageSource.SMTP, received_at=rt.clock.now(),
                      envelope_from="x@example.fi")
    t0 = time.perf_counter()
    while pipeline.run_once(rt):
        pass
    full = time.perf_counter() - t0

    t0 = time.perf_counter()
    sent = 0
    asyncio.run(send_due(rt))  # warm-up reply
    while True:
        k = asyncio.run(send_due(rt))
        if not k:
            break
        sent += k
    deliver = time.perf_counter() - t0
    files = len(list((tmp / "outbox" / "new").iterdir())) - 1
    print(f"database: {rt.db.dialect}, messages: {n}")
    print(f"baseline parse+classify: {n / base:8.1f} msg/s")
    print(f"full route (cases, challenge, reply): {n / full:8.1f} msg/s  (ratio to baseline {full / base:.2f}x time)")
    print(f"outbox to Maildir: {sent / deliver:8.1f} replies/s ({files} files)")
    rt.db.dispose()
    if schema:
        with create_engine(normalise_url(os.environ["BENCH_DB"]), isolation_level="AUTOCOMMIT").connect() as c:
            c.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))


if __name__ == "__main__":
    main()
