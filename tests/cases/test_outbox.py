"""The outbox: rows first, then delivery — to a Maildir, or to a real SMTP relay that may be down."""

from __future__ import annotations

import asyncio
import email
import email.policy
from pathlib import Path

from aiosmtpd.controller import Controller
from sqlmodel import select

from bot.app import run
from bot.cases.service import open_case
from bot.replies.outbox import enqueue, send_due
from bot.replies.outbox import serve as outbox_serve
from bot.runtime import Runtime
from models import Case, CaseEvent, OutboundMessage, OutboundState, RequestKind
from tests.cases.factories import wait_for
from tests.conftest import free_port


class Collect:
    def __init__(self, refuse: str | None = None) -> None:
        self.messages: list[tuple[str, list[str], bytes]] = []
        self.refuse = refuse

    async def handle_DATA(self, server, session, envelope) -> str:  # type: ignore[no-untyped-def]
        if self.refuse:
            return self.refuse
        self.messages.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.original_content))
        return "250 OK"


def _queue_one(rt: Runtime, to: str = "matti@example.fi", case: Case | None = None) -> int:
    with rt.db.session() as s:
        row = enqueue(s, rt, to=to, subject="Re: Tietopyyntö [PR-2026-00001]", case=case,
                      text="Hei,\nsaimme pyyntösi.", html="<p>Hei, saimme pyyntösi.</p>",
                      in_reply_to="<req-1@example.fi>", references=["<req-0@example.fi>"],
                      purpose="ack")
        assert row.id is not None
        return row.id


def test_enqueue_builds_a_threaded_multipart_utf8_auto_reply(rt: Runtime) -> None:
    row_id = _queue_one(rt)
    with rt.db.session() as s:
        row = s.get(OutboundMessage, row_id)
        assert row is not None and row.state == OutboundState.QUEUED
        msg = email.message_from_bytes(row.raw, policy=email.policy.default)
    assert msg["Auto-Submitted"] == "auto-replied"
    assert msg["In-Reply-To"] == "<req-1@example.fi>"
    assert msg["References"].split() == ["<req-0@example.fi>", "<req-1@example.fi>"]
    assert msg["Message-ID"] == row.message_id and row.message_id.endswith("@xcure.fi>")
    assert msg["Subject"] == "Re: Tietopyyntö [PR-2026-00001]"
    assert msg.get_content_type() == "multipart/alternative"
    parts = {p.get_content_type(): p for p in msg.iter_parts()}
    assert parts["text/plain"].get_content_charset() == "utf-8"
    assert "saimme pyyntösi" in parts["text/plain"].get_content()
    assert "<p>Hei" in parts["text/html"].get_content()


async def test_without_a_relay_each_reply_lands_once_in_the_maildir(rt: Runtime) -> None:
    row_id = await asyncio.to_thread(_queue_one, rt)
    assert await send_due(rt) == 1
    maildir = Path(rt.settings.outbound.maildir)
    files = list((maildir / "new").iterdir())
    assert len(files) == 1 and not list((maildir / "tmp").iterdir())
    msg = email.message_from_bytes(files[0].read_bytes(), policy=email.policy.default)
    assert msg["To"] == "matti@example.fi"
    with rt.db.session() as s:
        row = s.get(OutboundMessage, row_id)
        assert row.state == OutboundState.SENT and row.sent_at is not None  # type: ignore[union-attr]
        assert row.attempts == 1 and row.attempt_log[0]["ok"]  # type: ignore[union-attr]
    assert await send_due(rt) == 0
    assert len(list((maildir / "new").iterdir())) == 1


async def test_replies_wait_for_a_relay_that_is_down_and_are_delivered_once(rt: Runtime) -> None:
    port = free_port()
    rt.settings.outbound.relay = f"127.0.0.1:{port}"
    rt.settings.outbound.retry_base_seconds = 0.05
    rt.settings.outbound.retry_max_seconds = 0.2
    rt.settings.outbound.poll_seconds = 0.05
    stop = asyncio.Event()
    task = asyncio.create_task(run(rt, stop, parts=[("outbox", outbox_serve)]))
    ids = [await asyncio.to_thread(_queue_one, rt, f"p{i}@example.fi") for i in range(3)]

    def failed_attempts() -> bool:
        with rt.db.session() as s:
            rows = s.exec(select(OutboundMessage)).all()
            return all(r.attempts >= 2 and r.state != OutboundState.SENT for r in rows)

    await wait_for(failed_attempts)  # the relay is down: attempts recorded, nothing marked sent
    with rt.db.session() as s:
        row = s.get(OutboundMessage, ids[0])
        assert row.last_error and "Connect" in row.last_error  # type: ignore[union-attr]
        assert not any(a["ok"] for a in row.attempt_log)  # type: ignore[union-attr]

    relay = Collect()
    controller = Controller(relay, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        def all_sent() -> bool:
            with rt.db.session() as s:
                return all(r.state == OutboundState.SENT for r in s.exec(select(OutboundMessage)).all())

        await wait_for(all_sent)
        # A few more sender rounds must not deliver anything twice.
        for _ in range(5):
            rt.wake("outbox")
            await asyncio.sleep(0.05)
        assert sorted(rcpt[0] for _, rcpt, _ in relay.messages) == [
            "p0@example.fi", "p1@example.fi", "p2@example.fi"]
        assert all(frm == "info@xcure.fi" for frm, _, _ in relay.messages)
    finally:
        stop.set()
        assert await task == 0
        controller.stop()


async def test_a_permanent_refusal_fails_the_reply_for_staff(rt: Runtime) -> None:
    port = free_port()
    controller = Controller(Collect(refuse="550 5.1.1 No such user"), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        rt.settings.outbound.relay = f"127.0.0.1:{port}"
        with rt.db.session() as s:
            case = open_case(s, rt, kind=RequestKind.ACCESS, requester_email="matti@example.fi",
                             language="fi", received_at=rt.clock.now())
        row_id = await asyncio.to_thread(_queue_one, rt, "matti@example.fi", case)
        await send_due(rt)
        with rt.db.session() as s:
            row = s.get(OutboundMessage, row_id)
            assert row.state == OutboundState.FAILED and "550" in row.last_error  # type: ignore[union-attr, operator]
            assert row.attempts == 1  # type: ignore[union-attr]
            failed = s.get(Case, case.id)
            assert failed.needs_review  # type: ignore[union-attr]
            events = s.exec(select(CaseEvent).where(CaseEvent.case_id == case.id)).all()
            assert [e.action for e in events][-1] == "reply_failed"
    finally:
        controller.stop()
