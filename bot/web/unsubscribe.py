"""`/u/{token}`: one-click unsubscribe links (RFC 8058) from marketing mail.

GET shows the partly masked address and one button; it never changes anything, because mail
scanners and link previewers fetch every URL. POST unsubscribes — from the page's button or from
a mailbox provider's one-click request (`List-Unsubscribe=One-Click`, no cookies, no redirect) —
and always answers 200, however often it is repeated. The effect is that of an unsubscribe email:
suppression, consents withdrawn, and a completed `unsubscribe` case in the audit trail.
"""

from __future__ import annotations

import logging

from sqlalchemy.exc import IntegrityError, OperationalError
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from bot.cases.audit import add_event
from bot.cases.service import open_case, set_status
from bot.register import readable
from bot.register.people import find_person
from bot.register.suppression import is_suppressed, unsubscribe_address
from bot.runtime import Runtime
from bot.runtime.logs import addr_hash
from bot.runtime.tokens import ALL_LISTS, TokenError, read_unsubscribe_token
from bot.web import i18n
from bot.web.pages import language, render
from models import ActorType, CaseStatus, RequestKind

log = logging.getLogger(__name__)
SOURCE = "link"
MAX_BODY = 4096  # a one-click body is 26 bytes; anything much larger is not one

i18n.add({
    "unsub_title": {"fi": "Markkinointiviestien peruutus", "sv": "Avsluta marknadsföringsutskick",
                    "en": "Unsubscribe from marketing"},
    "unsub_intro": {
        "fi": "Haluatko, ettei {company} enää lähetä markkinointiviestejä osoitteeseen {address}?",
        "sv": "Vill du att {company} slutar skicka marknadsföring till {address}?",
        "en": "Do you want {company} to stop sending marketing email to {address}?"},
    "unsub_list": {"fi": "Lista: {name}", "sv": "Lista: {name}", "en": "List: {name}"},
    "unsub_button": {"fi": "Peru tilaus", "sv": "Avsluta prenumerationen", "en": "Unsubscribe"},
    "unsub_note": {
        "fi": "Palvelua koskevat viestit (esimerkiksi laskut) tulevat edelleen.",
        "sv": "Meddelanden om tjänsten (till exempel fakturor) skickas fortfarande.",
        "en": "Messages about the service itself (such as invoices) will still be sent."},
    "unsub_done_title": {"fi": "Tilaus peruttu", "sv": "Prenumerationen avslutad",
                         "en": "You are unsubscribed"},
    "unsub_done": {
        "fi": "Osoitteeseen {address} ei enää lähetetä markkinointiviestejä. Muutos on voimassa heti.",
        "sv": "Ingen marknadsföring skickas längre till {address}. Ändringen gäller genast.",
        "en": "No more marketing email will be sent to {address}. This takes effect at once."},
    "unsub_bad_title": {"fi": "Virheellinen linkki", "sv": "Ogiltig länk", "en": "Invalid link"},
    "unsub_bad": {
        "fi": "Linkki on virheellinen tai vaurioitunut, eikä mitään muutettu. Kopioi linkki "
              "viestistä kokonaan tai vastaa viestiin sanalla \"peru\", niin hoidamme asian.",
        "sv": "Länken är ogiltig eller skadad och ingenting ändrades. Kopiera hela länken från "
              "meddelandet eller svara på det med ordet \"avsluta\", så ordnar vi saken.",
        "en": "The link is invalid or damaged, and nothing was changed. Copy the whole link from "
              "the message, or reply to it with the word \"unsubscribe\" and we will take care of it."},
    "unsub_already": {
        "fi": "Tämä osoite on jo poistettu markkinoinnin piiristä.",
        "sv": "Den här adressen får redan ingen marknadsföring.",
        "en": "This address is already unsubscribed."},
    "unsub_busy": {"fi": "Palvelu on hetkellisesti varattu. Yritä hetken kuluttua uudelleen.",
                   "sv": "Tjänsten är tillfälligt upptagen. Försök igen om en stund.",
                   "en": "The service is busy for a moment. Please try again shortly."},
})


