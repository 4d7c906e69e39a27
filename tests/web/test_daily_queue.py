"""The queue for a working day: clickable count cards and the views they open, due-soon and
overdue marked in words (not colour alone), paging past 500 rows; other messages with a preview
line, "checked — not a request" (recorded) and a count in the navigation."""

from __future__ import annotations

from datetime import timedelta

from bs4 import BeautifulSoup
from sqlmodel import select

from bot.cases.service import open_case, set_status
from handlers.restriction import followup_done, set_ground
from models import Case, CaseStatus, InboundMessage, RequestKind
from tests.web.client import form_csrf, staff_client
from tests.web.factories import PASSWORD, make_case, make_inbound, make_staff


def _set(rt, ref: str, **values: object) -> None:
    with rt.db.session() as s:
        c = s.exec(select(Case).where(Case.reference == ref)).one()
        status = values.pop("status", None)
        for k, v in values.items():
            setattr(c, k, v)
        s.add(c)
        if status:
            set_status(s, rt, c, status)


def _refs(html: str) -> set[str]:
    table = BeautifulSoup(html, "html.parser").find("table", id="queue")
    return {a.text for a in table.select("tbody tr td:first-child a")} if table else set()


def test_count_cards_open_their_views_and_marks_are_words(live) -> None:
    rt = live.rt
    make_staff(rt)
    late = make_case(rt, email="late@example.fi", days_ago=45)
    soon = make_case(rt, email="soon@example.fi", days_ago=27)
    review = make_case(rt, email="review@example.fi", needs_review=True)
    waiting = make_case(rt, email="wait@example.fi")
    procs = make_case(rt, email="procs@example.fi")
    replied = make_case(rt, email="reply@example.fi")
    _set(rt, waiting, status=CaseStatus.AWAITING_REQUESTER)
    _set(rt, procs, status=CaseStatus.AWAITING_PROCESSORS)
    _set(rt, replied, flags=["new_reply"])
    c, _ = staff_client(rt and live.url, "liisa", PASSWORD)
    page = c.get("/staff?lang=fi")
    soup = BeautifulSoup(page.text, "html.parser")
    cards = {a["id"]: a["href"] for a in soup.select(".counts.cards a[id]")}
    assert cards["card-overdue"] == "/staff?view=overdue" and "card-new_reply" in cards
    counts = {s["id"]: s.text for s in soup.select(".counts strong[id]")}
    assert counts["count-review"] == "1" and counts["count-waiting_requester"] == "1"
    assert counts["count-waiting_processors"] == "1" and counts["count-new_reply"] == "1"
    expect = {"overdue": {late}, "due_soon": {soon}, "review": {review}, "waiting_requester": {waiting},
              "waiting_processors": {procs}, "new_reply": {replied}}
    for view, refs in expect.items():
        got = c.get(cards[f"card-{view}"])
        assert _refs(got.text) == refs, view
        assert 'aria-current="page"' in got.text
    row = BeautifulSoup(page.text, "html.parser")
    late_row = next(tr for tr in row.select("#queue tbody tr") if late in tr.text)
    soon_row = next(tr for tr in row.select("#queue tbody tr") if soon in tr.text)
    assert "myöhässä" in late_row.text.lower() and "⚠" in late_row.text  # words and a sign, not colour
    assert "erääntyy pian" in soon_row.text and "⏳" in soon_row.text


def test_paging_past_500_rows(live) -> None:
    rt = live.rt
    make_staff(rt)
    now = rt.clock.now()
    with rt.db.session() as s:
        for i in range(503):
            open_case(s, rt, kind=RequestKind.ACCESS, requester_email=f"p{i}@example.fi", language="fi",
                      received_at=now - timedelta(minutes=i))
    c, _ = staff_client(live.url, "liisa", PASSWORD)
    first = c.get("/staff?lang=en")
    assert len(_refs(first.text)) == 500 and "Cases 1\u2013500 of 503" in first.text
    nxt = BeautifulSoup(first.text, "html.parser").find("a", id="next-page")["href"]
    second = c.get(nxt)
    assert len(_refs(second.text)) == 3 and "Cases 501\u2013503 of 503" in second.text
    assert not _refs(first.text) & _refs(second.text)
    assert c.get("/staff?page=abc").status_code == 200


