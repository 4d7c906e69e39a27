"""What staff do to a case: each action one POST, one transaction, one audit event under the
staff member's name. Success redirects back to the case (303); a refused action re-renders the
case with the reason and changes nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlmodel import Session, select
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from bot.cases.audit import add_event
from bot.cases.service import CaseError, merge, open_case, reopen, set_status
from bot.classify.corpus import save_feedback
from bot.pipeline.router import start_new_kind
from bot.replies.outbox import enqueue
from bot.replies.send import extend
from bot.runtime import Runtime
from bot.staff.accounts import StaffLogin
from bot.web import i18n
from bot.web.pages import language
from bot.web.staff import case_actions
from bot.web.staff.auth import staff_action
from bot.web.staff.case_actions import Refused
from bot.web.staff.casepage import load_case, message_view, render_case
from handlers import get_handler
from handlers.outcomes import Closing, close, preview
from handlers.processors import mark_done
from handlers.unsubscribe import undo as undo_unsubscribe
from models import (
    ActorType,
    Case,
    CaseStatus,
    InboundMessage,
    OutboundState,
    Person,
    ProcessorTask,
    RequestKind,
    StaffUser,
)
from models.enums import CLOSED_STATUSES

log = logging.getLogger(__name__)

# An action may return the `done` label to show instead of its usual one (a held reply).
Action = Callable[[Session, Runtime, Case, StaffLogin, FormData], str | None]


def _field(form: FormData, name: str, limit: int = 4000) -> str:
    return str(form.get(name, "")).strip()[:limit]


def _need_open(case: Case, _: Callable[..., str]) -> None:
    if case.status in CLOSED_STATUSES:
        raise Refused(_("case_closed"))


def run_action(request: Request, login: StaffLogin, form: FormData, action: Action, done: str) -> Response:
    rt: Runtime = request.app.state.rt
    ref = request.path_params["ref"]
    _ = i18n.translator(language(request))
    request.state.translate = _
    try:
        with rt.db.session() as s:
            case = load_case(s, ref)
            done = action(s, rt, case, login, form) or done
            if "new_reply" in case.flags:  # staff acted on the case: the reply is seen
                case.flags = [f for f in case.flags if f != "new_reply"]
                s.add(case)
    except Refused as e:
        return render_case(request, login, ref, status=400, error=str(e))
    except CaseError as e:
        return render_case(request, login, ref, status=409, error=_("action_failed", error=str(e)))
    log.info("staff action", extra={"case": ref, "action": done, "staff": login.username})
    return RedirectResponse(f"/staff/cases/{ref}?done={done}", status_code=303)


def _staff(login: StaffLogin) -> dict[str, Any]:
    return {"actor_type": ActorType.STAFF, "actor": login.username}


# --- the actions --------------------------------------------------------------------------------

def do_note(request: Request) -> Action:
    def act(s: Session, rt: Runtime, case: Case, login: StaffLogin, form: FormData) -> None:
        text = _field(form, "text")
        if not text:
            raise Refused(request.state.translate("text_required"))
        add_event(s, rt, case, "note", **_staff(login), details={"text": text})
    return act


def do_assign(request: Request) -> Action:
    def act(s: Session, rt: Runtime, case: Case, login: StaffLogin, form: FormData) -> None:
        who = _field(form, "assignee", 64) or None
        if who is not None and s.exec(select(StaffUser).where(StaffUser.username == who,
                                                              StaffUser.active == True)).first() is None:  # noqa: E712
            raise Refused(request.state.translate("action_failed", error=who))
        old, case.assignee = case.assignee, who
        case.updated_at = rt.clock.now()
        s.add(case)
        add_event(s, rt, case, "assigned", **_staff(login), details={"from": old, "to": who})
    return act


def do_extend(request: Request) -> Action:
    def act(s: Session, rt: Runtime, case: Case, login: StaffLogin, form: FormData) -> None:
        reason = _field(form, "reason", 2000)
        if not reason:
            raise Refused(request.state.translate("reason_required"))
        extend(s, rt, case, reason, actor=login.username, actor_type=ActorType.STAFF)
    return act


def do_decide(request: Request) -> Action:
    def act(s: Session, rt: Runtime, case: Case, login: StaffLogin, form: FormData) -> None:
        _ = request.state.translate
        _need_open(case, _)
        decision = _field(form, "decision", 16)
        # Approve: an internal note (audit only); reject: the reason sent to the requester.
        reason = (_field(form, "note") or _field(form, "reason")) if decision == "approve" \
            else _field(form, "reason")
        if decision not in ("approve", "reject"):
            raise Refused(_("action_failed", error=decision or "?"))
        if not reason:
            raise Refused(_("reason_required"))
        if (decision == "approve" and case.kind == RequestKind.ERASURE
                and _field(form, "confirm", 8) != "yes"):
            raise Refused(_("lx_confirm_erasure"))  # irreversible: staff tick the confirmation
        handler = get_handler(case.kind)
        if (decision == "approve" and handler is not None and handler.needs_verification
                and case.verified_at is None):
            # Personal data moves only after the requester proved the address (identity.md).
            raise Refused(_("not_verified_refused"))
        add_event(s, rt, case, "approved" if decision == "approve" else "rejected", **_staff(login),
                  details={"reason": reason})
        if decision == "approve":
            if handler is not None:
                handler.on_approved(s, rt, case, login.username)
            elif case.status == CaseStatus.AWAITING_APPROVAL:
                set_status(s, rt, case, CaseStatus.IN_PROGRESS, **_staff(login))
        else:
            case.details = {**(case.details or {}), "rejection_reason": reason}
            s.add(case)
            if handler is not None:
                handler.on_rejected(s, rt, case, login.username, reason=reason)
            if case.status not in CLOSED_STATUSES:
                set_status(s, rt, case, CaseStatus.REJECTED, **_staff(login), details={"reason": reason})
    return act


def closing_of(form: FormData) -> Closing:
    return Closing(outcome=_field(form, "outcome", 16), reason=_field(form, "reason", 4000),
                   into=_field(form, "into", 32), send=_field(form, "send", 8) != "no",
                   skip_reason=_field(form, "skip_reason", 2000))


def do_complete(request: Request) -> Action:
    """Close the case with its outcome; the letter goes unless staff said why not."""
    def act(s: Session, rt: Runtime, case: Case, login: StaffLogin, form: FormData) -> None:
        _need_open(case, request.state.translate)
        close(s, rt, case, closing_of(form), actor=login.username)
    return act


def preview_close(request: Request, login: StaffLogin, form: FormData) -> Response:
    """The outcome's letter as it would go, shown on the case page above the same form."""
    rt: Runtime = request.app.state.rt
    ref = request.path_params["ref"]
    request.state.translate = _ = i18n.translator(language(request))
    closing = closing_of(form)
    try:
        with rt.db.session() as s:
            letter = preview(s, rt, load_case(s, ref), closing)
    except CaseError as e:
        return render_case(request, login, ref, status=409, error=_("action_failed", error=str(e)),
                           extra={"closing": closing})
    return render_case(request, login, ref, extra={"closing": closing, "preview": letter})


