"""A corpus of hostile and broken mail, built deterministically (no files in the repo).

`build()` returns {name: raw bytes} with 100+ messages: truncated MIME, wrong and unknown charsets,
10 000 parts flat and nested, a 20 MB single line, NUL bytes, header injection attempts and other
garbage real MTAs deliver. `python tests/corpus/make_corpus.py OUTDIR` writes them as .eml files
(e.g. to feed a running bot with swaks or smtplib).
"""

from __future__ import annotations

import base64
import random
import sys
from pathlib import Path

H = b"From: Matti <matti@example.fi>\r\nTo: info@xcure.fi\r\nSubject: Tietopyynt\xc3\xb6\r\n" \
    b"Message-ID: <c@example.fi>\r\nMIME-Version: 1.0\r\n"
TEXT = "Haluan nähdä tietoni ja poistaa ne. Ystävällisin terveisin Matti Meikäläinen".encode()


def _mp(boundary: bytes, parts: list[bytes], subtype: bytes = b"mixed") -> bytes:
    body = b"".join(b"--" + boundary + b"\r\n" + p + b"\r\n" for p in parts)
    return (b"Content-Type: multipart/" + subtype + b'; boundary="' + boundary + b'"\r\n\r\n'
            + body + b"--" + boundary + b"--\r\n")


def _text(data: bytes = TEXT, charset: bytes = b"utf-8", cte: bytes = b"8bit") -> bytes:
    return (b"Content-Type: text/plain; charset=" + charset + b"\r\nContent-Transfer-Encoding: "
            + cte + b"\r\n\r\n" + data)


def _well_formed() -> list[bytes]:
    pdf = base64.encodebytes(b"%PDF-1.4 " * 300)
    html = b"Content-Type: text/html; charset=utf-8\r\n\r\n<p>" + TEXT + b"</p><script>x()</script>"
    att = (b"Content-Type: application/pdf\r\nContent-Transfer-Encoding: base64\r\n"
           b'Content-Disposition: attachment; filename="id.pdf"\r\n\r\n' + pdf)
    qp = _text(b"Hyv=C3=A4=C3=A4 p=C3=A4iv=C3=A4=C3=A4 =\r\njatkuu", cte=b"quoted-printable")
    b64 = _text(base64.encodebytes(TEXT), cte=b"base64")
    return [
        H + _mp(b"a", [_text(), html], b"alternative"),
        H + _mp(b"m", [_mp(b"a", [_text(), html], b"alternative"), att]),
        H + _mp(b"m", [qp, att, b64]),
        H + _mp(b"r", [_text(), b"Content-Type: message/rfc822\r\n\r\n" + H + b"\r\n" + TEXT]),
        H + _mp(b"rel", [html, b"Content-Type: image/png\r\nContent-ID: <i>\r\n\r\n\x89PNG\r\n"], b"related"),
        H + _mp(b"rep", [_text(b"failed"), b"Content-Type: message/delivery-status\r\n\r\nStatus: 5.1.1\r\n"],
                b"report; report-type=delivery-status"),
        H + _text(base64.encodebytes(TEXT * 50), cte=b"base64"),
        H + _mp(b"s", [_text(), b"Content-Type: application/pkcs7-signature\r\n\r\nMIAGCSqGSIb3\r\n"],
                b'signed; protocol="application/pkcs7-signature"'),
        H + _mp(b"x", [_mp(b"y", [_mp(b"z", [_text()])])]),
        H + _mp(b"t", [_text(), b"Content-Type: application/ms-tnef\r\nContent-Transfer-Encoding: base64"
                       b"\r\n\r\n" + base64.encodebytes(bytes(range(256)) * 4)]),
    ]


def truncated() -> dict[str, bytes]:
    out = {}
    for i, raw in enumerate(_well_formed()):
        for frac in (0.1, 0.3, 0.5, 0.7, 0.95):
            out[f"truncated-{i}-{int(frac * 100)}"] = raw[: int(len(raw) * frac)]
    return out


