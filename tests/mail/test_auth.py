"""Sender authentication: only our own MTA's results count; DKIM checked with dkimpy."""

from __future__ import annotations

import base64

import dkim
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from hypothesis import given
from hypothesis import strategies as st

from bot.mail.auth import check_dkim, flags_for, parse_authentication_results

MSG = (b"From: matti@example.fi\r\nTo: info@xcure.fi\r\nSubject: Poistakaa tietoni\r\n"
       b"Message-ID: <d1@example.fi>\r\n\r\nPoistakaa kaikki tietoni.\r\n")


def test_only_trusted_authserv_ids_are_read() -> None:
    values = ["evil.example; dmarc=pass header.from=example.fi",
              "mx.xcure.fi; spf=pass smtp.mailfrom=example.fi; dkim=pass header.d=example.fi; "
              "dmarc=fail (p=reject) header.from=example.fi"]
    got = parse_authentication_results(values, ["MX.xcure.fi"])
    assert got == {"authserv_id": "mx.xcure.fi", "spf": "pass", "dkim": "pass", "dmarc": "fail"}
    assert flags_for(got) == ["dmarc_fail"]
    assert parse_authentication_results(values, []) == {}


@given(st.lists(st.text(max_size=300), max_size=5))
def test_any_header_values_parse_without_error(values: list[str]) -> None:
    got = parse_authentication_results(values, ["mx.xcure.fi"])
    assert got == {} or got["authserv_id"] == "mx.xcure.fi"


def test_dkim_signature_checked_with_dkimpy() -> None:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL,
                            serialization.NoEncryption())
    pub = key.public_key().public_bytes(serialization.Encoding.DER,
                                        serialization.PublicFormat.SubjectPublicKeyInfo)
    record = b"v=DKIM1; k=rsa; p=" + base64.b64encode(pub)

    def dns(name: bytes, timeout: int = 5) -> bytes | None:
        return record if name == b"sel._domainkey.example.fi." else None

    signed = dkim.sign(MSG, b"sel", b"example.fi", pem, include_headers=[b"From", b"Subject"]) + MSG
    assert check_dkim(signed, dnsfunc=dns) == "pass"
    tampered = signed.replace(b"Poistakaa kaikki", b"Lahettakaa kaikki")
    assert check_dkim(tampered, dnsfunc=dns) == "fail"
    assert check_dkim(MSG) == "none"
    assert flags_for({"dkim_self": "fail"}) == ["dkim_fail"]


def test_sender_controlled_text_is_never_taken_for_a_result() -> None:
    """Issue 12: `dmarc=pass` inside the envelope sender or a comment hid our MTA's fail."""
    for value in [
        'mx.xcure.fi; spf=none smtp.mailfrom="dmarc=pass"@evil.test; dkim=none; dmarc=fail header.from=example.fi',
        "mx.xcure.fi; spf=none smtp.mailfrom=dmarc=pass@evil.test; dkim=none; dmarc=fail header.from=example.fi",
        "mx.xcure.fi; spf=fail (sender said dmarc=pass; dkim=pass) smtp.mailfrom=evil.test; dmarc=fail",
        "mx.xcure.fi 1; dkim/1=none header.i=@dmarc=pass; dmarc=fail (p=reject) header.from=example.fi",
    ]:
        got = parse_authentication_results([value], ["mx.xcure.fi"])
        assert got["dmarc"] == "fail", (value, got)
    topmost = ["mx.xcure.fi; dmarc=fail header.from=example.fi",
               "mx.xcure.fi; dmarc=pass header.from=example.fi"]  # the sender's own, further down
    assert parse_authentication_results(topmost, ["mx.xcure.fi"])["dmarc"] == "fail"
