"""`/staff/figures`: the year's figures with charts drawn on the server as plain SVG (no script,
no CDN; each bar carries its number and a hatch pattern, so nothing depends on colour)."""

from __future__ import annotations

from datetime import date

from markupsafe import Markup
from starlette.requests import Request
from starlette.responses import Response

from bot.cases.deadlines import local_today
from bot.cases.figures import bar_chart_svg, figures
from bot.cases.register_of_requests import register_rows
from bot.runtime import Runtime
from bot.staff.accounts import StaffLogin
from bot.web import i18n
from bot.web.pages import language, render

MONTHS = {"fi": "tammi helmi maalis huhti touko kesä heinä elo syys loka marras joulu",
          "sv": "jan feb mar apr maj jun jul aug sep okt nov dec",
          "en": "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec"}


def figures_page(request: Request, login: StaffLogin) -> Response:
    rt: Runtime = request.app.state.rt
    tz = rt.settings.deadlines.timezone
    today = local_today(rt.clock.now(), tz)
    try:
        year = int(request.query_params.get("year", today.year))
    except ValueError:
        year = today.year
    year = min(max(year, 2000), 2100)
    with rt.db.session() as s:
        rows = register_rows(s, tz=tz, today=today, start=date(year, 1, 1), end=date(year, 12, 31))
    f = figures(rows, year, today)
    lang = language(request)
    months = MONTHS.get(lang, MONTHS["en"]).split()
    _ = i18n.translator(lang)
    chart = Markup(bar_chart_svg(f["per_month"], months, title=_("chart_per_month", year=year)))  # noqa: S704  (built from numbers and escaped labels)
    return render(request, "staff/figures.html", login=login, f=f, months=months, chart=chart, year=year)