def charsets() -> dict[str, bytes]:
    latin = "Hyvää päivää, poistakaa tietoni.".encode("latin-1")
    return {
        "charset-utf8-declared-latin1-sent": H + _text(latin, b"utf-8"),
        "charset-latin1-declared-utf8-sent": H + _text(TEXT, b"iso-8859-1"),
        "charset-unknown-name": H + _text(TEXT, b"x-klingon-8"),
        "charset-empty": H + _text(TEXT, b'""'),
        "charset-utf16-no-bom": H + _text("Poistakaa tietoni".encode("utf-16-le"), b"utf-16"),
        "charset-utf7": H + _text(b"Hyv+AOQA5A- p+AOQ-iv+AOQA5A-", b"utf-7"),
        "charset-utf32-garbage": H + _text(b"\x00\x00\xd8\x00" * 50, b"utf-32"),
        "charset-cyrillic-as-ascii": H + _text("Удалите мои данные, пожалуйста. " .encode("koi8-r") * 10, b"us-ascii"),
        "charset-mixed-parts": H + _mp(b"c", [_text(latin, b"cp1252"), _text(TEXT, b"shift_jis"),
                                              _text(b"\xff\xfe\xfd", b"utf-8")]),
        "charset-encoded-word-unknown": b"From: =?x-bogus?q?M=E4tti?= <m@example.fi>\r\n"
                                        b"Subject: =?x-bogus?b?////?=\r\n\r\nbody\r\n",
        "charset-encoded-word-broken-b64": b"Subject: =?utf-8?b?!!!notbase64?=\r\nFrom: a@b.fi\r\n\r\nx\r\n",
        "charset-8bit-headers-latin1": b"From: M\xe4tti <m@example.fi>\r\nSubject: Tietopyynt\xf6\r\n\r\nx\r\n",
        "charset-invalid-utf8-sequences": H + _text(b"\xed\xa0\x80\xc0\xaf\xf8\x88\x80\x80\x80 overlong"),
        "charset-rfc2231-broken": H + b"Content-Type: text/plain; charset*=utf-8''%ZZ%; name*0*=x\r\n\r\nx",
    }


def giants() -> dict[str, bytes]:
    flat = b"".join(b"--b\r\nContent-Type: text/plain\r\n\r\npart %d\r\n" % i for i in range(10_000))
    nested = bytearray()
    for i in range(10_000):
        nested += b'--n%d\r\nContent-Type: multipart/mixed; boundary="n%d"\r\n\r\n' % (i, i + 1)
    nested += b"--n10000\r\nContent-Type: text/plain\r\n\r\ndeep\r\n"
    rfc822 = b"Content-Type: message/rfc822\r\n\r\n" * 10_000 + b"\r\ndeep"
    return {
        "giant-10000-flat-parts": H + b'Content-Type: multipart/mixed; boundary="b"\r\n\r\n' + flat + b"--b--\r\n",
        "giant-10000-nested-multiparts": H + b'Content-Type: multipart/mixed; boundary="n0"\r\n\r\n' + bytes(nested),
        "giant-10000-nested-rfc822": H + rfc822,
        "giant-20mb-single-line": H + b"Content-Type: text/plain\r\n\r\n" + b"A" * 20_000_000 + b"\r\n",
        "giant-20mb-base64-one-line": H + b"Content-Type: text/plain\r\nContent-Transfer-Encoding: base64\r\n\r\n"
                                      + base64.b64encode(b"x" * 15_000_000),
        "giant-html-10000-nested-divs": H + b"Content-Type: text/html\r\n\r\n" + b"<div>" * 10_000 + b"deep",
        "giant-html-blockquote-bomb": H + b"Content-Type: text/html\r\n\r\n" + b"<blockquote>" * 10_000 + b"x",
        "giant-1mb-subject": b"From: a@b.fi\r\nSubject: " + b"x" * 1_000_000 + b"\r\n\r\nbody\r\n",
        "giant-100000-headers": b"".join(b"X-H%d: v\r\n" % i for i in range(100_000)) + b"\r\nbody\r\n",
        "giant-5000-recipients": b"From: a@b.fi\r\nTo: " + b", ".join(b"u%d@x.fi" % i for i in range(5000)) + b"\r\n\r\nx",
        "giant-folded-header": b"From: a@b.fi\r\nSubject: x" + b"\r\n y" * 50_000 + b"\r\n\r\nbody",
        "giant-html-entities": H + b"Content-Type: text/html\r\n\r\n" + b"&amp;&#x10FFFF;&#0;&#99999999;" * 20_000,
        "giant-long-boundary": H + b'Content-Type: multipart/mixed; boundary="' + b"b" * 70_000 + b'"\r\n\r\nx',
    }