def do_task_done(request: Request) -> Action:
    def act(s: Session, rt: Runtime, case: Case, login: StaffLogin, form: FormData) -> None:
        try:
            task_id = int(request.path_params["task"])
        except ValueError:
            task_id = -1
        task = s.get(ProcessorTask, task_id)
        if task is None or task.case_id != case.id:
            raise Refused(request.state.translate("not_found"))
        if task.done_at is None:  # a second click changes nothing
            # Drops the addresses the task carried; the last task sends the case's final letter.
            mark_done(s, rt, task, actor=login.username, note=_field(form, "note", 2000))
    return act


def do_reply(request: Request) -> Action:
    def act(s: Session, rt: Runtime, case: Case, login: StaffLogin, form: FormData) -> str | None:
        text = _field(form, "text", 20000)
        if not text:
            raise Refused(request.state.translate("text_required"))
        subject = _field(form, "subject", 300) or f"[{case.reference}]"
        if case.reference not in subject:  # the reference threads the answer back to the case
            subject = f"{subject} [{case.reference}]"
        thread = case.thread_message_id or None
        out = enqueue(s, rt, to=case.requester_email, subject=subject, text=text, case=case,
                      purpose="staff_reply", in_reply_to=thread, references=[thread] if thread else None,
                      auto_reply=False)
        if out.state == OutboundState.HELD:  # the outbox recorded `reply_held` with the reason
            return "reply_held"
        add_event(s, rt, case, "reply_queued", **_staff(login),
                  details={"outbound_id": out.id, "subject": subject})
        return None
    return act


def do_reclassify(request: Request) -> Action:
    """Staff set the case's kinds: one keeps this case, each further kind opens a case from the
    same message (same deadline), and "not a request" closes it without a letter. Audited, and
    saved as a training example."""
    def act(s: Session, rt: Runtime, case: Case, login: StaffLogin, form: FormData) -> str | None:
        _ = request.state.translate
        values = [str(v)[:32] for v in form.getlist("kind")][:10]
        lang = _field(form, "language", 8).lower() or case.language
        not_request = "none" in values
        kinds = sorted({RequestKind(v) for v in values if v in RequestKind.__members__.values()},
                       key=lambda k: (k != case.kind, k.value))
        if (not kinds and not not_request) or (kinds and not_request) or not lang.isalpha() \
                or len(kinds) + not_request != len(set(values)):
            raise Refused(_("lx_reclassify_invalid"))
        if len(kinds) > 1 and case.status in CLOSED_STATUSES:  # a closed case: its label only
            raise Refused(_("case_closed"))
        old = {"kind": str(case.kind), "language": case.language}
        inbound = s.get(InboundMessage, case.inbound_message_id) if case.inbound_message_id else None
        if not_request:
            add_event(s, rt, case, "reclassified", **_staff(login),
                      details={"from": old, "to": {"kind": "none", "language": lang}})
            case.language = lang
            case.details = {**(case.details or {}), "outcome": "not_request"}
            if case.status not in CLOSED_STATUSES:
                set_status(s, rt, case, CaseStatus.REJECTED, **_staff(login),
                           details={"outcome": "not_request", "letter": None})
            if inbound is not None:
                save_training_example(rt, case, inbound, [], lang, login.username)
            return None
        first, *more = kinds
        case.kind, case.language, case.updated_at = first, lang, rt.clock.now()
        # staff named the kind: a form's "something else" case is no placeholder any more
        case.details = {k: v for k, v in (case.details or {}).items() if k != "placeholder_kind"}
        s.add(case)
        opened = [_open_also(s, rt, case, inbound, k, login) for k in more]
        add_event(s, rt, case, "reclassified", **_staff(login),
                  details={"from": old, "to": {"kind": first.value, "language": lang,
                                               **({"also": [k.value for k in more]} if more else {})},
                           **({"opened": opened} if opened else {})})
        if old["kind"] != first:  # the new kind's process starts from where the case stands
            step = start_new_kind(rt, s, case)
            if step != "none":
                add_event(s, rt, case, "process_restarted", **_staff(login),
                          details={"kind": first.value, "step": step})
        if inbound is not None:
            save_training_example(rt, case, inbound, [k.value for k in kinds], lang, login.username)
        return None
    return act


