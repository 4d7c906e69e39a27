"""Storing: one transaction for many concurrent deliveries, duplicates stored once."""

from __future__ import annotations

import asyncio
import smtplib
from concurrent.futures import ThreadPoolExecutor

from bot.intake.store import Incoming, store_batch, store_message
from bot.runtime import Runtime
from models import MessageSource
from tests.intake.conftest import stored


def raw(n: int) -> bytes:
    return f"From: p{n}@example.fi\r\nMessage-ID: <s{n}@example.fi>\r\n\r\nPoistakaa tietoni {n}\r\n".encode()


def test_a_batch_stores_each_message_once_and_reports_duplicates(rt: Runtime) -> None:
    first = store_message(rt.db, raw(0), source=MessageSource.SMTP, received_at=rt.clock.now())
    items = [Incoming(raw(n), MessageSource.SMTP, rt.clock.now(), "a@example.fi", ("info@xcure.fi",), "10.0.0.1")
             for n in (0, 1, 2, 1)]
    results = store_batch(rt.db, items)
    assert results[0].id == first.id
    assert [r.duplicate for r in results] == [True, False, False, True]
    assert results[1].id == results[3].id != results[2].id
    rows = stored(rt)
    assert sorted(m.raw for m in rows) == sorted(raw(n) for n in (0, 1, 2))
    m1 = next(m for m in rows if m.raw == raw(1))
    assert (m1.envelope_from, m1.envelope_to, m1.peer, m1.message_id) == (
        "a@example.fi", ["info@xcure.fi"], "10.0.0.1", "<s1@example.fi>")
    assert m1.state == "new" and m1.attempts == 0 and m1.received_at.tzinfo is not None


async def test_concurrent_senders_all_get_250_after_their_commit(smtp_bot: Runtime) -> None:
    rt = smtp_bot

    def send(n: int) -> dict:
        with smtplib.SMTP("127.0.0.1", rt.ports["smtp"], timeout=20) as c:
            return c.sendmail(f"p{n}@example.fi", ["info@xcure.fi"], raw(n % 30))  # 10 resends

    with ThreadPoolExecutor(16) as pool:
        results = await asyncio.get_running_loop().run_in_executor(
            None, lambda: list(pool.map(send, range(40))))
    assert results == [{}] * 40
    assert sorted(m.raw for m in stored(rt)) == sorted(raw(n) for n in range(30))


def test_message_id_is_read_from_the_header_block_only() -> None:
    from bot.intake.store import _message_id

    assert _message_id(b"Subject: x\r\nMessage-ID:\r\n <folded@example.fi>\r\n\r\nbody") == "<folded@example.fi>"
    assert _message_id(b"subject: x\nmessage-id: <lf@example.fi>\n\nbody\n") == "<lf@example.fi>"
    assert _message_id(b"Subject: x\r\n\r\nMessage-ID: <in-body@example.fi>\r\n") == ""
    assert _message_id(b"X-Message-ID: <not-it@example.fi>\r\n\r\n") == ""
    assert _message_id(b"Message-ID: <a\xff\x00b@example.fi>\r\nMessage-ID: <second@x>\r\n\r\n") == "<a\ufffdb@example.fi>"
    assert _message_id(b"") == "" and _message_id(b"\x00" * 100_000) == ""
