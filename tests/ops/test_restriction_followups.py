"""An open restriction follow-up (18(1) a: check the accuracy; d: decide the objection) reaches staff
where they work: an alert when it falls due within the alert window, once, in each staff member's
language and only if they have not turned it off, and a section of the daily digest."""

from __future__ import annotations

import email
import email.policy
from collections.abc import Iterator
from datetime import date

import pytest
from sqlmodel import select

from bot.jobs import staff as staffjobs
from bot.jobs.alerts import pending
from bot.runtime import Runtime
from bot.runtime.clock import FixedClock
from bot.runtime.config import Settings
from handlers.restriction import followup_done, set_ground
from models import Case, RequestKind
from tests.ops.test_alerts import NOW, mails, new_case, run_alerts, staff

FAR = date(2027, 1, 29)  # the cases' own legal deadline: no due-soon alert of their own


@pytest.fixture
def rta(settings: Settings) -> Iterator[Runtime]:
    rt = Runtime.from_settings(settings, clock=FixedClock(NOW))
    yield rt
    rt.db.dispose()


def ground(rt: Runtime, ref: str, g: str, *, done: bool = False) -> None:
    with rt.db.session() as s:
        c = s.exec(select(Case).where(Case.reference == ref)).one()
        set_ground(s, rt, c, g, actor="aino")
        if done:
            followup_done(s, rt, c, actor="aino", result="checked: the address was right")


def body(m) -> str:  # type: ignore[no-untyped-def]
    return email.message_from_bytes(m.raw, policy=email.policy.default).get_body().get_content()


def test_a_followup_due_in_the_window_alerts_each_staff_member_once_in_their_language(rta: Runtime) -> None:
    staff(rta, "aino", "aino@xcure.fi", "fi")
    staff(rta, "sven", "sven@xcure.fi", "sv")
    staff(rta, "quiet", "quiet@xcure.fi", "en", off=("followup_due",))
    rta.settings.execution.restriction_followup_days = 2  # 25.11 (Wed) + 2 = 27.11 (Fri)
    accuracy = new_case(rta, 1, FAR, kind=RequestKind.RESTRICTION)
    ground(rta, accuracy, "a")
    no_followup = new_case(rta, 2, FAR, kind=RequestKind.RESTRICTION)
    ground(rta, no_followup, "b")
    recorded = new_case(rta, 3, FAR, kind=RequestKind.RESTRICTION)
    ground(rta, recorded, "d", done=True)
    rta.settings.execution.restriction_followup_days = 30
    later = new_case(rta, 4, FAR, kind=RequestKind.RESTRICTION)
    ground(rta, later, "d")  # due 25.12: outside the window
    out = run_alerts(rta)
    assert out["by_event"].get("followup_due") == 2, out
    sent = [m for m in mails(rta, "alert") if "estriction" in m.subject or "ajoitu" in m.subject
            or "egränsning" in m.subject]
    assert sorted((m.to_addr, m.subject) for m in sent) == [
        ("aino@xcure.fi", f"[{accuracy}] Rajoituksen jatkotoimi erääntyy: Käsittelyn rajoitus"),
        ("sven@xcure.fi", f"[{accuracy}] Begränsningens uppföljning förfaller: Begränsning")]
    fi = body(next(m for m in sent if m.to_addr == "aino@xcure.fi"))
    assert "Jatkotoimi: tarkista tietojen paikkansapitävyys (18(1) a), määräpäivä 27.11.2026." in fi
    assert "check_accuracy" not in fi and "2026-11-27" not in fi
    sv = body(next(m for m in sent if m.to_addr == "sven@xcure.fi"))
    assert "Uppföljning: kontrollera uppgifternas riktighet (18(1) a), senast 27.11.2026." in sv
    assert run_alerts(rta)["sent"] == 0  # once
    # recorded as done: nothing more, even when its date comes round again
    with rta.db.session() as s:
        c = s.exec(select(Case).where(Case.reference == accuracy)).one()
        followup_done(s, rta, c, actor="aino", result="accurate")
    with rta.db.session() as s:
        assert not [a for a in pending(s, rta) if a.event == "followup_due"]


def test_the_digest_lists_followups_due_in_each_staff_members_language(rta: Runtime) -> None:
    rta.settings.scheduler.digest_to = ["dpo@xcure.fi"]
    staff(rta, "aino", "aino@xcure.fi", "fi")
    staff(rta, "sven", "sven@xcure.fi", "sv")
    rta.settings.execution.restriction_followup_days = 3
    objection = new_case(rta, 1, FAR, kind=RequestKind.RESTRICTION)
    ground(rta, objection, "d")
    with rta.db.session() as s:
        out = staffjobs.digest(s, rta)
    assert out["counts"]["restriction_followups"] == 1
    by_to = {m.to_addr: body(m) for m in mails(rta, "digest")}
    fi, sv, en = by_to["aino@xcure.fi"], by_to["sven@xcure.fi"], by_to["dpo@xcure.fi"]
    assert "RAJOITUSTEN JATKOTOIMET ERÄÄNTYVÄT 5 TYÖPÄIVÄN SISÄLLÄ (1)" in fi
    assert f"{objection}  ratkaise vastustaminen (18(1) d)  määräpäivä 28.11.2026" in fi
    assert "decide_objection" not in fi and "decide_objection" not in sv
    assert "avgör invändningen (18(1) d)" in sv
    assert "RESTRICTION FOLLOW-UPS DUE WITHIN 5 WORKING DAYS (1)" in en
