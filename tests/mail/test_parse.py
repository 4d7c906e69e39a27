"""Parsing real-looking mail: what the classifier and staff get to read from each message."""

from __future__ import annotations

import base64
from datetime import UTC, datetime

import pytest

from bot.mail.parse import parse_message


def mail(body: str | bytes, *, subject: str = "Tietopyyntö", headers: str = "",
         ctype: str = "text/plain; charset=utf-8", sender: str = "Matti <matti@example.fi>") -> bytes:
    head = (f"From: {sender}\r\nTo: info@xcure.fi\r\nSubject: {subject}\r\n"
            f"Message-ID: <m1@example.fi>\r\nDate: Tue, 25 Nov 2026 10:00:00 +0200\r\n{headers}"
            f"MIME-Version: 1.0\r\nContent-Type: {ctype}\r\n\r\n").encode()
    return head + (body.encode() if isinstance(body, str) else body)


# --- new text: replies in seven languages, Outlook blocks, signatures, disclaimers ----------

REPLIES = {
    "fi": "ma 24.11.2026 klo 10.00 Xcure Oy <info@xcure.fi> kirjoitti:",
    "sv": "Den 24 nov. 2026 kl. 10:00 skrev Xcure Oy <info@xcure.fi>:",
    "en": "On Mon, 24 Nov 2026 at 10:00, Xcure Oy <info@xcure.fi> wrote:",
    "de": "Am 24.11.2026 um 10:00 schrieb Xcure Oy <info@xcure.fi>:",
    "fr": "Le lun. 24 nov. 2026 à 10:00, Xcure Oy <info@xcure.fi> a écrit :",
    "es": "El lun, 24 nov 2026 a las 10:00, Xcure Oy (<info@xcure.fi>) escribió:",
    "et": "Xcure Oy <info@xcure.fi> kirjutas kuupäeval E, 24. nov 2026 kell 10:00:",
}


@pytest.mark.parametrize("lang", sorted(REPLIES))
def test_reply_new_text_stops_at_the_attribution_line(lang: str) -> None:
    body = f"Please remove me from your list.\r\n\r\n{REPLIES[lang]}\r\n> Our November newsletter\r\n> Read more\r\n"
    p = parse_message(mail(body))
    assert p.new_text == "Please remove me from your list."
    assert "November newsletter" in p.text  # the whole text is kept for staff


def test_attribution_wrapped_over_two_lines() -> None:
    body = ("Poistakaa tietoni.\n\nOn Mon, Nov 24, 2026 at 10:00 AM Xcure Oy Customer Service <\n"
            "info@xcure.fi> wrote:\n\n> newsletter\n")
    assert parse_message(mail(body)).new_text == "Poistakaa tietoni."


@pytest.mark.parametrize("block", [
    "Lähettäjä: Xcure Oy <info@xcure.fi>\nLähetetty: maanantai 24. marraskuuta 2026 10.00\n"
    "Vastaanottaja: Matti\nAihe: Uutiskirje",
    "________________________________\nFrom: Xcure Oy <info@xcure.fi>\nSent: Monday, November 24, 2026\n"
    "To: Matti\nSubject: Newsletter",
    "Från: Xcure Oy <info@xcure.fi>\nSkickat: den 24 november 2026 10:00\nTill: Matti\nÄmne: Nyhetsbrev",
    "-----Original Message-----\nFrom: Xcure Oy\nSent: Monday",
    "-----Ursprüngliche Nachricht-----\nVon: Xcure Oy\nGesendet: Montag",
])
def test_outlook_header_blocks_start_the_quote(block: str) -> None:
    body = f"Haluan tietää mitä tietoja minusta on tallennettu.\n\n{block}\n\nUutiskirjeen teksti\n"
    assert parse_message(mail(body)).new_text == "Haluan tietää mitä tietoja minusta on tallennettu."


def test_a_from_line_in_the_request_itself_is_not_a_quote() -> None:
    body = "From: now on, do not send me marketing.\nI mean it.\n"
    assert parse_message(mail(body)).new_text == body.strip()


@pytest.mark.parametrize(("body", "expected"), [
    ("Delete my data please.\n-- \nMatti Meikäläinen\nCEO, Example Oy\n+358 40 123", "Delete my data please."),
    ("Poistakaa tietoni.\n\nYstävällisin terveisin\nMatti Meikäläinen\nExample Oy", "Poistakaa tietoni."),
    ("Radera mina uppgifter.\n\nMed vänliga hälsningar,\nÅsa", "Radera mina uppgifter."),
    ("Bitte löschen.\n\nMit freundlichen Grüßen\nHans", "Bitte löschen."),
    ("Unsubscribe\n\nSent from my iPhone", "Unsubscribe"),
    ("Peruutan tilauksen.\n\nLähetetty iPhonesta", "Peruutan tilauksen."),
])
def test_signatures_are_not_new_text(body: str, expected: str) -> None:
    assert parse_message(mail(body)).new_text == expected


