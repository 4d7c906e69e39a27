"""The requester's pages: the privacy request form (`/request`), its confirmation link
(`/request/confirm/{token}`) and the status page (`/s/{token}`) linked from every letter.

No JavaScript, no cookies, nothing from another origin. Every POST carries a signed hidden field
(and a browser's Origin must be ours); a GET never changes anything (mail scanners follow links).
What the form page says after a submission is the same whether or not the address is on file.
"""

from __future__ import annotations

import email
import email.policy
import re
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from bot.cases.service import CaseError
from bot.pipeline import public as pub
from bot.replies.links import read_status_token, status_token
from bot.runtime import Runtime
from bot.runtime.tokens import Purpose as P
from bot.runtime.tokens import TokenError, TokenExpired, sign, unsign
from bot.web import i18n, public_texts  # noqa: F401 - public_texts: the pages' texts
from bot.web.pages import error_page, language, render
from models import Case

KINDS = [k.value for k in pub.FORM_KINDS]



def _client(request: Request) -> str:
    return request.client.host if request.client else ""


def _csrf_ok(request: Request, check: bool) -> bool:
    return check and pub.same_origin(request.headers.get("origin"), request.headers.get("host"))


# --- the form -----------------------------------------------------------------------------------

def _form_page(request: Request, *, status: int = 200, values: pub.FormInput | None = None,
               errors: dict[str, str] | None = None) -> Response:
    rt: Runtime = request.app.state.rt
    _ = i18n.translator(language(request))
    return render(request, "request.html", status=status, title=_("req_title"), kinds=KINDS,
                  values=values or pub.FormInput(), errors=errors or {}, csrf=pub.form_csrf(rt),
                  action=f"/request?lang={language(request)}")


async def request_form(request: Request) -> Response:
    return _form_page(request)


async def request_post(request: Request) -> Response:
    rt: Runtime = request.app.state.rt
    lang = language(request)
    _ = i18n.translator(lang)
    form = await request.form()
    if not _csrf_ok(request, pub.check_form_csrf(rt, str(form.get("csrf", "")))):
        return error_page(request, 403, _("req_forbidden"), title=_("req_title"))
    inp = pub.FormInput(email=str(form.get("email", "")), kinds=[str(v) for v in form.getlist("kind")],
                        phone=str(form.get("phone", "")), reason=str(form.get("reason", "")),
                        details=str(form.get("details", "")), language=lang,
                        other=str(form.get("other", ""))).clean()
    errors = pub.problems(inp)
    if errors:
        return _form_page(request, status=400, values=inp, errors=errors)
    if str(form.get("website", "")).strip():  # the honeypot: a person never sees it, a bot fills it
        return RedirectResponse(f"/request/sent?lang={lang}", status_code=303)  # looks the same

    def go() -> str:
        with rt.db.session() as s:
            return pub.submit(rt, s, inp, client=_client(request))

    if await run_in_threadpool(go) == "busy":
        return error_page(request, 429, _("req_busy"), title=_("req_title"))
    # Post/Redirect/Get: a reload does not send it twice.
    return RedirectResponse(f"/request/sent?lang={lang}", status_code=303)


def _sent(request: Request, hours: int) -> Response:
    rt: Runtime = request.app.state.rt
    _ = i18n.translator(language(request))
    return render(request, "request_sent.html", title=_("req_sent_title"),
                  message=_("req_sent", hours=hours),
                  fallback=_("req_sent_none", email=rt.settings.controller.email or ""))


async def request_sent(request: Request) -> Response:
    return _sent(request, request.app.state.rt.settings.public.confirm_link_hours)


# --- the confirmation link ----------------------------------------------------------------------

def _bad_link(request: Request, e: Exception, *, expired_key: str, title_key: str) -> Response:
    _ = i18n.translator(language(request))
    if isinstance(e, TokenExpired):
        return error_page(request, 410, _(expired_key), title=_(title_key))
    return error_page(request, 404, _("req_invalid"), title=_(title_key))


async def confirm_page(request: Request) -> Response:
    rt: Runtime = request.app.state.rt
    token = request.path_params["token"]
    _ = i18n.translator(language(request))
    try:
        pending = pub.read_confirm_token(rt, token)
    except TokenError as e:
        return _bad_link(request, e, expired_key="req_expired", title_key="req_confirm_title")

    def used() -> bool:
        with rt.db.session() as s:
            return pub.confirmed_already(rt, s, pending)

    if await run_in_threadpool(used):
        return error_page(request, 409, _("req_used"), title=_("req_confirm_title"))
    return render(request, "request_confirm.html", title=_("req_confirm_title"), kinds=pending.inp.kinds,
                  other=pending.inp.other if pending.inp.something_else else None,
                  email=pending.inp.email, action=request.url.path, csrf=pub.confirm_csrf(rt, token),
                  headers={"X-Robots-Tag": "noindex"})


async def confirm_post(request: Request) -> Response:
    rt: Runtime = request.app.state.rt
    token = request.path_params["token"]
    _ = i18n.translator(language(request))
    form = await request.form()
    if not _csrf_ok(request, pub.check_confirm_csrf(rt, token, str(form.get("csrf", "")))):
        return error_page(request, 403, _("req_forbidden"), title=_("req_confirm_title"))

    def go() -> tuple[list[dict[str, Any]], str]:
        with rt.db.session() as s:
            cases = pub.confirm(rt, s, token, ip=_client(request))
            return [pub.summary(c) for c in cases], status_token(rt, cases) if cases else ""

    try:
        summaries, status = await run_in_threadpool(go)
    except pub.AlreadyConfirmed:
        return error_page(request, 409, _("req_used"), title=_("req_confirm_title"))
    except TokenError as e:
        return _bad_link(request, e, expired_key="req_expired", title_key="req_confirm_title")
    return render(request, "request_done.html", title=_("req_done_title"), cases=summaries,
                  status_path=f"/s/{status}?lang={language(request)}" if status else "")


