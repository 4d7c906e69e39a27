"""`python -m bot register lift-restriction` takes the case page's steps: the notice to the person
is queued first (Art. 18(3)), then the restriction ends, recorded on the case with the actor."""

from __future__ import annotations

from sqlmodel import select

from bot.runtime import Runtime
from bot.runtime.config import Settings
from handlers import get_handler
from handlers.restriction import guess_ground
from models import Case, CaseEvent, OutboundMessage, Person, RequestKind
from tests.cases.factories import text_of
from tests.register.factories import make_person
from tests.register.test_suppression_command import bot
from tests.web.factories import make_case


def test_lift_restriction_from_the_cli_sends_the_notice_then_lifts(settings: Settings, rt: Runtime) -> None:
    with rt.db.session() as s:
        p = make_person(s, "sanna@example.fi", name="Sanna S")
        pid = p.id
    ref = make_case(rt, email="sanna@example.fi", kind=RequestKind.RESTRICTION, verified=True, person=p,
                    body="Jag invänder mot behandlingen, begränsa den tills ni har avgjort saken.",
                    language="sv")
    with rt.db.session() as s:
        case = s.exec(select(Case).where(Case.reference == ref)).one()
        get_handler(case.kind).on_verified(s, rt, case)
        assert case.details["restriction"]["ground"] == "d"  # an objection is pending
    r = bot(settings, "register", "lift-restriction", "sanna@example.fi")
    assert r.returncode == 2 and "--by" in r.stderr  # the actor is required
    r = bot(settings, "register", "lift-restriction", "Sanna@example.fi", "--by", "dpo.anna",
            "--reason", "Invändningen avgjord")
    assert (r.returncode, r.stdout.strip()) == (0, "notice queued, restriction lifted"), r.stderr
    with rt.db.session() as s:
        assert not s.get(Person, pid).restricted
        [notice] = s.exec(select(OutboundMessage).where(OutboundMessage.purpose == "restriction_lift")).all()
        case = s.exec(select(Case).where(Case.reference == ref)).one()
        [ev] = s.exec(select(CaseEvent).where(CaseEvent.case_id == case.id,
                                               CaseEvent.action == "restriction_lifted")).all()
    assert notice.to_addr == "sanna@example.fi"
    body = " ".join(text_of(notice.raw).split())
    assert "Nu häver vi begränsningen" in body and "Invändningen avgjord" in body and ref in body
    assert (ev.actor, ev.actor_type, ev.details["notice_outbound_id"]) == ("dpo.anna", "staff", notice.id)
    # The outbox delivers it (here to the test maildir), as it would to the relay.
    import asyncio
    from email import message_from_bytes
    from email.policy import default
    from pathlib import Path

    from bot.replies.outbox import send_due

    asyncio.run(send_due(rt))
    [delivered] = list((Path(rt.settings.outbound.maildir) / "new").iterdir())
    msg = message_from_bytes(delivered.read_bytes(), policy=default)
    assert msg["To"] == "sanna@example.fi" and ref in msg["Subject"]
    r = bot(settings, "register", "lift-restriction", "sanna@example.fi", "--by", "dpo.anna")
    assert (r.returncode, r.stdout.strip()) == (0, "not restricted")


def test_without_a_case_for_the_notice_nothing_is_lifted(settings: Settings, rt: Runtime) -> None:
    from bot.register.restriction import restrict
    from tests.register.factories import AT

    with rt.db.session() as s:
        restrict(s, make_person(s, "ghost@example.fi", history=False), at=AT, reason="imported")
    r = bot(settings, "register", "lift-restriction", "ghost@example.fi", "--by", "dpo.anna")
    assert r.returncode == 1 and "no restriction case" in r.stderr
    with rt.db.session() as s:
        assert s.exec(select(Person)).one().restricted


def test_the_ground_is_read_from_the_request_in_three_languages() -> None:
    assert guess_ground("Osoitteeni on virheellinen, rajoittakaa käsittelyä") == "a"
    assert guess_ground("I object to the processing; restrict it meanwhile") == "d"
    assert guess_ground("Behåll uppgifterna, jag behöver dem för rättsliga anspråk") == "c"
    assert guess_ground("The processing is unlawful but do not delete, restrict instead") == "b"
    assert guess_ground("Please restrict my data") is None
