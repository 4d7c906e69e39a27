"""`/v/{token}`: the identity-verification page a challenge links to.

GET only shows what is being confirmed and one button (link scanners and previewers fetch
every URL, so a GET must never verify); the button POSTs, which calls `verify_token`.
"""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from bot.runtime import Runtime
from bot.web import i18n
from bot.web.pages import error_page, language, render
from handlers.verification import (
    ChallengeExpired,
    ChallengeUsed,
    VerificationError,
    find_challenge,
    verify_token,
)
from models import Case

i18n.add({
    "verify_title": {"fi": "Vahvista pyyntösi", "sv": "Bekräfta din begäran",
                     "en": "Confirm your request"},
    "verify_intro": {
        "fi": "Vahvista, että lähetit tietosuojapyynnön tästä sähköpostiosoitteesta.",
        "sv": "Bekräfta att du skickade dataskyddsbegäran från den här e-postadressen.",
        "en": "Please confirm that you sent the privacy request from this email address."},
    "verify_button": {"fi": "Vahvista", "sv": "Bekräfta", "en": "Confirm"},
    "verify_ignore": {
        "fi": "Jos et lähettänyt pyyntöä, älä paina painiketta. Pyyntö päättyy itsestään.",
        "sv": "Om du inte skickade begäran ska du inte trycka på knappen. Begäran upphör av sig själv.",
        "en": "If you did not send the request, do not press the button. It will lapse by itself."},
    "verify_done_title": {"fi": "Kiitos, pyyntö on vahvistettu", "sv": "Tack, begäran är bekräftad",
                          "en": "Thank you, your request is confirmed"},
    "verify_done": {
        "fi": "Käsittelemme pyynnön ja lähetämme vastauksen sähköpostiisi.",
        "sv": "Vi behandlar begäran och skickar svaret till din e-post.",
        "en": "We will handle the request and send the answer to your email address."},
    "verify_invalid": {"fi": "Linkki ei ole voimassa.", "sv": "Länken är inte giltig.",
                       "en": "This link is not valid."},
    "verify_expired": {
        "fi": "Linkki on vanhentunut. Voit lähettää uuden pyynnön sähköpostilla.",
        "sv": "Länken har gått ut. Du kan skicka en ny begäran per e-post.",
        "en": "This link has expired. You can send a new request by email."},
    "verify_used": {"fi": "Pyyntö on jo vahvistettu.", "sv": "Begäran är redan bekräftad.",
                    "en": "This request has already been confirmed."},
})


def _error(request: Request, e: VerificationError) -> Response:
    _ = i18n.translator(language(request))
    if isinstance(e, ChallengeUsed):
        return error_page(request, 409, _("verify_used"), title=_("verify_title"))
    if isinstance(e, ChallengeExpired):
        return error_page(request, 410, _("verify_expired"), title=_("verify_title"))
    return error_page(request, 404, _("verify_invalid"), title=_("verify_title"))


def _references(rt: Runtime, token: str) -> list[str]:
    from sqlmodel import select

    with rt.db.session() as s:
        ch = find_challenge(s, rt, token)
        if ch.state == "verified":
            raise ChallengeUsed("used")
        if rt.clock.now() >= ch.expires_at or ch.state == "expired":
            raise ChallengeExpired("expired")
        return [c.reference for c in s.exec(select(Case).where(Case.challenge_id == ch.id)).all()]


async def verify_page(request: Request) -> Response:
    rt: Runtime = request.app.state.rt
    token = request.path_params["token"]
    _ = i18n.translator(language(request))
    try:
        refs = await run_in_threadpool(_references, rt, token)
    except VerificationError as e:
        return _error(request, e)
    return render(request, "verify.html", title=_("verify_title"), references=refs,
                  action=request.url.path, headers={"X-Robots-Tag": "noindex"})


def _verify(rt: Runtime, token: str, ip: str) -> list[str]:
    with rt.db.session() as s:
        return [c.reference for c in verify_token(s, rt, token, ip=ip)]


async def verify_post(request: Request) -> Response:
    rt: Runtime = request.app.state.rt
    token = request.path_params["token"]
    _ = i18n.translator(language(request))
    ip = request.client.host if request.client else ""
    try:
        refs = await run_in_threadpool(_verify, rt, token, ip)
    except VerificationError as e:
        return _error(request, e)
    return render(request, "verify_done.html", title=_("verify_done_title"), references=refs)


def routes() -> list[BaseRoute]:
    return [
        Route("/v/{token}", verify_page, methods=["GET", "HEAD"]),
        Route("/v/{token}", verify_post, methods=["POST"]),
    ]