# --- the status page ----------------------------------------------------------------------------

def _status_csrf(rt: Runtime, token: str) -> str:
    import hashlib

    return sign(rt.settings, P.STATUS_FORM, hashlib.sha256(token.encode()).hexdigest()[:32], timed=False)


def _check_status_csrf(rt: Runtime, token: str, value: str) -> bool:
    import hashlib
    import hmac

    try:
        got = unsign(rt.settings, P.STATUS_FORM, value, timed=False)
    except TokenError:
        return False
    return isinstance(got, str) and hmac.compare_digest(got, hashlib.sha256(token.encode()).hexdigest()[:32])


_TOKEN_URL = re.compile(r"https?://\S+/(?:v|x|c|s|u|request/confirm)/\S+")


def _letter(out: Any, lang: str) -> dict[str, Any]:
    msg = email.message_from_bytes(out.raw, policy=email.policy.default)
    body = msg.get_body(preferencelist=("plain",))
    text = body.get_content() if body is not None else ""
    # A link in an earlier letter (a verification or download link) is not repeated on the page.
    masked = _TOKEN_URL.sub({"fi": "[linkki sähköpostissa]", "sv": "[länk i e-postmeddelandet]",
                             "en": "[link in the email]"}[lang], text)
    return {"subject": out.subject, "sent_at": out.sent_at or out.created_at, "text": masked}


def _load_status(rt: Runtime, token: str) -> tuple[list[Case], list[Any]]:
    link = read_status_token(rt, token)
    with rt.db.session() as s:
        cases = pub.status_cases(s, link.case_ids)
        letters = pub.letters(s, cases)
        for c in cases:
            s.expunge(c)
        for o in letters:
            s.expunge(o)
        return cases, letters


async def status_page(request: Request, *, notice: str = "", error: str = "", code: int = 200) -> Response:
    rt: Runtime = request.app.state.rt
    token = request.path_params["token"]
    lang = language(request)
    _ = i18n.translator(lang)
    try:
        cases, letters = await run_in_threadpool(_load_status, rt, token)
    except TokenError as e:
        return _bad_link(request, e, expired_key="st_expired_link", title_key="st_title")
    return render(request, "status.html", status=code, title=_("st_title"),
                  cases=[pub.summary(c) for c in cases], letters=[_letter(o, lang) for o in letters],
                  csrf=_status_csrf(rt, token), path=f"/s/{token}", notice=notice, error=error,
                  any_open=any(c.status.is_open for c in cases), headers={"X-Robots-Tag": "noindex"})


async def status_get(request: Request) -> Response:
    return await status_page(request)


async def status_withdraw(request: Request) -> Response:
    rt: Runtime = request.app.state.rt
    token = request.path_params["token"]
    _ = i18n.translator(language(request))
    form = await request.form()
    if not _csrf_ok(request, _check_status_csrf(rt, token, str(form.get("csrf", "")))):
        return error_page(request, 403, _("req_forbidden"), title=_("st_title"))
    ref = str(form.get("reference", ""))

    def go() -> str:
        link = read_status_token(rt, token)
        with rt.db.session() as s:
            cases = pub.status_cases(s, link.case_ids)
            case = next((c for c in cases if c.reference == ref), None)
            if case is None:
                raise TokenError("no such case on this link")
            pub.withdraw(rt, s, case, ip=_client(request))
            return case.reference

    try:
        done = await run_in_threadpool(go)
    except TokenError as e:
        return _bad_link(request, e, expired_key="st_expired_link", title_key="st_title")
    except CaseError:
        return await status_page(request, error=_("st_closed"), code=409)
    return await status_page(request, notice=_("st_withdrawn_done", ref=done))


async def status_message(request: Request) -> Response:
    rt: Runtime = request.app.state.rt
    token = request.path_params["token"]
    _ = i18n.translator(language(request))
    form = await request.form()
    if not _csrf_ok(request, _check_status_csrf(rt, token, str(form.get("csrf", "")))):
        return error_page(request, 403, _("req_forbidden"), title=_("st_title"))
    text = str(form.get("message", "")).strip()
    if not text:
        return await status_page(request, error=_("st_message_empty"), code=400)

    def go() -> bool:
        link = read_status_token(rt, token)
        with rt.db.session() as s:
            cases = pub.status_cases(s, link.case_ids)
            if pub.messages_today(rt, s, cases) >= rt.settings.public.status_messages_per_day:
                return False
            pub.add_message(rt, s, cases, text, ip=_client(request))
            return True

    try:
        ok = await run_in_threadpool(go)
    except TokenError as e:
        return _bad_link(request, e, expired_key="st_expired_link", title_key="st_title")
    if not ok:
        return await status_page(request, error=_("st_message_limit"), code=429)
    return await status_page(request, notice=_("st_message_done"))


def routes() -> list[BaseRoute]:
    return [
        Route("/request", request_form, methods=["GET", "HEAD"]),
        Route("/request", request_post, methods=["POST"]),
        Route("/request/sent", request_sent, methods=["GET", "HEAD"]),
        Route("/request/confirm/{token}", confirm_page, methods=["GET", "HEAD"]),
        Route("/request/confirm/{token}", confirm_post, methods=["POST"]),
        Route("/s/{token}", status_get, methods=["GET", "HEAD"]),
        Route("/s/{token}/withdraw", status_withdraw, methods=["POST"]),
        Route("/s/{token}/message", status_message, methods=["POST"]),
    ]
