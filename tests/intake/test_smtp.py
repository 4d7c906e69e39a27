"""SMTP intake with a real smtplib client against the bot's running aiosmtpd server.

What a sending MTA sees: our recipients accepted, anyone else's refused (never a relay), oversized
mail refused with 552 5.3.4, a store failure answered 451 so the sender retries, duplicates
stored once, 8-bit bodies and UTF-8 addresses kept byte for byte.
"""

from __future__ import annotations

import asyncio
import smtplib
import ssl
import subprocess
from pathlib import Path

import pytest
from sqlalchemy import text

from bot.runtime import Runtime
from bot.runtime.config import Settings
from models import MessageSource, MessageState
from tests.intake.conftest import SIZE_LIMIT, UTF8_MAILBOX, stored, wait_for


def message(subject: str = "Tietopyyntö", body: str = "Haluan nähdä tietoni.", *,
            msgid: str = "<req-1@example.fi>", sender: str = "matti@example.fi") -> bytes:
    return (
        f"From: Matti Meikäläinen <{sender}>\r\nTo: info@xcure.fi\r\nSubject: {subject}\r\n"
        f"Message-ID: {msgid}\r\nMIME-Version: 1.0\r\n"
        f"Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n{body}\r\n"
    ).encode()


def client(rt: Runtime) -> smtplib.SMTP:
    c = smtplib.SMTP("127.0.0.1", rt.ports["smtp"], timeout=10)
    c.ehlo("client.example.fi")
    return c


async def test_message_for_our_mailbox_is_committed_then_acknowledged(smtp_bot: Runtime) -> None:
    rt = smtp_bot

    def send() -> tuple[int, bytes]:
        with client(rt) as c:
            assert c.has_extn("8bitmime") and c.has_extn("smtputf8") and c.has_extn("size")
            assert int(c.esmtp_features["size"]) == SIZE_LIMIT
            c.mail("matti@example.fi")
            assert c.rcpt("INFO@Xcure.FI")[0] == 250  # recipients are case-insensitive
            return c.data(message())

    code, reply = await asyncio.to_thread(send)
    assert (code, reply) == (250, b"2.0.0 OK: queued")
    [m] = stored(rt)  # committed before the 250: visible the moment the client has its answer
    assert m.raw == message() and m.source == MessageSource.SMTP
    assert m.envelope_from == "matti@example.fi" and m.envelope_to == ["INFO@Xcure.FI"]
    assert m.peer == "127.0.0.1" and m.message_id == "<req-1@example.fi>"
    await wait_for(lambda: stored(rt)[0].state == MessageState.PROCESSED)


async def test_other_recipients_are_refused_we_are_no_relay(smtp_bot: Runtime) -> None:
    rt = smtp_bot

    def send() -> None:
        with client(rt) as c:
            c.mail("spammer@example.com")
            code, reply = c.rcpt("victim@example.org")
            assert (code, reply[:5]) == (550, b"5.7.1")
            assert c.rcpt("info@xcure.fi.example.org")[0] == 550  # suffix tricks too
            assert c.rcpt("info@xcure.fi")[0] == 250
            assert c.data(message())[0] == 250
        with client(rt) as c, pytest.raises(smtplib.SMTPRecipientsRefused):
            c.sendmail("spammer@example.com", ["victim@example.org"], message(msgid="<2@x>"))

    await asyncio.to_thread(send)
    [m] = stored(rt)
    assert m.envelope_to == ["info@xcure.fi"]  # the refused recipient is not recorded


