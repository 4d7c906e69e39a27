"""The cheap parse (issue 14, point 7): compat32 keeps headers as raw strings and only the
headers we use are decoded, each once. What must not change with it: addresses, names, folded
and encoded headers, automated-mail rules; and no encoded word may ever become an address."""

from __future__ import annotations

import base64
import email.headerregistry
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.mail import automated, parse
from bot.mail.parse import parse_message


def b64_word(text: str) -> str:
    return "=?utf-8?b?" + base64.b64encode(text.encode()).decode() + "?="


def mail(headers: str, body: str = "Hei") -> bytes:
    return (headers + "\r\n" + body + "\r\n").encode()


# --- no header objects for plain mail -------------------------------------------------------

def test_plain_mail_builds_no_header_objects(monkeypatch: pytest.MonkeyPatch) -> None:
    """policy.default would parse every header anything touches (70 % of parse + classify time);
    the parse reads raw values and decodes the five it uses itself."""
    calls: list[str] = []
    real = email.headerregistry.HeaderRegistry.__call__

    def spy(self: email.headerregistry.HeaderRegistry, name: str, value: str) -> object:
        calls.append(name)
        return real(self, name, value)

    monkeypatch.setattr(email.headerregistry.HeaderRegistry, "__call__", spy)
    raw = mail("From: =?utf-8?q?Matti_Meik=C3=A4l=C3=A4inen?= <matti@example.fi>\r\n"
               "To: Xcure Oy <info@xcure.fi>, privacy@xcure.fi\r\n"
               "Subject: =?utf-8?q?Tietopyynt=C3=B6?=\r\nMessage-ID: <m1@example.fi>\r\n"
               "Date: Tue, 25 Nov 2026 10:00:00 +0200\r\nMIME-Version: 1.0\r\n"
               "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n"
               "Auto-Submitted: no\r\nPrecedence: first-class\r\n",
               "Haluan nähdä tietoni.")
    p = parse_message(raw)
    assert calls == []
    assert (p.from_name, p.from_addr, p.to) == ("Matti Meikäläinen", "matti@example.fi",
                                                ["info@xcure.fi", "privacy@xcure.fi"])
    assert (p.subject, p.message_id, p.new_text) == ("Tietopyyntö", "<m1@example.fi>",
                                                     "Haluan nähdä tietoni.")
    assert not p.automated


# --- addresses: the fast path and the stdlib parser agree --------------------------------------

def test_an_encoded_word_never_becomes_an_address() -> None:
    """The stdlib parser decodes encoded words even inside an addr-spec (RFC 2047 section 5
    forbids that): this From read as info@xcure.fi before, our own address."""
    spoof = b64_word("info@xcure.fi <") + ".a@evil.example"
    for frm in (spoof, f"Someone <{spoof}>", f"(note) {b64_word('ceo@xcure.fi')}@evil.example",
                "=?utf-8?q?boss?=@evil.example"):
        p = parse_message(mail(f"From: {frm}\r\nTo: info@xcure.fi\r\nSubject: x\r\n"))
        assert "xcure.fi" not in p.from_addr and "=?" not in p.from_addr, frm
        assert p.from_addr in ("", "a@evil.example"), (frm, p.from_addr)


def test_an_encoded_display_name_cannot_inject_an_address() -> None:
    name = b64_word("info@xcure.fi <x@evil.example>")
    p = parse_message(mail(f"From: {name} <real@example.fi>\r\nReply-To: {name} <r@example.fi>\r\n"))
    assert (p.from_addr, p.reply_to) == ("real@example.fi", ["r@example.fi"])
    assert p.from_name == "info@xcure.fi <x@evil.example>"  # shown as the text it is


