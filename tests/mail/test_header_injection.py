"""Issue 12's attack messages, sent to the real bot (SMTP intake, worker, outbox, web) whose
outbox delivers to a real relay: nobody can write a header of ours.

D1: a Message-ID without <...> whose encoded word decodes to CR LF + Bcc/Content-Type/body.
D2: a Subject whose decoded text is itself an encoded word of CR LF + Bcc.
Both through the acknowledgement, the final reply (after the link is clicked) and a staff reply
with the subject the reply form pre-fills. D4: UTF-8 and IDN addresses get a To header that is
their delivery address. And: a quoted local part with a space gets its case; a UTF-8
Message-ID stays itself in In-Reply-To.
"""

from __future__ import annotations

import asyncio
import base64
import re
import smtplib
from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx
import pytest
from bs4 import BeautifulSoup
from sqlmodel import select

from bot.app import run
from bot.runtime import Runtime
from models import Case, RequestKind
from tests.cases.factories import raw_mail, wait_for
from tests.conftest import free_port
from tests.fixtures.relay import Delivered, Relay
from tests.handlers.conftest import ME
from tests.register.factories import make_person
from tests.web.client import form_csrf, staff_client
from tests.web.factories import PASSWORD, make_staff

ACCESS = "Hello,\nunder GDPR Article 15 I want a copy of my personal data you hold.\nRegards, Matti"
INJECTED = ("\r\nBcc: x@third.test\r\nContent-Type: text/plain\r\n\r\n"
            "Your export is ready, log in at https://xcure-login.evil.test/")
D1_MESSAGE_ID = "x123 =?utf-8?b?" + base64.b64encode(INJECTED.encode()).decode() + "?="
D2_INNER = "=?utf-8?q?=0D=0ABcc:_x@third.test?="
D2_SUBJECT = "=?utf-8?b?" + base64.b64encode(f"Tietopyyntö {D2_INNER}".encode()).decode() + "?="
PAELVI, IDN = "pälvi.ääkkönen@example.fi", "matti@exämple.fi"


