"""End to end through the real SMTP server, worker, outbox (Maildir) and web server.

Stories: a registered requester's access request is acknowledged with its due date and a
challenge, and clicking the link verifies it; an unknown address gets the neutral reply; a forged
From with a Reply-To sends nothing to the Reply-To; an out-of-office reply to our acknowledgement
gets no answer; 50 messages from one sender in a minute get at most the configured replies, and
sub-addresses or many addresses of one domain do not multiply them (backscatter).
"""

from __future__ import annotations

import asyncio
import email
import email.policy
import re
import smtplib
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from email.message import EmailMessage
from pathlib import Path

import httpx
import pytest
from sqlmodel import func, select

from bot.app import run
from bot.runtime import Runtime
from bot.runtime.clock import FixedClock
from models import Case, CaseStatus, InboundMessage, MessageState
from tests.cases.factories import add_person, raw_mail, wait_for

NOW = datetime(2026, 3, 5, 8, 0, tzinfo=UTC)  # due 2026-04-07 (Easter)
ACCESS = "Hello,\nunder GDPR Article 15 I want a copy of my personal data you hold.\nRegards, Matti"


@pytest.fixture
async def bot(rt: Runtime) -> AsyncIterator[Runtime]:
    rt.clock = FixedClock(NOW)
    rt.settings.scheduler.enabled = False
    with rt.db.session() as s:
        add_person(s, "matti@example.fi")
    stop = asyncio.Event()
    task = asyncio.create_task(run(rt, stop))
    await wait_for(lambda: "smtp" in rt.ports and "web" in rt.ports)
    yield rt
    stop.set()
    assert await task == 0


async def send(rt: Runtime, raw: bytes, mail_from: str = "sender@example.fi") -> None:
    def _send() -> None:
        with smtplib.SMTP("127.0.0.1", rt.ports["smtp"]) as c:
            c.sendmail(mail_from, ["info@xcure.fi"], raw)

    await asyncio.to_thread(_send)


def maildir(rt: Runtime) -> list[EmailMessage]:
    new = Path(rt.settings.outbound.maildir) / "new"
    if not new.exists():
        return []
    return [email.message_from_bytes(p.read_bytes(), policy=email.policy.default)  # type: ignore[misc]
            for p in sorted(new.iterdir(), key=lambda p: p.stat().st_mtime_ns)]


def processed(rt: Runtime, n: int) -> bool:
    with rt.db.session() as s:
        return s.exec(select(func.count()).select_from(InboundMessage)
                      .where(InboundMessage.state == MessageState.PROCESSED)).one() >= n


def text(msg: EmailMessage) -> str:
    return msg.get_body(preferencelist=("plain",)).get_content()  # type: ignore[union-attr]


async def test_access_request_is_acknowledged_and_the_link_verifies_it(bot: Runtime) -> None:
    await send(bot, raw_mail(frm="Matti Meikäläinen <matti@example.fi>", subject="Tietopyyntö",
                             body=ACCESS, message_id="<e2e-1@example.fi>"))
    [ack] = await wait_for(lambda: maildir(bot))  # type: ignore[misc]
    with bot.db.session() as s:
        case = s.exec(select(Case)).one()
    assert case.status == CaseStatus.AWAITING_VERIFICATION
    assert ack["To"] == "matti@example.fi" and ack["In-Reply-To"] == "<e2e-1@example.fi>"
    assert ack["Subject"] == f"Re: Tietopyyntö [{case.reference}]"
    assert ack["Auto-Submitted"] == "auto-replied"
    body = text(ack)
    assert "7 April 2026" in body  # the due date
    token = re.search(r"/v/(\S+)", body).group(1)  # type: ignore[union-attr]
    html = ack.get_body(preferencelist=("html",)).get_content()  # type: ignore[union-attr]
    assert f"/v/{token}" in html

    url = f"http://127.0.0.1:{bot.ports['web']}/v/{token}"
    async with httpx.AsyncClient() as http:
        page = await http.get(url, headers={"Accept-Language": "en"})
        assert page.status_code == 200 and "<form" in page.text and 'method="post"' in page.text
        with bot.db.session() as s:  # a GET (a link scanner) verifies nothing
            assert s.get(Case, case.id).status == CaseStatus.AWAITING_VERIFICATION  # type: ignore[union-attr]
        done = await http.post(url, headers={"Accept-Language": "en"})
        assert done.status_code == 200 and case.reference in done.text
        again = await http.post(url)
        assert again.status_code == 409
        forged = await http.get(url[:-3] + "abc")
        assert forged.status_code == 404
    with bot.db.session() as s:
        verified = s.get(Case, case.id)
        # Verified, and then the access handler delivered the export at once.
        assert verified.status == CaseStatus.COMPLETED and verified.verified_at == NOW  # type: ignore[union-attr]
    # The acknowledgement, the confirmation, and the access export's download link.
    msgs = await wait_for(lambda: len(maildir(bot)) >= 3 and maildir(bot))
    later = msgs[1:]  # type: ignore[index]
    assert any("confirmed" in text(m) for m in later) and any("/x/" in text(m) for m in later)
    assert {m["To"] for m in later} == {"matti@example.fi"}