@pytest.mark.parametrize(("value", "expected"), [
    ("=?utf-8?q?Matti_Meik=C3=A4?= =?utf-8?q?l=C3=A4inen?= <m@example.fi>",
     ("Matti Meikäläinen", "m@example.fi")),  # RFC 2047 6.2: the space between two words goes
    ("Matti =?iso-8859-1?q?J=F6rg?= Virtanen <m@example.fi>", ("Matti Jörg Virtanen", "m@example.fi")),
    ("J. Doe <j@example.fi>", ("J. Doe", "j@example.fi")),
    ('"Doe, John" <j@example.fi>', ("Doe, John", "j@example.fi")),  # quoted: the stdlib parser
    ("j@example.fi (John Doe)", ("", "j@example.fi")),
    ('"a b"@x.fi', ("", '"a b"@x.fi')),
    ("Mätti <mätti@esimerkki.fi>", ("Mätti", "mätti@esimerkki.fi")),
    ("=?bogus?q?Matti?= <m@example.fi>", ("Matti", "m@example.fi")),  # unknown charset
])
def test_from_header_forms(value: str, expected: tuple[str, str]) -> None:
    p = parse_message(mail(f"From: {value}\r\n"))
    assert (p.from_name, p.from_addr) == expected


_ATOM = st.text("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-_+!#'äöåÄÖéßøł",
                min_size=1, max_size=10)
_LOCAL = st.lists(st.text("abcdefghijklmnopqrstuvwxyz0123456789-_+!#'äöé", min_size=1, max_size=8),
                  min_size=1, max_size=3).map(".".join)
_DOMAIN = st.lists(st.text("abcdefghijklmnopqrstuvwxyz0123456789-ä", min_size=1, max_size=8),
                   min_size=1, max_size=3).map(".".join)
_ENCODED = st.sampled_from(["=?utf-8?q?J=C3=B6rg?=", "=?iso-8859-1?q?J=F6rg?=", "=?UTF-8?B?w6TDpA==?=",
                            "=?utf-8?q?a_b?=", "=?utf-8?b?" + base64.b64encode(b"x@y <z>").decode() + "?="])


@st.composite
def _address_list(draw: st.DrawFn) -> str:
    parts = []
    for _ in range(draw(st.integers(1, 3))):
        addr = f"{draw(_LOCAL)}@{draw(_DOMAIN)}"
        words = draw(st.lists(_ATOM, max_size=3))
        if draw(st.booleans()):  # at most one encoded word: the stdlib keeps the space between two
            words.insert(draw(st.integers(0, len(words))), draw(_ENCODED))
        parts.append(f"{' '.join(words)} <{addr}>" if words else addr)
    return ", ".join(parts)


@settings(max_examples=400, deadline=None)
@given(value=_address_list())
def test_fast_address_path_agrees_with_the_stdlib_parser(value: str) -> None:
    fast = parse._simple_addresses(value)
    slow = parse._rfc5322_addresses(value)
    if fast is None:  # outside the fast grammar (e.g. "a..b@x"): the stdlib parser decides
        return
    assert fast == slow


def test_fast_path_takes_the_common_forms() -> None:
    for value in ("matti@example.fi", "Xcure Oy <info@xcure.fi>", "a@x.fi, B <b@y.fi>",
                  "=?utf-8?q?J=C3=B6rg?= <j@x.de>", "Mätti <mätti@esimerkki.fi>"):
        assert parse._simple_addresses(value) is not None, value
    for value in ('"Doe, J" <j@x.fi>', "j@x.fi (J)", "g: a@x.fi;", "a@x.fi,", "Doe, J <j@x.fi>",
                  "=?utf-8?q?x?=@y.fi", "a..b@x.fi"):
        assert parse._simple_addresses(value) is None, value


# --- folded, encoded and 8-bit headers ---------------------------------------------------------

def test_folded_headers_are_unfolded() -> None:
    raw = mail("From: Matti\r\n Meikalainen\r\n <matti@example.fi>\r\nTo: a@x.fi,\r\n\tb@y.fi\r\n"
               "Subject:\r\n Tieto\r\n pyynto\r\nMessage-ID:\r\n <m1@example.fi>\r\n"
               "References: <a@x>\r\n <b@y>\r\nDate: Tue, 25 Nov 2026\r\n 10:00:00 +0200\r\n")
    p = parse_message(raw)
    assert (p.from_name, p.from_addr, p.to) == ("Matti Meikalainen", "matti@example.fi", ["a@x.fi", "b@y.fi"])
    assert (p.subject, p.message_id, p.references) == ("Tieto pyynto", "<m1@example.fi>", ["<a@x>", "<b@y>"])
    assert p.date is not None and p.date.hour == 10


