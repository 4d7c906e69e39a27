"""`/staff/people/{id}`: one person in the register with everything the requests touched:
their cases, consents, suppressions, restriction, the exports sent and the letters."""

from __future__ import annotations

from typing import Any

from sqlalchemy import or_
from sqlmodel import Session, col, select
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from bot.runtime import Runtime
from bot.staff.accounts import StaffLogin
from bot.web.pages import render
from models import Case, Consent, DownloadLink, OutboundMessage, Person, PersonEmail, Suppression

MAX_ROWS = 200


def person_context(s: Session, person: Person) -> dict[str, Any]:
    emails = list(s.exec(select(PersonEmail).where(PersonEmail.person_id == person.id)
                         .order_by(col(PersonEmail.id))))
    addresses = [e.normalized for e in emails]
    cases = list(s.exec(select(Case).where(or_(col(Case.person_id) == person.id,
                                               col(Case.requester_email).in_(addresses or [""])))
                        .order_by(col(Case.received_at).desc()).limit(MAX_ROWS)))
    case_ids = [c.id for c in cases]
    consents = list(s.exec(select(Consent).where(or_(col(Consent.person_id) == person.id,
                                                     col(Consent.email_normalized).in_(addresses or [""])))
                           .order_by(col(Consent.at))))
    suppressions = list(s.exec(select(Suppression).where(col(Suppression.email_normalized)
                                                          .in_(addresses or [""]))
                               .order_by(col(Suppression.at))))
    exports = list(s.exec(select(DownloadLink).where(col(DownloadLink.case_id).in_(case_ids or [-1]))
                          .order_by(col(DownloadLink.created_at))))
    mine = or_(col(OutboundMessage.case_id).in_(case_ids or [-1]),
               col(OutboundMessage.to_addr).in_(addresses or [""]))
    letters = list(s.exec(select(OutboundMessage).where(mine)
                          .where(col(OutboundMessage.purpose).not_in(["reminder", "digest"]))
                          .order_by(col(OutboundMessage.created_at).desc()).limit(MAX_ROWS)))
    refs = {c.id: c.reference for c in cases}
    return {"person": person, "emails": emails, "cases": cases, "consents": consents,
            "suppressions": suppressions, "exports": exports, "letters": letters, "refs": refs}


def person_page(request: Request, login: StaffLogin) -> Response:
    rt: Runtime = request.app.state.rt
    try:
        person_id = int(request.path_params["id"])
    except ValueError:
        raise HTTPException(404) from None
    with rt.db.session() as s:
        person = s.get(Person, person_id)
        if person is None:
            raise HTTPException(404)
        ctx = person_context(s, person)
    return render(request, "staff/person.html", login=login, **ctx)
