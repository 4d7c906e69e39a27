"""Rows for the web tests, written straight into the database: staff, messages, cases."""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta

from bot.cases.service import open_case
from bot.runtime import Runtime
from bot.staff.accounts import add_staff
from models import CaseStatus, InboundMessage, MessageState, ProcessorTask, RequestKind

PASSWORD = "correct horse battery staple"


def make_staff(rt: Runtime, name: str = "liisa", password: str = PASSWORD) -> None:
    with rt.db.session() as s:
        add_staff(s, rt, name, password)


def make_inbound(rt: Runtime, *, from_addr: str, subject: str, body: str, new_text: str | None = None,
                 received_at: datetime | None = None, state: MessageState = MessageState.PROCESSED,
                 outcome: str | None = "request", error: str | None = None, html: str | None = None) -> int:
    raw = (f"From: {from_addr}\r\nTo: info@xcure.fi\r\nSubject: {subject}\r\n"
           f"Message-ID: <{hashlib.sha1(body.encode()).hexdigest()}@example.fi>\r\n"
           "Content-Type: text/plain; charset=utf-8\r\n\r\n" + (html or body)).encode()
    with rt.db.session() as s:
        msg = InboundMessage(raw=raw, sha256=hashlib.sha256(raw).hexdigest(), size=len(raw),
                             received_at=received_at or rt.clock.now(), from_addr=from_addr, subject=subject,
                             message_id=f"<{hashlib.sha1(body.encode()).hexdigest()}@example.fi>",
                             state=state, outcome=outcome, error=error,
                             parsed={"text": body, "new_text": new_text if new_text is not None else body})
        s.add(msg)
        s.flush()
        assert msg.id is not None
        return msg.id


def make_case(rt: Runtime, *, email: str = "matti@example.fi", kind: RequestKind = RequestKind.ACCESS,
              language: str = "fi", days_ago: int = 0, subject: str = "Tietopyyntö",
              body: str = "Haluan nähdä kaikki tietoni.", tasks: tuple[str, ...] = (),
              verified: bool = False, **extra: object) -> str:
    received = rt.clock.now() - timedelta(days=days_ago)
    inbound_id = make_inbound(rt, from_addr=email, subject=subject, body=body, received_at=received)
    with rt.db.session() as s:
        inbound = s.get(InboundMessage, inbound_id)
        case = open_case(s, rt, kind=kind, requester_email=email, language=language, received_at=received,
                         inbound=inbound, scores={kind.value: 0.93, **({"access": 0.21} if kind != RequestKind.ACCESS else {"erasure": 0.12})},
                         reasons=[f"keyword: {subject.lower()}"], **extra)  # type: ignore[arg-type]
        if verified:  # the requester answered the identity challenge
            case.verified_at, case.status = rt.clock.now(), CaseStatus.VERIFIED
            s.add(case)
        for p in tasks:
            s.add(ProcessorTask(case_id=case.id, processor=p, action="erase", instructions=f"Delete at {p}"))
        return case.reference
