"""The one ASGI app behind `[web] listen`: unsubscribe links, verification and download pages,
the staff queue, health and metrics.

Each part of the site is a module with `routes() -> list[BaseRoute]`, listed in ROUTE_MODULES;
a new part adds its module name there. Handlers reach the Runtime as `request.app.state.rt`.
"""

from __future__ import annotations

import importlib
import logging

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Mount
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from bot.runtime import Runtime
from bot.runtime.config import Settings
from bot.web import i18n
from bot.web.pages import STATIC, error_page, language

log = logging.getLogger(__name__)

# Modules exposing routes(); order matters only for overlapping paths (none so far).
ROUTE_MODULES = [
    "bot.web.health",
    "bot.web.download",
    "bot.web.verify",
    "bot.web.unsubscribe",
    "bot.web.ask",
    "bot.web.public",
    "bot.web.staff",
    "bot.web.metrics",
]

SECURITY_HEADERS = [
    (b"content-security-policy",
     b"default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
     b"form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
]


HSTS = (b"strict-transport-security", b"max-age=31536000")  # a year; subdomains are not ours to bind


def wants_hsts(settings: Settings) -> bool:
    """Served over HTTPS (behind the proxy): `secure_cookies` on, or an https `base_url`."""
    return settings.web.secure_cookies or settings.web.base_url.lower().startswith("https://")


class SecurityHeaders:
    """Adds the headers above (and no-store on everything but static files) to every response,
    and Strict-Transport-Security when the site is served over HTTPS (read per response, so a
    changed setting takes effect at once)."""

    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.settings = settings

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope.get("path", "")
        static = path.startswith("/static/")
        # Token URLs (/u/, /v/, /x/) must never leak through the Referer header. Staff pages say
        # "same-origin" instead: with no-referrer, browsers send `Origin: null` on form POSTs,
        # and the staff guard checks Origin.
        referrer = b"same-origin" if path.startswith("/staff") else b"no-referrer"

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {k.lower() for k, _ in headers}
                extra = [HSTS] if wants_hsts(self.settings) else []
                for k, v in [*SECURITY_HEADERS, (b"referrer-policy", referrer), *extra]:
                    if k not in present:
                        headers.append((k, v))
                if not static and b"cache-control" not in present:
                    headers.append((b"cache-control", b"no-store"))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    _ = i18n.translator(language(request))
    if exc.status_code == 404:
        return error_page(request, 404, _("not_found"))
    return error_page(request, exc.status_code, str(exc.detail))


async def _server_error(request: Request, exc: Exception) -> Response:
    log.error("web request failed", extra={"path": request.url.path, "error": type(exc).__name__})
    _ = i18n.translator(language(request))
    return error_page(request, 500, _("server_error"))


def collect_routes() -> list[BaseRoute]:
    routes: list[BaseRoute] = []
    for name in ROUTE_MODULES:
        routes.extend(importlib.import_module(name).routes())
    routes.append(Mount("/static", app=StaticFiles(directory=str(STATIC)), name="static"))
    return routes


def create_app(rt: Runtime, *, extra_routes: list[BaseRoute] | None = None) -> Starlette:
    """`extra_routes`: for benchmarks and tests that need an endpoint beside the real ones."""
    app = Starlette(
        routes=[*(extra_routes or []), *collect_routes()],
        middleware=[Middleware(SecurityHeaders, settings=rt.settings)],
        exception_handlers={HTTPException: _http_error, 500: _server_error},
    )
    app.state.rt = rt
    return app
