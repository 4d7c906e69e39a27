"""Write the dev set: data/dev/*.eml and data/dev/labels.jsonl from scripts/dev_messages.py.

Complete messages as mail clients send them: plain UTF-8, quoted-printable, base64, ISO-8859-1,
Windows-1252, HTML-only, multipart/alternative, encoded-word subjects and names, replies quoting
an older request, forwarded requests, out-of-office replies with and without headers, bounces
(DSN multipart/report and plain). Seeded: the same files every run. Never used in training.

    python scripts/gen_dev.py                  # data/dev/ from dev_messages.py
    python scripts/gen_dev.py --set holdout    # data/holdout/ from holdout_messages.py
"""

from __future__ import annotations

import argparse
import base64
import html
import importlib
import json
import quopri
import random
import sys
from datetime import datetime, timedelta, timezone
from email.header import Header
from email.utils import format_datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
OUT = ROOT / "data" / "dev"
BOUNCES = NON_REQUESTS = OUT_OF_OFFICE = REQUESTS = []  # set in main() from the chosen set
SENDERS = {
    "fi": [("Päivi Laaksonen", "paivi.laaksonen"), ("Jukka Hämäläinen", "jukka.h"), ("Outi", "outi.k"), ("", "t.nurmi")],
    "sv": [("Åsa Lindström", "asa.lindstrom"), ("Göran Berg", "goran.berg"), ("", "m.holm")],
    "en": [("Rachel Green", "rachel.green"), ("Tom O'Neill", "tom.oneill"), ("", "j.doe")],
    "de": [("Jürgen Müller", "juergen.mueller"), ("Anke Schäfer", "a.schaefer")],
    "et": [("Tõnu Saar", "tonu.saar"), ("Külli Mets", "kylli.mets")],
    "fr": [("Hélène Dubois", "helene.dubois"), ("François Petit", "f.petit")],
    "es": [("José Fernández", "jose.fernandez"), ("Begoña Ruiz", "b.ruiz")],
}
DOMAINS = ["example.fi", "example.com", "example.se", "example.org", "example.net"]
WROTE = {"fi": "{date} {name} kirjoitti:", "sv": "Den {date} skrev {name}:", "en": "On {date}, {name} wrote:",
         "de": "Am {date} schrieb {name}:", "et": "{date} kirjutas {name}:", "fr": "Le {date}, {name} a écrit :",
         "es": "El {date}, {name} escribió:"}
FORWARD_NOTE = {"fi": "Välitän tämän teille, tämä tuli minulle vahingossa.", "sv": "Vidarebefordrar detta till rätt adress.",
                "en": "Forwarding this to the right address - this came to our sales inbox.", "de": "Zur Bearbeitung weitergeleitet.",
                "et": "Edastan teile.", "fr": "Je vous transfère ce message.", "es": "Les reenvío este mensaje."}
BODY_STYLES = ["8bit", "qp", "base64", "latin1", "cp1252", "html", "alternative", "8bit", "qp", "html"]