def test_other_messages_preview_checked_and_a_count_in_the_navigation(live) -> None:
    rt = live.rt
    make_staff(rt)
    mid = make_inbound(rt, from_addr="someone@example.fi", subject="Kysymys", outcome="not_request",
                       body="Hei, milloin myymälä aukeaa lauantaina? Terveisin Pekka")
    with rt.db.session() as s:
        m = s.get(InboundMessage, mid)
        m.parsed = {"new_text": "Hei, milloin myymälä\n aukeaa lauantaina?", "text": "x"}
        s.add(m)
    c, _ = staff_client(live.url, "liisa", PASSWORD)
    listing = c.get("/staff/messages?lang=fi")
    assert "Hei, milloin myymälä aukeaa lauantaina?" in listing.text  # one line
    nav = BeautifulSoup(listing.text, "html.parser").find(id="nav-to-check")
    assert nav is not None and nav.text.split()[0] == "1" and "1 tarkistettavaa viestiä" in nav.text
    assert "ei pyyntö" in listing.text
    page = c.get(f"/staff/messages/{mid}")
    assert "Tarkistettu — ei pyyntö" in page.text
    assert c.post(f"/staff/messages/{mid}/checked", data={}).status_code == 403  # no CSRF token
    r = c.post(f"/staff/messages/{mid}/checked", data={"csrf": form_csrf(page.text)})
    assert r.status_code == 303
    with rt.db.session() as s:
        m = s.get(InboundMessage, mid)
        assert m.checked_by == "liisa" and m.checked_at is not None
    after = c.get("/staff/messages?lang=fi")
    assert f"/staff/messages/{mid}" not in after.text and "nav-to-check" not in after.text
    assert f"/staff/messages/{mid}" in c.get("/staff/messages?show=checked").text
    again = c.post(f"/staff/messages/{mid}/checked", data={"csrf": form_csrf(page.text)})
    assert again.status_code == 409
    assert "Tarkistanut liisa" in c.get(f"/staff/messages/{mid}?lang=fi").text


def test_a_restriction_followup_due_has_its_card_and_view(live) -> None:
    rt = live.rt
    make_staff(rt)
    rt.settings.execution.restriction_followup_days = 3
    due, done, completed, other = (make_case(rt, email=f"r{i}@example.fi", kind=RequestKind.RESTRICTION)
                                   for i in range(4))
    rt.settings.execution.restriction_followup_days = 30
    later = make_case(rt, email="later@example.fi", kind=RequestKind.RESTRICTION)
    plain = make_case(rt, email="plain@example.fi")
    with rt.db.session() as s:
        cases = {c.reference: c for c in s.exec(select(Case))}
        rt.settings.execution.restriction_followup_days = 3
        for ref, g in ((due, "a"), (done, "d"), (completed, "d"), (other, "b")):
            set_ground(s, rt, cases[ref], g, actor="liisa")
        rt.settings.execution.restriction_followup_days = 30
        set_ground(s, rt, cases[later], "a", actor="liisa")
        followup_done(s, rt, cases[done], actor="liisa", result="checked")
    _set(rt, completed, status=CaseStatus.COMPLETED)  # the data stays restricted: still to decide
    c, _ = staff_client(live.url, "liisa", PASSWORD)
    for lang, label in (("fi", "Rajoituksen jatkotoimi erääntyy"),
                        ("sv", "Begränsningens uppföljning förfaller"), ("en", "Restriction follow-up due")):
        soup = BeautifulSoup(c.get(f"/staff?lang={lang}").text, "html.parser")
        card = soup.select_one("a#card-followup_due")
        assert card is not None and card["href"] == "/staff?view=followup_due"
        assert card.select_one("strong#count-followup_due").text == "2" and label in card.text
    got = c.get("/staff?view=followup_due&lang=fi")
    assert _refs(got.text) == {due, completed}
    assert plain not in got.text and later not in got.text


def test_each_row_says_who_acts_next_in_the_pages_language(live) -> None:
    rt = live.rt
    make_staff(rt)
    staff_turn = make_case(rt, email="staff@example.fi")
    requester = make_case(rt, email="wait@example.fi")
    procs = make_case(rt, email="procs@example.fi", kind=RequestKind.ERASURE)
    closed = make_case(rt, email="closed@example.fi")
    _set(rt, requester, status=CaseStatus.AWAITING_REQUESTER)
    _set(rt, procs, status=CaseStatus.AWAITING_PROCESSORS)
    _set(rt, closed, status=CaseStatus.COMPLETED)
    c, _ = staff_client(live.url, "liisa", PASSWORD)
    words = {"fi": ("Odottaa henkilökuntaa", "Odottaa pyytäjää", "Odottaa käsittelijöitä", "Suljettu"),
             "sv": ("Väntar på personalen", "Väntar på begäraren", "Väntar på biträden", "Stängd"),
             "en": ("Waiting for staff", "Waiting for the requester", "Waiting for processors", "Closed")}
    for lang, expect in words.items():
        soup = BeautifulSoup(c.get(f"/staff?status=all&lang={lang}").text, "html.parser")
        got = {tr.select_one("td a").text: tr.select_one("td.next-actor").text
               for tr in soup.select("table#queue tbody tr")}
        assert got == dict(zip((staff_turn, requester, procs, closed), expect, strict=True)), lang
