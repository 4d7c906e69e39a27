"""The public request form and the status page (issue 15, points 4 and 5), over the real web
server: submission → confirmation mail → the link's page (GET changes nothing) → POST → exactly
the cases a mail would open, with the same identity rule; the abuse cases (forged, altered,
expired links, CSRF-less posts, floods, the honeypot) and no answer that says whether an address
is on file."""

from __future__ import annotations

import re
from datetime import timedelta

import httpx
import pytest
from sqlmodel import select

from bot.cases.register_of_requests import channel
from bot.runtime.clock import FixedClock
from models import (
    Case,
    CaseEvent,
    CaseMessage,
    CaseStatus,
    FormSubmission,
    InboundMessage,
    MessageSource,
    OutboundMessage,
    OutboundState,
    RequestKind,
)
from tests.cases.factories import text_of
from tests.handlers.conftest import ME, NOW, World
from tests.web.client import form_csrf

STRANGER = "nobody.known@example.org"
ACCESS = "Hei,\nEU:n tietosuoja-asetuksen 15 artiklan nojalla pyydän kopion kaikista minua koskevista tiedoista.\nMatti"


@pytest.fixture
def web(world: World, live) -> httpx.Client:  # type: ignore[no-untyped-def]
    return httpx.Client(base_url=live.url, timeout=20, headers={"Accept-Language": "fi"})


def mails(world: World, to: str) -> list[OutboundMessage]:
    return world.mails(to)


def submit(web: httpx.Client, *, email: str, kinds: list[str], lang: str = "fi", **extra: str) -> httpx.Response:
    page = web.get(f"/request?lang={lang}")
    assert page.status_code == 200
    return web.post(f"/request?lang={lang}", data={"csrf": form_csrf(page.text), "email": email,
                                                   "kind": kinds, **extra})


def link(world: World, to: str, path: str) -> str:
    m = re.search(rf"https?://[^\s]+?(/{path}/[A-Za-z0-9_.\-]+)", text_of(mails(world, to)[-1].raw))
    assert m, text_of(mails(world, to)[-1].raw)
    return m.group(1)


def confirm(web: httpx.Client, path: str) -> httpx.Response:
    page = web.get(path)
    assert page.status_code == 200, page.text
    return web.post(path, data={"csrf": form_csrf(page.text)})


def events(world: World, case_id: int) -> list[str]:
    with world.rt.db.session() as s:
        return [e.action for e in s.exec(select(CaseEvent).where(CaseEvent.case_id == case_id)
                                         .order_by(CaseEvent.id))]  # type: ignore[arg-type]


def test_form_confirmed_becomes_the_cases_of_a_mail_verified_by_the_confirmation(world: World, web) -> None:  # type: ignore[no-untyped-def]
    r = submit(web, email=ME.upper(), kinds=["access", "erasure"])
    assert r.status_code == 303 and r.headers["location"].startswith("/request/sent")
    sent = web.get(r.headers["location"])
    assert "Katso sähköpostisi" in sent.text and "Seuraava vaihe" in sent.text
    assert world.cases() == []  # nothing until the address is confirmed
    [mail] = mails(world, ME)
    assert mail.purpose == "form_confirm" and "Vahvista" in mail.subject
    path = link(world, ME, "request/confirm")
    world.rt.clock = FixedClock(NOW + timedelta(hours=30))  # confirmed the next day
    page = web.get(path)
    assert page.status_code == 200 and "Vahvista pyyntö" in page.text and ME in page.text
    assert web.get(path).status_code == 200 and world.cases() == []  # GET (a scanner) changes nothing
    done = web.post(path, data={"csrf": form_csrf(page.text)})
    assert done.status_code == 200 and "Pyyntösi on kirjattu" in done.text
    cases = world.cases()
    assert sorted(c.kind for c in cases) == [RequestKind.ACCESS, RequestKind.ERASURE]
    for c in cases:
        assert c.reference in done.text
        assert c.received_at == NOW + timedelta(hours=30)  # received when confirmed
        assert c.due_date.isoformat() == "2026-04-07"  # 6 March + 1 month → Tue 7 April (Easter)
        assert c.verified_at is not None  # confirming the address on file is the identity proof
        assert channel(c, "bot") == "form"
        assert "form_confirmed" in events(world, c.id)  # type: ignore[arg-type]
    with world.rt.db.session() as s:
        [msg] = s.exec(select(InboundMessage)).all()
        assert msg.source == MessageSource.FORM and msg.from_addr == ME
        assert "Poistakaa tietoni" in text_of(msg.raw)
    letters = [m.purpose for m in mails(world, ME)]
    assert "acknowledgement" in letters and "/v/" not in text_of(
        next(m for m in mails(world, ME) if m.purpose == "acknowledgement").raw)  # no second challenge
    # The confirmation page links to the next step: the status page.
    status = re.search(r'href="(/s/[^"?]+)', done.text)
    assert status and web.get(status.group(1)).status_code == 200
    # A second POST (double click, another tab) makes nothing twice.
    assert web.post(path, data={"csrf": form_csrf(page.text)}).status_code == 409
    assert len(world.cases()) == 2


