"""`/staff/...`: the review queue for privacy staff (login required for everything here)."""

from __future__ import annotations

from starlette.routing import BaseRoute, Route

from bot.web.staff import (
    actions,
    auth,
    texts,  # noqa: F401  (registers the staff pages' texts)
)
from bot.web.staff.casepage import case_page
from bot.web.staff.figures_page import figures_page
from bot.web.staff.messages import message_page, messages_page, open_message
from bot.web.staff.person import person_page
from bot.web.staff.queue import processors_page, queue_page
from bot.web.staff.register_page import register_page


def routes() -> list[BaseRoute]:
    return [
        *auth.routes(),
        Route("/staff", auth.staff_view(queue_page), methods=["GET"]),
        Route("/staff/", auth.staff_view(queue_page), methods=["GET"]),
        Route("/staff/cases/{ref}", auth.staff_view(case_page), methods=["GET"]),
        Route("/staff/people/{id}", auth.staff_view(person_page), methods=["GET"]),
        Route("/staff/figures", auth.staff_view(figures_page), methods=["GET"]),
        Route("/staff/register", auth.staff_view(register_page), methods=["GET"]),
        Route("/staff/messages", auth.staff_view(messages_page), methods=["GET"]),
        Route("/staff/processors", auth.staff_view(processors_page), methods=["GET"]),
        Route("/staff/messages/{id}", auth.staff_view(message_page), methods=["GET"]),
        Route("/staff/messages/{id}/open", auth.staff_action(open_message), methods=["POST"]),
        *actions.routes(),
    ]
