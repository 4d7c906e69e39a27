"""Rows and messages for case tests: register entries, raw requests, a polling helper."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from email.utils import make_msgid

from sqlmodel import Session

from bot.mail.addresses import normalise_email
from models import Person, PersonEmail


def add_person(s: Session, email: str, name: str = "Matti Meikäläinen", **kw: object) -> Person:
    p = Person(name=name, **kw)  # type: ignore[arg-type]
    s.add(p)
    s.flush()
    s.add(PersonEmail(person_id=p.id, email=email, normalized=normalise_email(email)))  # type: ignore[arg-type]
    s.flush()
    return p


def raw_mail(*, frm: str, subject: str, body: str, to: str = "info@xcure.fi",
             message_id: str | None = None, headers: dict[str, str] | None = None) -> bytes:
    mid = message_id or make_msgid(domain="example.fi")
    lines = [f"From: {frm}", f"To: {to}", f"Subject: {subject}", f"Message-ID: {mid}",
             "MIME-Version: 1.0", "Content-Type: text/plain; charset=utf-8",
             "Content-Transfer-Encoding: 8bit"]
    lines += [f"{k}: {v}" for k, v in (headers or {}).items()]
    return ("\r\n".join(lines) + "\r\n\r\n" + body.replace("\n", "\r\n") + "\r\n").encode()


async def wait_for(cond: Callable[[], object], timeout: float = 20.0) -> object:
    """Poll `cond` (run in a thread) until it returns something truthy; fail at the deadline."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        got = await asyncio.to_thread(cond)
        if got:
            return got
        assert loop.time() < deadline, "condition not met in time"
        await asyncio.sleep(0.05)


def deliver(rt, raw: bytes, *, envelope_from: str = "sender@example.fi") -> int:  # type: ignore[no-untyped-def]
    """Store a message as the SMTP intake would, then let the worker process everything due."""
    from bot.intake.store import store_message
    from bot.pipeline import worker as pipeline
    from models import MessageSource

    stored = store_message(rt.db, raw, source=MessageSource.SMTP, received_at=rt.clock.now(),
                           envelope_from=envelope_from, envelope_to=["info@xcure.fi"])
    while pipeline.run_once(rt):
        pass
    return stored.id


def outbound(rt, **where: object) -> list:  # type: ignore[no-untyped-def]
    from sqlmodel import select

    from models import OutboundMessage

    with rt.db.session() as s:
        q = select(OutboundMessage).order_by(OutboundMessage.id)  # type: ignore[arg-type]
        for k, v in where.items():
            q = q.where(getattr(OutboundMessage, k) == v)
        return list(s.exec(q).all())


def text_of(raw: bytes) -> str:
    import email
    import email.policy

    msg = email.message_from_bytes(raw, policy=email.policy.default)
    body = msg.get_body(preferencelist=("plain",))
    return body.get_content() if body is not None else ""
