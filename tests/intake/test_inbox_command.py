"""`python -m bot inbox`: what an operator sees of stored mail, processed and failed alike."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from sqlalchemy import update

from bot.cli import main
from bot.intake.store import store_message
from bot.pipeline.worker import run_once
from bot.runtime import Runtime
from models import InboundMessage, MessageSource, MessageState

REQUEST = (b"From: Matti <matti@example.fi>\r\nTo: info@xcure.fi\r\nSubject: Poistakaa tietoni\r\n"
           b"Message-ID: <a@example.fi>\r\n\r\nPoistakaa tietoni rekisteristanne.\r\n")
OOO = (b"From: liisa@example.fi\r\nTo: info@xcure.fi\r\nSubject: Automaattinen vastaus: uutiskirje\r\n"
       b"Auto-Submitted: auto-replied\r\n\r\nOlen lomalla.\r\n")
HOSTILE = (b"From: x@example.com\r\nSubject: =?utf-8?q?evil=1B=5B2J=0Dline?=\r\n"
           b"Content-Type: multipart/mixed; boundary=b\r\n\r\n"
           + b"--b\r\nContent-Type: text/plain\r\n\r\nhi\r\n" * 300)


@pytest.fixture
def inbox(rt: Runtime, monkeypatch: pytest.MonkeyPatch) -> Runtime:
    t = datetime(2026, 11, 25, 9, 30, tzinfo=UTC)
    for raw, src in ((REQUEST, MessageSource.SMTP), (OOO, MessageSource.IMAP), (HOSTILE, MessageSource.SMTP)):
        store_message(rt.db, raw, source=src, received_at=t, envelope_from="sender@example.fi")
    while run_once(rt):
        pass
    with rt.db.session() as s:  # one message failed for good, as the worker leaves it
        s.exec(update(InboundMessage).where(InboundMessage.id == 1)  # type: ignore[call-overload]
               .values(state=MessageState.FAILED, error="RuntimeError: router exploded"))
    monkeypatch.setenv("BOT_DATABASE__URL", rt.settings.database.url)
    return rt


def test_inbox_json_lists_every_message_with_state_and_error(inbox: Runtime, capsys) -> None:
    assert main(["inbox", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["id"] for r in rows] == [3, 2, 1]  # newest first
    by_id = {r["id"]: r for r in rows}
    assert set(by_id[1]) >= {"id", "received_at", "source", "from", "subject", "state", "automated", "error"}
    assert by_id[1]["state"] == "failed" and by_id[1]["error"] == "RuntimeError: router exploded"
    assert by_id[1]["from"] == "matti@example.fi" and by_id[1]["subject"] == "Poistakaa tietoni"
    assert by_id[2]["source"] == "imap" and by_id[2]["automated"] is True
    assert by_id[2]["state"] == "processed" and by_id[2]["error"] == ""
    assert by_id[1]["received_at"] == "2026-11-25T09:30:00+00:00"
    assert by_id[3]["partly_read"] is True and by_id[2]["partly_read"] is False


def test_inbox_table_is_readable_and_escapes_control_characters(inbox: Runtime, capsys) -> None:
    assert main(["inbox", "--state", "failed"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].split() == ["id", "received_at", "source", "from", "subject", "state", "automated", "error"]
    assert len(out) == 2 and "router exploded" in out[1] and "failed" in out[1]
    assert main(["inbox"]) == 0
    table = capsys.readouterr().out
    assert "\x1b" not in table and "\r" not in table  # a hostile subject cannot drive the terminal
    assert "yes" in table  # the out-of-office reply is marked automated
    assert "partly read" in table  # 300 MIME parts: read within limits, flagged
