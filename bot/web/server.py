"""The web part of `python -m bot run`: uvicorn serving `create_app(rt)` inside the bot's loop.

The bot owns the signals (bot/app.py sets `stop`), so uvicorn's own signal capture is switched
off. The socket is bound here, so `listen = "...:0"` works and the bound port lands in
`rt.ports["web"]`.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import socket
from collections.abc import Iterator

import uvicorn
from starlette.routing import BaseRoute

from bot.runtime import Runtime
from bot.runtime.config import split_hostport
from bot.web.app import create_app

log = logging.getLogger(__name__)


class _Server(uvicorn.Server):
    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:  # the bot handles SIGTERM/SIGINT
        yield

    def install_signal_handlers(self) -> None:  # older uvicorn releases
        pass


def bind(listen: str) -> socket.socket:
    host, port = split_hostport(listen)
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(1024)
    sock.setblocking(False)
    return sock


async def serve(rt: Runtime, stop: asyncio.Event, *, extra_routes: list[BaseRoute] | None = None) -> None:
    sock = bind(rt.settings.web.listen)
    rt.ports["web"] = sock.getsockname()[1]
    config = uvicorn.Config(
        create_app(rt, extra_routes=extra_routes), log_config=None, access_log=False, server_header=False,
        proxy_headers=True, timeout_graceful_shutdown=10, lifespan="off",
    )
    server = _Server(config)
    task = asyncio.create_task(server.serve(sockets=[sock]), name="web-uvicorn")
    log.info("web listening", extra={"port": rt.ports["web"]})
    stopper = asyncio.create_task(stop.wait())
    try:
        done, _ = await asyncio.wait({task, stopper}, return_when=asyncio.FIRST_COMPLETED)
        if task in done:
            task.result()  # uvicorn stopped on its own: let the bot see why
            raise RuntimeError("web server stopped unexpectedly")
    finally:
        server.should_exit = True
        stopper.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        sock.close()
