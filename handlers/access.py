"""Access requests (Art. 15): after verification, one ZIP with everything held on the person and
the Art. 15 information, delivered as a single-use, expiring link to the verified address.

A further access request within `[execution] repeat_access_months` is flagged to staff (a fee may
be charged for further copies, Art. 15(3)); it is never refused automatically: staff approve it.
"""

from __future__ import annotations

from pathlib import Path

from sqlmodel import Session, col, select

from bot.cases.service import set_status
from bot.register.downloads import LinkExpired, LinkUsed, create_link, link_url
from bot.register.downloads import open_download as _open_download
from bot.register.exporter import ExportKind
from bot.register.exporter import build_export as _build
from bot.runtime import Runtime
from handlers.base import RegisterHandler
from handlers.execution import final_reply, months_before, record
from models import ActorType, Case, CaseStatus, Person, RequestKind

__all__ = ["HANDLER", "LinkExpired", "LinkUsed", "build_export", "deliver_export", "open_download"]

REPEAT_FLAG = "repeat_access_within_12_months"
NOT_COUNTED = (CaseStatus.REJECTED, CaseStatus.WITHDRAWN, CaseStatus.EXPIRED)


def build_export(s: Session, rt: Runtime, person: Person, *, language: str = "en",
                 reference: str = "") -> Path:
    """The access ZIP for a person (the caller removes the file)."""
    path, _summary = _build(s, rt, person, kind=ExportKind.ACCESS, language=language, reference=reference)
    return path


def open_download(s: Session, rt: Runtime, token: str) -> tuple[str, bytes]:
    return _open_download(s, rt, token)


def deliver_export(s: Session, rt: Runtime, case: Case, person: Person, kind: ExportKind, *,
                   actor_type: ActorType = ActorType.BOT, actor: str = "bot") -> None:
    """Build the export, store it behind a link, reply with the link, complete the case."""
    set_status(s, rt, case, CaseStatus.IN_PROGRESS, actor_type=actor_type, actor=actor)
    path, summary = _build(s, rt, person, kind=kind, language=case.language, reference=case.reference)
    try:
        filename = f"{kind.value}-{case.reference}.zip"
        token, link = create_link(s, rt, path=path, filename=filename, kind=kind.value, case=case)
    finally:
        path.unlink(missing_ok=True)
    record(s, rt, case, "export_built", kind=kind.value, tables=summary.rows, bytes=link.size,
           download_link_id=link.id, expires_at=link.expires_at.isoformat())
    case.details = {**case.details, "export": {"download_link_id": link.id, "kind": kind.value,
                                               "expires_at": link.expires_at.isoformat()}}
    s.add(case)
    final_reply(s, rt, case, "access_ready", url=link_url(rt, token), expires=link.expires_at.date())
    set_status(s, rt, case, CaseStatus.COMPLETED, actor_type=actor_type, actor=actor,
               details={"delivered": "download link"})


def earlier_access(s: Session, rt: Runtime, case: Case) -> list[Case]:
    """Other access requests by the same person (or address) within the repeat period."""
    since = months_before(case.received_at, rt.settings.execution.repeat_access_months)
    who = ((Case.person_id == case.person_id) if case.person_id
           else (Case.requester_email == case.requester_email))
    rows = s.exec(select(Case).where(Case.kind == RequestKind.ACCESS, who, Case.id != case.id,
                                     col(Case.received_at) >= since,
                                     col(Case.received_at) <= case.received_at)).all()
    return [c for c in rows if c.status not in NOT_COUNTED]


class AccessHandler(RegisterHandler):
    kind = RequestKind.ACCESS
    needs_verification = True

    def verified(self, s: Session, rt: Runtime, case: Case, person: Person) -> None:
        earlier = earlier_access(s, rt, case)
        if earlier:
            case.needs_review = True
            case.flags = sorted({*case.flags, REPEAT_FLAG})
            s.add(case)
            set_status(s, rt, case, CaseStatus.AWAITING_APPROVAL, details={
                "reason": "a further access request within "
                          f"{rt.settings.execution.repeat_access_months} months: staff decide on a fee "
                          "(Art. 15(3)); never refused automatically",
                "earlier": [c.reference for c in earlier]})
            return
        deliver_export(s, rt, case, person, ExportKind.ACCESS)

    def approved(self, s: Session, rt: Runtime, case: Case, person: Person, actor: str) -> None:
        deliver_export(s, rt, case, person, ExportKind.ACCESS, actor_type=ActorType.STAFF, actor=actor)


HANDLER = AccessHandler()
