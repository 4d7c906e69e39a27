"""The shape every request handler has, and the default handler used for any kind without one.

A handler decides what a new case of its kind needs (act at once, challenge identity, or wait for
staff) and what happens when the requester is verified or staff approve or reject. It changes the
case through `bot.cases.service` and sends mail through `bot.replies.send`, never directly.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlmodel import Session

from bot.cases.audit import add_event
from bot.cases.service import set_status
from bot.register.suppression import unsubscribe_address
from bot.replies.send import send_rejection
from bot.runtime import Runtime
from handlers.execution import person_of
from models import ActorType, Case, CaseStatus, InboundMessage, Person, RequestKind


@dataclass
class ReceivedContext:
    """What the router knows about the message that opened the cases; handlers add to it."""

    inbound: InboundMessage | None = None
    parsed: Any = None  # bot.mail.parse.ParsedMessage
    person: Person | None = None
    language: str = "en"
    done: set[int] = field(default_factory=set)  # case ids completed at once (unsubscribe)
    to_challenge: list[Case] = field(default_factory=list)  # cases waiting for one challenge
    doubtful: set[int] = field(default_factory=set)  # case ids whose kind is a guess: ask first
    to_ask: list[Case] = field(default_factory=list)  # cases whose letter asks the requester

    def mark_done(self, case: Case) -> None:
        assert case.id is not None
        self.done.add(case.id)


class RequestHandler:
    kind: RequestKind | None = None
    needs_verification: bool = True

    def on_received(self, s: Session, rt: Runtime, case: Case, ctx: ReceivedContext) -> None:
        if not self.needs_verification:
            add_event(s, rt, case, "queued_for_staff", details={"reason": "no handler for this kind yet"})
            return
        if ctx.person is None:
            # identity.md: not in the register -> honest neutral reply, staff look into it.
            case.needs_review = True
            case.flags = sorted({*case.flags, "requester_not_in_register"})
            s.add(case)
            add_event(s, rt, case, "queued_for_staff", details={"reason": "requester not in the register"})
            return
        set_status(s, rt, case, CaseStatus.AWAITING_VERIFICATION)
        ctx.to_challenge.append(case)

    def on_verified(self, s: Session, rt: Runtime, case: Case) -> None:
        add_event(s, rt, case, "queued_for_staff", details={"reason": "verified; waiting for staff"})

    def on_approved(self, s: Session, rt: Runtime, case: Case, actor: str) -> None:
        set_status(s, rt, case, CaseStatus.IN_PROGRESS, actor_type=ActorType.STAFF, actor=actor,
                   details={"approved": True})

    def on_rejected(self, s: Session, rt: Runtime, case: Case, actor: str, reason: str) -> None:
        set_status(s, rt, case, CaseStatus.REJECTED, actor_type=ActorType.STAFF, actor=actor,
                   details={"reason": reason})
        send_rejection(s, rt, case, reason)


class RegisterHandler(RequestHandler):
    """A kind that acts on the person's register entry. Without one (not in the register, or
    already erased) its case takes the generic steps above; with one, `verified` and
    `approved` act on it."""

    def on_verified(self, s: Session, rt: Runtime, case: Case) -> None:
        person = person_of(s, case)
        if person is None:
            super().on_verified(s, rt, case)
        else:
            self.verified(s, rt, case, person)

    def on_approved(self, s: Session, rt: Runtime, case: Case, actor: str) -> None:
        person = person_of(s, case)
        if person is None:
            super().on_approved(s, rt, case, actor)
        else:
            self.approved(s, rt, case, person, actor)

    def verified(self, s: Session, rt: Runtime, case: Case, person: Person) -> None:
        raise NotImplementedError

    def approved(self, s: Session, rt: Runtime, case: Case, person: Person, actor: str) -> None:
        raise NotImplementedError


class UnsubscribeFallback(RequestHandler):
    """Unsubscribe needs no verification: suppress the From address at once (also when unknown)."""

    kind = RequestKind.UNSUBSCRIBE
    needs_verification = False

    def on_received(self, s: Session, rt: Runtime, case: Case, ctx: ReceivedContext) -> None:
        changed = unsubscribe_address(s, rt, case.requester_email, source="email")
        set_status(s, rt, case, CaseStatus.COMPLETED, details={"suppressed": True, "changed": changed})
        ctx.mark_done(case)


def default_handler(kind: RequestKind) -> RequestHandler:
    if kind == RequestKind.UNSUBSCRIBE:
        return UnsubscribeFallback()
    h = RequestHandler()
    h.kind = kind
    return h
