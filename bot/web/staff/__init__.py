"""`/staff/...`: the review queue for privacy staff (login required for everything here)."""

from __future__ import annotations

from starlette.routing import BaseRoute, Route

from bot.web.staff import (
    actions,
    auth,
    texts,  # noqa: F401  (registers the staff pages' texts)
)
from bot.web.staff.casepage import case_page
from bot.web.staff.messages import message_page, messages_page, open_message
from bot.web.staff.queue import queue_page


def routes() -> list[BaseRoute]:
    return [
        *auth.routes(),
        Route("/staff", auth.staff_view(queue_page), methods=["GET"]),
        Route("/staff/", auth.staff_view(queue_page), methods=["GET"]),
        Route("/staff/cases/{ref}", auth.staff_view(case_page), methods=["GET"]),
        Route("/staff/messages", auth.staff_view(messages_page), methods=["GET"]),
        Route("/staff/messages/{id}", auth.staff_view(message_page), methods=["GET"]),
        Route("/staff/messages/{id}/open", auth.staff_action(open_message), methods=["POST"]),
        *actions.routes(),
    ]
