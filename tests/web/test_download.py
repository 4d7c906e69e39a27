"""`/x/{token}` over the real server: a page first, the ZIP once on POST, then 'already used'."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import timedelta

import httpx

from bot.register.downloads import create_link, link_url
from bot.register.exporter import build_export
from bot.runtime.clock import FixedClock
from tests.register.factories import AT, make_person
from tests.web.conftest import LiveServer


def test_link_downloads_once(live: LiveServer, tmp_path) -> None:
    rt = live.rt
    with rt.db.session() as s:
        me = make_person(s, "dl@example.fi")
        path, _ = build_export(s, rt, me, language="sv", dest_dir=tmp_path)
        token, _link = create_link(s, rt, path=path, filename="access-PR-2026-00001.zip", kind="access")
    url = live.url + "/x/" + token
    assert link_url(rt, token).endswith("/x/" + token)
    page = httpx.get(url + "?lang=en")
    assert page.status_code == 200 and "Download the file" in page.text and 'method="post"' in page.text
    again = httpx.get(url)  # looking (or a mail scanner following the link) consumes nothing
    assert again.status_code == 200
    r = httpx.post(url)
    assert r.status_code == 200 and r.headers["content-type"] == "application/zip"
    assert 'filename="access-PR-2026-00001.zip"' in r.headers["content-disposition"]
    data = json.loads(zipfile.ZipFile(io.BytesIO(r.content)).read("data.json"))
    assert data["tables"]["person_email"][0]["email"] == "dl@example.fi"
    r2 = httpx.post(url + "?lang=en")
    assert r2.status_code == 410 and "already been used" in r2.text
    assert httpx.get(url + "?lang=en").status_code == 410
    bad = httpx.get(live.url + "/x/forged-token?lang=en")
    assert bad.status_code == 404 and "not valid" in bad.text


def test_link_expires(live: LiveServer, tmp_path) -> None:
    rt = live.rt
    clock = FixedClock(AT)
    rt.clock = clock
    f = tmp_path / "x.zip"
    f.write_bytes(b"zip")
    with rt.db.session() as s:
        token, _ = create_link(s, rt, path=f, filename="x.zip", kind="portability")
    clock.advance(timedelta(days=rt.settings.execution.download_link_days, minutes=1))
    r = httpx.post(f"{live.url}/x/{token}?lang=fi")
    assert r.status_code == 410 and "vanhentunut" in r.text