def test_an_address_not_on_file_gets_the_neutral_path(world: World, web) -> None:  # type: ignore[no-untyped-def]
    assert submit(web, email=STRANGER, kinds=["access"], lang="en").status_code == 303
    done = confirm(web, link(world, STRANGER, "request/confirm"))
    assert done.status_code == 200
    [case] = world.cases()
    assert case.kind == RequestKind.ACCESS and case.verified_at is None and case.person_id is None
    assert "requester_not_in_register" in case.flags and case.needs_review
    ack = mails(world, STRANGER)[-1]
    assert ack.purpose == "acknowledgement" and "If we hold data connected to this address" in text_of(ack.raw)


def test_a_correction_carries_the_new_phone_to_staff(world: World, web) -> None:  # type: ignore[no-untyped-def]
    submit(web, email=ME, kinds=["correction"], lang="en", phone="+358 40 765 4321")
    confirm(web, link(world, ME, "request/confirm"))
    [case] = world.cases()
    assert case.status == CaseStatus.AWAITING_APPROVAL
    assert case.details["correction"]["proposed"] == {"phone": "+358 40 765 4321"}


def test_an_unsubscribe_by_form_is_carried_out_on_confirmation(world: World, web) -> None:  # type: ignore[no-untyped-def]
    from bot.register.suppression import is_suppressed

    submit(web, email=STRANGER, kinds=["unsubscribe"], lang="sv")
    with world.rt.db.session() as s:
        assert not is_suppressed(s, STRANGER)
    confirm(web, link(world, STRANGER, "request/confirm"))
    [case] = world.cases()
    assert case.status == CaseStatus.COMPLETED
    with world.rt.db.session() as s:
        assert is_suppressed(s, STRANGER)


def _strip(html: str) -> str:
    return re.sub(r'name="csrf" value="[^"]+"', "", html)


def test_no_answer_reveals_whether_an_address_is_on_file(world: World, web) -> None:  # type: ignore[no-untyped-def]
    known = submit(web, email=ME, kinds=["access"])
    unknown = submit(web, email=STRANGER, kinds=["access"])
    assert (known.status_code, known.headers["location"]) == (unknown.status_code, unknown.headers["location"])
    assert _strip(web.get(known.headers["location"]).text) == _strip(web.get(unknown.headers["location"]).text)
    # Both get the same confirmation mail (it goes only to the address typed in).
    a, b = text_of(mails(world, ME)[-1].raw), text_of(mails(world, STRANGER)[-1].raw)
    assert re.sub(r"/request/confirm/\S+", "", a) == re.sub(r"/request/confirm/\S+", "", b)


def test_posts_without_or_with_a_forged_csrf_field_are_refused(world: World, web) -> None:  # type: ignore[no-untyped-def]
    data = {"email": ME, "kind": "access"}
    assert web.post("/request", data=data).status_code == 403
    assert web.post("/request", data={**data, "csrf": "forged.token"}).status_code == 403
    page = web.get("/request")
    assert web.post("/request", data={**data, "csrf": form_csrf(page.text)},
                    headers={"Origin": "https://evil.example"}).status_code == 403
    world.rt.clock = FixedClock(NOW + timedelta(hours=13))  # a form left open overnight
    assert web.post("/request", data={**data, "csrf": form_csrf(page.text)}).status_code == 403
    assert mails(world, ME) == []


