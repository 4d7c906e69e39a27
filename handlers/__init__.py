"""Request handlers: one module per request kind (`handlers/<kind>.py` exposing `HANDLER`).

`get_handler(kind)` returns that module's HANDLER, or the default handler (acknowledge, challenge
identity when the kind needs it, queue for staff) while a kind has no module of its own.
"""

from __future__ import annotations

import importlib

from handlers.base import ReceivedContext, RequestHandler, default_handler
from models import RequestKind

__all__ = ["ReceivedContext", "RequestHandler", "get_handler"]


def get_handler(kind: RequestKind | str) -> RequestHandler:
    kind = RequestKind(kind)
    try:
        module = importlib.import_module(f"handlers.{kind.value}")
    except ModuleNotFoundError as e:
        if e.name != f"handlers.{kind.value}":
            raise  # the module exists but something it imports is missing: a real error
        return default_handler(kind)
    handler = getattr(module, "HANDLER", None)
    return handler if isinstance(handler, RequestHandler) else default_handler(kind)
