"""A register filled by demo-data plus one known requester, and helpers to walk a request from
the email to its final reply (the same stored-message path as SMTP, worker run in-process)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime

import pytest
from sqlmodel import select

from bot.register.demo import generate
from bot.runtime import Runtime
from bot.runtime.clock import FixedClock
from handlers import get_handler
from handlers.processors import mark_done
from handlers.verification import verify_token
from models import Case, OutboundMessage, Person, ProcessorTask
from tests.cases.factories import deliver, raw_mail, text_of
from tests.register.factories import make_person
from tests.web.conftest import live  # noqa: F401  (the real web server, for staff steps)

NOW = datetime(2026, 3, 5, 8, 0, tzinfo=UTC)
ME = "matti.meikalainen@example.fi"


@dataclass
class World:
    rt: Runtime
    person_id: int

    def send(self, body: str, subject: str = "Request", frm: str = ME) -> list[Case]:
        before = {c.id for c in self.cases()}
        deliver(self.rt, raw_mail(frm=frm, subject=subject, body=body))
        return [c for c in self.cases() if c.id not in before]

    def cases(self) -> list[Case]:
        with self.rt.db.session() as s:
            return list(s.exec(select(Case).order_by(Case.id)).all())  # type: ignore[arg-type]

    def case(self, case_id: int) -> Case:
        with self.rt.db.session() as s:
            c = s.get(Case, case_id)
            assert c is not None
            return c

    def mails(self, to: str = ME) -> list[OutboundMessage]:
        with self.rt.db.session() as s:
            return list(s.exec(select(OutboundMessage).where(OutboundMessage.to_addr == to)
                               .order_by(OutboundMessage.id)).all())  # type: ignore[arg-type]

    def verify(self) -> None:
        """Click the link in the latest challenge (the acknowledgement carrying /v/...)."""
        acks = [m for m in self.mails() if "/v/" in text_of(m.raw)]
        token = re.search(r"/v/([A-Za-z0-9_.\-]+)", text_of(acks[-1].raw))
        assert token
        with self.rt.db.session() as s:
            verify_token(s, self.rt, token.group(1), ip="192.0.2.1")

    def approve(self, case_id: int, actor: str = "staff.anna") -> None:
        with self.rt.db.session() as s:
            c = s.get(Case, case_id)
            assert c is not None
            get_handler(c.kind).on_approved(s, self.rt, c, actor)

    def processors_done(self, case_id: int, actor: str = "staff.anna") -> None:
        """Staff tick off every open processor task of the case (the last one completes it)."""
        with self.rt.db.session() as s:
            for t in s.exec(select(ProcessorTask).where(ProcessorTask.case_id == case_id,
                                                        ProcessorTask.done_at == None)).all():  # noqa: E711
                mark_done(s, self.rt, t, actor=actor)

    def person(self) -> Person:
        with self.rt.db.session() as s:
            p = s.get(Person, self.person_id)
            assert p is not None
            return p


@pytest.fixture(autouse=True)
def _no_pdf(monkeypatch: pytest.MonkeyPatch) -> None:
    """The PDF costs 1-2 s of Chromium per export; tests/register/test_pdf.py covers it."""
    monkeypatch.setattr("bot.register.exporter.find_browser", lambda _configured: None)


@pytest.fixture
def world(rt: Runtime) -> World:
    rt.clock = FixedClock(NOW)
    with rt.db.session() as s:
        generate(s, people=60, now=NOW, seed=3)
        me = make_person(s, ME)
        assert me.id is not None
        return World(rt, me.id)


def final(world: World, case: Case) -> OutboundMessage:
    [m] = [m for m in world.mails() if m.purpose == f"final_{case.kind.value}" and m.case_id == case.id]
    return m
