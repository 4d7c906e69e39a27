"""A case never closes in silence: each outcome has its letter in the requester's language, shown
as a preview on the staff page before it goes; not sending it is a choice with a reason, audited."""

from __future__ import annotations

import pytest
from sqlmodel import select

from bot.cases.service import CaseError
from bot.runtime import Runtime
from bot.runtime.clock import SystemClock
from handlers.outcomes import Closing, close, preview
from models import Case, CaseEvent, CaseStatus, OutboundMessage
from tests.cases.factories import text_of
from tests.web.client import form_csrf, staff_client
from tests.web.factories import PASSWORD, make_case, make_staff

AUTHORITY = {"fi": "Tietosuojavaltuutetun toimisto", "sv": "Dataombudsmannens byrå",
             "en": "Office of the Data Protection Ombudsman"}
# What each outcome's letter must say, per language (beyond the reference and the authority).
SAYS = {
    "completed": {"fi": "on käsitelty", "sv": "har behandlats", "en": "has been handled"},
    "no_data": {"fi": "emmekä löytäneet sinusta henkilötietoja", "sv": "hittade inga personuppgifter",
                "en": "found no personal data about you"},
    "refused": {"fi": "Syy: Pyyntö on ilmeisen perusteeton", "sv": "Skäl: Pyyntö on ilmeisen perusteeton",
                "en": "Reason: Pyyntö on ilmeisen perusteeton"},
    "withdrawn": {"fi": "toimimatta sen perusteella", "sv": "utan att vidta åtgärder",
                  "en": "without acting on it"},
    "merged": {"fi": "käsittelemme ne yhdessä viitteellä", "sv": "behandlar dem tillsammans under",
               "en": "we handle them together under"},
    "expired": {"fi": "Pyyntö on päättynyt", "sv": "Begäran har upphört", "en": "The request has lapsed"},
}
STATUS = {"completed": CaseStatus.COMPLETED, "no_data": CaseStatus.COMPLETED, "refused": CaseStatus.REJECTED,
          "withdrawn": CaseStatus.WITHDRAWN, "merged": CaseStatus.MERGED, "expired": CaseStatus.EXPIRED}


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
@pytest.mark.parametrize("outcome", list(SAYS))
def test_each_outcome_sends_its_letter_in_the_requesters_language(rt: Runtime, outcome: str, lang: str) -> None:
    ref = make_case(rt, language=lang)
    other = make_case(rt, language=lang, body="Haluan nähdä tietoni, kiitos.")
    closing = Closing(outcome, reason="Pyyntö on ilmeisen perusteeton" if outcome == "refused" else "",
                      into=other if outcome == "merged" else "")
    with rt.db.session() as s:
        case = s.exec(select(Case).where(Case.reference == ref)).one()
        shown = preview(s, rt, case, closing)
        out = close(s, rt, case, closing, actor="liisa")
        assert out is not None and case.status == STATUS[outcome]
        body = " ".join(text_of(out.raw).split())
        assert body == " ".join(shown.text.split())  # what staff saw is what went
        assert ref in body and out.subject.startswith(shown.subject)
        assert AUTHORITY[lang] in body and SAYS[outcome][lang] in body
        if outcome == "merged":
            assert other in body
        events = s.exec(select(CaseEvent).where(CaseEvent.case_id == case.id)).all()
        assert any(e.details.get("outcome") == outcome and e.actor == "liisa" for e in events)


def test_not_sending_needs_a_reason_and_is_audited(rt: Runtime) -> None:
    ref = make_case(rt)
    with rt.db.session() as s:
        case = s.exec(select(Case).where(Case.reference == ref)).one()
        with pytest.raises(CaseError, match="reason"):
            close(s, rt, case, Closing("withdrawn", send=False), actor="liisa")
        with pytest.raises(CaseError, match="refusal"):
            close(s, rt, case, Closing("refused"), actor="liisa")
        assert close(s, rt, case, Closing("withdrawn", send=False, skip_reason="told on the phone"),
                     actor="liisa") is None
        assert case.status == CaseStatus.WITHDRAWN
        [skip] = s.exec(select(CaseEvent).where(CaseEvent.case_id == case.id,
                                                CaseEvent.action == "letter_skipped")).all()
        assert skip.actor == "liisa" and skip.details == {"outcome": "withdrawn", "reason": "told on the phone"}
        assert not s.exec(select(OutboundMessage).where(OutboundMessage.case_id == case.id)).all()


def test_staff_preview_the_letter_before_closing(live) -> None:
    rt = live.rt
    rt.clock = SystemClock()
    make_staff(rt)
    c, _ = staff_client(live.url, "liisa", PASSWORD)
    ref = make_case(rt, language="sv")
    page = c.get(f"/staff/cases/{ref}?lang=en").text
    form = {"csrf": form_csrf(page), "outcome": "no_data", "reason": "", "send": "yes"}
    r = c.post(f"/staff/cases/{ref}/complete?lang=en", data={**form, "step": "preview"})
    assert r.status_code == 200 and "Letter preview" in r.text and "hittade inga personuppgifter" in r.text
    with rt.db.session() as s:
        assert s.exec(select(Case).where(Case.reference == ref)).one().status == CaseStatus.RECEIVED
    r = c.post(f"/staff/cases/{ref}/complete", data={**form, "step": "close"})
    assert r.status_code == 303
    with rt.db.session() as s:
        case = s.exec(select(Case).where(Case.reference == ref)).one()
        assert case.status == CaseStatus.COMPLETED and case.details["outcome"] == "no_data"
        [out] = s.exec(select(OutboundMessage).where(OutboundMessage.case_id == case.id)).all()
        assert out.purpose == "outcome_no_data" and "hittade inga personuppgifter" in text_of(out.raw)