def mask_address(email: str) -> str:
    """`matti.meikalainen@example.fi` -> `ma***n@example.fi`: recognisable to its owner, not
    readable to whoever the link was forwarded to."""
    local, _, domain = email.partition("@")
    if len(local) <= 2:
        shown = local[:1] + "***"
    elif len(local) <= 5:
        shown = local[:1] + "***" + local[-1:]
    else:
        shown = local[:2] + "***" + local[-1:]
    return f"{shown}@{domain}"


def _bad_token(request: Request) -> Response:
    _ = i18n.translator(language(request))
    return render(request, "error.html", status=400, title=_("unsub_bad_title"), message=_("unsub_bad"))


async def unsubscribe_page(request: Request) -> Response:
    rt: Runtime = request.app.state.rt
    try:
        email, list_name = read_unsubscribe_token(rt.settings, request.path_params["token"])
    except TokenError:
        return _bad_token(request)
    already = await run_in_threadpool(_is_suppressed, rt, email, list_name)
    return render(request, "unsubscribe.html", address=mask_address(email), already=already,
                  list_name=None if list_name == ALL_LISTS else list_label(list_name, language(request)),
                  action=request.url.path + (f"?lang={language(request)}" if "lang" in request.query_params
                                             else ""))


def _is_suppressed(rt: Runtime, email: str, list_name: str) -> bool:
    with rt.db.session() as s:
        return is_suppressed(s, email, list_name=list_name)


def unsubscribe_now(rt: Runtime, email: str, list_name: str, lang: str) -> bool:
    """Suppress and withdraw; when that changed something, log a completed unsubscribe case.
    Returns whether anything changed (a repeat changes nothing and logs nothing)."""
    with rt.db.session() as s:
        changed = unsubscribe_address(s, rt, email, source=SOURCE, list_name=list_name)
        if not changed:
            return False
        case = open_case(s, rt, kind=RequestKind.UNSUBSCRIBE, requester_email=email, language=lang,
                         received_at=rt.clock.now(), person=find_person(s, email),
                         actor_type=ActorType.REQUESTER, actor=SOURCE)
        add_event(s, rt, case, "unsubscribed", actor_type=ActorType.REQUESTER, actor=SOURCE,
                  details={"source": SOURCE, "list": list_name})
        set_status(s, rt, case, CaseStatus.COMPLETED, actor_type=ActorType.BOT, actor="bot")
        log.info("unsubscribed by link", extra={"case": case.reference, "addr": addr_hash(email)})
        return True


async def _small_body(request: Request) -> bool:
    """Read (and ignore) the body, refusing early past MAX_BODY: never buffer a huge upload."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_BODY:
        return False
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_BODY:
            return False
    return True


async def unsubscribe_post(request: Request) -> Response:
    rt: Runtime = request.app.state.rt
    try:
        email, list_name = read_unsubscribe_token(rt.settings, request.path_params["token"])
    except TokenError:
        return _bad_token(request)
    # The body is either RFC 8058's `List-Unsubscribe=One-Click` or the page's button; both mean
    # the same, and the signed token alone authorises it (no cookie, no CSRF token: nothing to
    # steal, and the only effect is the one the link's owner asked for).
    if not await _small_body(request):
        return Response("Request body too large", status_code=413)
    lang = language(request)
    for attempt in range(3):
        try:
            await run_in_threadpool(unsubscribe_now, rt, email, list_name, lang)
            break
        except (IntegrityError, OperationalError):
            # Two clicks at the same moment (or a locked SQLite): the other one won, or will.
            if attempt == 2:
                _ = i18n.translator(lang)
                return render(request, "error.html", status=503, title=_("error_title"),
                              message=_("unsub_busy"), headers={"Retry-After": "5"})
    return render(request, "unsubscribed.html", address=mask_address(email),
                  list_name=None if list_name == ALL_LISTS else list_label(list_name, language(request)))


def routes() -> list[BaseRoute]:
    return [
        Route("/u/{token}", unsubscribe_page, methods=["GET", "HEAD"]),
        Route("/u/{token}", unsubscribe_post, methods=["POST"]),
    ]


def list_label(list_name: str, lang: str) -> str:
    """A marketing list as the reader says it ("newsletter" -> "uutiskirje"); others as named."""
    return readable.cell(list_name, "list_name", lang, "Europe/Helsinki")