def test_errors_are_tied_to_their_fields(world: World, web) -> None:  # type: ignore[no-untyped-def]
    r = submit(web, email="not-an-address", kinds=[], lang="en")
    assert r.status_code == 400
    assert 'aria-invalid="true"' in r.text and 'aria-describedby="email-help email-error"' in r.text
    assert 'id="kind-error"' in r.text and "Choose at least one option." in r.text
    assert 'value="not-an-address"' in r.text  # what was typed stays
    assert mails(world, "not-an-address") == []


def test_confirmation_links_forged_altered_expired_and_without_csrf(world: World, web) -> None:  # type: ignore[no-untyped-def]
    submit(web, email=ME, kinds=["erasure"])
    path = link(world, ME, "request/confirm")
    token = path.rsplit("/", 1)[1]
    altered = token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB")
    assert web.get(f"/request/confirm/{altered}").status_code == 404
    assert web.get("/request/confirm/eyJlIjoieEB5LmZpIn0.forged").status_code == 404
    page = web.get(path)
    assert web.post(path, data={}).status_code == 403
    assert web.post(path, data={"csrf": "forged"}).status_code == 403
    assert web.post(f"/request/confirm/{altered}", data={"csrf": form_csrf(page.text)}).status_code == 403
    assert world.cases() == []
    world.rt.clock = FixedClock(NOW + timedelta(hours=49))
    assert web.get(path).status_code == 410
    assert web.post(path, data={"csrf": form_csrf(page.text)}).status_code == 410
    assert world.cases() == []


def test_floods_are_held_per_client_and_per_address(world: World, web) -> None:  # type: ignore[no-untyped-def]
    cfg = world.rt.settings.public
    for _ in range(cfg.form_per_address_per_day + 2):
        assert submit(web, email=ME, kinds=["access"]).status_code == 303  # the page never changes
    assert len(mails(world, ME)) == cfg.form_per_address_per_day  # but the mail stops
    for i in range(cfg.form_per_client_per_hour - cfg.form_per_address_per_day - 2):
        assert submit(web, email=f"p{i}@example.org", kinds=["access"]).status_code == 303
    busy = submit(web, email="one.more@example.org", kinds=["access"])
    assert busy.status_code == 429 and mails(world, "one.more@example.org") == []
    world.rt.clock = FixedClock(NOW + timedelta(hours=1, minutes=1))
    assert submit(web, email="one.more@example.org", kinds=["access"]).status_code == 303
    with world.rt.db.session() as s:  # the table holds keyed hashes, never the address
        rows = s.exec(select(FormSubmission)).all()
        assert rows and all(ME not in (r.address_hash + r.client_hash) and len(r.address_hash) == 64 for r in rows)


def test_the_honeypot_sends_nothing_and_looks_the_same(world: World, web) -> None:  # type: ignore[no-untyped-def]
    r = submit(web, email=ME, kinds=["access"], website="http://spam.example")
    assert r.status_code == 303 and r.headers["location"].startswith("/request/sent")
    assert mails(world, ME) == []
    with world.rt.db.session() as s:
        assert s.exec(select(FormSubmission)).all() == []


def test_the_form_works_in_three_languages_without_javascript(world: World, web) -> None:  # type: ignore[no-untyped-def]
    for lang, words in {"fi": "Tietosuojapyyntö", "sv": "Begäran om dataskydd", "en": "Privacy request"}.items():
        page = web.get(f"/request?lang={lang}")
        assert page.status_code == 200 and words in page.text and f'lang="{lang}"' in page.text
        assert "<script" not in page.text and "http" not in re.sub(r'href="/[^"]*"', "", page.text.split("<footer")[0]).replace("http-equiv", "")
        assert page.text.count("<legend>") == 1 and page.text.count('type="checkbox"') == 7  # six rights and "something else"
        for k in ("access", "erasure", "correction", "restriction", "portability", "unsubscribe"):
            assert f'<label for="kind-{k}">' in page.text


# --- the status page ------------------------------------------------------------------------------

def _send_all(world: World) -> None:
    """What the outbox does once a letter left: only sent letters show on the status page."""
    with world.rt.db.session() as s:
        for m in s.exec(select(OutboundMessage).where(OutboundMessage.state == OutboundState.QUEUED)).all():
            m.state, m.sent_at = OutboundState.SENT, world.rt.clock.now()
            s.add(m)