def nul_bytes() -> dict[str, bytes]:
    return {
        "nul-in-body": H + _text(b"Poistakaa\x00tietoni\x00" * 10),
        "nul-in-subject": b"From: a@b.fi\r\nSubject: x\x00y\r\n\r\nbody",
        "nul-in-from": b"From: a\x00@b.fi\r\n\r\nbody",
        "nul-in-boundary": H + b'Content-Type: multipart/mixed; boundary="a\x00b"\r\n\r\n--a\x00b\r\n\r\nx\r\n--a\x00b--',
        "nul-in-filename": H + _mp(b"f", [b'Content-Type: application/pdf; name="a\x00.pdf"\r\n\r\nx']),
        "nul-in-message-id": b"Message-ID: <a\x00b@c>\r\nFrom: a@b.fi\r\n\r\nx",
        "nul-everywhere": b"\x00" * 10_000,
        "nul-in-header-name": b"Fr\x00om: a@b.fi\r\n\r\nx",
        "nul-in-html": H + b"Content-Type: text/html\r\n\r\n<p>a\x00b</p><scr\x00ipt>x</script>",
        "nul-in-encoded-word": b"Subject: =?utf-8?q?a=00b?=\r\nFrom: =?utf-8?q?M=00?= <m@x.fi>\r\n\r\nx",
    }


def injection() -> dict[str, bytes]:
    return {
        "inject-crlf-in-subject-q": b"From: a@b.fi\r\nSubject: =?utf-8?q?hi=0D=0ABcc:_all@evil.example?=\r\n\r\nx",
        "inject-crlf-in-subject-b": b"From: a@b.fi\r\nSubject: =?utf-8?b?aGkNCkJjYzogYWxsQGV2aWwuZXhhbXBsZQ==?=\r\n\r\nx",
        "inject-address-in-display-name": b"From: =?utf-8?q?info@xcure.fi_<x@evil.example>?= <real@example.fi>\r\n\r\nx",
        "inject-crlf-in-reply-to": b"From: a@b.fi\r\nReply-To: =?utf-8?q?x=0D=0AFrom:_ceo@xcure.fi?= <r@b.fi>\r\n\r\nx",
        "inject-bare-cr-headers": b"From: a@b.fi\rBcc: all@evil.example\r\nSubject: x\r\n\r\nbody",
        "inject-bare-lf-headers": b"From: a@b.fi\nBcc: all@evil.example\nSubject: x\n\nbody",
        "inject-smtp-smuggling-text": H + _text(b"x\n.\r\nMAIL FROM:<ceo@xcure.fi>\r\nRCPT TO:<a@b>\r\nDATA\r\n"),
        "inject-two-from-headers": b"From: a@b.fi\r\nFrom: ceo@xcure.fi\r\nSubject: x\r\n\r\nx",
        "inject-terminal-escapes": b"From: a@b.fi\r\nSubject: =?utf-8?q?=1B]0;pwned=07=1B[2J?=\r\n\r\n\x1b[31mred",
        "inject-bidi-override": "From: a@b.fi\r\nSubject: \u202egnp.exe\r\n\r\nx".encode(),
        "inject-message-id-crlf": b"Message-ID: =?utf-8?q?<a=0D=0AX:_y@z>?=\r\nFrom: a@b.fi\r\n\r\nx",
        "inject-header-without-colon": b"From a@b.fi\r\nJust text\r\nSubject: x\r\n\r\nbody",
        "inject-content-type-params": H + b'Content-Type: text/plain; charset="utf-8\r\nX-Evil: 1"\r\n\r\nx',
        "inject-html-javascript-url": H + b'Content-Type: text/html\r\n\r\n<a href="javascript:alert(1)">click</a>'
                                      b"<img src=x onerror=alert(1)><iframe src=//evil></iframe>",
        "inject-rfc2231-filename-path": H + _mp(b"p", [b"Content-Type: application/octet-stream\r\n"
                                                       b"Content-Disposition: attachment; filename*=utf-8''..%2F..%2Fetc%2Fpasswd"
                                                       b"\r\n\r\nx"]),
    }


