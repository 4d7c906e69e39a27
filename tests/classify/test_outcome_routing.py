"""Issue 14 through the whole pipeline: the classifier's `outcome` decides where mail goes.

An out-of-office look-alike with a clear request opens a flagged case (never "automated"); an
unclear request in a language without words is a case waiting for the requester, with its
deadline (never "other mail"); a header-automated message is stored and never answered.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlmodel import select

from bot.runtime import Runtime
from bot.runtime.clock import FixedClock
from models import Case, CaseStatus, InboundMessage, RequestKind
from tests.cases.factories import add_person, deliver, outbound, raw_mail

NOW = datetime(2026, 3, 5, 8, 0, tzinfo=UTC)


@pytest.fixture
def crt(rt: Runtime) -> Runtime:
    rt.clock = FixedClock(NOW)
    with rt.db.session() as s:
        add_person(s, "matti@example.fi")
    return rt


def _cases(rt: Runtime) -> list[Case]:
    with rt.db.session() as s:
        return list(s.exec(select(Case).order_by(Case.id)).all())  # type: ignore[arg-type]


def _last_message(rt: Runtime) -> InboundMessage:
    with rt.db.session() as s:
        msg = s.exec(select(InboundMessage).order_by(InboundMessage.id.desc())).first()  # type: ignore[union-attr]
        assert msg is not None
        return msg


def test_out_of_office_subject_with_a_request_opens_a_flagged_case(crt: Runtime) -> None:
    deliver(crt, raw_mail(frm="matti@example.fi", subject="Automaattinen vastaus: Uutiskirje",
                          body="Hei, poistakaa kaikki minua koskevat tiedot rekisteristänne. Kiitos, Matti"))
    msg = _last_message(crt)
    assert not msg.automated and msg.outcome == "request"
    [case] = _cases(crt)
    assert case.kind == RequestKind.ERASURE and case.needs_review
    assert case.due_date is not None


def test_the_same_with_an_auto_submitted_header_is_automated(crt: Runtime) -> None:
    deliver(crt, raw_mail(frm="matti@example.fi", subject="Automaattinen vastaus: Uutiskirje",
                          body="Hei, poistakaa kaikki minua koskevat tiedot rekisteristänne.",
                          headers={"Auto-Submitted": "auto-replied"}))
    msg = _last_message(crt)
    assert msg.automated and msg.outcome != "request"
    assert _cases(crt) == [] and outbound(crt) == []


def test_an_unclear_request_in_a_language_without_words_is_a_case_with_its_deadline(crt: Runtime) -> None:
    # Hungarian: the rules have no words for it; the regulation's name is a privacy signal.
    deliver(crt, raw_mail(frm="matti@example.fi", subject="GDPR",
                          body="Jó napot! A GDPR alapján kérem, hogy segítsenek nekem ebben az ügyben. Köszönöm."))
    msg = _last_message(crt)
    assert msg.outcome == "unclear", msg.outcome
    [case] = _cases(crt)
    assert case.status == CaseStatus.AWAITING_REQUESTER and case.needs_review and "unclear" in case.flags
    assert case.due_date is not None