class Writer:
    def __init__(self) -> None:
        self.rnd = random.Random(4242)
        self.n = 0
        self.labels: list[dict] = []
        self.when = datetime(2026, 11, 2, 8, 0, tzinfo=timezone(timedelta(hours=2)))

    def sender(self, lang: str) -> tuple[str, str]:
        name, local = self.rnd.choice(SENDERS[lang])
        return name, f"{local}@{self.rnd.choice(DOMAINS)}"

    def headers(self, lang: str, subject: str, *, from_: tuple[str, str] | None = None, extra: list[str] = (),
                subject_charset: str = "utf-8") -> list[str]:
        name, addr = from_ or self.sender(lang)
        self.when += timedelta(minutes=self.rnd.randint(7, 400))
        hdr = []
        if name:
            hdr.append(f"From: {Header(name, 'utf-8').encode() if not name.isascii() else name} <{addr}>")
        else:
            hdr.append(f"From: {addr}")
        hdr += ["To: Xcure Oy <info@xcure.fi>", f"Date: {format_datetime(self.when)}",
                f"Message-ID: <dev{self.n:04d}.{self.rnd.randint(10**6, 10**7)}@{addr.split('@')[1]}>",
                "MIME-Version: 1.0"]
        if subject:
            hdr.append("Subject: " + (subject if subject.isascii() else Header(subject, subject_charset).encode()))
        return hdr + list(extra)

    def body(self, text: str, style: str) -> list[str]:
        if style in ("latin1", "cp1252"):
            charset = "iso-8859-1" if style == "latin1" else "windows-1252"
            if style == "cp1252":
                text = text.replace(" - ", " \u2013 ").replace("'", "\u2019")
            try:
                raw = text.encode(charset)
            except UnicodeEncodeError:
                style = "qp"
            else:
                return [f"Content-Type: text/plain; charset={charset}", "Content-Transfer-Encoding: quoted-printable", "",
                        quopri.encodestring(raw.replace(b"\n", b"\r\n")).decode("ascii")]
        if style == "qp":
            return ["Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: quoted-printable", "",
                    quopri.encodestring(text.encode("utf-8").replace(b"\n", b"\r\n")).decode("ascii")]
        if style == "base64":
            return ["Content-Type: text/plain; charset=\"UTF-8\"", "Content-Transfer-Encoding: base64", "",
                    base64.encodebytes(text.encode("utf-8")).decode("ascii")]
        if style == "html":
            return ["Content-Type: text/html; charset=utf-8", "Content-Transfer-Encoding: quoted-printable", "",
                    quopri.encodestring(to_html(text).encode("utf-8")).decode("ascii")]
        if style == "alternative":
            b = f"=_alt_{self.n:04d}"
            return [f'Content-Type: multipart/alternative; boundary="{b}"', "", f"--{b}",
                    *self.body(text, "qp"), f"--{b}", *self.body(text, "html"), f"--{b}--", ""]
        return ["Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: 8bit", "", text]

    def write(self, tag: str, lines: list[str], lang: str, kinds: list[str], automated: bool, variety: str) -> None:
        self.n += 1
        name = f"{self.n:03d}-{lang}-{tag}.eml"
        data = "\r\n".join(line.replace("\r\n", "\n").replace("\n", "\r\n") for line in lines)
        (OUT / name).write_bytes(data.encode("utf-8") if not data.isascii() else data.encode("ascii"))
        self.labels.append({"file": name, "language": lang, "kinds": sorted(kinds), "automated": automated,
                            "variety": variety})


def to_html(text: str) -> str:
    paras = "".join(f"<p>{html.escape(p).replace(chr(10), '<br>')}</p>" for p in text.split("\n\n"))
    return (f"<html><head><style>p{{font-family:Calibri}}</style></head><body><div dir=\"ltr\">{paras}"
            "</div></body></html>")


def quoted(text: str) -> str:
    return "\n".join("> " + line if line else ">" for line in text.splitlines())