def odd() -> dict[str, bytes]:
    rnd = random.Random(20261125)
    out = {
        "odd-empty": b"",
        "odd-only-newlines": b"\r\n" * 100,
        "odd-headers-only": b"From: a@b.fi\r\nSubject: x\r\n",
        "odd-no-headers": b"\r\nJust a body",
        "odd-no-boundary-param": H + b"Content-Type: multipart/mixed\r\n\r\n--x\r\n\r\ny\r\n--x--",
        "odd-boundary-never-used": H + b'Content-Type: multipart/mixed; boundary="zz"\r\n\r\nplain text',
        "odd-invalid-base64": H + _text(b"!!!!====????", cte=b"base64"),
        "odd-invalid-qp": H + _text(b"=ZZ=\r\n=", cte=b"quoted-printable"),
        "odd-unknown-cte": H + _text(TEXT, cte=b"x-uuencode"),
        "odd-date-year-99999": b"From: a@b.fi\r\nDate: Mon, 1 Jan 99999 00:00:00 +0000\r\n\r\nx",
        "odd-date-garbage": b"From: a@b.fi\r\nDate: yesterday-ish\r\n\r\nx",
        "odd-date-offset-huge": b"From: a@b.fi\r\nDate: Mon, 1 Jan 2026 00:00:00 +9999\r\n\r\nx",
        "odd-from-group-syntax": b"From: undisclosed-recipients:;\r\n\r\nx",
        "odd-from-unbalanced": b'From: "Matti <m@x.fi\r\n\r\nx',
        "odd-from-comments": b"From: (comment (nested (deep))) m@x.fi (x)\r\n\r\nx",
        "odd-content-type-garbage": H + b"Content-Type: ;;;;==;\"\r\n\r\nx",
        "odd-message-partial": H + b"Content-Type: message/partial; id=x; number=1; total=2\r\n\r\nFrom: a\r\n",
        "odd-emoji-zwj": "From: a@b.fi\r\nSubject: 👨‍👩‍👧 🇫🇮\u200b\r\n\r\n🙂 poistakaa".encode(),
        "odd-utf8-bom": b"\xef\xbb\xbfFrom: a@b.fi\r\n\r\nx",
        "odd-mbox-from-line": b"From a@b.fi Mon Nov 24 10:00:00 2026\r\nFrom: a@b.fi\r\n\r\nx",
        "odd-html-unclosed-head": H + b"Content-Type: text/html\r\n\r\n<head><title>x<body>Poistakaa tietoni",
        "odd-html-comment-bomb": H + b"Content-Type: text/html\r\n\r\n<!--" * 1000 + b"x",
        "odd-text-calendar": H + b"Content-Type: text/calendar\r\n\r\nBEGIN:VCALENDAR\r\n",
        "odd-multipart-alternative-empty": H + _mp(b"e", [], b"alternative"),
        "odd-attachment-only": H + _mp(b"o", [b"Content-Type: application/zip\r\nContent-Disposition: attachment;"
                                              b' filename="a.zip"\r\n\r\nPK\x03\x04']),
        "odd-auto-submitted-garbage": b"From: a@b.fi\r\nAuto-Submitted: =?utf-8?q?=FF?=\r\n\r\nx",
    }
    for i in range(15):
        out[f"odd-random-bytes-{i}"] = rnd.randbytes(rnd.randint(1, 4000))
    for i in range(10):
        base = bytearray(_well_formed()[i % 10])
        for _ in range(20):
            base[rnd.randrange(len(base))] = rnd.randrange(256)
        out[f"odd-bitflipped-{i}"] = bytes(base)
    return out


def build() -> dict[str, bytes]:
    corpus: dict[str, bytes] = {}
    for part in (truncated, charsets, giants, nul_bytes, injection, odd):
        corpus.update(part())
    return corpus


if __name__ == "__main__":
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "corpus-out")
    out.mkdir(parents=True, exist_ok=True)
    for name, raw in build().items():
        (out / f"{name}.eml").write_bytes(raw)
    print(f"{len(build())} messages written to {out}")