@pytest.fixture(autouse=True)
def _no_pdf(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("bot.register.exporter.find_browser", lambda _configured: None)


@pytest.fixture
def relay() -> Iterator[Relay]:
    r = Relay(free_port()).start()
    yield r
    r.stop()


@pytest.fixture
async def bot(rt: Runtime, relay: Relay) -> AsyncIterator[Runtime]:
    rt.settings.scheduler.enabled = False
    rt.settings.outbound.relay = f"127.0.0.1:{relay.port}"
    with rt.db.session() as s:
        for address in (ME, PAELVI, IDN, "matti@example.fi"):
            make_person(s, address, history=False)
    stop = asyncio.Event()
    task = asyncio.create_task(run(rt, stop))
    await wait_for(lambda: "smtp" in rt.ports and "web" in rt.ports)
    yield rt
    stop.set()
    assert await task == 0


async def send(rt: Runtime, raw: bytes) -> None:
    def _send() -> None:
        with smtplib.SMTP("127.0.0.1", rt.ports["smtp"]) as c:
            c.sendmail("sender@example.fi", ["info@xcure.fi"], raw)

    await asyncio.to_thread(_send)


async def delivered(relay: Relay, has: str, n: int = 1) -> Delivered:
    """The n-th message the relay received whose text contains `has`."""
    got = await wait_for(lambda: [d for d in relay.got
                                  if has in d.text or has.encode() in d.raw][n - 1:])
    return got[0]  # type: ignore[index, no-any-return]


def assert_only_our_headers(d: Delivered, to: str) -> None:
    """One message to one address: no header the sender wrote, no header twice, no value with a
    line break, the To header the envelope recipient, none of the injected text anywhere."""
    names = [n.lower() for n in d.header_names()]
    assert "bcc" not in names and "cc" not in names, names
    assert len(names) == len(set(names)), names
    assert all(not re.search(r"[\r\n\x00]", str(v)) for v in d.message.values())
    assert d.rcpt_tos == [to] and d.message["To"].addresses[0].addr_spec == to
    head = d.raw.partition(b"\r\n\r\n")[0]
    assert b"third.test" not in head and b"evil.test" not in d.raw


def case_of(rt: Runtime) -> Case:
    with rt.db.session() as s:
        return s.exec(select(Case).order_by(Case.id)).all()[-1]  # type: ignore[arg-type]


def staff_reply(rt: Runtime, reference: str, text: str) -> str:
    """A staff member answers on the case page, keeping the subject the form pre-fills."""
    make_staff(rt)
    c, _ = staff_client(f"http://127.0.0.1:{rt.ports['web']}", "liisa", PASSWORD)
    page = c.get(f"/staff/cases/{reference}").text
    subject = BeautifulSoup(page, "html.parser").find("input", attrs={"name": "subject"})["value"]  # type: ignore[index]
    r = c.post(f"/staff/cases/{reference}/reply",
               data={"csrf": form_csrf(page), "subject": subject, "text": text})
    assert r.status_code == 303, r.text[:300]
    return str(subject)


async def attack(bot: Runtime, relay: Relay) -> tuple[Delivered, Case]:
    """The D1 Message-ID and the D2 Subject in one access request From a registered person's
    address (the victim: the one our replies go to); returns the acknowledgement and the case."""
    await send(bot, raw_mail(frm=f"Matti <{ME}>", subject=D2_SUBJECT, body=ACCESS,
                             message_id=D1_MESSAGE_ID))
    return await delivered(relay, "/v/"), case_of(bot)


async def test_d1_d2_acknowledgement_carries_only_our_headers(bot: Runtime, relay: Relay) -> None:
    ack, case = await attack(bot, relay)
    assert_only_our_headers(ack, ME)
    assert ack.message["In-Reply-To"] is None and ack.message["References"] is None
    # Decoded once by the parser, then written as text: the reader sees the encoded word literally.
    assert ack.message["Subject"] == f"Re: Tietopyyntö {D2_INNER} [{case.reference}]"
    assert case.kind == RequestKind.ACCESS and case.thread_message_id == ""  # never a thread id


async def test_d1_d2_final_reply_carries_only_our_headers(
        bot: Runtime, relay: Relay, monkeypatch: pytest.MonkeyPatch) -> None:
    # The link as the challenge made it (an injected body would hide the one in the mail).
    import bot.pipeline.acknowledge as router

    tokens: list[str] = []
    start = router.start_challenge

    def spy(*args: Any, **kwargs: Any) -> tuple[str, str]:
        token, code = start(*args, **kwargs)
        tokens.append(token)
        return token, code

    monkeypatch.setattr(router, "start_challenge", spy)
    await attack(bot, relay)
    async with httpx.AsyncClient() as http:
        r = await http.post(f"http://127.0.0.1:{bot.ports['web']}/v/{tokens[0]}")
    assert r.status_code == 200
    final = await delivered(relay, "/x/")
    assert_only_our_headers(final, ME)
    assert final.message["In-Reply-To"] is None


async def test_d1_d2_staff_reply_with_the_prefilled_subject_carries_only_our_headers(
        bot: Runtime, relay: Relay) -> None:
    _ack, case = await attack(bot, relay)
    subject = await asyncio.to_thread(staff_reply, bot, case.reference, "Hei Matti, tässä vastaus.")
    assert D2_INNER in subject  # the form shows the requester's subject as the parser read it
    answer = await delivered(relay, "tässä vastaus")
    assert_only_our_headers(answer, ME)
    assert answer.message["Subject"] == subject and answer.message["In-Reply-To"] is None


async def test_d2_nested_encoded_subject_from_a_stranger_gets_a_neutral_reply_with_one_subject(
        bot: Runtime, relay: Relay) -> None:
    await send(bot, raw_mail(frm="Someone <victim@third-party.example>", subject=D2_SUBJECT,
                             body=ACCESS, message_id="<d2-1@third-party.example>"))
    [reply] = await wait_for(lambda: relay.got)  # type: ignore[misc]
    assert_only_our_headers(reply, "victim@third-party.example")
    assert reply.message["Subject"].startswith(f"Re: Tietopyyntö {D2_INNER} [")
    assert reply.message["In-Reply-To"] == "<d2-1@third-party.example>"


async def test_d4_utf8_local_part_is_written_as_itself_and_sent_with_smtputf8(
        bot: Runtime, relay: Relay) -> None:
    await send(bot, raw_mail(frm=f"Pälvi Ääkkönen <{PAELVI}>", subject="Tietopyyntö", body=ACCESS))
    ack = await delivered(relay, "/v/")
    assert_only_our_headers(ack, PAELVI)
    assert f"\r\nTo: {PAELVI}\r\n".encode() in ack.raw  # RFC 6532: no encoded word in an address
    assert "SMTPUTF8" in ack.mail_options


async def test_d4_idn_domain_goes_out_in_a_labels_in_header_and_envelope(
        bot: Runtime, relay: Relay) -> None:
    await send(bot, raw_mail(frm=f"Matti <{IDN}>", subject="Tietopyyntö", body=ACCESS))
    ack = await delivered(relay, "/v/")
    assert_only_our_headers(ack, "matti@xn--exmple-cua.fi")
    assert "SMTPUTF8" not in ack.mail_options  # an ASCII message: any relay takes it


async def test_d4_nfkc_matched_address_gets_the_to_header_it_is_delivered_to(
        bot: Runtime, relay: Relay) -> None:
    fullwidth = "".join(chr(ord(c) + 0xFEE0) for c in "matti")  # NFKC folds it to "matti"
    await send(bot, raw_mail(frm=f"Matti <{fullwidth}@example.fi>", subject="Tietopyyntö", body=ACCESS))
    ack = await delivered(relay, "/v/")  # found on file by NFKC: the challenge goes there
    assert_only_our_headers(ack, "matti@example.fi")


async def test_quoted_local_part_with_a_space_gets_its_unsubscribe_case_and_reply(
        bot: Runtime, relay: Relay) -> None:
    await send(bot, raw_mail(frm='"a b"@x.fi', subject="Unsubscribe",
                             body="Please unsubscribe me from all marketing emails."))
    [reply] = await wait_for(lambda: relay.got)  # type: ignore[misc]
    case = case_of(bot)
    assert case.kind == RequestKind.UNSUBSCRIBE and case.requester_email == '"a b"@x.fi'
    assert_only_our_headers(reply, '"a b"@x.fi')


async def test_utf8_message_id_keeps_its_characters_in_in_reply_to(bot: Runtime, relay: Relay) -> None:
    mid = "<päivä.42@exämple.fi>"
    await send(bot, raw_mail(frm=f"Matti <{ME}>", subject="Tietopyyntö", body=ACCESS, message_id=mid))
    ack = await delivered(relay, "/v/")
    assert_only_our_headers(ack, ME)
    assert ack.message["In-Reply-To"] == mid and mid in ack.message["References"]
    assert "SMTPUTF8" in ack.mail_options  # a UTF-8 header needs an SMTPUTF8 relay (RFC 6532)
    assert case_of(bot).thread_message_id == mid
