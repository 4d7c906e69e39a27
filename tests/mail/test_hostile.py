"""Hostile and broken mail: the parser never raises, never lets a header smuggle a line break
into a parsed field, and bounds its work on pathological input (flagging what it did not read)."""

from __future__ import annotations

import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.mail.parse import ParsedMessage, parse_message
from tests.corpus.make_corpus import build

CORPUS = build()
SINGLE_LINE_FIELDS = ("message_id", "subject", "from_addr", "from_name", "in_reply_to")


def check_invariants(p: ParsedMessage) -> None:
    for name in SINGLE_LINE_FIELDS:
        value = getattr(p, name)
        assert isinstance(value, str)
        assert not any(c in value for c in "\r\n\x00"), (name, value)
    for addr in (*p.reply_to, *p.to, *p.cc):
        assert "\n" not in addr and "\r" not in addr and "@" in addr
    assert p.automated == bool(p.automated_reasons)
    assert "\x00" not in p.text and "\x00" not in p.new_text
    assert len(p.text) <= 100_000
    p.to_json()  # serialisable as it will be stored


def test_corpus_is_big_and_varied() -> None:
    assert len(CORPUS) >= 100
    for kind in ("truncated-", "charset-", "giant-10000-flat", "giant-10000-nested", "giant-20mb",
                 "nul-", "inject-"):
        assert any(n.startswith(kind) for n in CORPUS), kind


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_every_corpus_message_parses_within_bounds(name: str) -> None:
    started = time.monotonic()
    p = parse_message(CORPUS[name], envelope_from="sender@example.fi")
    check_invariants(p)
    # Generous: a bound on work (not a benchmark); the unbounded parser takes many seconds here.
    assert time.monotonic() - started < 10


@pytest.mark.parametrize("name", ["giant-10000-flat-parts", "giant-10000-nested-multiparts",
                                  "giant-20mb-single-line", "giant-1mb-subject", "giant-100000-headers"])
def test_pathological_messages_are_flagged_as_partly_read(name: str) -> None:
    p = parse_message(CORPUS[name])
    assert p.limited
    assert any(d.startswith("Limit:") for d in p.defects)


def test_injection_attempts_stay_inert() -> None:
    p = parse_message(CORPUS["inject-address-in-display-name"])
    assert p.from_addr == "real@example.fi"
    p = parse_message(CORPUS["inject-crlf-in-subject-b"])
    assert p.subject == "hi Bcc: all@evil.example"
    p = parse_message(CORPUS["inject-terminal-escapes"])
    assert "\x1b" not in p.subject and "\x07" not in p.subject
    p = parse_message(CORPUS["inject-rfc2231-filename-path"])
    assert p.attachments[0]["filename"] == "../../etc/passwd"  # listed as sent, never used as a path


# --- properties -------------------------------------------------------------------------------

header_names = st.sampled_from(["From", "To", "Subject", "Reply-To", "Message-ID", "Date", "Content-Type",
                                "Content-Transfer-Encoding", "Auto-Submitted", "References", "X-Junk"])
header_values = st.one_of(
    st.text(max_size=80),
    st.binary(max_size=80).map(lambda b: b.decode("latin-1")),
    st.sampled_from(["=?utf-8?q?a=0D=0Ab?=", "=?x?b?////?=", 'multipart/mixed; boundary="b"',
                     "text/plain; charset=utf-8", "text/html; charset=bogus", "base64", "quoted-printable",
                     "<a@b> <c@d>", "a@b.fi, =?utf-8?q?x_<y@z>?= <w@v>", "auto-replied"]),
)
bodies = st.one_of(
    st.binary(max_size=3000),
    st.text(max_size=2000).map(str.encode),
    st.lists(st.sampled_from([b"--b\r\n", b"Content-Type: text/plain\r\n", b"\r\n", b"--b--\r\n",
                              b"Content-Type: multipart/mixed; boundary=\"b\"\r\n", b"=C3=A4", b"\x00",
                              b"> quoted\r\n", b"On Mon wrote:\r\n", b"<p>x</p>", b"-- \r\n", b"AAAA"]),
             max_size=60).map(b"".join),
)


@st.composite
def messages(draw: st.DrawFn) -> bytes:
    heads = draw(st.lists(st.tuples(header_names, header_values), max_size=12))
    head = b"".join(n.encode() + b": " + v.encode("utf-8", "surrogateescape") + b"\r\n" for n, v in heads)
    sep = draw(st.sampled_from([b"\r\n", b"\n", b"", b"\r"]))
    return head + sep + draw(bodies)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(raw=messages(), envelope=st.one_of(st.none(), st.just("<>"), st.emails()))
def test_parser_never_raises_on_generated_mail(raw: bytes, envelope: str | None) -> None:
    check_invariants(parse_message(raw, envelope_from=envelope))


@settings(max_examples=200, deadline=None)
@given(name=st.sampled_from(sorted(n for n in CORPUS if len(CORPUS[n]) < 200_000)),
       cut=st.floats(0, 1), flips=st.lists(st.tuples(st.floats(0, 1), st.integers(0, 255)), max_size=8))
def test_parser_never_raises_on_mutated_corpus(name: str, cut: float, flips: list[tuple[float, int]]) -> None:
    raw = bytearray(CORPUS[name][: int(len(CORPUS[name]) * cut)])
    for pos, byte in flips:
        if raw:
            raw[int(pos * (len(raw) - 1))] = byte
    check_invariants(parse_message(bytes(raw)))
