"""Access requests (Art. 15): after verification, one ZIP with everything held on the person and
the Art. 15 information, delivered as a single-use, expiring link to the verified address.

With `[execution] access_requires_approval` the export waits on the case (Art. 15(4): notes of
calls and meetings can name other people): staff see its rows, leave rows out with a reason
(audited), and release it; the requester gets nothing until then.

A further access request within `[execution] repeat_access_months` is flagged to staff (a fee may
be charged for further copies, Art. 15(3)); it is never refused automatically: staff approve it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlmodel import Session, col, select

from bot.cases.audit import add_event
from bot.cases.service import CaseError, set_status
from bot.register import collect
from bot.register.categories import EXPORT_TABLES
from bot.register.downloads import LinkExpired, LinkUsed, create_link, link_url
from bot.register.downloads import open_download as _open_download
from bot.register.exporter import ExportKind
from bot.register.exporter import build_export as _build
from bot.runtime import Runtime
from handlers.base import RegisterHandler
from handlers.execution import final_reply, months_before, record
from models import ActorType, Case, CaseStatus, Person, RequestKind

__all__ = ["HANDLER", "LinkExpired", "LinkUsed", "build_export", "deliver_export", "exclude_rows",
           "excluded", "open_download", "review_rows"]

REVIEW_ROWS_SHOWN = 500  # rows per table shown for review; more are summarised by their count

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
    left_out = excluded(case)
    path, summary = _build(s, rt, person, kind=kind, language=case.language, reference=case.reference,
                           exclude=left_out)
    try:
        filename = f"{kind.value}-{case.reference}.zip"
        token, link = create_link(s, rt, path=path, filename=filename, kind=kind.value, case=case)
    finally:
        path.unlink(missing_ok=True)
    record(s, rt, case, "export_built", kind=kind.value, tables=summary.rows, bytes=link.size,
           download_link_id=link.id, expires_at=link.expires_at.isoformat(),
           excluded={t: len(ids) for t, ids in left_out.items()})
    case.details = {**case.details, "export": {"download_link_id": link.id, "kind": kind.value,
                                               "expires_at": link.expires_at.isoformat()}}
    s.add(case)
    final_reply(s, rt, case, "access_ready", url=link_url(rt, token), expires=link.expires_at.date())
    set_status(s, rt, case, CaseStatus.COMPLETED, actor_type=actor_type, actor=actor,
               details={"delivered": "download link"})


def excluded(case: Case) -> dict[str, set[int]]:
    """The rows staff left out of the case's export, by table."""
    out: dict[str, set[int]] = {}
    for row in ((case.details or {}).get("access_review") or {}).get("excluded", []):
        out.setdefault(str(row["table"]), set()).add(int(row["id"]))
    return out


def review_rows(s: Session, case: Case, person: Person) -> list[tuple[str, list[dict[str, Any]], int]]:
    """What the export would hold, for staff: (table, rows shown, rows in all) per table."""
    assert person.id is not None
    addresses = collect.person_addresses(s, person.id)
    out = []
    for name in EXPORT_TABLES:
        rows: list[dict[str, Any]] = []
        n = 0
        for row in collect.table_rows(s, name, person.id, addresses):
            n += 1
            if len(rows) < REVIEW_ROWS_SHOWN:
                rows.append(row)
        if n:
            out.append((name, rows, n))
    return out


def exclude_rows(s: Session, rt: Runtime, case: Case, rows: list[tuple[str, int]], *, reason: str,
                 actor: str) -> int:
    """Staff leave rows out of the export (Art. 15(4)); each with the reason, audited."""
    if case.status != CaseStatus.AWAITING_APPROVAL or "access_review" not in (case.details or {}):
        raise CaseError(f"case {case.reference} has no export waiting for review")
    if not reason.strip():
        raise CaseError("leaving rows out needs a reason")
    review = dict(case.details["access_review"])
    have = {(r["table"], r["id"]) for r in review.get("excluded", [])}
    new = [{"table": t, "id": i, "reason": reason.strip()[:2000], "by": actor}
           for t, i in rows if t in EXPORT_TABLES and (t, i) not in have]
    if not new:
        return 0
    review["excluded"] = [*review.get("excluded", []), *new]
    case.details = {**case.details, "access_review": review}
    s.add(case)
    add_event(s, rt, case, "export_rows_excluded", actor_type=ActorType.STAFF, actor=actor,
              details={"rows": [{"table": r["table"], "id": r["id"]} for r in new],
                       "reason": reason.strip()[:2000]})
    return len(new)


def release(s: Session, rt: Runtime, case: Case, person: Person, *, actor: str) -> None:
    """Staff release the reviewed export: built without the rows left out, link mailed."""
    if case.status != CaseStatus.AWAITING_APPROVAL or "access_review" not in (case.details or {}):
        raise CaseError(f"case {case.reference} has no export waiting for review")
    add_event(s, rt, case, "export_released", actor_type=ActorType.STAFF, actor=actor,
              details={"excluded": sum(len(v) for v in excluded(case).values())})
    deliver_export(s, rt, case, person, ExportKind.ACCESS, actor_type=ActorType.STAFF, actor=actor)


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
        if rt.settings.execution.access_requires_approval:
            case.details = {**case.details, "access_review": {"excluded": []}}
            s.add(case)
            set_status(s, rt, case, CaseStatus.AWAITING_APPROVAL, details={
                "reason": "the export waits for staff review ([execution] access_requires_approval, "
                          "Art. 15(4))"})
            return
        deliver_export(s, rt, case, person, ExportKind.ACCESS)

    def approved(self, s: Session, rt: Runtime, case: Case, person: Person, actor: str) -> None:
        deliver_export(s, rt, case, person, ExportKind.ACCESS, actor_type=ActorType.STAFF, actor=actor)


HANDLER = AccessHandler()
