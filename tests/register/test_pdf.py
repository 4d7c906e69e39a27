"""The access export's report.pdf, printed by the installed headless Chromium."""

from __future__ import annotations

import io
import shutil
import zipfile

import pytest

from bot.register.exporter import ExportKind, build_export
from bot.runtime import Runtime
from tests.register.factories import make_person

pytestmark = [pytest.mark.with_pdf,
              pytest.mark.skipif(not (shutil.which("chromium") or shutil.which("chromium-browser")),
                                 reason="no headless Chromium installed")]


def test_access_export_has_a_pdf_portability_none(rt: Runtime, tmp_path) -> None:
    rt.settings.execution.export_pdf = True
    with rt.db.session() as s:
        me = make_person(s, "pdf@example.fi", name="Päivi Pdf")
        path, summary = build_export(s, rt, me, language="fi", dest_dir=tmp_path)
        ppath, psummary = build_export(s, rt, me, kind=ExportKind.PORTABILITY, dest_dir=tmp_path)
    z = zipfile.ZipFile(io.BytesIO(path.read_bytes()))
    pdf = z.read("report.pdf")
    assert summary.pdf and pdf.startswith(b"%PDF-") and len(pdf) > 10_000
    assert not psummary.pdf and "report.pdf" not in zipfile.ZipFile(ppath).namelist()


def test_no_pdf_when_switched_off(rt: Runtime, tmp_path) -> None:
    rt.settings.execution.export_pdf = False
    with rt.db.session() as s:
        path, summary = build_export(s, rt, make_person(s, "x@example.fi"), dest_dir=tmp_path)
    assert not summary.pdf and "report.pdf" not in zipfile.ZipFile(path).namelist()
