"""Automated mail known only by its text: out-of-office replies and system notices (ticket
acknowledgements, "do not reply" notifications) in the languages the bot reads, while a
person's request that talks about automation or replies is not taken for one."""

from __future__ import annotations

import pytest

from bot.classify import get_classifier
from bot.classify.autotext import automated_text_reason

C = get_classifier()

AUTOMATED = [
    ("Re: Tietopyyntö", "Tämä on automaattinen kuittaus. Tukipyyntösi numero 48211 on vastaanotettu."),
    ("Ärende 5521", "Detta är ett automatiskt meddelande. Svara inte på detta meddelande."),
    ("Your request", "This is an automated message. Your ticket #4471 has been created."),
    ("Ihre Anfrage", "Dies ist eine automatisch generierte Nachricht, bitte antworten Sie nicht auf diese E-Mail."),
    ("Odp: prośba", "Dzień dobry, jestem na urlopie do 7 grudnia. W pilnych sprawach proszę pisać do biura."),
    ("Sv: forespørsel", "Takk for e-posten. Jeg er på ferie til 3. desember og leser ikke e-post."),
    ("R: richiesta", "Grazie per il messaggio, sono fuori ufficio fino al 4 dicembre."),
]


@pytest.mark.parametrize(("subject", "text"), AUTOMATED)
def test_system_notices_and_out_of_office_are_automated(subject: str, text: str) -> None:
    assert automated_text_reason(subject, text)
    r = C.classify(subject, text)
    assert r.automated and r.kinds == [], r.reasons


PEOPLE = [
    ("Poistakaa tietoni", "Hei, saan teiltä automaattisia viestejä joka päivä. Poistakaa tietoni."),
    ("Unsubscribe", "Please stop the automated emails, and do not reply with another newsletter."),
    ("Radera", "Jag vill inte ha era automatiska utskick. Radera mina uppgifter."),
]


@pytest.mark.parametrize(("subject", "text"), PEOPLE)
def test_a_person_writing_about_automated_mail_is_not_automated(subject: str, text: str) -> None:
    r = C.classify(subject, text)
    assert not r.automated and r.kinds, r.reasons
