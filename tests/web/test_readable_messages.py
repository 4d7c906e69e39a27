"""Every message in and out opens in full on the case page and in `python -m bot case REF`: its
text, language, links and attachments; HTML in mail is never rendered."""

from __future__ import annotations

from bs4 import BeautifulSoup
from sqlmodel import select

from bot.replies.send import send_reply
from bot.runtime.clock import SystemClock
from models import Case
from tests.cases.test_commands import _bot
from tests.web.client import form_csrf, staff_client
from tests.web.factories import PASSWORD, make_case, make_staff


def test_messages_in_and_out_are_readable_in_full(live) -> None:
    rt = live.rt
    rt.clock = SystemClock()
    make_staff(rt)
    c, _ = staff_client(live.url, "liisa", PASSWORD)
    body = "Haluan nähdä tietoni. Katso https://example.fi/minä <script>alert(1)</script>"
    ref = make_case(rt, language="fi", body=body)
    with rt.db.session() as s:
        case = s.exec(select(Case).where(Case.reference == ref)).one()
        send_reply(s, rt, template="outcome_withdrawn", language="sv", to=case.requester_email,
                   cases=[case], purpose="outcome_withdrawn", auto_reply=False)
    page = c.get(f"/staff/cases/{ref}?lang=en").text
    r = c.post(f"/staff/cases/{ref}/reply", data={"csrf": form_csrf(page), "subject": "Kysymys",
                                                    "text": "Hei! Tarkoitatko myös puhelumuistiinpanoja?\n"
                                                            "Lisätietoa: https://xcure.fi/tietosuoja"})
    assert r.status_code == 303
    page = c.get(f"/staff/cases/{ref}?lang=en").text
    soup = BeautifulSoup(page, "html.parser")
    assert not soup.find("script", string=lambda t: t and "alert" in t)  # shown, never run
    out = soup.find(id="out-h").parent.get_text(" ")
    assert "utan att vidta åtgärder" in out and "sv" in out  # the letter in full, its language
    assert "Tarkoitatko myös puhelumuistiinpanoja?" in out  # staff's own free reply, in full
    assert "https://xcure.fi/tietosuoja" in out
    assert "https://example.fi/minä" in soup.find(id="msg-h").parent.get_text(" ")

    cli = _bot(rt, "case", ref)
    assert cli.returncode == 0, cli.stderr
    assert "| Hei! Tarkoitatko myös puhelumuistiinpanoja?" in cli.stdout
    assert "link: https://xcure.fi/tietosuoja" in cli.stdout
    assert "utan att vidta åtgärder" in cli.stdout and "language: sv" in cli.stdout
    assert "<script>alert(1)</script>" in cli.stdout  # as text
