"""`/c/{token}`: our question to the requester, behind a signed, expiring link.

Either the one-page choice form (what do you want us to do?) or the one-click "Yes" of a doubtful
unsubscribe. GET only shows the page (mail scanners follow links; nothing changes); the POST,
carrying the page's CSRF field, decides. Works without JavaScript or cookies.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from sqlmodel import select
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from bot.cases.service import CaseError
from bot.pipeline.asking import (
    NUMBERED,
    UNCLEAR,
    apply_choice,
    check_form_csrf,
    form_csrf,
    read_ask_token,
)
from bot.runtime import Runtime
from bot.runtime.tokens import TokenError, TokenExpired
from bot.web import i18n
from bot.web.pages import error_page, language, render
from handlers.unsubscribe import UNCONFIRMED, confirm
from models import Case, CaseStatus, RequestKind

i18n.add({
    "ask_title": {"fi": "Mitä haluat meidän tekevän?", "sv": "Vad vill du att vi gör?",
                  "en": "What would you like us to do?"},
    "ask_intro": {
        "fi": "Haluamme olla varmoja siitä, mitä haluat, ennen kuin teemme mitään. Valitse yksi tai useampi.",
        "sv": "Vi vill vara säkra på vad du vill innan vi gör något. Välj ett eller flera alternativ.",
        "en": "We want to be sure what you want before we do anything. Choose one or more."},
    "ask_choice_unsubscribe": {"fi": "Lopettakaa markkinointi minulle",
                               "sv": "Sluta skicka marknadsföring till mig",
                               "en": "Stop sending me marketing"},
    "ask_choice_access": {"fi": "Haluan nähdä tietoni", "sv": "Jag vill se mina uppgifter",
                          "en": "I want to see my data"},
    "ask_choice_correction": {"fi": "Korjatkaa tietoni", "sv": "Rätta mina uppgifter",
                              "en": "Correct my data"},
    "ask_choice_erasure": {"fi": "Poistakaa tietoni", "sv": "Radera mina uppgifter", "en": "Delete my data"},
    "ask_choice_restriction": {"fi": "Rajoittakaa tietojeni käsittelyä", "sv": "Begränsa behandlingen",
                               "en": "Restrict the use of my data"},
    "ask_choice_portability": {"fi": "Siirtäkää tietoni (koneluettava kopio)",
                               "sv": "Flytta mina uppgifter (maskinläsbar kopia)",
                               "en": "Move my data (a machine-readable copy)"},
    "ask_choice_other": {"fi": "Jotain muuta:", "sv": "Något annat:", "en": "Something else:"},
    "ask_send": {"fi": "Lähetä", "sv": "Skicka", "en": "Send"},
    "ask_done_title": {"fi": "Kiitos vastauksestasi", "sv": "Tack för ditt svar",
                       "en": "Thank you for your answer"},
    "ask_done": {"fi": "Jatkamme pyyntösi käsittelyä ja lähetämme sinulle sähköpostia.",
                 "sv": "Vi fortsätter med din begäran och skickar e-post till dig.",
                 "en": "We are going on with your request and will send you an email."},
    "ask_unsub_title": {"fi": "Haluatko, ettemme enää lähetä sinulle markkinointia?",
                        "sv": "Vill du sluta få marknadsföring från oss?",
                        "en": "Do you want to stop receiving marketing from us?"},
    "ask_unsub_yes": {"fi": "Kyllä", "sv": "Ja", "en": "Yes"},
    "ask_unsub_no": {"fi": "Jos et halua, älä paina painiketta: emme muuta mitään.",
                     "sv": "Om du inte vill det, tryck inte på knappen: vi ändrar ingenting.",
                     "en": "If not, do not press the button: we change nothing."},
    "ask_unsub_done": {"fi": "Emme enää lähetä sinulle markkinointia.",
                       "sv": "Vi skickar ingen mer marknadsföring till dig.",
                       "en": "We will send you no more marketing."},
    "ask_nothing": {"fi": "Vastaus on jo annettu tai kysymys ei ole enää voimassa.",
                    "sv": "Frågan är redan besvarad eller inte längre giltig.",
                    "en": "This question has already been answered or is no longer open."},
    "ask_invalid": {"fi": "Linkki ei ole voimassa.", "sv": "Länken är inte giltig.",
                    "en": "This link is not valid."},
    "ask_expired": {"fi": "Linkki on vanhentunut. Vastaa viestiimme sähköpostilla.",
                    "sv": "Länken har gått ut. Svara på vårt meddelande per e-post.",
                    "en": "This link has expired. Please reply to our message by email."},
    "ask_choose_one": {"fi": "Valitse vähintään yksi vaihtoehto.", "sv": "Välj minst ett alternativ.",
                       "en": "Choose at least one option."},
    "ask_forbidden": {"fi": "Lomake ei ole voimassa. Avaa linkki uudelleen.",
                      "sv": "Formuläret är inte giltigt. Öppna länken igen.",
                      "en": "The form is not valid. Please open the link again."},
})

CHOICES = [NUMBERED[n].value for n in sorted(NUMBERED)]


class _Gone(Exception):
    pass


def _load(rt: Runtime, token: str) -> tuple[str, str]:
    """(question, reference) of an open question; TokenError or _Gone otherwise."""
    link = read_ask_token(rt, token)
    with rt.db.session() as s:
        case = s.get(Case, link.case_id)
        if case is None or case.reference != link.reference:
            raise TokenError("no such case")
        if case.status != CaseStatus.AWAITING_REQUESTER:
            raise _Gone()
        if UNCONFIRMED in case.flags:
            return "unsubscribe", case.reference
        if UNCLEAR in case.flags:
            return "choose", case.reference
        raise _Gone()


def _bad(request: Request, e: Exception) -> Response:
    _ = i18n.translator(language(request))
    if isinstance(e, TokenExpired):
        return error_page(request, 410, _("ask_expired"), title=_("ask_title"))
    if isinstance(e, _Gone):
        return error_page(request, 409, _("ask_nothing"), title=_("ask_title"))
    return error_page(request, 404, _("ask_invalid"), title=_("ask_title"))


async def ask_page(request: Request) -> Response:
    rt: Runtime = request.app.state.rt
    token = request.path_params["token"]
    try:
        question, ref = await run_in_threadpool(_load, rt, token)
    except (TokenError, _Gone) as e:
        return _bad(request, e)
    _ = i18n.translator(language(request))
    title = _("ask_unsub_title" if question == "unsubscribe" else "ask_title")
    return render(request, "ask.html", title=title,
                  question=question, reference=ref, choices=CHOICES, action=request.url.path,
                  csrf=form_csrf(rt, token), headers={"X-Robots-Tag": "noindex"})


def _same_origin(request: Request) -> bool:
    origin = request.headers.get("origin")
    if not origin or origin == "null":
        return True  # no-referrer pages and older browsers; the CSRF field still guards
    return urlsplit(origin).netloc == request.headers.get("host", "")


def _decide(rt: Runtime, token: str, kinds: list[str], other: str) -> str:
    link = read_ask_token(rt, token)
    with rt.db.session() as s:
        # The row lock makes a double click (or two tabs, two instances) decide once.
        case = s.exec(select(Case).where(Case.id == link.case_id).with_for_update()).first()
        if case is None or case.reference != link.reference:
            raise TokenError("no such case")
        if case.status != CaseStatus.AWAITING_REQUESTER:
            raise _Gone()
        if UNCONFIRMED in case.flags:
            if not confirm(s, rt, case, via="web"):
                raise _Gone()
            return "unsubscribe"
        try:
            apply_choice(rt, s, case, [RequestKind(k) for k in kinds], other, via="web")
        except CaseError as e:
            raise _Gone() from e
        return "choose"


async def ask_post(request: Request) -> Response:
    rt: Runtime = request.app.state.rt
    token = request.path_params["token"]
    _ = i18n.translator(language(request))
    form = await request.form()
    if not _same_origin(request) or not check_form_csrf(rt, token, str(form.get("csrf", ""))):
        return error_page(request, 403, _("ask_forbidden"), title=_("ask_title"))
    kinds = [k for k in (str(v) for v in form.getlist("kind")) if k in CHOICES]
    other = str(form.get("other", "")).strip()[:2000] if form.get("want_other") or form.get("other") else ""
    try:
        question, _ref = await run_in_threadpool(_load, rt, token)
        if question == "choose" and not kinds and not other:
            return render(request, "ask.html", status=400, title=_("ask_title"), question=question,
                          reference=_ref, choices=CHOICES, action=request.url.path,
                          csrf=form_csrf(rt, token), error=_("ask_choose_one"))
        done = await run_in_threadpool(_decide, rt, token, kinds, other)
    except (TokenError, _Gone) as e:
        return _bad(request, e)
    title = _("ask_unsub_title") if done == "unsubscribe" else _("ask_done_title")
    text = _("ask_unsub_done") if done == "unsubscribe" else _("ask_done")
    return render(request, "ask_done.html", title=title, message=text)


def routes() -> list[BaseRoute]:
    return [
        Route("/c/{token}", ask_page, methods=["GET", "HEAD"]),
        Route("/c/{token}", ask_post, methods=["POST"]),
    ]