def test_status_page_shows_the_case_and_only_sent_letters_and_withdraws(world: World, web) -> None:  # type: ignore[no-untyped-def]
    [case] = world.send(ACCESS, subject="Tietopyyntö")
    ack = mails(world, ME)[-1]
    assert "/s/" in text_of(ack.raw) and "perua pyynnön" in text_of(ack.raw)  # every letter links to it
    path = link(world, ME, "s")
    page = web.get(path)
    assert page.status_code == 200, page.text
    assert case.reference in page.text and "Pääsy tietoihin" in page.text and "7.4.2026" in page.text
    assert "Odottaa vahvistustasi" in page.text
    assert ack.subject not in page.text  # queued, not yet sent: not shown
    _send_all(world)
    page = web.get(path)
    assert ack.subject in page.text and "/v/" not in page.text  # the verify link itself is not repeated
    assert web.post(f"{path}/withdraw", data={"reference": case.reference}).status_code == 403
    r = web.post(f"{path}/withdraw", data={"reference": case.reference, "csrf": form_csrf(page.text)})
    assert r.status_code == 200 and "on peruttu" in r.text and "Peruttu." in r.text
    c = world.case(case.id)  # type: ignore[arg-type]
    assert c.status == CaseStatus.WITHDRAWN and c.details["outcome"] == "withdrawn"
    assert "withdrawn_by_requester" in events(world, case.id)  # type: ignore[arg-type]
    assert mails(world, ME)[-1].purpose == "outcome_withdrawn"
    again = web.post(f"{path}/withdraw", data={"reference": case.reference, "csrf": form_csrf(page.text)})
    assert again.status_code == 409


def test_a_message_from_the_status_page_joins_the_case(world: World, web) -> None:  # type: ignore[no-untyped-def]
    [case] = world.send(ACCESS, subject="Tietopyyntö")
    path = link(world, ME, "s")
    page = web.get(path)
    assert web.post(f"{path}/message", data={"message": "hei"}).status_code == 403
    assert web.post(f"{path}/message", data={"message": "", "csrf": form_csrf(page.text)}).status_code == 400
    r = web.post(f"{path}/message", data={"message": "Asiakasnumeroni on 12345.", "csrf": form_csrf(page.text)})
    assert r.status_code == 200 and "liitetty" in r.text
    c = world.case(case.id)  # type: ignore[arg-type]
    assert "new_reply" in c.flags and c.needs_review
    with world.rt.db.session() as s:
        linked = s.exec(select(InboundMessage).join(CaseMessage, CaseMessage.inbound_message_id == InboundMessage.id)  # type: ignore[arg-type]
                        .where(CaseMessage.case_id == case.id, InboundMessage.source == MessageSource.FORM)).all()
        assert len(linked) == 1 and "Asiakasnumeroni on 12345." in text_of(linked[0].raw)
    world.rt.settings.public.status_messages_per_day = 1
    assert web.post(f"{path}/message", data={"message": "taas", "csrf": form_csrf(page.text)}).status_code == 429


def test_status_links_forged_altered_expired(world: World, web) -> None:  # type: ignore[no-untyped-def]
    world.send(ACCESS, subject="Tietopyyntö")
    path = link(world, ME, "s")
    token = path.rsplit("/", 1)[1]
    assert web.get(f"/s/{token[:-2]}{'AA' if not token.endswith('AA') else 'BB'}").status_code == 404
    assert web.get("/s/W1sxXSwwXQ.forged").status_code == 404
    from bot.runtime.tokens import Purpose, sign  # a valid signature for another purpose
    assert web.get("/s/" + sign(world.rt.settings, Purpose.ASK, [[1], 0], timed=False)).status_code == 404
    world.rt.clock = FixedClock(NOW + timedelta(days=world.rt.settings.public.status_link_days + 1))
    assert web.get(path).status_code == 410


def test_a_case_that_is_not_the_requesters_is_never_shown(world: World, web) -> None:  # type: ignore[no-untyped-def]
    from bot.replies.links import status_token

    world.send(ACCESS, subject="Tietopyyntö")
    world.send(ACCESS, subject="Access", frm=STRANGER)
    with world.rt.db.session() as s:
        both = list(s.exec(select(Case)).all())
    assert len({c.requester_email for c in both}) == 2
    assert web.get(f"/s/{status_token(world.rt, both)}").status_code == 404