async def test_unknown_address_gets_the_neutral_reply(bot: Runtime) -> None:
    await send(bot, raw_mail(frm="someone@example.com", subject="My data", body=ACCESS))
    [reply] = await wait_for(lambda: maildir(bot))  # type: ignore[misc]
    assert reply["To"] == "someone@example.com"
    body = text(reply)
    assert "/v/" not in body and "another email address" in body


async def test_forged_from_with_reply_to_gets_nothing_at_the_reply_to(bot: Runtime) -> None:
    await send(bot, raw_mail(frm="matti@example.fi", subject="My data", body=ACCESS,
                             headers={"Reply-To": "thief@evil.example"}), mail_from="thief@evil.example")
    [reply] = await wait_for(lambda: maildir(bot))  # type: ignore[misc]
    assert reply["To"] == "matti@example.fi"
    assert all("evil.example" not in str(m["To"]) + str(m["Cc"]) for m in maildir(bot))


async def test_out_of_office_reply_to_our_acknowledgement_gets_no_answer(bot: Runtime) -> None:
    await send(bot, raw_mail(frm="matti@example.fi", subject="My data", body=ACCESS))
    [ack] = await wait_for(lambda: maildir(bot))  # type: ignore[misc]
    ooo = raw_mail(frm="matti@example.fi", subject=f"Automaattinen vastaus: {ack['Subject']}",
                   body="Olen lomalla 16.3. asti. I am out of the office.",
                   headers={"In-Reply-To": ack["Message-ID"], "Auto-Submitted": "auto-replied"})
    await send(bot, ooo)
    await wait_for(lambda: processed(bot, 2))
    for _ in range(10):  # give the outbox every chance to (wrongly) send something
        bot.wake("outbox")
        await asyncio.sleep(0.02)
    assert len(maildir(bot)) == 1
    with bot.db.session() as s:
        assert s.exec(select(InboundMessage).order_by(InboundMessage.id.desc())).first().outcome == "automated"  # type: ignore[union-attr]


async def test_fifty_messages_in_a_minute_get_at_most_the_configured_replies(bot: Runtime) -> None:
    bot.settings.replies.reply_to_non_requests = True  # every message would be answered
    limit = bot.settings.replies.max_auto_replies_per_day
    kinds = ["Please delete my data.", "Send me a copy of my data.", "Unsubscribe me please.",
             "Correct my phone number, it is wrong.", "Thanks for the meeting!"]

    def _send_all() -> None:
        with smtplib.SMTP("127.0.0.1", bot.ports["smtp"]) as c:
            for i in range(50):
                c.sendmail("loop@example.org", ["info@xcure.fi"],
                           raw_mail(frm="loop@example.org", subject=f"Message {i}", body=kinds[i % 5]))

    await asyncio.to_thread(_send_all)
    await wait_for(lambda: processed(bot, 50), timeout=60)
    await wait_for(lambda: len(maildir(bot)) >= limit)
    for _ in range(10):
        bot.wake("outbox")
        await asyncio.sleep(0.02)
    replies = maildir(bot)
    assert len(replies) == limit  # each of the 50 would have had a reply without the limit
    assert all(m["To"] == "loop@example.org" for m in replies)


