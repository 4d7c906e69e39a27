"""Every request kind from the email to the final database state and the final reply, against
a register filled by demo-data."""

from __future__ import annotations

import io
import json
import re
import zipfile
from datetime import timedelta

import pytest
from sqlalchemy import String, Text, cast, or_, select
from sqlmodel import AutoString

from bot.register.downloads import LinkUsed, open_download
from bot.register.suppression import is_suppressed, suppression_rows
from models import (
    PERSONAL_TABLES,
    CaseEvent,
    CaseStatus,
    Consent,
    Invoice,
    Person,
    PersonEmail,
    ProcessorTask,
    RequestKind,
    Suppression,
)
from tests.cases.factories import text_of
from tests.handlers.conftest import ME, World, final


def _link(text: str) -> str:
    m = re.search(r"/x/([A-Za-z0-9_.\-]+)", text)
    assert m, text
    return m.group(1)


def test_unsubscribe_is_done_at_once(world: World) -> None:
    [case] = world.send("Hei, poistakaa minut postituslistalta, en halua enää uutiskirjettä.",
                        subject="Uutiskirje")
    assert case.kind == RequestKind.UNSUBSCRIBE and case.status == CaseStatus.COMPLETED
    with world.rt.db.session() as s:
        assert is_suppressed(s, ME)
        assert {c.status for c in s.exec(select(Consent).where(Consent.person_id == world.person_id)).scalars()} == {"withdrawn"}
        ev = s.exec(select(CaseEvent).where(CaseEvent.case_id == case.id, CaseEvent.action == "unsubscribed")).scalars().one()
        assert ev.details["tables"] == {"consent": 2, "suppression": 1}
    [ack] = world.mails()
    assert case.reference in ack.subject
    # Again, and from an address not in the register: no change / suppressed all the same.
    [again] = world.send("Unsubscribe me from your newsletter please.", subject="unsubscribe")
    assert again.status == CaseStatus.COMPLETED
    world.send("Please unsubscribe me from all marketing emails.", subject="Unsubscribe", frm="nobody@example.se")
    with world.rt.db.session() as s:
        assert is_suppressed(s, "nobody@example.se")
        assert len(s.exec(select(Suppression)).scalars().all()) == 2


def test_access_delivers_a_single_use_link_and_flags_a_second_request(world: World) -> None:
    [case] = world.send("Hello, under GDPR Article 15 I want a copy of all personal data you hold about me.",
                        subject="Data access request")
    assert case.kind == RequestKind.ACCESS and case.status == CaseStatus.AWAITING_VERIFICATION
    world.verify()
    case = world.case(case.id)
    assert case.status == CaseStatus.COMPLETED
    body = text_of(final(world, case).raw)
    assert "works once" in body and case.reference in body
    with world.rt.db.session() as s:
        name, data = open_download(s, world.rt, _link(body))
    assert name == f"access-{case.reference}.zip"
    z = zipfile.ZipFile(io.BytesIO(data))
    tables = json.loads(z.read("data.json"))["tables"]
    assert tables["person"][0]["name"] == "Matti Meikäläinen"
    assert [r["reference"] for r in tables["privacy_request"]] == [case.reference]
    with world.rt.db.session() as s, pytest.raises(LinkUsed):
        open_download(s, world.rt, _link(body))
    with world.rt.db.session() as s:
        ev = s.exec(select(CaseEvent).where(CaseEvent.case_id == case.id, CaseEvent.action == "export_built")).scalars().one()
        assert ev.details["tables"]["order"] == 1 and "Matti" not in json.dumps(ev.details)

    # A second request two months later: flagged to staff, not refused, delivered on approval.
    world.rt.clock.advance(timedelta(days=60))  # type: ignore[attr-defined]
    [second] = world.send("I want a copy of my personal data again (GDPR access request).", subject="Access again")
    world.verify()
    second = world.case(second.id)
    assert second.status == CaseStatus.AWAITING_APPROVAL and "repeat_access_within_12_months" in second.flags
    assert second.needs_review
    world.approve(second.id)
    assert world.case(second.id).status == CaseStatus.COMPLETED
    assert "/x/" in text_of(final(world, second).raw)


def test_portability_has_the_provided_data(world: World) -> None:
    [case] = world.send("Hej, jag vill få ut mina uppgifter i ett maskinläsbart format för att flytta dem "
                        "till en annan tjänst (dataportabilitet).", subject="Dataportabilitet")
    assert case.kind == RequestKind.PORTABILITY
    world.verify()
    case = world.case(case.id)
    assert case.status == CaseStatus.COMPLETED
    body = text_of(final(world, case).raw)
    assert "maskinläsbart" in body
    with world.rt.db.session() as s:
        _, data = open_download(s, world.rt, _link(body))
    tables = json.loads(zipfile.ZipFile(io.BytesIO(data)).read("data.json"))["tables"]
    assert "invoice" not in tables and tables["person_email"][0]["email"] == ME


