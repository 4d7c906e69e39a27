"""Access/portability exports, download links and erasure over the register (both databases)."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import timedelta

import pytest
from sqlmodel import select

from bot.register.downloads import LinkExpired, LinkUsed, create_link, open_download, peek
from bot.register.erase import erase_person, preview
from bot.register.exporter import ExportKind, build_export
from bot.register.suppression import is_suppressed
from bot.runtime import Runtime
from bot.runtime.clock import FixedClock
from bot.runtime.tokens import TokenError
from models import PERSONAL_TABLES, Consent, Invoice, Person, PersonEmail, WebActivity
from tests.register.factories import AT, make_person


def _zip(path) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(path.read_bytes()))


def test_access_export_has_every_row_of_the_person_and_nobody_else(rt: Runtime, tmp_path) -> None:
    with rt.db.session() as s:
        me = make_person(s, "matti@example.fi", extra_emails=("matti@home.fi",))
        make_person(s, "other@example.fi", name="Olli Other", phone="+358 50 999", address="Toinen tie 9")
        path, summary = build_export(s, rt, me, language="fi", reference="PR-2026-00001", dest_dir=tmp_path)
    z = _zip(path)
    assert set(z.namelist()) >= {"data.json", "report.html", "csv/person.csv", "csv/invoice.csv"}
    data = json.loads(z.read("data.json"))
    t = data["tables"]
    assert [p["name"] for p in t["person"]] == ["Matti Meikäläinen"]
    assert sorted(e["email"] for e in t["person_email"]) == ["matti@example.fi", "matti@home.fi"]
    for name in PERSONAL_TABLES:
        if name != "person_email":
            assert len(t[name]) == summary.rows[name] >= 1, name
    blob = z.read("data.json") + z.read("report.html") + b"".join(z.read(n) for n in z.namelist())
    assert b"Olli" not in blob and b"other@example.fi" not in blob
    # Art. 15 information comes from config.toml, in the reader's language.
    html = z.read("report.html").decode()
    assert "Tietosi rekisterissämme" in html and "HubSpot Inc." in html and "tietosuoja.fi" in html
    assert "Matti Meikäläinen" in html and "24 kuukautta" in html  # [register.fi] texts
    assert data["art15"]["transfers_outside_eea"].startswith("Microsoft, HubSpot ja Google")
    rows = list(csv.DictReader(io.StringIO(z.read("csv/order.csv").decode("utf-8-sig"))))
    assert rows[0]["product"] == "Xcure Cloud" and rows[0]["price"] == "1200.00"


def test_html_escapes_what_people_typed(rt: Runtime, tmp_path) -> None:
    with rt.db.session() as s:
        me = make_person(s, "x@example.fi", name="<script>alert(1)</script>")
        path, _ = build_export(s, rt, me, dest_dir=tmp_path)
    html = _zip(path).read("report.html").decode()
    assert "<script>alert" not in html and "&lt;script&gt;" in html


def test_portability_has_only_what_the_person_provided(rt: Runtime, tmp_path) -> None:
    with rt.db.session() as s:
        me = make_person(s, "p@example.fi")
        s.add(WebActivity(person_id=me.id, kind="analytics", at=AT, url="https://www.xcure.fi/hinnat"))
        path, summary = build_export(s, rt, me, kind=ExportKind.PORTABILITY, dest_dir=tmp_path)
    t = json.loads(_zip(path).read("data.json"))["tables"]
    assert "invoice" not in t or t["invoice"] == []
    assert [w["kind"] for w in t["web_activity"]] == ["form"]
    assert t["person"][0]["phone"] == "+358 40 1234567" and "id" not in t["person"][0]
    assert "art15" not in json.loads(_zip(path).read("data.json"))
    assert summary.rows["consent"] == 2


def test_download_link_works_once_and_not_after_expiry(settings, tmp_path) -> None:
    clock = FixedClock(AT)
    rt = Runtime.from_settings(settings, clock=clock)
    f = tmp_path / "e.zip"
    f.write_bytes(b"PK-zip")
    with rt.db.session() as s:
        token, _ = create_link(s, rt, path=f, filename="access.zip", kind="access")
        token2, _ = create_link(s, rt, path=f, filename="access.zip", kind="access")
    with rt.db.session() as s:
        assert open_download(s, rt, token) == ("access.zip", b"PK-zip")
    with rt.db.session() as s, pytest.raises(LinkUsed):
        open_download(s, rt, token)
    with rt.db.session() as s, pytest.raises(TokenError):
        open_download(s, rt, token[:-2] + ("AA" if token[-2:] != "AA" else "BB"))
    clock.advance(timedelta(days=settings.execution.download_link_days, seconds=1))
    with rt.db.session() as s, pytest.raises(LinkExpired):
        peek(s, rt, token2)
    rt.db.dispose()


def test_erasure_leaves_only_suppression_and_invoices(rt: Runtime) -> None:
    with rt.db.session() as s:
        me = make_person(s, "erase.me@example.fi")
        make_person(s, "keep.me@example.fi", name="Kaisa Keep")
        pid = me.id
        planned = preview(s, rt, me)
    assert planned.erased["communication"] == 1 and planned.kept[0].table == "invoice"
    with rt.db.session() as s:
        me = s.get(Person, pid)
        report = erase_person(s, rt, me)
    assert report.erased == planned.erased
    assert [k.table for k in report.kept] == ["invoice", "suppression"]
    assert "Accounting Act" in report.kept[0].reason
    assert "HubSpot Inc." in report.processors
    with rt.db.session() as s:
        p = s.get(Person, pid)
        assert p.anonymised_at is not None and p.name == p.phone == p.address == ""
        for name, model in PERSONAL_TABLES.items():
            rows = s.exec(select(model).where(model.person_id == pid)).all()
            assert rows == [], name
        assert s.exec(select(PersonEmail.normalized)).all() == ["keep.me@example.fi"]
        assert s.exec(select(Consent).where(Consent.email_normalized == "erase.me@example.fi")).all() == []
        inv = s.exec(select(Invoice).where(Invoice.billing_name == "Matti Meikäläinen")).one()
        assert inv.person_id is None and inv.number == "INV-1"
        assert is_suppressed(s, "erase.me@example.fi")
        # The other person is untouched.
        assert len(s.exec(select(Consent)).all()) == 2


def test_expired_exports_are_purged_by_the_scheduled_job(settings, tmp_path) -> None:
    from bot.jobs.register import purge_downloads
    from bot.jobs.scheduler import all_jobs
    from models import DownloadLink

    assert "exports.purge" in all_jobs()
    clock = FixedClock(AT)
    rt = Runtime.from_settings(settings, clock=clock)
    f = tmp_path / "e.zip"
    f.write_bytes(b"zip")
    with rt.db.session() as s:
        create_link(s, rt, path=f, filename="a.zip", kind="access")
        assert purge_downloads(s, rt) == {"cleared": {"download_link": 0}}
    clock.advance(timedelta(days=settings.execution.download_link_days, seconds=1))
    with rt.db.session() as s:
        assert purge_downloads(s, rt) == {"cleared": {"download_link": 1}}
        assert s.exec(select(DownloadLink)).one().content is None
    rt.db.dispose()
