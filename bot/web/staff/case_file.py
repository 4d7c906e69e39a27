"""One case's full file (bot.cases.case_file) as JSON or as a PDF printed by the headless
Chromium the access export already uses (bot.register.exporter.render_pdf): the audit trail as
sentences in the staff member's language, dates as 19.8.2026 in Helsinki time, every message and
letter in full. `GET /staff/cases/{ref}/file?format=pdf|json` and `python -m bot case REF --file`.
"""

from __future__ import annotations

import json
import tempfile
from datetime import datetime
from pathlib import Path
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from bot.cases.case_file import case_file
from bot.register.exporter import find_browser, render_pdf
from bot.runtime import Runtime
from bot.staff.accounts import StaffLogin
from bot.web import i18n
from bot.web.fmt import fmt_date, fmt_datetime
from bot.web.pages import env, language
from bot.web.staff.trail import narrate


class NoBrowser(Exception):
    """No headless browser to print with (`[execution] pdf_browser` or chromium on PATH)."""


def to_json(d: dict[str, Any]) -> str:
    return json.dumps(d, ensure_ascii=False, indent=1)


def to_html(rt: Runtime, d: dict[str, Any], lang: str) -> str:
    tz = rt.settings.deadlines.timezone

    def when(iso: str | None) -> str:
        return fmt_datetime(datetime.fromisoformat(iso), lang, tz) if iso else "\u2013"

    def sentence(e: dict[str, Any]) -> Any:
        return narrate(e["action"], e["details"], actor_type=e["actor_type"], actor=e["actor"],
                       at=datetime.fromisoformat(e["at"]), lang=lang, tz=tz, kind=d["kind"])

    return env.get_template("staff/case_file.html").render(
        d=d, lang=lang, _=i18n.translator(lang), when=when, sentence=sentence,
        fdate=lambda iso: fmt_date(datetime.fromisoformat(iso).date(), tz) if iso else "\u2013",
        controller=rt.settings.controller, generated=when(d["file_generated_at"]))


def to_pdf(rt: Runtime, d: dict[str, Any], lang: str) -> bytes:
    browser = find_browser(rt.settings.execution.pdf_browser)
    if browser is None:
        raise NoBrowser("no headless browser: set [execution] pdf_browser or install chromium")
    with tempfile.TemporaryDirectory(prefix="casefile-") as tmp:
        html = Path(tmp) / f"{d['reference']}.html"
        html.write_text(to_html(rt, d, lang), encoding="utf-8")
        pdf = render_pdf(html, browser)
        if pdf is None:
            raise NoBrowser("the browser did not print the case file")
        return pdf.read_bytes()


def load(rt: Runtime, reference: str) -> dict[str, Any] | None:
    with rt.db.session() as s:
        return case_file(s, reference, now=rt.clock.now(), timezone=rt.settings.deadlines.timezone)


def case_file_download(request: Request, login: StaffLogin) -> Response:
    rt: Runtime = request.app.state.rt
    d = load(rt, request.path_params["ref"])
    if d is None:
        raise HTTPException(404)
    fmt = request.query_params.get("format", "pdf")
    name = f"{d['reference']}-case-file"
    headers = {"Cache-Control": "no-store"}
    if fmt == "json":
        headers["Content-Disposition"] = f'attachment; filename="{name}.json"'
        return Response(to_json(d), media_type="application/json", headers=headers)
    try:
        pdf = to_pdf(rt, d, language(request))
    except NoBrowser as e:
        return Response(str(e), status_code=503, media_type="text/plain")
    headers["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
    return Response(pdf, media_type="application/pdf", headers=headers)
