"""`/staff/messages`: mail that did not become a case — not requests, automated, failed — so
nothing is missed; and `/staff/messages/{id}`: one message, shown safely as text."""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy import and_, func, or_
from sqlmodel import col, select
from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from bot.cases.service import CaseError
from bot.pipeline.router import open_as_request
from bot.runtime import Runtime
from bot.staff.accounts import StaffLogin
from bot.web import i18n
from bot.web.pages import language, render
from bot.web.staff.actions import save_training_example
from bot.web.staff.casepage import message_view
from models import Case, CaseMessage, InboundMessage, MessageState, RequestKind

log = logging.getLogger(__name__)

MAX_ROWS = 300
FILTERS = ("all", "failed", "not_request", "automated", "waiting", "checked")
PREVIEW_CHARS = 140


def preview(parsed: dict | None) -> str:
    """The first line or so of what the sender wrote (the new text, not quotes), on one line."""
    text = str((parsed or {}).get("new_text") or (parsed or {}).get("text") or "")
    line = " ".join(text.split())
    return line if len(line) <= PREVIEW_CHARS else line[:PREVIEW_CHARS - 1].rstrip() + "…"


def to_check_filter(stmt: Any) -> Any:
    """Messages a person should look at: not part of a case, not automated, not yet checked —
    or failed. The navigation counts these; "checked — not a request" empties the list."""
    linked = select(CaseMessage.inbound_message_id)
    return stmt.where(or_(col(InboundMessage.state) == MessageState.FAILED,
                          and_(col(InboundMessage.state) == MessageState.PROCESSED,
                               col(InboundMessage.automated).is_(False),
                               col(InboundMessage.checked_at).is_(None),
                               col(InboundMessage.id).not_in(linked))))


def count_to_check(rt: Runtime) -> int:
    with rt.db.session() as s:
        return int(s.exec(to_check_filter(select(func.count()).select_from(InboundMessage))).one())


def messages_page(request: Request, login: StaffLogin) -> Response:
    rt: Runtime = request.app.state.rt
    show = request.query_params.get("show", "all")
    show = show if show in FILTERS else "all"
    linked = select(CaseMessage.inbound_message_id)
    cols = (InboundMessage.id, InboundMessage.received_at, InboundMessage.source, InboundMessage.from_addr,
            InboundMessage.subject, InboundMessage.state, InboundMessage.outcome, InboundMessage.error,
            InboundMessage.automated, InboundMessage.attempts, InboundMessage.flags,
            InboundMessage.parsed, InboundMessage.checked_at, InboundMessage.checked_by)
    # never the raw bytes: a list of thousands stays light. (sqlmodel's select() is typed for at
    # most 4 columns; it takes any number at runtime.)
    stmt = select(*cols)  # type: ignore[call-overload]
    if show == "failed":
        stmt = stmt.where(InboundMessage.state == MessageState.FAILED)
    elif show == "automated":
        stmt = stmt.where(InboundMessage.automated == True)  # noqa: E712
    elif show == "waiting":
        stmt = stmt.where(col(InboundMessage.state).in_([MessageState.NEW, MessageState.PROCESSING]))
    elif show == "not_request":
        stmt = stmt.where(InboundMessage.state == MessageState.PROCESSED,
                          col(InboundMessage.id).not_in(linked), col(InboundMessage.checked_at).is_(None))
    elif show == "checked":
        stmt = stmt.where(col(InboundMessage.checked_at).is_not(None))
    else:  # everything that is not part of a case and not yet checked, plus every failure
        stmt = stmt.where(or_(col(InboundMessage.state) == MessageState.FAILED,
                              and_(col(InboundMessage.id).not_in(linked),
                                   col(InboundMessage.checked_at).is_(None))))
    stmt = stmt.order_by(col(InboundMessage.received_at).desc()).limit(MAX_ROWS)
    with rt.db.session() as s:
        rows = s.exec(stmt).all()
    return render(request, "staff/messages.html", login=login, rows=rows, show=show, filters=FILTERS,
                  preview=preview, done=request.query_params.get("done", ""))


