"""A staff member's alert settings: the settings page (CSRF-protected) and `python -m bot staff
alerts`, both stored on the staff member's row and read by the alerts job."""

from __future__ import annotations

from sqlmodel import select

from bot.jobs.alerts import EVENTS
from models import StaffUser
from tests.web.client import staff_client
from tests.web.factories import PASSWORD, make_staff


def _user(rt, name: str = "liisa") -> StaffUser:
    with rt.db.session() as s:
        return s.exec(select(StaffUser).where(StaffUser.username == name)).one()


def test_the_settings_page_saves_address_language_and_opt_outs(live) -> None:
    make_staff(live.rt)
    c, csrf = staff_client(live.url, "liisa", PASSWORD)
    page = c.get("/staff/settings?lang=sv")
    assert page.status_code == 200 and "Aviseringar per e-post" in page.text
    assert page.text.count('type="checkbox"') == len(EVENTS) and page.text.count(" checked") == len(EVENTS)
    keep = [e for e in EVENTS if e not in ("bounce", "digest")]
    r = c.post("/staff/settings", data={"csrf": csrf, "email": "Liisa@XCure.fi", "language": "sv",
                                        "alert": keep})
    assert r.status_code == 303
    u = _user(live.rt)
    assert (u.email, u.language, u.alerts_off) == ("liisa@xcure.fi", "sv", ["bounce", "digest"])
    again = c.get("/staff/settings")
    assert 'id="alert-bounce" name="alert" value="bounce">' in again.text and "Inställningarna har sparats" not in again.text
    assert "/staff/settings" in c.get("/staff").text  # in the navigation


def test_the_settings_form_needs_its_csrf_token_and_a_real_address(live) -> None:
    make_staff(live.rt)
    c, csrf = staff_client(live.url, "liisa", PASSWORD)
    assert c.post("/staff/settings", data={"email": "x@xcure.fi", "language": "fi"}).status_code == 403
    bad = c.post("/staff/settings", data={"csrf": csrf, "email": "not an address", "language": "fi"})
    assert bad.status_code == 400
    assert _user(live.rt).email is None


def test_the_alerts_command(rt) -> None:
    from tests.cases.test_commands import _bot

    make_staff(rt)
    out = _bot(rt, "staff", "alerts", "liisa", "--email", "liisa@xcure.fi", "--language", "fi",
               "--off", "due_soon", "bounce")
    assert out.returncode == 0, out.stderr
    assert "due_soon           off" in out.stdout and "new_case           on" in out.stdout
    out = _bot(rt, "staff", "alerts", "liisa", "--on", "bounce")
    assert out.returncode == 0, out.stderr
    u = _user(rt)
    assert (u.email, u.language, u.alerts_off) == ("liisa@xcure.fi", "fi", ["due_soon"])
    assert _bot(rt, "staff", "alerts", "liisa", "--off", "nonsense").returncode != 0
