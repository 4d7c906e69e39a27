"""`/staff/...`: the review queue for privacy staff (login required for everything here)."""

from __future__ import annotations

from starlette.routing import BaseRoute, Route

from bot.register import readable
from bot.web.pages import env
from bot.web.staff import (
    actions,
    auth,
    daily_texts,  # noqa: F401  (the daily-work pages' texts)
    texts,  # noqa: F401  (registers the staff pages' texts)
)
from bot.web.staff.case_file import case_file_download
from bot.web.staff.casepage import case_page
from bot.web.staff.figures_page import figures_page
from bot.web.staff.messages import check_message, count_to_check, message_page, messages_page, open_message
from bot.web.staff.person import person_page
from bot.web.staff.queue import processors_page, queue_page
from bot.web.staff.register_page import register_page
from bot.web.staff.settings_page import save_settings, settings_page
from bot.web.staff.trail import value_text

# the navigation shows how many messages wait to be checked (a query only on staff pages)
env.globals["messages_to_check"] = lambda request: count_to_check(request.app.state.rt)
# a register value as a word ("newsletter" -> "uutiskirje"); people's own words stay as they are
env.globals["register_value"] = lambda column, value, lang: readable.cell(value, column, lang,
                                                                      "Europe/Helsinki")
# a letter's purpose as a word ("vastaanottokuittaus"), as the audit trail says it
env.globals["purpose_label"] = lambda purpose, lang: value_text("purpose", purpose, lang, "Europe/Helsinki")


def routes() -> list[BaseRoute]:
    return [
        *auth.routes(),
        Route("/staff", auth.staff_view(queue_page), methods=["GET"]),
        Route("/staff/", auth.staff_view(queue_page), methods=["GET"]),
        Route("/staff/cases/{ref}", auth.staff_view(case_page), methods=["GET"]),
        Route("/staff/cases/{ref}/file", auth.staff_view(case_file_download), methods=["GET"]),
        Route("/staff/people/{id}", auth.staff_view(person_page), methods=["GET"]),
        Route("/staff/figures", auth.staff_view(figures_page), methods=["GET"]),
        Route("/staff/register", auth.staff_view(register_page), methods=["GET"]),
        Route("/staff/messages", auth.staff_view(messages_page), methods=["GET"]),
        Route("/staff/processors", auth.staff_view(processors_page), methods=["GET"]),
        Route("/staff/messages/{id}", auth.staff_view(message_page), methods=["GET"]),
        Route("/staff/messages/{id}/open", auth.staff_action(open_message), methods=["POST"]),
        Route("/staff/messages/{id}/checked", auth.staff_action(check_message), methods=["POST"]),
        Route("/staff/settings", auth.staff_view(settings_page), methods=["GET"]),
        Route("/staff/settings", auth.staff_action(save_settings), methods=["POST"]),
        *actions.routes(),
    ]
