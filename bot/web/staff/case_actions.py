"""The case actions of issue 16: restriction (ground, follow-up, lift), the access review
(leave rows out, release), an edited correction, a DMARC-held case staff let proceed. Same shape
as `actions`: one POST, one transaction, audited under the staff member's name.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlmodel import Session
from starlette.datastructures import FormData
from starlette.requests import Request

from bot.cases.audit import add_event
from bot.cases.service import CaseError
from bot.pipeline.proceed import proceed_held
from bot.register.correction import FIELDS
from bot.runtime import Runtime
from bot.staff.accounts import StaffLogin
from bot.web.staff import case_texts  # noqa: F401  (the case page's texts by status)
from handlers.access import exclude_rows, release
from handlers.execution import person_of
from handlers.restriction import followup_done, lift_restriction, set_ground
from models import ActorType, Case, CaseStatus, Person, RequestKind

Action = Callable[[Session, Runtime, Case, StaffLogin, FormData], str | None]


class Refused(Exception):
    """Shown to staff (already translated); nothing changed."""


def _field(form: FormData, name: str, limit: int = 4000) -> str:
    return str(form.get(name, "")).strip()[:limit]


def do_ground(request: Request) -> Action:
    def act(s: Session, rt: Runtime, case: Case, login: StaffLogin, form: FormData) -> str | None:
        if case.kind != RequestKind.RESTRICTION:
            raise Refused(request.state.translate("not_found"))
        set_ground(s, rt, case, _field(form, "ground", 2), actor=login.username)
        case.flags = [f for f in case.flags if f != "restriction_ground_unknown"]
        s.add(case)
        return None
    return act


def do_followup(request: Request) -> Action:
    def act(s: Session, rt: Runtime, case: Case, login: StaffLogin, form: FormData) -> str | None:
        result = _field(form, "result", 2000)
        if not result:
            raise Refused(request.state.translate("reason_required"))
        followup_done(s, rt, case, actor=login.username, result=result)
        return None
    return act


def do_lift(request: Request) -> Action:
    """Art. 18(3): the notice is queued first, then the restriction ends (handlers.restriction)."""
    def act(s: Session, rt: Runtime, case: Case, login: StaffLogin, form: FormData) -> str | None:
        person = s.get(Person, case.person_id) if case.person_id else None
        if person is None or not person.restricted:
            raise Refused(request.state.translate("lx_not_restricted"))
        if _field(form, "confirm", 8) != "yes":
            raise Refused(request.state.translate("lx_confirm_needed"))
        lift_restriction(s, rt, person, actor=login.username, case=case, reason=_field(form, "reason", 2000))
        return None
    return act


def _row_keys(form: FormData) -> list[tuple[str, int]]:
    out = []
    for v in form.getlist("row")[:5000]:
        table, _, ident = str(v).partition(":")
        if ident.isdigit():
            out.append((table[:40], int(ident)))
    return out


def do_exclude(request: Request) -> Action:
    def act(s: Session, rt: Runtime, case: Case, login: StaffLogin, form: FormData) -> str | None:
        _ = request.state.translate
        rows = _row_keys(form)
        if not rows:
            raise Refused(_("lx_choose_rows"))
        reason = _field(form, "reason", 2000)
        if not reason:
            raise Refused(_("reason_required"))
        exclude_rows(s, rt, case, rows, reason=reason, actor=login.username)
        return None
    return act


def do_release(request: Request) -> Action:
    def act(s: Session, rt: Runtime, case: Case, login: StaffLogin, form: FormData) -> str | None:
        person = person_of(s, case)
        if person is None:
            raise Refused(request.state.translate("no_person"))
        release(s, rt, case, person, actor=login.username)
        return None
    return act


def do_correction(request: Request) -> Action:
    """Staff edit the proposed correction before approving it (the edit is audited)."""
    def act(s: Session, rt: Runtime, case: Case, login: StaffLogin, form: FormData) -> str | None:
        corr = dict((case.details or {}).get("correction") or {})
        if case.kind != RequestKind.CORRECTION or case.status != CaseStatus.AWAITING_APPROVAL or not corr:
            raise Refused(request.state.translate("lx_nothing_to_edit"))
        old = dict(corr.get("proposed") or {})
        new = {f: _field(form, f"field_{f}", 300) for f in FIELDS if _field(form, f"field_{f}", 300)}
        if not new:
            raise Refused(request.state.translate("lx_nothing_to_edit"))
        corr["proposed"] = new
        case.details = {**case.details, "correction": corr}
        s.add(case)
        add_event(s, rt, case, "correction_edited", actor_type=ActorType.STAFF, actor=login.username,
                  details={"fields_before": sorted(old), "fields_after": sorted(new),
                           "changed": sorted(f for f in set(old) | set(new) if old.get(f) != new.get(f))})
        return None
    return act


def do_proceed(request: Request) -> Action:
    """A case held because the sender failed DMARC: staff judged the sender genuine."""
    def act(s: Session, rt: Runtime, case: Case, login: StaffLogin, form: FormData) -> str | None:
        reason = _field(form, "reason", 2000)
        if not reason:
            raise Refused(request.state.translate("reason_required"))
        try:
            proceed_held(rt, s, case, actor=login.username, reason=reason)
        except CaseError as e:
            raise Refused(str(e)) from e
        return None
    return act


ACTIONS: dict[str, tuple[Callable[[Request], Action], str]] = {
    "ground": (do_ground, "ground_set"),
    "followup": (do_followup, "followup_done"),
    "lift": (do_lift, "lifted"),
    "exclude": (do_exclude, "excluded"),
    "release": (do_release, "released"),
    "correction": (do_correction, "correction_edited"),
    "proceed": (do_proceed, "proceeded"),
}
