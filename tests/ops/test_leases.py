"""Named leases: one holder at a time across instances (two Runtimes on one database)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import pytest

from bot.runtime import Runtime, leases
from bot.runtime.clock import FixedClock
from bot.runtime.config import Settings


@pytest.fixture
def pair(settings: Settings) -> Iterator[tuple[Runtime, Runtime, FixedClock]]:
    """Two instances with their own engines and ids, sharing one (fixed) clock."""
    clock = FixedClock(datetime(2026, 11, 25, 12, 0, tzinfo=UTC))
    a = Runtime.from_settings(settings, clock=clock)
    b = Runtime.from_settings(settings, migrate=False, clock=clock)
    yield a, b, clock
    a.db.dispose()
    b.db.dispose()


def test_one_holder_until_it_expires(pair: tuple[Runtime, Runtime, FixedClock]) -> None:
    a, b, clock = pair
    assert leases.acquire(a, "imap-poller", 60)
    assert not leases.acquire(b, "imap-poller", 60)
    assert leases.holder(b, "imap-poller") == a.instance_id
    assert leases.acquire(a, "imap-poller", 60)  # the holder re-acquiring extends it
    clock.advance(timedelta(seconds=59))
    assert not leases.acquire(b, "imap-poller", 60)
    clock.advance(timedelta(seconds=2))  # a's holder died: nobody renewed
    assert leases.holder(b, "imap-poller") is None
    assert leases.acquire(b, "imap-poller", 60)
    assert leases.holder(a, "imap-poller") == b.instance_id
    assert not leases.renew(a, "imap-poller", 60)  # the old holder learns it lost the lease


def test_renew_keeps_it_and_release_frees_it(pair: tuple[Runtime, Runtime, FixedClock]) -> None:
    a, b, clock = pair
    assert leases.acquire(a, "job:x", 30)
    for _ in range(5):
        clock.advance(timedelta(seconds=20))
        assert leases.renew(a, "job:x", 30)
        assert not leases.acquire(b, "job:x", 30)
    assert not leases.release(b, "job:x")  # only the holder can release
    assert leases.release(a, "job:x")
    assert leases.acquire(b, "job:x", 30)


def test_names_are_independent(pair: tuple[Runtime, Runtime, FixedClock]) -> None:
    a, b, _ = pair
    assert leases.acquire(a, "job:one", 30)
    assert leases.acquire(b, "job:two", 30)


def test_racing_instances_never_both_win(settings: Settings) -> None:
    """Many instances (own engines, real threads) racing for a free and then an expired lease."""
    clock = FixedClock(datetime(2026, 11, 25, 12, 0, tzinfo=UTC))
    first = Runtime.from_settings(settings, clock=clock)
    rts = [first] + [Runtime.from_settings(settings, migrate=False, clock=clock) for _ in range(7)]
    try:
        for _round in range(3):
            with ThreadPoolExecutor(len(rts)) as pool:
                won = list(pool.map(lambda r: leases.acquire(r, "race", 10), rts))
            assert sum(won) == 1
            winner = rts[won.index(True)]
            assert leases.holder(first, "race") == winner.instance_id
            clock.advance(timedelta(seconds=11))  # the winner "dies"; next round races again
    finally:
        for r in rts:
            r.db.dispose()


async def test_hold_renews_while_working_and_releases(settings: Settings) -> None:
    a = Runtime.from_settings(settings)
    b = Runtime.from_settings(settings, migrate=False)
    try:
        ttl = 0.6
        assert await asyncio.to_thread(leases.acquire, a, "imap-poller", ttl)
        async with leases.hold(a, "imap-poller", ttl):
            deadline = asyncio.get_running_loop().time() + 3 * ttl
            # Longer than the ttl: without renewals b would get it.
            while asyncio.get_running_loop().time() < deadline:
                assert not await asyncio.to_thread(leases.acquire, b, "imap-poller", ttl)
                await asyncio.sleep(0.05)
        assert await asyncio.to_thread(leases.acquire, b, "imap-poller", ttl)
    finally:
        a.db.dispose()
        b.db.dispose()


async def test_hold_reports_a_lost_lease(pair: tuple[Runtime, Runtime, FixedClock]) -> None:
    a, b, clock = pair
    assert leases.acquire(a, "imap-poller", 0.3)
    lost = asyncio.Event()
    async with leases.hold(a, "imap-poller", 0.3, lost=lost):
        clock.advance(timedelta(seconds=1))  # a was paused past its ttl; b takes over
        assert leases.acquire(b, "imap-poller", 60)
        await asyncio.wait_for(lost.wait(), timeout=5)
    assert leases.holder(b, "imap-poller") == b.instance_id  # a's release did not free b's lease


async def test_singleton_part_runs_in_one_instance_and_hands_over(settings: Settings) -> None:
    """Two instances run the same singleton part: one runs it; when it stops, the other takes over."""
    from bot.runtime.instances import singleton

    active: list[str] = []
    log: list[tuple[str, str]] = []

    async def part(rt: Runtime, stop: asyncio.Event) -> None:
        active.append(rt.instance_id)
        log.append(("start", rt.instance_id))
        assert len(active) == 1, "two instances ran the singleton part at once"
        try:
            await stop.wait()
        finally:
            active.remove(rt.instance_id)
            log.append(("stop", rt.instance_id))

    a = Runtime.from_settings(settings)
    b = Runtime.from_settings(settings, migrate=False)
    stop_a, stop_b = asyncio.Event(), asyncio.Event()
    wrapped = singleton("imap-poller", part, ttl=0.6)
    ta = asyncio.create_task(wrapped(a, stop_a))
    tb = asyncio.create_task(wrapped(b, stop_b))
    loop = asyncio.get_running_loop()
    try:
        deadline = loop.time() + 10
        while not active:
            assert loop.time() < deadline
            await asyncio.sleep(0.02)
        first = active[0]
        t_end = loop.time() + 1.5  # several ttls: the holder keeps it, the other never starts
        while loop.time() < t_end:
            assert active == [first]
            await asyncio.sleep(0.05)
        (stop_a if first == a.instance_id else stop_b).set()
        deadline = loop.time() + 10
        while active != [b.instance_id if first == a.instance_id else a.instance_id]:
            assert loop.time() < deadline, log
            await asyncio.sleep(0.02)
    finally:
        stop_a.set()
        stop_b.set()
        await asyncio.wait_for(asyncio.gather(ta, tb), 10)
        a.db.dispose()
        b.db.dispose()
    assert [e for e, _ in log] == ["start", "stop", "start", "stop"]
