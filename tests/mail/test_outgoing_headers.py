"""Outgoing headers by construction (`bot.mail.compose`, `bot.mail.headers`): what we accept as a
msg-id and an address, a Hypothesis property over hostile incoming headers, and the hold — a
message whose headers fail the check is never sent and staff see why."""

from __future__ import annotations

import base64
import email
import email.policy
from datetime import UTC, datetime
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import select

from bot.cases.service import open_case
from bot.mail.compose import Outgoing, check, check_before_sending, compose
from bot.mail.headers import HeaderError, header_text, mailbox, msg_id
from bot.mail.parse import parse_message
from bot.replies.outbox import enqueue, send_due
from bot.replies.send import subject_for
from bot.runtime import Runtime
from models import Case, CaseEvent, OutboundMessage, OutboundState, RequestKind
from tests.conftest import free_port

WHEN = datetime(2026, 3, 5, 8, 0, tzinfo=UTC)
OURS = "<1741161600.1.2@xcure.fi>"


def outgoing(**kw: object) -> Outgoing:
    base: dict[str, object] = dict(from_addr="info@xcure.fi", from_name="Xcure Oy", to="matti@example.fi",
                                   subject="Re: Tietopyyntö [PR-2026-00001]", date=WHEN,
                                   message_id=OURS, text="Hei,\nsaimme pyyntösi.", html="<p>Hei</p>")
    return Outgoing(**{**base, **kw})  # type: ignore[arg-type]


# --- what we write and what we refuse ------------------------------------------------------------

@pytest.mark.parametrize("value, expected", [
    ("<abc.123@example.fi>", "<abc.123@example.fi>"),
    ("  <CA+x=y_z-1@mail.gmail.com>  ", "<CA+x=y_z-1@mail.gmail.com>"),
    ("<a..b@host>", "<a..b@host>"),  # obs-id-left: real mailers write it
    ("<päivä.42@exämple.fi>", "<päivä.42@exämple.fi>"),  # RFC 6532
    ("<x@[192.0.2.1]>", "<x@[192.0.2.1]>"),
    ("x123 =?utf-8?b?DQpCY2M6IHhAdGhpcmQudGVzdA==?=", ""),  # D1: not a msg-id at all
    ("<=?utf-8?b?DQo=?=@x.fi>", ""),  # an encoded word, even in msg-id syntax
    ("<a b@x.fi>", ""), ("<a@b@c>", ""), ("<@x.fi>", ""), ("<a@>", ""), ("a@x.fi", ""),
    ("<a\r\nBcc: x@y@x.fi>", ""), ("<a\x00@x.fi>", ""), ("<a\u2028@x.fi>", ""), ("<a\u202e@x.fi>", ""),
    ('<"a"@x.fi>', ""), ("<" + "a" * 300 + "@x.fi>", ""),
])
def test_only_msg_ids_in_angle_brackets_are_written(value: str, expected: str) -> None:
    assert msg_id(value) == expected


@pytest.mark.parametrize("address, written", [
    ("matti@example.fi", "matti@example.fi"),
    ("pälvi.ääkkönen@example.fi", "pälvi.ääkkönen@example.fi"),  # SMTPUTF8
    ("matti@exämple.fi", "matti@xn--exmple-cua.fi"),  # IDNA
    ("matti@EXAMPLE.fi", "matti@example.fi"),
    ('"a b"@x.fi', '"a b"@x.fi'),
    ('"a\\"b"@x.fi', '"a\\"b"@x.fi'),
])
def test_addresses_are_written_as_addr_specs_with_ascii_domains(address: str, written: str) -> None:
    box = mailbox(address)
    assert box.address == written and box.utf8 == (not written.split("@")[0].isascii())


@pytest.mark.parametrize("address", [
    "=?utf-8?b?cMOkbHZp?=@example.fi", "a b@x.fi", "a@b@c", "@x.fi", "x@", "x@-a.fi", "x@[1.2.3.4]",
    "x\r\nBcc: y@z.fi@x.fi", "a\x00@x.fi", '"a\rb"@x.fi', "x@a_b.fi", "a" * 65 + "@x.fi", "x@" + "a." * 130 + "fi",
])
def test_addresses_we_cannot_write_are_refused(address: str) -> None:
    with pytest.raises(HeaderError):
        mailbox(address)


def test_subject_text_loses_controls_after_decoding_and_is_encoded_by_us() -> None:
    c = compose(outgoing(subject="Re: a\r\nBcc: x@third.test\x00\x1b[2J\u2028b =?utf-8?q?=0D=0A?="))
    head = c.raw.partition(b"\r\n\r\n")[0]
    assert b"Bcc" not in head and b"=?utf-8?q?" not in head  # the literal text went into B words
    msg = email.message_from_bytes(c.raw, policy=email.policy.default)
    assert msg["Subject"] == "Re: a Bcc: x@third.test [2J b =?utf-8?q?=0D=0A?="
    assert [n for n, _ in c.fields][:5] == ["From", "To", "Subject", "Date", "Message-ID"]