def test_housekeeping_forgets_old_submissions(world: World, web) -> None:  # type: ignore[no-untyped-def]
    from bot.jobs.housekeeping import prune_job_runs

    submit(web, email=ME, kinds=["access"])
    with world.rt.db.session() as s:
        assert prune_job_runs(s, world.rt)["deleted"]["form_submission"] == 0  # still counted
    world.rt.clock = FixedClock(NOW + timedelta(days=4))
    with world.rt.db.session() as s:
        assert prune_job_runs(s, world.rt)["deleted"]["form_submission"] == 1
    with world.rt.db.session() as s:
        assert s.exec(select(FormSubmission)).all() == []


def test_a_flood_of_answers_to_one_question_decides_once(world: World, web) -> None:  # type: ignore[no-untyped-def]
    from concurrent.futures import ThreadPoolExecutor

    from tests.asking.test_asking import _unclear_case

    case = _unclear_case(world)
    path = link(world, ME, "c")
    page = web.get(path)
    csrf = form_csrf(page.text)

    def answer(_: int) -> int:
        with httpx.Client(base_url=str(web.base_url), timeout=30) as c:
            return c.post(path, data={"kind": "erasure", "csrf": csrf}).status_code

    with ThreadPoolExecutor(6) as pool:
        codes = sorted(pool.map(answer, range(12)))
    assert codes.count(200) == 1 and set(codes) <= {200, 409}, codes
    assert [c.kind for c in world.cases()] == [RequestKind.ERASURE]
    assert events(world, case.id).count("clarified_by_requester") == 1  # type: ignore[arg-type]
    # Forged answers in bulk change nothing and say nothing.
    for i in range(20):
        assert web.post(f"/c/forged{i}.x", data={"kind": "access", "csrf": csrf}).status_code in (403, 404)
    assert len(world.cases()) == 1


def test_something_else_needs_its_text(world: World, web) -> None:  # type: ignore[no-untyped-def]
    r = submit(web, email=ME, kinds=["other"], lang="sv")
    assert r.status_code == 400 and 'id="other-error"' in r.text
    assert "Berätta vad du vill när du väljer ”Något annat”." in r.text
    assert 'href="#other"' in r.text and mails(world, ME) == []


@pytest.mark.parametrize("email", [ME, STRANGER])
def test_only_something_else_becomes_an_unclear_case_waiting_for_staff(world: World, web, email: str) -> None:  # type: ignore[no-untyped-def]
    wish = "Haluan tietää, kenelle olette luovuttaneet puhelinnumeroni."
    assert submit(web, email=email, kinds=["other"], other=wish).status_code == 303
    [mail] = mails(world, email)
    assert f"- jotain muuta: {wish}" in text_of(mail.raw)
    path = link(world, email, "request/confirm")
    world.rt.clock = FixedClock(NOW + timedelta(hours=30))
    page = web.get(path)
    assert "Jotain muuta: " + wish in page.text and world.cases() == []
    done = web.post(path, data={"csrf": form_csrf(page.text)})
    assert done.status_code == 200
    [case] = world.cases()  # never dropped
    assert case.status == CaseStatus.RECEIVED and case.needs_review and "requester_other" in case.flags
    assert case.received_at == NOW + timedelta(hours=30) and case.due_date.isoformat() == "2026-04-07"
    assert case.details["unclear"]["other"] == wish and channel(case, "bot") == "form"
    assert case.verified_at is None  # nothing is done before staff decide what was asked
    got = events(world, case.id)  # type: ignore[arg-type]
    assert got.index("form_confirmed") < got.index("queued_for_staff")
    with world.rt.db.session() as s:
        [msg] = s.exec(select(InboundMessage)).all()
    assert wish in text_of(msg.raw) and "Jotain muuta" in text_of(msg.raw)
    assert "acknowledgement" in [m.purpose for m in mails(world, email)]
    status = re.search(r'href="(/s/[^"?]+)', done.text)
    assert status
    shown = web.get(status.group(1)).text
    assert "Jotain muuta" in shown and "Pääsy tietoihin" not in shown  # not the placeholder kind