def test_8bit_headers_are_read_as_utf8_or_guessed() -> None:
    raw = ("From: Pälvi <pälvi@exämple.fi>\r\nSubject: Tietopyyntö\r\nMessage-ID: <päivä.1@exämple.fi>\r\n"
           "\r\nHei\r\n").encode() + b""
    p = parse_message(raw)
    assert (p.from_name, p.from_addr, p.subject, p.message_id) == (
        "Pälvi", "pälvi@exämple.fi", "Tietopyyntö", "<päivä.1@exämple.fi>")
    latin = "Subject: Hyvää päivää\r\n\r\nHei\r\n".encode("latin-1")
    assert parse_message(latin).subject == "Hyvää päivää"


def test_forwarded_message_headers_are_decoded_once() -> None:
    inner_subject = b64_word("=?utf-8?q?=0D=0ABcc:_x@evil.example?=")  # decodes to an encoded word
    inner = (f"From: {b64_word('Liisa Ä')} <liisa@example.fi>\r\nSubject: {inner_subject}\r\n"
             "Content-Type: text/plain; charset=utf-8\r\n\r\nPoistakaa tietoni.\r\n")
    body = ("--q\r\nContent-Type: text/plain\r\n\r\nFYI\r\n--q\r\nContent-Type: message/rfc822\r\n\r\n"
            + inner + "--q--\r\n")
    p = parse_message(mail('Subject: Fwd\r\nContent-Type: multipart/mixed; boundary="q"\r\n', body))
    assert "From: Liisa Ä <liisa@example.fi>" in p.text
    assert "Subject: =?utf-8?q?=0D=0ABcc:_x@evil.example?=" in p.text  # once: the inner word stays
    assert "\nBcc" not in p.text


# --- automated-mail rules read raw headers -------------------------------------------------------

@pytest.mark.parametrize(("header", "automated_"), [
    ("Auto-Submitted: auto-replied", True),
    ("Auto-Submitted: =?utf-8?q?auto-replied?=", True),
    ("Auto-Submitted: no", False),
    ("Auto-Submitted: =?utf-8?q?no?=", False),
    ("Auto-Submitted: No (a person)", False),
    ("Auto-Submitted:", False),
    ("Auto-Submitted: \x10", True),  # garbage still counts as present
    ("Precedence: BULK", True),
    ("Precedence:\r\n bulk", True),
    ("Precedence: first-class", False),
    ("list-unsubscribe: <mailto:u@x.fi>", True),
    ("X-AUTOREPLY: yes", True),
])
def test_automated_headers_read_raw(header: str, automated_: bool) -> None:
    p = parse_message(mail(f"From: a@example.fi\r\nSubject: Hei\r\n{header}\r\n"), envelope_from="a@example.fi")
    assert p.automated is automated_, p.automated_reasons
    assert all("\r" not in r and "\n" not in r and "\x10" not in r for r in p.automated_reasons)


_OOO_PIECES = st.sampled_from(["I am", "I'm", "i will be", "out of the office", "on vacation", "Olen",
                               "olen lomalla", "palaan töihin", "Jag är", "på semester", "ICH BIN",
                               "nicht im Büro", "je suis", "absente", "estoy", "de vacaciones",
                               "\u0130 am", "\u0131'm", "jag \u00c4r", "JAG ÄR ledig", " ", "\n", ".",
                               "hello", "x", "delete my data", "OLEN POISSA", "\u017f", "K"])


@settings(max_examples=500, deadline=None)
@given(pieces=st.lists(_OOO_PIECES, max_size=12))
def test_out_of_office_gate_never_hides_a_match(pieces: list[str]) -> None:
    text = " ".join(pieces)
    if automated._OOO_TEXT.search(text):
        assert automated._may_be_ooo(text), text


def test_out_of_office_gate_skips_text_without_the_words() -> None:
    assert not automated._may_be_ooo("Please delete all my personal data.")
    assert automated._may_be_ooo("I AM out of the office")
    assert re.search(automated._OOO_TEXT, "\u0130 am on vacation")  # re.I: dotted capital I
    assert automated._may_be_ooo("\u0130 am on vacation")