@pytest.mark.parametrize("disclaimer", [
    "This e-mail is confidential and intended solely for the addressee. If you have received it "
    "in error, please notify the sender and delete it.",
    "Tämä viesti on luottamuksellinen ja tarkoitettu vain vastaanottajalle. Jos olet saanut viestin "
    "erehdyksessä, ilmoita lähettäjälle.",
    "Detta meddelande är konfidentiellt och avsett endast för mottagaren. Om du fått det av misstag, radera det.",
    "Diese E-Mail ist vertraulich. Wenn Sie nicht der richtige Adressat sind oder diese E-Mail "
    "irrtümlich erhalten haben, informieren Sie bitte sofort den Absender.",
])
def test_legal_disclaimers_are_not_new_text(disclaimer: str) -> None:
    body = f"Please erase all my personal data.\n\n{disclaimer}\n"
    assert parse_message(mail(body)).new_text == "Please erase all my personal data."


def test_a_request_about_confidentiality_is_not_a_disclaimer() -> None:
    body = ("Hello,\n\nPlease tell me which recipients my data was disclosed to and whether it is "
            "kept confidential.\n\nMatti")
    assert "which recipients" in parse_message(mail(body)).new_text


# --- forwards: the forwarded message is what the forwarder brings us -------------------------

def test_forward_keeps_the_forwarded_request_as_new_text() -> None:
    body = ("Voitteko hoitaa tämän?\n\n---------- Forwarded message ---------\n"
            "From: Liisa <liisa@example.fi>\nDate: Mon, 24 Nov 2026 09:00\nSubject: Poisto\n"
            "To: <sales@xcure.fi>\n\nPoistakaa tietoni rekisteristänne.\n\nTerveisin\nLiisa\n")
    p = parse_message(mail(body, subject="Fwd: Poisto"))
    assert p.new_text == "Voitteko hoitaa tämän?\n\nPoistakaa tietoni rekisteristänne."


def test_outlook_forward_vl_keeps_the_forwarded_content() -> None:
    body = ("\nLähettäjä: Liisa <liisa@example.fi>\nLähetetty: maanantai 24. marraskuuta 2026\n"
            "Vastaanottaja: sales@xcure.fi\nAihe: Tietopyyntö\n\nHaluan nähdä tietoni.\n")
    assert parse_message(mail(body, subject="VL: Tietopyyntö")).new_text == "Haluan nähdä tietoni."


def test_forward_as_attached_message() -> None:
    inner = (b"From: Liisa <liisa@example.fi>\r\nSubject: Poisto\r\nContent-Type: text/plain; charset=utf-8"
             b"\r\n\r\nPoistakaa tietoni.\r\n")
    body = (b"--q\r\nContent-Type: text/plain\r\n\r\nFYI\r\n--q\r\nContent-Type: message/rfc822\r\n"
            b"Content-Disposition: attachment\r\n\r\n" + inner + b"--q--\r\n")
    p = parse_message(mail(body, subject="Fwd: Poisto", ctype='multipart/mixed; boundary="q"'))
    assert p.new_text == "FYI\n\nPoistakaa tietoni."
    assert "From: Liisa <liisa@example.fi>" in p.text


# --- charsets ----------------------------------------------------------------------------------

@pytest.mark.parametrize(("raw_body", "ctype"), [
    ("Hyvää päivää, poistakaa tietoni.".encode("latin-1"), "text/plain"),  # undeclared
    ("Hyvää päivää, poistakaa tietoni.".encode("latin-1"), "text/plain; charset=utf-8"),  # wrong
    ("Hyvää päivää, poistakaa tietoni.".encode(), "text/plain; charset=iso-8859-1"),  # wrong
    ("Hyvää päivää, poistakaa tietoni.".encode("cp1252"), "text/plain; charset=x-unknown-thing"),
    ("Hyvää päivää, poistakaa tietoni.".encode("cp1252"), 'text/plain; charset="windows-1252"'),
])
def test_any_charset_declared_or_not_reads_correctly(raw_body: bytes, ctype: str) -> None:
    assert parse_message(mail(raw_body, ctype=ctype)).new_text == "Hyvää päivää, poistakaa tietoni."


