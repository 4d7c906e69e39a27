"""Staff login, logout and the guards every staff page and action goes through.

GET pages without a session redirect to the login page. POST actions without a session, or
without the session's CSRF token, or from another origin, are refused with 403 and change
nothing. The session cookie is HttpOnly, SameSite=Strict, Secure per `[web] secure_cookies`,
and scoped to /staff.
"""

from __future__ import annotations

import functools
import hmac
import logging
import posixpath
import secrets
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any
from urllib.parse import quote, unquote, urlsplit

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from bot.runtime import Runtime
from bot.runtime.tokens import Purpose, TokenError, sign, unsign
from bot.staff.accounts import (
    LoginResult,
    StaffLogin,
    authenticate,
    client_key,
    end_session,
    load_session,
    start_session,
)
from bot.web import i18n
from bot.web.pages import language, render, site_path

log = logging.getLogger(__name__)

SESSION_COOKIE = "prb_staff"
LOGIN_COOKIE = "prb_login"  # binds the login form's CSRF token to this browser
KNOWN_COOKIE = "prb_known"  # this browser logged in to the account it names (see accounts.py)
LOGIN_FORM_SECONDS = 3600

StaffView = Callable[[Request, StaffLogin], Response]
StaffAction = Callable[[Request, StaffLogin, FormData], Response]


def _rt(request: Request) -> Runtime:
    return request.app.state.rt


def _set_cookie(request: Request, response: Response, name: str, value: str, max_age: int | None) -> None:
    response.set_cookie(name, value, max_age=max_age, path="/staff", httponly=True, samesite="strict",
                        secure=_rt(request).settings.web.secure_cookies)


def current_staff(request: Request) -> StaffLogin | None:
    """Runs in a worker thread (database)."""
    rt = _rt(request)
    with rt.db.session() as s:
        return load_session(s, rt, request.cookies.get(SESSION_COOKIE))


def _same_origin(request: Request) -> bool:
    """Browsers send Origin on POST; when it names another site, refuse (defence in depth)."""
    origin = request.headers.get("origin")
    if not origin or origin == "null":
        return origin != "null"
    return urlsplit(origin).netloc == request.headers.get("host", "")


def _forbidden(request: Request, key: str) -> Response:
    _ = i18n.translator(language(request))
    return render(request, "error.html", status=403, title=_("forbidden"), message=_(key))


def staff_view(fn: StaffView) -> Callable[[Request], Awaitable[Response]]:
    @functools.wraps(fn)
    async def endpoint(request: Request) -> Response:
        login = await run_in_threadpool(current_staff, request)
        if login is None:
            target = site_path(request.url.path) + (f"?{request.url.query}" if request.url.query else "")
            return RedirectResponse(f"/staff/login?next={quote(target)}", status_code=303)
        request.state.staff = login
        return await run_in_threadpool(fn, request, login)

    return endpoint


def staff_action(fn: StaffAction) -> Callable[[Request], Awaitable[Response]]:
    @functools.wraps(fn)
    async def endpoint(request: Request) -> Response:
        login = await run_in_threadpool(current_staff, request)
        if login is None:
            return _forbidden(request, "not_logged_in")
        if not _same_origin(request):
            return _forbidden(request, "csrf_failed")
        form = await request.form(max_files=0, max_fields=100)
        if not hmac.compare_digest(str(form.get("csrf", "")), login.csrf_token):
            log.warning("staff POST without a valid CSRF token", extra={"path": request.url.path})
            return _forbidden(request, "csrf_failed")
        request.state.staff = login
        return await run_in_threadpool(fn, request, login, form)

    return endpoint


def _unsafe(text: str) -> bool:
    return "\\" in text or "//" in text or any(ord(c) < 0x20 or ord(c) == 0x7f for c in text)


def safe_next(target: str | None) -> str:
    """Where to go after the login: a path under /staff on this site, else /staff. Never an
    open redirect: no scheme or host, no `//` or backslash (browsers read `//x` and `/\\x` as
    hosts) or control character, also percent-encoded, and still under /staff once dot segments
    are resolved the way the browser will resolve them."""
    if not target or len(target) > 2000 or _unsafe(target):
        return "/staff"
    parts = urlsplit(target)
    path = unquote(parts.path)
    if parts.scheme or parts.netloc or not path.startswith("/") or _unsafe(path):
        return "/staff"
    norm = posixpath.normpath(path)
    if norm != "/staff" and not norm.startswith("/staff/"):
        return "/staff"
    return site_path(norm) + (f"?{parts.query}" if parts.query else "")