def _values_anywhere(world: World, values: list[str]) -> dict[str, int]:
    """Which register tables still hold any of the values, in any text column."""
    hits: dict[str, int] = {}
    with world.rt.db.session() as s:
        for name, model in {"person": Person, **PERSONAL_TABLES, "suppression": Suppression}.items():
            t = model.__table__
            cols = [c for c in t.columns if isinstance(c.type, String | Text | AutoString) or c.name in ("details", "data")]
            if not cols:
                continue
            conds = [cast(c, Text).ilike(f"%{v}%") for c in cols for v in values]
            n = len(s.execute(select(t.c.id).where(or_(*conds))).all())
            if n:
                hits[name] = n
    return hits


def test_erasure_after_approval_leaves_only_suppression_and_invoices(world: World) -> None:
    me = world.person()
    secrets = [me.name, me.address, me.phone, ME]
    assert set(_values_anywhere(world, secrets)) >= {"person", "person_email", "invoice", "communication"}
    [case] = world.send("Hei, pyydän poistamaan kaikki minua koskevat henkilötiedot rekisteristänne.",
                        subject="Tietojen poisto")
    assert case.kind == RequestKind.ERASURE
    world.verify()
    case = world.case(case.id)
    assert case.status == CaseStatus.AWAITING_APPROVAL
    assert case.details["erasure_preview"]["erased"]["communication"] == 1
    world.approve(case.id)
    case = world.case(case.id)
    assert case.status == CaseStatus.AWAITING_PROCESSORS  # Art. 19: the processors come first
    assert _values_anywhere(world, secrets) == {"invoice": 1, "suppression": 1}
    world.processors_done(case.id)
    case = world.case(case.id)
    assert case.status == CaseStatus.COMPLETED
    assert _values_anywhere(world, secrets) == {"invoice": 1, "suppression": 1}
    with world.rt.db.session() as s:
        assert s.get(Person, world.person_id).anonymised_at is not None
        inv = s.exec(select(Invoice).where(Invoice.billing_name == me.name)).scalars().one()
        assert inv.person_id is None
        tasks = s.exec(select(ProcessorTask).where(ProcessorTask.case_id == case.id)).scalars().all()
        assert sorted(t.processor for t in tasks) == sorted(p.name for p in world.rt.settings.register.processors)
        events = s.exec(select(CaseEvent).where(CaseEvent.case_id == case.id)).scalars().all()
        erased = next(e for e in events if e.action == "erased")
        assert erased.details["erased"]["order"] == 1
        # The audit trail names tables and counts, never the erased values.
        blob = json.dumps([e.details for e in events], ensure_ascii=False)
        assert me.name not in blob and me.phone not in blob and me.address not in blob
        # The other people are untouched.
        assert s.execute(select(PersonEmail.id)).scalars().all().__len__() == 60
    body = text_of(final(world, case).raw)
    for words in ("kirjanpitolaki", "estolista", "HubSpot Inc.", "Visma Solutions Oy", "laskut"):
        assert words in body, words


def test_correction_is_proposed_then_applied(world: World) -> None:
    [case] = world.send("Hello, please correct my details: my new phone number is +358 50 111 2222 "
                        "and my job title is now Head of Sales.", subject="Correction of my data")
    assert case.kind == RequestKind.CORRECTION
    world.verify()
    case = world.case(case.id)
    assert case.status == CaseStatus.AWAITING_APPROVAL
    assert case.details["correction"]["proposed"] == {"phone": "+358 50 111 2222", "role": "Head of Sales"}
    assert case.details["correction"]["current"]["phone"] == "+358 40 1234567"
    world.approve(case.id)
    p = world.person()
    assert (p.phone, p.role) == ("+358 50 111 2222", "Head of Sales")
    assert world.case(case.id).status == CaseStatus.AWAITING_PROCESSORS
    world.processors_done(case.id)
    body = text_of(final(world, world.case(case.id)).raw)
    assert "Phone: +358 50 111 2222" in body and "Title or role: Head of Sales" in body


def test_unclear_correction_waits_for_staff(world: World) -> None:
    [case] = world.send("Your information about me is wrong, please correct it.", subject="Correction")
    assert case.kind == RequestKind.CORRECTION
    world.verify()
    case = world.case(case.id)
    assert case.status == CaseStatus.VERIFIED and "correction_unclear" in case.flags


def test_restriction_marks_the_person(world: World) -> None:
    [case] = world.send("Hej, jag vill att ni begränsar behandlingen av mina personuppgifter tills vidare.",
                        subject="Begränsning av behandling")
    assert case.kind == RequestKind.RESTRICTION
    world.verify()
    case = world.case(case.id)
    assert case.status == CaseStatus.AWAITING_PROCESSORS and world.person().restricted
    world.processors_done(case.id)
    case = world.case(case.id)
    assert case.status == CaseStatus.COMPLETED
    assert "lagrar vi bara" in text_of(final(world, case).raw)
    with world.rt.db.session() as s:
        assert is_suppressed(s, ME) is False  # suppression list proper is untouched
        assert (ME, "*", "restricted") in [(a, lst, r) for a, lst, r, _ in suppression_rows(s)]
