"""`/staff/messages`: mail that did not become a case — not requests, automated, failed — so
nothing is missed; and `/staff/messages/{id}`: one message, shown safely as text."""

from __future__ import annotations

from sqlalchemy import or_
from sqlmodel import select
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from bot.runtime import Runtime
from bot.staff.accounts import StaffLogin
from bot.web.pages import render
from bot.web.staff.casepage import message_view
from models import Case, CaseMessage, InboundMessage, MessageState

MAX_ROWS = 300
FILTERS = ("all", "failed", "not_request", "automated", "waiting")


def messages_page(request: Request, login: StaffLogin) -> Response:
    rt: Runtime = request.app.state.rt
    show = request.query_params.get("show", "all")
    show = show if show in FILTERS else "all"
    linked = select(CaseMessage.inbound_message_id)
    cols = (InboundMessage.id, InboundMessage.received_at, InboundMessage.source, InboundMessage.from_addr,
            InboundMessage.subject, InboundMessage.state, InboundMessage.outcome, InboundMessage.error,
            InboundMessage.automated, InboundMessage.attempts)
    stmt = select(*cols)  # never the raw bytes: a list of thousands stays light
    if show == "failed":
        stmt = stmt.where(InboundMessage.state == MessageState.FAILED)
    elif show == "automated":
        stmt = stmt.where(InboundMessage.automated == True)  # noqa: E712
    elif show == "waiting":
        stmt = stmt.where(InboundMessage.state.in_([MessageState.NEW, MessageState.PROCESSING]))  # type: ignore[attr-defined]
    elif show == "not_request":
        stmt = stmt.where(InboundMessage.state == MessageState.PROCESSED,
                          InboundMessage.id.not_in(linked))  # type: ignore[union-attr]
    else:  # everything that is not part of a case, plus every failure
        stmt = stmt.where(or_(InboundMessage.state == MessageState.FAILED,
                              InboundMessage.id.not_in(linked)))  # type: ignore[union-attr]
    stmt = stmt.order_by(InboundMessage.received_at.desc()).limit(MAX_ROWS)  # type: ignore[attr-defined]
    with rt.db.session() as s:
        rows = s.exec(stmt).all()
    return render(request, "staff/messages.html", login=login, rows=rows, show=show, filters=FILTERS)


def message_page(request: Request, login: StaffLogin) -> Response:
    rt: Runtime = request.app.state.rt
    try:
        msg_id = int(request.path_params["id"])
    except ValueError:
        raise HTTPException(404) from None
    with rt.db.session() as s:
        msg = s.get(InboundMessage, msg_id)
        if msg is None:
            raise HTTPException(404)
        refs = s.exec(select(Case.reference).join(CaseMessage, CaseMessage.case_id == Case.id)  # type: ignore[arg-type]
                      .where(CaseMessage.inbound_message_id == msg_id)).all()
        view = message_view(msg)
    return render(request, "staff/message.html", login=login, msg=msg, view=view, refs=refs)