async def test_sub_addresses_and_one_domain_do_not_multiply_automatic_replies(bot: Runtime) -> None:
    """Issue 12 (backscatter): forged senders victim+1@, Victim+2@ … each got the daily five
    replies; they are one mailbox. Many addresses of one domain stop at the domain's cap."""
    bot.settings.replies.reply_to_non_requests = True  # every message would be answered
    limit = bot.settings.replies.max_auto_replies_per_day
    bot.settings.replies.max_auto_replies_per_domain_per_day = limit + 3
    senders = [f"Victim+{i}@Example.org" if i % 2 else f"victim+{i}@example.org" for i in range(12)]
    senders += [f"other{i}@example.org" for i in range(6)]

    def _send_all() -> None:
        with smtplib.SMTP("127.0.0.1", bot.ports["smtp"]) as c:
            for i, frm in enumerate(senders):
                c.sendmail(frm, ["info@xcure.fi"], raw_mail(frm=frm, subject=f"Hello {i}", body=f"Thanks {i}!"))

    await asyncio.to_thread(_send_all)
    await wait_for(lambda: processed(bot, len(senders)), timeout=60)
    await wait_for(lambda: len(maildir(bot)) >= limit + 3)
    for _ in range(10):
        bot.wake("outbox")
        await asyncio.sleep(0.02)
    to = [str(m["To"]).lower() for m in maildir(bot)]
    assert sum(1 for t in to if t.startswith("victim")) == limit
    assert len(to) == limit + 3  # the domain's cap: three of the six others


async def test_a_forged_sender_gets_no_automatic_reply_and_staff_see_why(bot: Runtime) -> None:
    """Issue 12 (backscatter): our receiving server's topmost Authentication-Results says DMARC
    failed (a `dmarc=pass` further down, or inside the envelope sender, is the forger's own).
    Neither the request nor the chat gets an automatic reply; staff see `dmarc_fail` on the
    case and on the message."""
    from tests.web.client import staff_client
    from tests.web.factories import PASSWORD, make_staff

    bot.settings.identity.trusted_authserv_ids = ["mx.xcure.fi"]
    bot.settings.replies.reply_to_non_requests = True
    ours = (b'Authentication-Results: mx.xcure.fi; spf=none smtp.mailfrom="dmarc=pass"@evil.test; '
            b"dkim=none; dmarc=fail (p=none) header.from=example.fi\r\n")
    forged = {"Authentication-Results": "mx.xcure.fi; dkim=pass; dmarc=pass header.from=example.fi"}
    await send(bot, ours + raw_mail(frm="matti@example.fi", subject="Tietopyyntö", body=ACCESS,
                                    headers=forged), mail_from="x@evil.test")
    await send(bot, ours + raw_mail(frm="matti@example.fi", subject="Lunch", body="Thanks for lunch!",
                                    headers=forged), mail_from="x@evil.test")
    await wait_for(lambda: processed(bot, 2))
    for _ in range(10):
        bot.wake("outbox")
        await asyncio.sleep(0.02)
    assert maildir(bot) == []
    with bot.db.session() as s:
        case = s.exec(select(Case)).one()
        chat = s.exec(select(InboundMessage).where(InboundMessage.subject == "Lunch")).one()
    assert "dmarc_fail" in case.flags and case.needs_review and case.challenge_id is None

    def staff_pages() -> tuple[str, str, str]:
        from bot.runtime.clock import SystemClock

        bot.clock = SystemClock()  # the login form's token carries the real signing time
        make_staff(bot)
        c, _csrf = staff_client(f"http://127.0.0.1:{bot.ports['web']}", "liisa", PASSWORD)
        return (c.get(f"/staff/cases/{case.reference}").text, c.get("/staff/messages").text,
                c.get(f"/staff/messages/{chat.id}").text)

    case_page, messages, message = await asyncio.to_thread(staff_pages)
    # staff read it in words ("DMARC failed: the sender may be forged"), not as the flag's code
    assert "DMARC failed" in case_page and "DMARC failed" in messages and "DMARC failed" in message
