"""The worker: every stored message ends processed or failed-with-reason, hostile ones included;
the worker itself never raises, a crashed worker's claim is taken over, a clean stop gives back
its claims."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st
from sqlmodel import select

import bot.pipeline.router
from bot.intake.store import store_message
from bot.pipeline import worker as pipeline
from bot.runtime import Runtime
from bot.runtime.clock import FixedClock
from bot.runtime.config import Settings
from models import InboundMessage, MessageSource, MessageState
from tests.corpus.make_corpus import build

CORPUS = build()


def drain(rt: Runtime) -> None:
    """Run the worker until the queue is empty, failed messages retried at once (the pause
    between retries has its own test)."""
    rt.settings.worker.retry_base_seconds = 0
    for _ in range(rt.settings.worker.max_attempts * 50):
        if not pipeline.run_once(rt):
            return
    raise AssertionError("worker did not drain the queue")


def all_messages(rt: Runtime) -> list[InboundMessage]:
    with rt.db.session() as s:
        return list(s.exec(select(InboundMessage).order_by(InboundMessage.id)).all())


def store(rt: Runtime, raw: bytes, source: MessageSource = MessageSource.SMTP) -> int:
    return store_message(rt.db, raw, source=source, received_at=rt.clock.now(),
                         envelope_from="sender@example.fi", envelope_to=["info@xcure.fi"]).id


def test_the_whole_hostile_corpus_ends_processed_and_flagged(rt: Runtime) -> None:
    ids = {name: store(rt, raw) for name, raw in CORPUS.items()}
    drain(rt)
    rows = {m.id: m for m in all_messages(rt)}
    assert len(rows) == len(set(ids.values()))  # identical corpus entries are stored once
    for name, i in ids.items():
        m = rows[i]
        assert m.state == MessageState.PROCESSED, (name, m.state, m.error)
        assert m.raw == CORPUS[name]  # the raw bytes are kept whatever happened
    flagged = rows[ids["giant-10000-nested-multiparts"]]
    assert any(d.startswith("Limit:") for d in flagged.parsed["defects"])
    assert rows[ids["giant-20mb-single-line"]].size == len(CORPUS["giant-20mb-single-line"])


def test_a_failing_router_leaves_the_message_failed_with_its_reason(
        rt: Runtime, monkeypatch: pytest.MonkeyPatch) -> None:
    def explode(*_a: object) -> None:
        raise RuntimeError("classifier unavailable")

    monkeypatch.setattr(bot.pipeline.router, "route", explode)
    rt.settings.worker.retry_base_seconds = 0  # the pauses have their own test
    i = store(rt, b"From: a@example.fi\r\nSubject: x\r\n\r\nPoistakaa tietoni\r\n")
    pipeline.run_once(rt)
    [m] = all_messages(rt)
    assert (m.state, m.attempts) == (MessageState.NEW, 1)  # retried: the fault may be passing
    drain(rt)
    [m] = all_messages(rt)
    assert m.id == i and m.state == MessageState.FAILED
    assert m.error == "RuntimeError: classifier unavailable"
    assert m.attempts == rt.settings.worker.max_attempts and m.raw.endswith(b"tietoni\r\n")


def test_a_failing_message_is_retried_after_growing_pauses_that_survive_a_restart(
        settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 12: a failing message used to be retried five times in 70 ms. Now each failure
    waits retry_base_seconds * 2^(n-1), capped at retry_max_seconds, and the time of the next
    attempt is on the row: a restarted worker waits as well."""
    def explode(*_a: object) -> None:
        raise RuntimeError("classifier unavailable")

    monkeypatch.setattr(bot.pipeline.router, "route", explode)
    settings.worker.retry_base_seconds, settings.worker.retry_max_seconds = 60, 200
    clock = FixedClock(datetime(2026, 11, 25, 10, 0, tzinfo=UTC))
    rt = Runtime.from_settings(settings, clock=clock)
    store(rt, b"From: a@example.fi\r\nSubject: x\r\n\r\nPoistakaa tietoni\r\n")
    waits = []
    try:
        for attempt in range(1, settings.worker.max_attempts):
            assert pipeline.run_once(rt) == 1
            [m] = all_messages(rt)
            assert (m.state, m.attempts) == (MessageState.NEW, attempt)
            waits.append((m.next_attempt_at - clock.now()).total_seconds())
            assert pipeline.run_once(rt) == 0  # not again at once
            rt.db.dispose()
            rt = Runtime.from_settings(settings, migrate=False, clock=clock)  # a restart
            clock.advance(timedelta(seconds=waits[-1] - 1))
            assert pipeline.run_once(rt) == 0  # nor a second early
            clock.advance(timedelta(seconds=1))
        assert waits == [60, 120, 200, 200]
        assert pipeline.run_once(rt) == 1
        [m] = all_messages(rt)
        assert (m.state, m.attempts, m.next_attempt_at) == (MessageState.FAILED, 5, None)
    finally:
        rt.db.dispose()


def test_a_crashed_workers_claim_is_taken_over_after_its_lease(settings: Settings) -> None:
    clock = FixedClock(datetime(2026, 11, 25, 10, 0, tzinfo=UTC))
    a = Runtime.from_settings(settings, clock=clock)
    b = Runtime.from_settings(settings, migrate=False, clock=clock)
    try:
        store(a, b"From: a@example.fi\r\n\r\nhello\r\n")
        assert pipeline.claim(a, 10) == [1]  # a claims, then "crashes" before processing
        assert pipeline.claim(b, 10) == []  # b must not take a live claim
        clock.advance(timedelta(seconds=settings.worker.lease_seconds + 1))
        assert pipeline.claim(b, 10) == [1]
        pipeline.process(a, 1)  # the old owner wakes up: it no longer holds the lease
        pipeline.process(b, 1)
        [m] = all_messages(b)
        assert m.state == MessageState.PROCESSED and m.attempts == 2
    finally:
        a.db.dispose()
        b.db.dispose()


def test_release_gives_back_claims_on_clean_stop(rt: Runtime) -> None:
    store(rt, b"From: a@example.fi\r\n\r\nhello\r\n")
    assert pipeline.claim(rt, 10) == [1]
    pipeline.release(rt)
    [m] = all_messages(rt)
    assert m.state == MessageState.NEW and m.lease_owner is None


def test_imap_messages_use_return_path_not_the_missing_envelope(rt: Runtime) -> None:
    store_message(rt.db, b"From: a@example.fi\r\nSubject: hei\r\n\r\nPoistakaa tietoni\r\n",
                  source=MessageSource.IMAP, received_at=rt.clock.now())
    drain(rt)
    [m] = all_messages(rt)
    assert m.state == MessageState.PROCESSED and not m.automated  # "" envelope is not a bounce here


@hsettings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(raw=st.one_of(st.binary(max_size=2000),
                     st.sampled_from(sorted(n for n in CORPUS if len(CORPUS[n]) < 100_000)).map(CORPUS.get)
                     .flatmap(lambda r: st.integers(0, len(r)).map(lambda k: r[:k] + b"\x00\xff" + r[k:]))))
def test_worker_never_raises_and_every_message_ends_processed_or_failed(rt: Runtime, raw: bytes) -> None:
    i = store(rt, raw)
    drain(rt)
    with rt.db.session() as s:
        m = s.get(InboundMessage, i)
        assert m is not None
        assert m.state in (MessageState.PROCESSED, MessageState.FAILED)
        if m.state == MessageState.FAILED:
            assert m.error
        assert m.raw == raw