async def test_oversized_mail_is_refused_with_552(smtp_bot: Runtime) -> None:
    rt = smtp_bot
    big = message(body="x" * 1000 + "\r\n" + ("y" * 998 + "\r\n") * (SIZE_LIMIT // 1000 + 5))

    def send() -> None:
        with client(rt) as c:  # declared size (RFC 1870): refused at MAIL FROM
            code, reply = c.mail("matti@example.fi", [f"SIZE={SIZE_LIMIT + 1}"])
            assert (code, reply[:5]) == (552, b"5.3.4")
        with client(rt) as c:  # undeclared: refused after DATA, and the session goes on
            c.mail("matti@example.fi")
            c.rcpt("info@xcure.fi")
            code, reply = c.data(big)
            assert (code, reply[:5]) == (552, b"5.3.4")
            c.mail("matti@example.fi")
            c.rcpt("info@xcure.fi")
            assert c.data(message())[0] == 250
        with client(rt) as c:  # smtplib declares SIZE itself: sendmail raises
            with pytest.raises(smtplib.SMTPSenderRefused) as e:
                c.sendmail("matti@example.fi", ["info@xcure.fi"], big)
            assert e.value.smtp_code == 552

    await asyncio.to_thread(send)
    assert [m.raw for m in stored(rt)] == [message()]


async def test_same_message_delivered_twice_is_stored_once(smtp_bot: Runtime) -> None:
    rt = smtp_bot

    def send() -> None:
        for _ in range(2):  # e.g. the sender's MTA lost our first 250 and retried
            with client(rt) as c:
                assert c.sendmail("matti@example.fi", ["info@xcure.fi"], message()) == {}
        with client(rt) as c:  # same Message-ID, other content: a different message
            c.sendmail("matti@example.fi", ["info@xcure.fi"], message(body="Poistakaa tietoni."))

    await asyncio.to_thread(send)
    rows = stored(rt)
    assert len(rows) == 2
    assert {m.message_id for m in rows} == {"<req-1@example.fi>"}
    await wait_for(lambda: all(m.state == MessageState.PROCESSED for m in stored(rt)))


async def test_8bit_body_and_utf8_addresses_are_kept_exactly(smtp_bot: Runtime) -> None:
    rt = smtp_bot
    sender = "matti.meikäläinen@esimerkki.fi"
    raw = message(subject="Tietojen poisto: äöå", body="Poistakaa tietoni. Ääkköset: äöå ÄÖÅ €",
                  sender=sender)
    latin1 = (b"From: lasse@example.se\r\nTo: info@xcure.fi\r\nSubject: Radera\r\n"
              b"Content-Type: text/plain; charset=iso-8859-1\r\n\r\nRadera mina uppgifter, tack. \xe5\xe4\xf6\r\n")

    def send() -> None:
        with client(rt) as c:
            assert c.sendmail(sender, [UTF8_MAILBOX.upper()], raw,
                              mail_options=["SMTPUTF8", "BODY=8BITMIME"]) == {}
        with client(rt) as c:
            assert c.sendmail("lasse@example.se", ["info@xcure.fi"], latin1,
                              mail_options=["BODY=8BITMIME"]) == {}

    await asyncio.to_thread(send)
    first, second = stored(rt)
    assert first.raw == raw and second.raw == latin1
    assert first.envelope_from == sender and first.envelope_to == [UTF8_MAILBOX.upper()]
    await wait_for(lambda: all(m.state == MessageState.PROCESSED for m in stored(rt)))
    first, second = stored(rt)
    assert first.subject == "Tietojen poisto: äöå" and first.from_addr == sender
    assert "Radera mina uppgifter, tack. åäö" in second.parsed["text"]


async def test_store_failure_answers_451_and_the_retry_is_stored(smtp_bot: Runtime) -> None:
    rt = smtp_bot
    # A real failure of the database: the table is gone while the server runs.
    with rt.db.engine.begin() as conn:
        conn.execute(text("ALTER TABLE inbound_message RENAME TO inbound_message_away"))

    def send() -> tuple[int, bytes]:
        with client(rt) as c:
            c.mail("matti@example.fi")
            c.rcpt("info@xcure.fi")
            return c.data(message())

    code, reply = await asyncio.to_thread(send)
    assert (code, reply[:5]) == (451, b"4.3.0")
    with rt.db.engine.begin() as conn:
        conn.execute(text("ALTER TABLE inbound_message_away RENAME TO inbound_message"))
    code, _ = await asyncio.to_thread(send)  # the sender's MTA retries
    assert code == 250
    assert [m.raw for m in stored(rt)] == [message()]


def _self_signed(tmp: Path) -> tuple[Path, Path]:
    cert, key = tmp / "cert.pem", tmp / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-subj", "/CN=localhost", "-keyout", str(key), "-out", str(cert)],
                   check=True, capture_output=True)
    return cert, key


@pytest.fixture
def settings(settings: Settings, tmp_path: Path, request: pytest.FixtureRequest) -> Settings:
    if "starttls" in request.node.name:  # only these tests pay for a key pair
        cert, key = _self_signed(tmp_path)
        settings.smtp.tls_cert, settings.smtp.tls_key = str(cert), str(key)
        settings.smtp.require_starttls = True
    return settings


async def test_starttls_is_offered_with_a_certificate_and_required_when_configured(
        smtp_bot: Runtime) -> None:
    rt = smtp_bot
    ctx = ssl.create_default_context(cafile=rt.settings.smtp.tls_cert)
    ctx.check_hostname = False  # the certificate names localhost; we connect to 127.0.0.1

    def send() -> None:
        with client(rt) as c:
            assert c.has_extn("starttls")
            assert c.mail("matti@example.fi")[0] == 530  # require_starttls: nothing before TLS
            c.starttls(context=ctx)
            c.ehlo("client.example.fi")
            assert not c.has_extn("starttls")
            assert c.sendmail("matti@example.fi", ["info@xcure.fi"], message()) == {}

    await asyncio.to_thread(send)
    assert [m.raw for m in stored(rt)] == [message()]


async def test_open_sessions_are_counted_once_across_starttls(rt: Runtime) -> None:
    """The group committer waits for company only while other sessions are open; the count it
    relies on must follow connects, STARTTLS (a second connection_made) and disconnects."""
    from bot.intake.smtp import IntakeHandler, make_server_factory

    handler = IntakeHandler(rt)
    server = await asyncio.get_running_loop().create_server(
        make_server_factory(rt, handler), host="127.0.0.1", port=0)
    port = server.sockets[0].getsockname()[1]
    ctx = ssl.create_default_context(cafile=rt.settings.smtp.tls_cert)
    ctx.check_hostname = False
    try:
        clients = [await asyncio.to_thread(smtplib.SMTP, "127.0.0.1", port, timeout=10) for _ in range(3)]
        await wait_for(lambda: handler.committer.sessions == 3)
        await asyncio.to_thread(lambda: (clients[0].ehlo("c.example.fi"), clients[0].starttls(context=ctx),
                                         clients[0].ehlo("c.example.fi")))
        await asyncio.to_thread(clients[0].sendmail, "matti@example.fi", ["info@xcure.fi"], message())
        assert handler.committer.sessions == 3
        for c in clients[:2]:
            await asyncio.to_thread(c.quit)
        await wait_for(lambda: handler.committer.sessions == 1)
        clients[2].close()  # a dropped connection, no QUIT
        await wait_for(lambda: handler.committer.sessions == 0)
    finally:
        server.close()
        await server.wait_closed()
        await asyncio.to_thread(handler.committer.close)
    assert [m.raw for m in stored(rt)] == [message()]