def test_the_check_refuses_bytes_that_are_not_the_lines_written() -> None:
    c = compose(outgoing())
    head, _, body = c.raw.partition(b"\r\n\r\n")
    for tampered in (head + b"\r\nBcc: x@third.test", head.replace(b"Subject: ", b"Subject: Re\nX: "),
                     head.replace(b"To: matti", b"To: mattii"), head + b"\r\nSubject: two"):
        with pytest.raises(HeaderError):
            check(tampered + b"\r\n\r\n" + body, c.fields)
    check(c.raw, c.fields)


def test_the_check_before_sending_refuses_what_we_never_write() -> None:
    c = compose(outgoing())
    check_before_sending(c.raw, c.recipient)
    injected = c.raw.replace(b"\r\nDate:", b"\r\nBcc: x@third.test\r\nDate:", 1)
    with pytest.raises(HeaderError, match="Bcc"):
        check_before_sending(injected, c.recipient)
    with pytest.raises(HeaderError, match="envelope"):
        check_before_sending(c.raw, mailbox("other@example.fi"))


# --- the property -------------------------------------------------------------------------------

PIECES = ["\r", "\n", "\r\n", "\x00", "\x0b", "\x1b[31m", "\x85", "\u2028", "\u202e", "\t", " ", "=?", "?=",
          "<", ">", "@", '"', "\\", ":", ";", ",", "(", ")", "Bcc: x@third.test", "\r\nBcc: x@third.test",
          "\r\nContent-Type: text/plain\r\n\r\nYour export is ready", "=?utf-8?q?=0D=0ABcc:_x@third.test?=",
          "=?utf-8?b?DQpCY2M6IHhAdGhpcmQudGVzdA==?=", "=?iso-8859-1?q?=E4?=", "ä", "Ääkkönen", "😀", "x" * 90,
          "Re: ", "[PR-2026-00001]"]


def _encode(text: str, how: str) -> str:
    data = text.encode("utf-8")
    if how == "b":
        return f"=?utf-8?b?{base64.b64encode(data).decode()}?="
    q = "".join(chr(b) if chr(b).isalnum() and b < 128 else "_" if b == 32 else f"={b:02X}" for b in data)
    return f"=?utf-8?q?{q}?="


hostile_text = st.recursive(
    st.lists(st.sampled_from(PIECES) | st.text(max_size=8), max_size=6).map("".join),
    lambda inner: st.builds(_encode, inner, st.sampled_from(["b", "q"]))  # nested encodings
    | st.lists(inner, min_size=1, max_size=3).map(" ".join),
    max_leaves=6)
addresses = st.sampled_from(["matti@example.fi", "pälvi.ääkkönen@example.fi", "matti@exämple.fi",
                             '"a b"@x.fi', "=?utf-8?b?cMOkbHZp?=@example.fi", "a@b@c", "x@[1.2.3.4]"])
msg_ids = st.one_of(st.sampled_from(["<a.1@example.fi>", "<päivä.42@exämple.fi>", "<x@[192.0.2.1]>"]),
                    hostile_text, hostile_text.map(lambda t: f"<{t}@x.fi>"))


def _incoming(subject: str, name: str, address: str, message_id: str, references: str) -> bytes:
    lines = [f"From: {name} <{address}>", "To: info@xcure.fi", f"Subject: {subject}",
             f"Message-ID: {message_id}", f"References: {references}", "Content-Type: text/plain; charset=utf-8"]
    return ("\r\n".join(lines) + "\r\n\r\nDelete my data.\r\n").encode("utf-8", "surrogatepass")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(subject=hostile_text, name=hostile_text, address=addresses, message_id=msg_ids,
       references=st.lists(msg_ids, max_size=4).map(" ".join), our_name=hostile_text,
       staff_subject=hostile_text)
def test_every_outgoing_message_parses_back_to_exactly_the_headers_the_bot_set(
        subject: str, name: str, address: str, message_id: str, references: str, our_name: str,
        staff_subject: str) -> None:
    parsed = parse_message(_incoming(subject, name, address, message_id, references))
    to = parsed.from_addr or "matti@example.fi"
    for reply_subject in (subject_for(parsed.subject, ["PR-2026-00001"], "Tietopyyntö"), staff_subject):
        out = outgoing(to=to, from_name=our_name, subject=reply_subject, in_reply_to=parsed.message_id,
                       references=[*parsed.references, parsed.message_id],
                       extra={"Auto-Submitted": "auto-replied"})
        try:
            c = compose(out)
        except HeaderError:  # held, never sent: only when the address is not one we can write
            with pytest.raises(HeaderError):
                mailbox(to)
            continue
        head = c.raw.partition(b"\r\n\r\n")[0]
        assert all(len(line) <= 998 for line in head.split(b"\r\n"))
        assert b"\n" not in head.replace(b"\r\n", b"") and b"\r" not in head.replace(b"\r\n", b"")
        msg = email.message_from_string(c.raw.decode("utf-8"), policy=email.policy.default)
        parent = msg_id(parsed.message_id)
        refs = list(dict.fromkeys(r for r in (msg_id(x) for x in [*parsed.references, parent]) if r))
        subject = header_text(out.subject)  # an empty one is left out
        expected = ["From", "To", *(["Subject"] if subject else []), "Date", "Message-ID",
                    *(["In-Reply-To"] if parent else []),
                    *(["References"] if refs else []), "Auto-Submitted"]
        names = list(msg.keys())
        assert names[:len(expected)] == expected and set(names[len(expected):]) <= {
            "MIME-Version", "Content-Type", "Content-Transfer-Encoding"}
        assert all(not any(ch in str(v) for ch in "\r\n\x00") for v in msg.values())
        assert (msg["Subject"] or "") == subject == c.subject
        assert msg["From"].addresses[0].addr_spec == "info@xcure.fi"
        # Python's address parser keeps the space between two encoded words of one display name
        # (RFC 2047 6.2 says a reader drops it): the same characters, spaces aside.
        shown = msg["From"].addresses[0].display_name
        assert shown.replace(" ", "") == header_text(our_name).replace(" ", "")
        assert str(msg["To"]) == c.recipient.address == mailbox(to).address
        assert msg["Message-ID"] == OURS
        assert msg.get("In-Reply-To") == (parent or None)
        assert (msg.get("References") or "").split() == refs[-20:]


