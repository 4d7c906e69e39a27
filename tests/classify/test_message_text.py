"""What of a message the classifier reads: forwards count, a reply's inherited subject does not,
and staff corrections become training examples."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from bot.classify import get_classifier
from bot.classify.corpus import read_dir
from bot.classify.feedback import record_correction
from bot.classify.messagetext import classified_text, forwarded_content
from bot.mail.parse import parse_message
from bot.runtime.config import Settings

FORWARD = (
    b"From: sales@xcure.fi\r\nTo: info@xcure.fi\r\nSubject: VL: Tietoni\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
    b"V\xc3\xa4lit\xc3\xa4n t\xc3\xa4m\xc3\xa4n teille.\r\n\r\n---------- Forwarded message ---------\r\n"
    b"From: Liisa <liisa@example.fi>\r\nDate: Mon, 2 Nov 2026\r\nSubject: Tietoni\r\nTo: <sales@xcure.fi>\r\n\r\n"
    b"Hei, poistakaa kaikki tietoni rekisterist\xc3\xa4nne.\r\n"
)
REPLY = (
    b"From: liisa@example.fi\r\nTo: info@xcure.fi\r\nSubject: Re: Poistakaa tietoni\r\n\r\n"
    b"Kiitos vastauksesta!\r\n\r\nma 2.11.2026 klo 9.14 Liisa <liisa@example.fi> kirjoitti:\r\n> Poistakaa tietoni.\r\n"
)


def test_a_forwarded_request_is_read() -> None:
    r = get_classifier().classify_parsed(parse_message(FORWARD))
    assert r.kinds == ["erasure"]
    assert r.language == "fi"


def test_a_thank_you_reply_is_not_its_quoted_request() -> None:
    r = get_classifier().classify_parsed(parse_message(REPLY))
    assert r.kinds == []


def test_forwarded_content_skips_the_header_block() -> None:
    text = "note\n-----Original Message-----\nFrom: a@b\nSent: today\nSubject: x\n\nthe request\n> old"
    assert forwarded_content(text).startswith("the request")
    assert forwarded_content("no forward here") == ""


def test_reply_subject_is_dropped_only_when_there_is_a_body() -> None:
    assert classified_text("Re: Unsubscribe", "", "thanks") == ("", "thanks")
    assert classified_text("Re: Unsubscribe", "", "") == ("Re: Unsubscribe", "")
    assert classified_text("Unsubscribe", "", "now") == ("Unsubscribe", "now")


def test_staff_correction_is_saved_for_training(settings: Settings, tmp_path: Path) -> None:
    parsed = parse_message(REPLY)
    path = record_correction(settings, parsed, kinds=["unsubscribe"], language="fi", actor="anna",
                             when=datetime(2026, 11, 25, tzinfo=UTC))
    assert Path(settings.classifier.feedback_dir) in path.parents
    [ex] = read_dir(path.parent)
    assert ex.kinds == ["unsubscribe"] and ex.text == "Kiitos vastauksesta!" and ex.subject == ""


def test_a_question_about_holidays_is_not_an_auto_reply() -> None:
    raw = (b"From: a@example.com\r\nTo: info@xcure.fi\r\nSubject: Holiday schedule\r\n\r\n"
           b"Hi, are you open between Christmas and New Year?\r\n")
    r = get_classifier().classify_parsed(parse_message(raw))
    assert not r.automated and r.kinds == []
    auto = parse_message(raw.replace(b"Holiday schedule", b"Holiday: back 3.1."))
    assert get_classifier().classify_parsed(auto).automated
