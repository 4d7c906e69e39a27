"""`/staff/register`: the request register of a period on a page, and as CSV, XLSX or JSON to download."""

from __future__ import annotations

from datetime import date

from starlette.requests import Request
from starlette.responses import Response

from bot.cases.deadlines import local_today
from bot.cases.register_of_requests import register_rows, to_csv, to_json, to_xlsx
from bot.runtime import Runtime
from bot.staff.accounts import StaffLogin
from bot.web.pages import render


def _date(text: str | None, default: date) -> date:
    try:
        return date.fromisoformat((text or "")[:10])
    except ValueError:
        return default


def register_page(request: Request, login: StaffLogin) -> Response:
    rt: Runtime = request.app.state.rt
    tz = rt.settings.deadlines.timezone
    today = local_today(rt.clock.now(), tz)
    start = _date(request.query_params.get("from"), date(today.year, 1, 1))
    end = _date(request.query_params.get("to"), today)
    with rt.db.session() as s:
        rows = register_rows(s, tz=tz, today=today, start=start, end=end)
    fmt = request.query_params.get("format", "")
    name = f"request-register-{start.isoformat()}-{end.isoformat()}"
    if fmt == "csv":
        return Response(to_csv(rows), media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": f'attachment; filename="{name}.csv"'})
    if fmt == "xlsx":
        return Response(to_xlsx(rows),
                        media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                        headers={"Content-Disposition": f'attachment; filename="{name}.xlsx"'})
    if fmt == "json":
        return Response(to_json(rows), media_type="application/json",
                        headers={"Content-Disposition": f'attachment; filename="{name}.json"'})
    for r in rows:  # the page shows dates as people read them
        r["received_d"] = date.fromisoformat(r["received"][:10])
        for k in ("due", "extended_due", "closed"):
            r[k + "_d"] = date.fromisoformat(r[k]) if r[k] else None
    return render(request, "staff/register.html", login=login, rows=rows, start=start, end=end)