def _msg_id(request: Request) -> int:
    try:
        return int(request.path_params["id"])
    except ValueError:
        raise HTTPException(404) from None


def message_page(request: Request, login: StaffLogin, *, status: int = 200, error: str = "") -> Response:
    rt: Runtime = request.app.state.rt
    msg_id = _msg_id(request)
    with rt.db.session() as s:
        msg = s.get(InboundMessage, msg_id)
        if msg is None:
            raise HTTPException(404)
        refs = s.exec(select(Case.reference).join(CaseMessage, col(CaseMessage.case_id) == Case.id)
                      .where(CaseMessage.inbound_message_id == msg_id)).all()
        view = message_view(msg)
    can_open = not refs and msg.state == MessageState.PROCESSED and not msg.automated
    return render(request, "staff/message.html", status=status, login=login, msg=msg, view=view,
                  refs=refs, error=error, can_open=can_open, kinds=[k.value for k in RequestKind],
                  can_check=can_open and msg.checked_at is None)


def check_message(request: Request, login: StaffLogin, form: FormData) -> Response:
    """POST /staff/messages/{id}/checked: a staff member read a message that became no case and
    found it is not a request. Recorded on the message (who, when) and logged; it leaves the list
    of messages to check and the digest. Messages in a case, automated or failed ones are refused."""
    rt: Runtime = request.app.state.rt
    msg_id = _msg_id(request)
    _ = i18n.translator(language(request))
    with rt.db.session() as s:
        msg = s.get(InboundMessage, msg_id)
        if msg is None:
            raise HTTPException(404)
        in_case = s.exec(select(CaseMessage.id).where(CaseMessage.inbound_message_id == msg_id)).first()
        refused = bool(in_case or msg.automated or msg.state != MessageState.PROCESSED or msg.checked_at)
        if not refused:
            msg.checked_at, msg.checked_by = rt.clock.now(), login.username
            s.add(msg)
    if refused:  # (outside the transaction: the page opens its own)
        return message_page(request, login, status=409, error=_("cannot_check"))
    log.info("message checked: not a request", extra={"inbound_id": msg_id, "staff": login.username})
    return RedirectResponse("/staff/messages?done=checked", status_code=303)


def open_message(request: Request, login: StaffLogin, form: FormData) -> Response:
    """POST /staff/messages/{id}/open: the bot missed a request; staff open it as one (kinds and
    reply language chosen). The cases get the deadline of the message's arrival, the requester
    the usual acknowledgement (and identity challenge), and the correction becomes a training
    example."""
    rt: Runtime = request.app.state.rt
    msg_id = _msg_id(request)
    _ = i18n.translator(language(request))
    chosen = [str(k) for k in form.getlist("kind")][:len(RequestKind)]
    if not chosen or any(k not in RequestKind._value2member_map_ for k in chosen):
        return message_page(request, login, status=400, error=_("choose_kind"))
    lang = str(form.get("language", "")).strip().lower()[:8]
    try:
        with rt.db.session() as s:
            msg = s.get(InboundMessage, msg_id)
            if msg is None:
                raise HTTPException(404)
            cases = open_as_request(rt, s, msg, [RequestKind(k) for k in chosen], lang, login.username)
            if cases:
                save_training_example(rt, cases[0], msg, sorted(chosen), lang or cases[0].language,
                                      login.username)
            refs = [c.reference for c in cases]
    except CaseError as e:
        return message_page(request, login, status=409, error=_("action_failed", error=str(e)))
    log.info("message opened as a request", extra={"inbound_id": msg_id, "cases": refs,
                                                   "staff": login.username})
    target = f"/staff/cases/{refs[0]}?done=opened" if refs else f"/staff/messages/{msg_id}"
    return RedirectResponse(target, status_code=303)
