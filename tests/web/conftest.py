"""Web fixtures: the real uvicorn server (bot.web.server.serve) on a free port in a thread."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass

import httpx
import pytest

from bot.runtime import Runtime


@dataclass
class LiveServer:
    rt: Runtime
    url: str
    loop: asyncio.AbstractEventLoop
    stop: asyncio.Event


@pytest.fixture
def live(rt: Runtime) -> Iterator[LiveServer]:
    """The web part running exactly as under `python -m bot run`, in its own thread and loop."""
    from bot.web.server import serve

    started = threading.Event()
    holder: dict = {}

    def main() -> None:
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        stop = asyncio.Event()
        holder["loop"], holder["stop"] = loop, stop

        async def go() -> None:
            task = asyncio.create_task(serve(rt, stop), name="web")
            rt.parts = ["web"]
            while "web" not in rt.ports and not task.done():
                await asyncio.sleep(0.01)
            started.set()
            await task

        try:
            loop.run_until_complete(go())
        finally:
            started.set()
            loop.close()

    th = threading.Thread(target=main, daemon=True)
    th.start()
    assert started.wait(20), "web server did not start"
    url = f"http://127.0.0.1:{rt.ports['web']}"
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            httpx.get(url + "/healthz", timeout=2)
            break
        except httpx.TransportError:
            time.sleep(0.02)
    yield LiveServer(rt, url, holder["loop"], holder["stop"])
    holder["loop"].call_soon_threadsafe(holder["stop"].set)
    th.join(15)
