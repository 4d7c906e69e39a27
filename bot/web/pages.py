"""Rendering pages: the jinja2 environment, the request's language, security headers.

Every HTML response goes through `render`, so every page has the same layout, the language
switch and autoescaping (mail content is always text here, never markup).
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.requests import Request
from starlette.responses import HTMLResponse

from bot.web import i18n
from bot.web.fmt import fmt_date, fmt_datetime

TEMPLATES = Path(__file__).resolve().parent / "templates"
STATIC = Path(__file__).resolve().parent / "static"
LANG_COOKIE = "prb_lang"

env = Environment(
    loader=FileSystemLoader(str(TEMPLATES)),
    autoescape=select_autoescape(default=True, default_for_string=True),
    trim_blocks=True,
    lstrip_blocks=True,
)


def language(request: Request) -> str:
    cached = request.scope.get("bot.lang")
    if cached:
        return str(cached)
    query = request.query_params.get("lang")
    if not (query and query.lower() in i18n.LANGUAGES) and request.url.path.startswith("/staff"):
        query = request.cookies.get(LANG_COOKIE)  # staff keep the language they picked
    lang = i18n.pick_language(query, request.headers.get("accept-language"))
    request.scope["bot.lang"] = lang
    return lang


_SLASHES = re.compile(r"[/\\]+")


def site_path(path: str) -> str:
    """A request path as a link on this site: one leading slash, no `//` (a browser reads
    `//evil.test/x` as another host), no backslashes, no dot segments, percent-encoded."""
    norm = posixpath.normpath("/" + _SLASHES.sub("/", path))
    norm = "/" + norm.lstrip("/")
    if path.endswith("/") and norm != "/":
        norm += "/"
    return quote(norm, safe="/:@!$&'()*+,;=-._~")


def lang_links(request: Request) -> list[tuple[str, str, str]]:
    """(code, name, url) for the language switch: the same page with `?lang=` set, built from
    the path only (never a scheme or host the request named)."""
    out = []
    path = site_path(request.url.path)
    for code in i18n.LANGUAGES:
        params = dict(request.query_params)
        params["lang"] = code
        out.append((code, i18n.LANGUAGE_NAMES[code], f"{path}?{urlencode(params)}"))
    return out


def render(request: Request, template: str, *, status: int = 200,
           headers: dict[str, str] | None = None, **context: Any) -> HTMLResponse:
    lang = language(request)
    rt = request.app.state.rt
    tz = rt.settings.deadlines.timezone
    ctx = {
        "fdate": lambda d: fmt_date(d, tz),  # 19.8.2026
        "fdatetime": lambda at: fmt_datetime(at, lang, tz),  # 19.8.2026 13.20, local time
        "request": request,
        "lang": lang,
        "_": i18n.translator(lang),
        "lang_links": lang_links(request),
        "controller": rt.settings.controller,
        **context,
    }
    html = env.get_template(template).render(ctx)
    resp = HTMLResponse(html, status_code=status, headers=headers)
    resp.headers["Content-Language"] = lang
    resp.headers.setdefault("Vary", "Accept-Language")
    picked = request.query_params.get("lang", "")
    if picked in i18n.LANGUAGES and request.url.path.startswith("/staff"):
        resp.set_cookie(LANG_COOKIE, picked, max_age=365 * 86400, path="/staff", httponly=True,
                        samesite="strict", secure=rt.settings.web.secure_cookies)
    return resp


def error_page(request: Request, status: int, message: str, *, title: str | None = None) -> HTMLResponse:
    _ = i18n.translator(language(request))
    return render(request, "error.html", status=status, title=title or _("error_title"), message=message)