def test_cyrillic_mislabelled_as_ascii_is_guessed() -> None:
    text = "Здравствуйте, пожалуйста удалите мои персональные данные из вашей базы. Спасибо большое. " * 3
    p = parse_message(mail(text.encode("cp1251"), ctype="text/plain; charset=us-ascii"))
    assert p.text.strip() == text.strip()
    assert any(d.startswith("Charset:") for d in p.defects)  # the guess is recorded


def test_encoded_headers_rfc2047_and_rfc2231() -> None:
    body = (b"--q\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nLiitteen\xc3\xa4 tiedot\r\n--q\r\n"
            b"Content-Type: application/pdf\r\nContent-Transfer-Encoding: base64\r\n"
            b"Content-Disposition: attachment; filename*=utf-8''henkil%C3%B6llisyys.pdf\r\n\r\n"
            + base64.encodebytes(b"%PDF-1.4 " * 200) + b"--q--\r\n")
    raw = mail(body, subject="=?utf-8?q?Tietopyynt=C3=B6?= =?iso-8859-1?q?_=E4?=",
               sender="=?utf-8?b?TWF0dGkgTWVpa8OkbMOkaW5lbg==?= <matti@example.fi>",
               ctype='multipart/mixed; boundary="q"')
    p = parse_message(raw)
    assert p.subject == "Tietopyyntö ä"
    assert (p.from_name, p.from_addr) == ("Matti Meikäläinen", "matti@example.fi")
    assert p.attachments == [{"filename": "henkilöllisyys.pdf", "content_type": "application/pdf",
                              "size": pytest.approx(1800, rel=0.05)}]
    assert p.new_text == "Liitteenä tiedot"


def test_utf8_headers_without_encoding_smtputf8() -> None:
    raw = "From: Mätti <mätti@esimerkki.fi>\r\nSubject: Tietopyyntö\r\n\r\nHei\r\n".encode()
    p = parse_message(raw)
    assert (p.from_name, p.from_addr, p.subject) == ("Mätti", "mätti@esimerkki.fi", "Tietopyyntö")


# --- HTML ----------------------------------------------------------------------------------------

def test_html_only_mail_is_read_as_text_without_scripts_or_styles() -> None:
    html = ("<html><head><style>.x{color:red}</style><script>alert('x')</script></head><body>"
            "<div>Hei,<br>haluan <b>poistaa</b> tietoni.</div><div>Terveisin<br>Matti</div>"
            '<div class="gmail_quote">ma 24.11.2026 klo 10.00 Xcure &lt;info@xcure.fi&gt; kirjoitti:'
            "<blockquote>Uutiskirje</blockquote></div></body></html>")
    p = parse_message(mail(html, ctype="text/html; charset=utf-8"))
    assert p.html_only
    assert p.new_text == "Hei,\nhaluan poistaa tietoni."
    assert "alert" not in p.text and "color" not in p.text
    assert "> Uutiskirje" in p.text


def test_plain_part_is_preferred_over_html() -> None:
    body = ('--a\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nPlain text\r\n--a\r\n'
            'Content-Type: text/html; charset=utf-8\r\n\r\n<p>HTML text</p>\r\n--a--\r\n')
    p = parse_message(mail(body, ctype='multipart/alternative; boundary="a"'))
    assert (p.new_text, p.html_only) == ("Plain text", False)


# --- automated mail (RFC 3834 and friends) ------------------------------------------------------

@pytest.mark.parametrize(("headers", "envelope", "reason"), [
    ("Auto-Submitted: auto-replied\r\n", "a@example.fi", "Auto-Submitted: auto-replied"),
    ("Precedence: bulk\r\n", "a@example.fi", "Precedence: bulk"),
    ("Precedence: list\r\n", "a@example.fi", "Precedence: list"),
    ("List-Id: <news.example.fi>\r\n", "a@example.fi", "List-Id present"),
    ("List-Unsubscribe: <mailto:u@example.fi>\r\n", "a@example.fi", "List-Unsubscribe present"),
    ("X-Autoreply: yes\r\n", "a@example.fi", "X-Autoreply present"),
    ("X-Autorespond: yes\r\n", "a@example.fi", "X-Autorespond present"),
    ("X-Auto-Response-Suppress: All\r\n", "a@example.fi", "X-Auto-Response-Suppress present"),
    ("", "<>", "null envelope sender"),
    ("", "MAILER-DAEMON@mx.example.fi", "system sender"),
    ("", "news-request@lists.example.fi", "system sender"),
    ("", "bounces+123@mail.example.fi", "system sender"),
])
def test_automated_headers_and_senders(headers: str, envelope: str, reason: str) -> None:
    p = parse_message(mail("Hello", headers=headers), envelope_from=envelope)
    assert p.automated and reason in p.automated_reasons