# --- held messages ------------------------------------------------------------------------------

def _case(rt: Runtime) -> Case:
    with rt.db.session() as s:
        return open_case(s, rt, kind=RequestKind.ACCESS, requester_email="matti@example.fi",
                         language="fi", received_at=rt.clock.now())


def _events(rt: Runtime, case_id: int | None, action: str) -> list[CaseEvent]:
    with rt.db.session() as s:
        return list(s.exec(select(CaseEvent).where(CaseEvent.case_id == case_id, CaseEvent.action == action)))


async def test_a_reply_whose_headers_cannot_be_written_is_held_and_staff_see_why(rt: Runtime) -> None:
    case = _case(rt)
    with rt.db.session() as s:
        row = enqueue(s, rt, to="x@[192.0.2.1]", subject="Re: x", text="Hei", case=s.get(Case, case.id))
        row_id = row.id
    assert await send_due(rt) == 0
    with rt.db.session() as s:
        row = s.get(OutboundMessage, row_id)
        assert row is not None and row.state == OutboundState.HELD and row.raw == b""
        assert row.last_error == "held: domain is not a host name"
        assert s.get(Case, case.id).needs_review  # type: ignore[union-attr]
    [ev] = _events(rt, case.id, "reply_held")
    assert ev.details["error"] == "held: domain is not a host name"
    assert not (Path(rt.settings.outbound.maildir) / "new").exists()


async def test_a_stored_message_with_an_injected_header_is_held_at_sending(rt: Runtime) -> None:
    """A row queued before this check existed (or altered in the database) is never sent."""
    case = _case(rt)
    with rt.db.session() as s:
        row = enqueue(s, rt, to="matti@example.fi", subject="Re: x", text="Hei", case=s.get(Case, case.id))
        row.raw = row.raw.replace(b"\r\nDate:", b"\r\nBcc: x@third.test\r\nDate:", 1)
        s.add(row)
        row_id = row.id
    assert await send_due(rt) == 1
    with rt.db.session() as s:
        row = s.get(OutboundMessage, row_id)
        assert row is not None and row.state == OutboundState.HELD and row.sent_at is None
        assert row.last_error == "held: headers we never write: Bcc"
    assert len(_events(rt, case.id, "reply_held")) == 1
    assert not (Path(rt.settings.outbound.maildir) / "new").exists()


class _Collect:
    def __init__(self) -> None:
        self.got: list[tuple[str, list[str], list[str]]] = []

    async def handle_DATA(self, server, session, envelope) -> str:  # type: ignore[no-untyped-def]
        self.got.append((envelope.mail_from, list(envelope.rcpt_tos), list(envelope.mail_options)))
        return "250 OK"


@pytest.mark.parametrize("smtputf8", [True, False])
async def test_a_utf8_address_goes_to_the_relay_with_smtputf8_or_fails_for_good(
        rt: Runtime, smtputf8: bool) -> None:
    sink, port = _Collect(), free_port()
    relay = Controller(sink, hostname="127.0.0.1", port=port, enable_SMTPUTF8=smtputf8)
    relay.start()
    try:
        rt.settings.outbound.relay = f"127.0.0.1:{port}"
        with rt.db.session() as s:
            row_id = enqueue(s, rt, to="pälvi.ääkkönen@example.fi", subject="Re: x", text="Hei").id
        await send_due(rt)
    finally:
        relay.stop()
    with rt.db.session() as s:
        row = s.get(OutboundMessage, row_id)
        assert row is not None
    if smtputf8:
        assert row.state == OutboundState.SENT
        [(sender, rcpts, options)] = sink.got
        assert sender == "info@xcure.fi" and rcpts == ["pälvi.ääkkönen@example.fi"]
        assert "SMTPUTF8" in options
    else:  # a relay without SMTPUTF8 cannot carry it: staff see that at once, no retries
        assert row.state == OutboundState.FAILED and "SMTPUTF8" in (row.last_error or "")
        assert sink.got == []
