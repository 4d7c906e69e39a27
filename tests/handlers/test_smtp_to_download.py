"""The whole way, with every real part running (`python -m bot run`'s parts): an access request
sent by SMTP, acknowledged in the Maildir, verified by the web link, and the export downloaded
once from `/x/` — then refused, and refused when expired."""

from __future__ import annotations

import asyncio
import io
import json
import re
import zipfile
from collections.abc import AsyncIterator
from datetime import timedelta

import httpx
import pytest

from bot.app import run
from bot.register.demo import generate
from bot.runtime import Runtime
from bot.runtime.clock import FixedClock
from tests.cases.factories import raw_mail, wait_for
from tests.cases.test_e2e import maildir, send, text
from tests.handlers.conftest import ME, NOW
from tests.register.factories import make_person


@pytest.fixture
async def bot(rt: Runtime) -> AsyncIterator[Runtime]:
    rt.clock = FixedClock(NOW)
    rt.settings.scheduler.enabled = False
    with rt.db.session() as s:
        generate(s, people=40, now=NOW, seed=9)
        make_person(s, ME)
    stop = asyncio.Event()
    task = asyncio.create_task(run(rt, stop))
    await wait_for(lambda: "smtp" in rt.ports and "web" in rt.ports)
    yield rt
    stop.set()
    assert await task == 0


async def _request_and_verify(bot: Runtime, http: httpx.AsyncClient, n: int) -> str:
    """Send an access request, click the verification link; returns the /x/ URL from the reply."""
    await send(bot, raw_mail(frm=f"Matti <{ME}>", subject="Access request",
                             body="Under GDPR Article 15 I want a copy of my personal data.",
                             message_id=f"<dl-{n}@example.fi>"))
    ack = await wait_for(lambda: [m for m in maildir(bot) if "/v/" in text(m)][n:])
    token = re.search(r"/v/(\S+)", text(ack[0])).group(1)  # type: ignore[index, union-attr]
    r = await http.post(f"http://127.0.0.1:{bot.ports['web']}/v/{token}")
    assert r.status_code == 200
    final = await wait_for(lambda: [m for m in maildir(bot) if "/x/" in text(m)][n:])
    assert final[0]["To"] == ME and final[0]["In-Reply-To"] == f"<dl-{n}@example.fi>"
    path = re.search(r"(/x/\S+)", text(final[0])).group(1)  # type: ignore[index, union-attr]
    return f"http://127.0.0.1:{bot.ports['web']}{path}"


async def test_access_by_smtp_download_once_then_expired(bot: Runtime) -> None:
    async with httpx.AsyncClient() as http:
        url = await _request_and_verify(bot, http, 0)
        assert (await http.get(url)).status_code == 200
        r = await http.post(url)
        assert r.status_code == 200 and r.headers["content-type"] == "application/zip"
        data = json.loads(zipfile.ZipFile(io.BytesIO(r.content)).read("data.json"))
        assert [e["email"] for e in data["tables"]["person_email"]] == [ME]
        assert (await http.post(url)).status_code == 410

        # A second link, not used in time.
        bot.clock.advance(timedelta(days=400))  # type: ignore[attr-defined]
        url2 = await _request_and_verify(bot, http, 1)
        bot.clock.advance(timedelta(days=bot.settings.execution.download_link_days, hours=1))  # type: ignore[attr-defined]
        r = await http.post(url2, headers={"Accept-Language": "en"})
        assert r.status_code == 410 and "expired" in r.text