def test_auto_submitted_no_is_a_person() -> None:
    p = parse_message(mail("Poistakaa tietoni.", headers="Auto-Submitted: no\r\n"), envelope_from="m@x.fi")
    assert not p.automated and p.automated_reasons == []


def test_delivery_report_is_automated() -> None:
    body = ("--r\r\nContent-Type: text/plain\r\n\r\nDelivery failed\r\n--r\r\n"
            "Content-Type: message/delivery-status\r\n\r\nStatus: 5.1.1\r\n--r--\r\n")
    p = parse_message(mail(body, ctype='multipart/report; report-type=delivery-status; boundary="r"'),
                      envelope_from="<>")
    assert "multipart/report (delivery-status)" in p.automated_reasons


@pytest.mark.parametrize("subject", [
    "Automaattinen vastaus: Uutiskirje", "Poissa: Uutiskirje", "Frånvaro: Nyhetsbrev",
    "Autosvar: Nyhetsbrev", "Out of Office: Newsletter", "Automatic reply: Newsletter",
    "Abwesenheitsnotiz: Newsletter", "Réponse automatique : Lettre",
])
def test_out_of_office_subjects(subject: str) -> None:
    p = parse_message(mail("I am away.", subject=subject), envelope_from="a@example.fi")
    assert "out-of-office subject" in p.automated_reasons


@pytest.mark.parametrize("text", [
    "Olen lomalla 1.12. asti. Kiireellisissä asioissa ota yhteyttä Liisaan.",
    "Jag är på semester till och med 1 december.",
    "I am out of the office until 1 December with limited access to email.",
    "Ich bin bis zum 1. Dezember nicht im Büro.",
    "Je suis absente du bureau jusqu'au 1er décembre.",
])
def test_out_of_office_text_without_headers(text: str) -> None:
    p = parse_message(mail(text, subject="Re: Newsletter"), envelope_from="a@example.fi")
    assert p.automated_reasons == ["out-of-office text"]


def test_a_request_that_mentions_a_holiday_is_not_automated() -> None:
    text = "I was on vacation when your newsletter arrived. Please delete all my data."
    p = parse_message(mail(text, subject="Delete my data"), envelope_from="a@example.fi")
    assert not p.automated


def test_return_path_stands_in_for_the_envelope_on_imap() -> None:
    p = parse_message(mail("Undeliverable", headers="Return-Path: <>\r\n"))
    assert "null envelope sender" in p.automated_reasons
    assert not parse_message(mail("Hei")).automated  # no Return-Path, no envelope: a person


# --- what else is recorded ----------------------------------------------------------------------

def test_threading_dates_and_authentication_results_are_recorded() -> None:
    headers = ("In-Reply-To: <our-1@xcure.fi>\r\nReferences: <a@x> <our-1@xcure.fi>\r\n"
               "Authentication-Results: mx.xcure.fi; dkim=pass header.d=example.fi; spf=pass\r\n"
               "Authentication-Results: mx.xcure.fi; dmarc=pass header.from=example.fi\r\n"
               "Reply-To: Other <other@example.org>\r\n")
    p = parse_message(mail("Hei", headers=headers))
    assert p.in_reply_to == "<our-1@xcure.fi>" and p.references == ["<a@x>", "<our-1@xcure.fi>"]
    assert p.authentication_results == ["mx.xcure.fi; dkim=pass header.d=example.fi; spf=pass",
                                        "mx.xcure.fi; dmarc=pass header.from=example.fi"]
    assert p.reply_to == ["other@example.org"] and p.message_id == "<m1@example.fi>"
    assert p.date == datetime(2026, 11, 25, 8, 0, tzinfo=UTC)
    assert p.to_json()["date"] == "2026-11-25T10:00:00+02:00"


def test_header_injection_never_reaches_parsed_fields() -> None:
    raw = (b"From: =?utf-8?q?info@xcure.fi_<attacker@evil.example>?= <real@example.fi>\r\n"
           b"Subject: =?utf-8?q?Hello=0D=0ABcc:_everyone@example.com=0D=0A?=\r\n"
           b"Reply-To: =?utf-8?q?x=0Ay?= <r@example.fi>\r\n\r\nhi\r\n")
    p = parse_message(raw)
    assert p.from_addr == "real@example.fi"  # the display name cannot smuggle an address in
    assert p.subject == "Hello Bcc: everyone@example.com"
    for value in (p.subject, p.from_name, p.from_addr, *p.reply_to, p.message_id):
        assert "\r" not in value and "\n" not in value