def _open_also(s: Session, rt: Runtime, case: Case, inbound: InboundMessage | None, kind: RequestKind,
               login: StaffLogin) -> str:
    """A further kind of the same message: its own case, deadline from the message's arrival."""
    person = s.get(Person, case.person_id) if case.person_id else None
    new = open_case(s, rt, kind=kind, requester_email=case.requester_email, language=case.language,
                    received_at=case.received_at, inbound=inbound, person=person,
                    actor_type=ActorType.STAFF, actor=login.username, flags=list(case.flags),
                    thread_message_id=case.thread_message_id)
    add_event(s, rt, new, "opened_by_staff", **_staff(login),
              details={"from_case": case.reference, "kinds": [kind.value]})
    start_new_kind(rt, s, new)
    return new.reference


def do_merge(request: Request) -> Action:
    def act(s: Session, rt: Runtime, case: Case, login: StaffLogin, form: FormData) -> None:
        target = _field(form, "into", 32).upper()
        into = s.exec(select(Case).where(Case.reference == target)).first() if target else None
        if into is None:
            raise Refused(request.state.translate("unknown_case", reference=target or "?"))
        merge(s, rt, case, into, actor=login.username)
    return act


def do_reopen(request: Request) -> Action:
    def act(s: Session, rt: Runtime, case: Case, login: StaffLogin, form: FormData) -> None:
        reason = _field(form, "reason", 2000)
        if not reason:
            raise Refused(request.state.translate("reason_required"))
        reopen(s, rt, case, reason, actor=login.username)
    return act


def do_undo(request: Request) -> Action:
    """Undo what the case's automatic unsubscribe did (consents as they were, suppression entry
    removed), with an optional note to the person."""
    def act(s: Session, rt: Runtime, case: Case, login: StaffLogin, form: FormData) -> None:
        undo_unsubscribe(s, rt, case, actor=login.username, note=_field(form, "note", 4000))
    return act


def save_training_example(rt: Runtime, case: Case, inbound: InboundMessage, kinds: list[str],
                          lang: str, by: str) -> Path:
    """A staff correction as a labelled example that `python -m bot train` includes."""
    view = message_view(inbound)
    return save_feedback(Path(rt.settings.classifier.feedback_dir), subject=inbound.subject,
                         text=view.new_text or view.text, kinds=kinds, language=lang, actor=by,
                         when=rt.clock.now(), note=f"reclassified {case.reference}")


ACTIONS: dict[str, tuple[Callable[[Request], Action], str]] = {
    **case_actions.ACTIONS,
    "note": (do_note, "noted"),
    "assign": (do_assign, "assigned"),
    "extend": (do_extend, "extended"),
    "decide": (do_decide, "decided"),
    "complete": (do_complete, "completed"),
    "reply": (do_reply, "replied"),
    "reclassify": (do_reclassify, "reclassified"),
    "merge": (do_merge, "merged"),
    "reopen": (do_reopen, "reopened"),
    "undo": (do_undo, "undone"),
}


def _endpoint(name: str) -> Any:
    make, done = ACTIONS[name]

    def handle(request: Request, login: StaffLogin, form: FormData) -> Response:
        label = done
        if name == "decide":
            label = "approved" if _field(form, "decision", 16) == "approve" else "rejected"
        if name == "complete" and _field(form, "step", 16) == "preview":
            return preview_close(request, login, form)
        return run_action(request, login, form, make(request), label)

    handle.__name__ = f"case_{name}"
    return staff_action(handle)


def _task_endpoint(request: Request, login: StaffLogin, form: FormData) -> Response:
    return run_action(request, login, form, do_task_done(request), "task")


def routes() -> list[BaseRoute]:
    out: list[BaseRoute] = [Route(f"/staff/cases/{{ref}}/{name}", _endpoint(name), methods=["POST"])
                            for name in ACTIONS]
    out.append(Route("/staff/cases/{ref}/tasks/{task}/done", staff_action(_task_endpoint), methods=["POST"]))
    return out