def main() -> None:
    global OUT, BOUNCES, NON_REQUESTS, OUT_OF_OFFICE, REQUESTS
    ap = argparse.ArgumentParser()
    ap.add_argument("--set", default="dev", choices=["dev", "holdout"])
    args = ap.parse_args()
    mod = importlib.import_module(f"{args.set}_messages")
    BOUNCES, NON_REQUESTS, OUT_OF_OFFICE, REQUESTS = mod.BOUNCES, mod.NON_REQUESTS, mod.OUT_OF_OFFICE, mod.REQUESTS
    OUT = ROOT / "data" / args.set
    OUT.mkdir(parents=True, exist_ok=True)
    for old in OUT.glob("*.eml"):
        old.unlink()
    w = Writer()
    for i, (lang, subject, text, kinds) in enumerate(REQUESTS):
        style = BODY_STYLES[i % len(BODY_STYLES)]
        charset = "iso-8859-1" if i % 3 == 0 else "utf-8"
        try:
            subject.encode(charset)
        except UnicodeEncodeError:
            charset = "utf-8"
        w.write("+".join(kinds), w.headers(lang, subject, subject_charset=charset) + w.body(text, style),
                lang, kinds, False, style)
    for i, (lang, subject, text) in enumerate(NON_REQUESTS):
        style = BODY_STYLES[(i + 3) % len(BODY_STYLES)]
        w.write("none", w.headers(lang, subject) + w.body(text, style), lang, [], False, "hard-negative:" + style)

    # Replies quoting an older request: only the new text counts.
    followups = [
        ("fi", "Kiitos vastauksesta!", []), ("en", "Thanks, that's all I needed.", []),
        ("sv", "Tack, då väntar jag på svar.", []), ("en", "Any update on this? It's been two weeks.", []),
        ("fi", "Kiitos. Voisitteko samalla poistaa minut myös uutiskirjeen jakelusta?", ["unsubscribe"]),
        ("en", "Thanks. Also, please correct my surname - it is Smyth, not Smith.", ["correction"]),
        ("sv", "Tack! Kan ni även skicka mig en kopia av uppgifterna innan ni raderar dem?", ["access"]),
        ("de", "Danke. Bitte löschen Sie danach auch meine Daten.", ["erasure"]),
        ("fi", "Selvä, odotan.", []), ("en", "Confirmed, go ahead.", []),
        ("en", "OK thanks. Please don't send me any more newsletters either.", ["unsubscribe"]),
        ("fi", "Hei, vieläkö tämä on käsittelyssä?", []),
    ]
    older = [r for r in REQUESTS if len(r[2]) > 40]
    if args.set != "dev":
        followups = followups[:4]
    for i, (lang, text, kinds) in enumerate(followups):
        _olang, osubj, otext, _ = [r for r in older if r[0] == lang][i % 3]
        name, addr = w.sender(lang)
        date = "ma 2.11.2026 klo 9.14" if lang == "fi" else "Mon, 2 Nov 2026 09:14"
        body = f"{text}\n\n{WROTE[lang].format(date=date, name=f'{name or addr} <{addr}>')}\n{quoted(otext)}\n"
        if i % 4 == 3:  # Outlook style: header block instead of '>' quotes
            body = (f"{text}\n\n________________________________\nFrom: {name or addr} <{addr}>\nSent: Monday, 2 November 2026 09:14\n"
                    f"To: info@xcure.fi\nSubject: {osubj or 'GDPR'}\n\n{otext}\n")
        style = ["8bit", "qp", "base64", "html"][i % 4]
        w.write("reply", w.headers(lang, "Re: " + (osubj or "Tietosuoja"), from_=(name, addr),
                                   extra=[f"In-Reply-To: <req{i}@{addr.split('@')[1]}>"]) + w.body(body, style),
                lang, kinds, False, "reply-quoting-request:" + style)

    # Forwarded requests: the forwarded content is the request.
    for i, (lang, subject, text, kinds) in enumerate(REQUESTS[5::9][:14]):
        fname, faddr = w.sender(lang)
        note = FORWARD_NOTE[lang]
        prefix = {"fi": "VL", "sv": "VB", "de": "WG", "fr": "TR", "es": "RV"}.get(lang, "Fwd")
        body = (f"{note}\n\n---------- Forwarded message ---------\nFrom: {fname or faddr} <{faddr}>\n"
                f"Date: Mon, 2 Nov 2026 at 10:02\nSubject: {subject or '(no subject)'}\nTo: <sales@xcure.fi>\n\n{text}\n")
        style = ["8bit", "qp", "html", "base64"][i % 4]
        w.write("fwd-" + "+".join(kinds), w.headers(lang, f"{prefix}: {subject or 'GDPR'}", from_=("", "sales@xcure.fi"))
                + w.body(body, style), lang, kinds, False, "forwarded:" + style)

    # Out-of-office: half with RFC 3834 headers, half with nothing but the text.
    for i, (lang, subject, text) in enumerate(OUT_OF_OFFICE):
        extra = ["Auto-Submitted: auto-replied", "X-Auto-Response-Suppress: All"] if i % 2 == 0 else []
        subj = subject if i % 4 != 1 else "Re: " + subject.split(":", 1)[-1].strip()
        w.write("ooo", w.headers(lang, subj, extra=extra) + w.body(text, BODY_STYLES[i % len(BODY_STYLES)]),
                lang, [], True, "out-of-office:" + ("headers" if extra else "no-headers"))
    # Bounces: DSN (multipart/report from MAILER-DAEMON) and plain-text ones.
    for i, (lang, subject, text) in enumerate(BOUNCES):
        original = "Subject: Tietopyyntö\r\n\r\nHei, poistakaa tietoni rekisteristänne.\r\n"
        if i % 2 == 0:
            b = f"=_dsn_{i}"
            lines = w.headers(lang, subject, from_=("Mail Delivery System", "MAILER-DAEMON@mx.example.net"),
                              extra=["Auto-Submitted: auto-replied"])
            lines += [f'Content-Type: multipart/report; report-type=delivery-status; boundary="{b}"', "",
                      f"--{b}", *w.body(text, "8bit"), f"--{b}", "Content-Type: message/delivery-status", "",
                      "Reporting-MTA: dns; mx.example.net", "", "Final-Recipient: rfc822; someone@example.fi",
                      "Action: failed", "Status: 5.1.1", "", f"--{b}", "Content-Type: message/rfc822", "",
                      "From: Xcure Oy <info@xcure.fi>", original, f"--{b}--", ""]
            variety = "bounce:dsn"
        else:
            lines = w.headers(lang, subject, from_=("", "postmaster@mail.example.org")) + w.body(
                text + "\n\n------ Original message ------\n" + original.replace("\r\n", "\n"), "8bit")
            variety = "bounce:plain"
        w.write("bounce", lines, lang, [], True, variety)

    with (OUT / "labels.jsonl").open("w", encoding="utf-8") as f:
        for row in w.labels:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"{w.n} messages -> {OUT}")


if __name__ == "__main__":
    main()
