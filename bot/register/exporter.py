"""Building the ZIP of an access (Art. 15) or portability (Art. 20) export.

One ZIP: `report.html` (readable, with the Art. 15 information from config.toml), `data.json`
and `csv/<table>.csv` (machine-readable). Rows are streamed table by table into the archive, so
memory stays flat however long the person's history is.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import shutil
import subprocess
import tempfile
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from sqlmodel import Session

from bot.register import collect, readable
from bot.register.art15 import art15_info, labels, lang_of
from bot.register.categories import EXPORT_TABLES, INTERNAL_COLUMNS, TABLE_CATEGORY, provided_filter
from bot.register.labels import TABLE_LABELS
from bot.runtime import Runtime
from models import Person

log = logging.getLogger(__name__)

_env = Environment(loader=PackageLoader("bot.register", "templates"),
                   autoescape=select_autoescape(default=True), trim_blocks=True, lstrip_blocks=True)
_env.filters["cell"] = lambda v: "" if v is None else (json.dumps(v, ensure_ascii=False)
                                                       if isinstance(v, dict | list) else v)


class ExportKind(StrEnum):
    ACCESS = "access"
    PORTABILITY = "portability"


@dataclass
class ExportSummary:
    """What went into an export: rows per section (for the audit trail; no values)."""

    kind: ExportKind
    rows: dict[str, int] = field(default_factory=dict)
    pdf: bool = False


def _columns(name: str, portable: bool) -> list[str]:
    cols = [c.name for c in EXPORT_TABLES[name].__table__.columns]  # type: ignore[attr-defined]
    if portable:
        cols = [c for c in cols if c not in INTERNAL_COLUMNS]
    return cols


class _Sections:
    """The sections of one export: each table of the register, then suppression and cases."""

    def __init__(self, s: Session, person: Person, kind: ExportKind,
                 exclude: dict[str, set[int]] | None = None) -> None:
        assert person.id is not None
        self.s, self.pid, self.kind = s, person.id, kind
        self.exclude = exclude or {}  # rows staff left out (Art. 15(4)), by table and id
        self.portable = kind == ExportKind.PORTABILITY
        self.addresses = collect.person_addresses(s, person.id)

    def names(self) -> list[str]:
        if self.portable:  # only the tables holding something the person provided
            return [n for n in EXPORT_TABLES if provided_filter(n) is not None]
        return [*EXPORT_TABLES, "suppression", "privacy_request"]

    def columns(self, name: str) -> list[str]:
        if name == "suppression":
            return ["email_normalized", "list_name", "reason", "source", "at"]
        if name == "privacy_request":
            return ["reference", "kind", "status", "requester_email", "received_at", "due_date",
                    "extended_due_date", "verified_at", "closed_at"]
        return _columns(name, self.portable)

    def rows(self, name: str) -> Iterator[dict[str, Any]]:
        if name == "suppression":
            it = collect.suppression_rows_for(self.s, self.addresses)
        elif name == "privacy_request":
            it = collect.case_rows_for(self.s, self.pid)
        else:
            it = collect.table_rows(self.s, name, self.pid, self.addresses, provided_only=self.portable)
        if self.exclude.get(name):
            it = (row for row in it if row.get("id") not in self.exclude[name])
        if not self.portable:
            yield from it
            return
        keep = set(self.columns(name))
        for row in it:
            yield {k: v for k, v in row.items() if k in keep}


def _write_json(zf: zipfile.ZipFile, sec: _Sections, head: dict[str, Any], summary: ExportSummary) -> None:
    with zf.open("data.json", "w") as raw, io.TextIOWrapper(raw, encoding="utf-8") as out:
        body = json.dumps(head, ensure_ascii=False, indent=1)
        out.write(body[:-1].rstrip() + ',\n "tables": {')
        for i, name in enumerate(sec.names()):
            out.write(("," if i else "") + f"\n  {json.dumps(name)}: [")
            n = 0
            for row in sec.rows(name):
                out.write(("," if n else "") + "\n   " + json.dumps(row, ensure_ascii=False))
                n += 1
            out.write("\n  ]")
            summary.rows[name] = n
        out.write("\n }\n}\n")


def _write_csv(zf: zipfile.ZipFile, sec: _Sections) -> None:
    for name in sec.names():
        cols = sec.columns(name)
        with zf.open(f"csv/{name}.csv", "w") as raw, io.TextIOWrapper(raw, encoding="utf-8-sig",
                                                                      newline="") as out:
            w = csv.DictWriter(out, fieldnames=cols, extrasaction="ignore")
            w.writeheader()
            for row in sec.rows(name):
                w.writerow({k: json.dumps(v, ensure_ascii=False) if isinstance(v, dict | list) else v
                            for k, v in row.items()})


def _write_html(zf: zipfile.ZipFile, sec: _Sections, ctx: dict[str, Any]) -> None:
    titles = TABLE_LABELS[ctx["lang"]]
    cat_desc = {c["key"]: c["description"] for c in ctx["info"]["categories"]}
    sections = []
    for n in sec.names():
        # The readable document leaves out bookkeeping columns; data.json and the CSVs keep all.
        cols = [c for c in sec.columns(n) if c not in INTERNAL_COLUMNS or n == "suppression"]
        title = titles.get("case" if n == "privacy_request" else n, n)
        sections.append({"title": title[:1].upper() + title[1:], "vertical": n == "person", "name": n,
                         "category": cat_desc.get(TABLE_CATEGORY.get(n, ""), ""),
                         "columns": cols, "rows": sec.rows(n)})
    with tempfile.TemporaryDirectory(prefix="export-") as d:
        html = Path(d) / "report.html"
        with html.open("w", encoding="utf-8") as out:
            for chunk in _env.get_template("export.html").generate(sections=sections, **ctx):
                out.write(chunk)
        zf.write(html, "report.html")
        if ctx["pdf"]:
            pdf = render_pdf(html, ctx["pdf"])
            if pdf is not None:
                zf.write(pdf, "report.pdf")
                ctx["made_pdf"] = True


def find_browser(configured: str) -> str | None:
    """The headless browser that prints the PDF: `[execution] pdf_browser`, else one on PATH."""
    if configured:
        return configured if Path(configured).exists() else None
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def render_pdf(html: Path, browser: str, timeout: float = 120.0) -> Path | None:
    """Print the report to PDF with headless Chromium (the page is self-contained and its CSP
    forbids scripts and fetches). None when it fails: HTML, JSON and CSV are the export."""
    pdf = html.with_suffix(".pdf")
    cmd = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
           "--proxy-server=127.0.0.1:9",
           f"--user-data-dir={html.parent / 'profile'}", f"--print-to-pdf={pdf}", html.as_uri()]
    try:
        subprocess.run(cmd, capture_output=True, timeout=timeout, check=False)  # noqa: S603 - our own argv
    except (OSError, subprocess.TimeoutExpired):
        log.warning("pdf rendering failed", extra={"browser": browser})
        return None
    if not pdf.exists() or pdf.stat().st_size == 0:
        log.warning("pdf rendering produced nothing", extra={"browser": browser})
        return None
    return pdf


def build_export(s: Session, rt: Runtime, person: Person, *, kind: ExportKind = ExportKind.ACCESS,
                 language: str = "en", reference: str = "", dest_dir: Path | None = None,
                 exclude: dict[str, set[int]] | None = None) -> tuple[Path, ExportSummary]:
    """Write the export ZIP to a new file (the caller stores and removes it)."""
    lang = lang_of(language)
    L = labels(lang)
    now = rt.clock.now()
    info = art15_info(rt.settings, lang)
    portable = kind == ExportKind.PORTABILITY
    head: dict[str, Any] = {"generated_at": now.isoformat(), "kind": kind.value, "reference": reference,
                            "controller": info["controller"]["name"], "register": info["register"]}
    if not portable:
        head["art15"] = info
    sec = _Sections(s, person, kind, exclude)
    summary = ExportSummary(kind=kind)
    fd, name = tempfile.mkstemp(prefix=f"{kind.value}-", suffix=".zip", dir=dest_dir)
    path = Path(name)
    try:
        with open(fd, "wb") as f, zipfile.ZipFile(f, "w", compression=zipfile.ZIP_DEFLATED) as zf:
            _write_json(zf, sec, head, summary)
            _write_csv(zf, sec)
            tz = rt.settings.deadlines.timezone
            ctx = {"lang": lang, "L": L, "info": info, "generated_at": readable.cell(now, "at", lang, tz),
                   # values and column names as words in the reader's language (bot.register.readable)
                   "cell": lambda v, c, _lang=lang, _tz=tz: readable.cell(v, c, _lang, _tz),
                   "colname": lambda c, _lang=lang: readable.column_label(c, _lang),
                   "reference": reference, "art15": not portable,
                   "title": L["portability_title"] if portable else L["title"],
                   "intro": L["portability_intro"] if portable else L["intro"],
                   "pdf": find_browser(rt.settings.execution.pdf_browser)
                   if rt.settings.execution.export_pdf and not portable else None}
            _write_html(zf, sec, ctx)
            summary.pdf = bool(ctx.get("made_pdf"))
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return path, summary