async def login_page(request: Request, *, error: str | None = None, status: int = 200) -> Response:
    nonce = request.cookies.get(LOGIN_COOKIE) or secrets.token_urlsafe(16)
    rt = _rt(request)
    resp = render(request, "staff/login.html", status=status, error=error,
                  csrf=sign(rt.settings, Purpose.STAFF_LOGIN, nonce),
                  next=safe_next(request.query_params.get("next")))
    _set_cookie(request, resp, LOGIN_COOKIE, nonce, LOGIN_FORM_SECONDS)
    return resp


async def login_post(request: Request) -> Response:
    rt = _rt(request)
    _ = i18n.translator(language(request))
    form = await request.form(max_files=0, max_fields=10)
    nonce = request.cookies.get(LOGIN_COOKIE, "")
    try:
        ok = nonce and unsign(rt.settings, Purpose.STAFF_LOGIN, str(form.get("csrf", "")),
                              max_age=LOGIN_FORM_SECONDS, now=rt.clock.now()) == nonce
    except TokenError:
        ok = False
    if not ok or not _same_origin(request):
        return await login_page(request, error=_("csrf_failed"), status=403)
    username = str(form.get("username", "")).strip()[:64]
    password = str(form.get("password", ""))[:1024]

    client = client_key(rt, request.client.host if request.client else "")
    known = _known_client(request, username)

    def check() -> tuple[LoginResult, str | None]:
        with rt.db.session() as s:
            result, _user = authenticate(s, rt, username, password, client=client, known_client=known)
            token = start_session(s, rt, username) if result is LoginResult.OK else None
        return result, token

    result, token = await run_in_threadpool(check)
    if result is not LoginResult.OK:
        # One answer for an unknown name, a wrong password, a locked account and a throttled
        # client: a stranger learns neither which names exist nor which are locked.
        log.warning("staff login refused", extra={"result": result.value, "client": client[:12]})
        return await login_page(request, error=_("login_failed"), status=401)
    log.info("staff login", extra={"staff": username, "known_client": known})
    resp = RedirectResponse(safe_next(str(form.get("next", ""))), status_code=303)
    _set_cookie(request, resp, SESSION_COOKIE, token or "", rt.settings.staff.session_hours * 3600)
    days = rt.settings.staff.known_client_days
    expires = int((rt.clock.now() + timedelta(days=days)).timestamp())
    _set_cookie(request, resp, KNOWN_COOKIE,
                sign(rt.settings, Purpose.STAFF_CLIENT, [username, expires], timed=False), days * 86400)
    resp.delete_cookie(LOGIN_COOKIE, path="/staff")
    return resp


def _known_client(request: Request, username: str) -> bool:
    """The browser carries our signed, unexpired note that it logged in as `username` before."""
    try:
        payload = unsign(_rt(request).settings, Purpose.STAFF_CLIENT,
                         request.cookies.get(KNOWN_COOKIE, ""), timed=False)
    except TokenError:
        return False
    return (isinstance(payload, list) and len(payload) == 2 and payload[0] == username
            and isinstance(payload[1], int) and payload[1] > _rt(request).clock.now().timestamp())


async def logout(request: Request) -> Response:
    login = await run_in_threadpool(current_staff, request)
    if login is None:
        return RedirectResponse("/staff/login", status_code=303)
    form = await request.form(max_files=0, max_fields=10)
    if not hmac.compare_digest(str(form.get("csrf", "")), login.csrf_token):
        return _forbidden(request, "csrf_failed")
    rt = _rt(request)

    def end() -> None:
        with rt.db.session() as s:
            end_session(s, rt, request.cookies.get(SESSION_COOKIE))

    await run_in_threadpool(end)
    log.info("staff logout", extra={"staff": login.username})
    resp = RedirectResponse("/staff/login", status_code=303)
    resp.delete_cookie(SESSION_COOKIE, path="/staff")
    return resp


def routes() -> list[BaseRoute]:
    async def get_login(request: Request) -> Any:
        return await login_page(request)

    return [
        Route("/staff/login", get_login, methods=["GET"]),
        Route("/staff/login", login_post, methods=["POST"]),
        Route("/staff/logout", logout, methods=["POST"]),
    ]
