"""`/staff/settings`: a staff member's own alert settings — the address staff mail goes to, its
language, and which alerts they want (every event on unless turned off; bot.jobs.alerts)."""

from __future__ import annotations

from sqlmodel import select
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from bot.jobs.alerts import EVENTS
from bot.mail.addresses import normalise_email
from bot.runtime import Runtime
from bot.staff.accounts import StaffLogin
from bot.web import i18n
from bot.web.pages import language, render
from models import StaffUser


def settings_page(request: Request, login: StaffLogin, *, error: str = "", status: int = 200) -> Response:
    rt: Runtime = request.app.state.rt
    with rt.db.session() as s:
        user = s.exec(select(StaffUser).where(StaffUser.username == login.username)).one()
    return render(request, "staff/settings.html", login=login, user=user, events=EVENTS,
                  languages=i18n.LANGUAGES, error=error, saved=request.query_params.get("saved") == "1",
                  status=status)


def save_settings(request: Request, login: StaffLogin, form: FormData) -> Response:
    rt: Runtime = request.app.state.rt
    _ = i18n.translator(language(request))
    email = str(form.get("email", "")).strip()[:320]
    lang = str(form.get("language", ""))
    if email and ("@" not in email or any(c.isspace() for c in email)):
        return settings_page(request, login, error=_("settings_bad_email"), status=400)
    if lang not in i18n.LANGUAGES:
        lang = i18n.DEFAULT
    on = {str(v) for v in form.getlist("alert")}
    with rt.db.session() as s:
        user = s.exec(select(StaffUser).where(StaffUser.username == login.username)).one()
        user.email = normalise_email(email) if email else None
        user.language = lang
        user.alerts_off = [e for e in EVENTS if e not in on]
        s.add(user)
    return RedirectResponse("/staff/settings?saved=1", status_code=303)
