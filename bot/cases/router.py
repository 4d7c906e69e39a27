"""After parsing: decide what a message is and hand it on (classification, cases, replies).

Until the classifier and cases land, this records the outcome of parsing only.
"""

from __future__ import annotations

from sqlmodel import Session

from bot.mail.parse import ParsedMessage
from bot.runtime import Runtime
from models import InboundMessage


def route(rt: Runtime, s: Session, msg: InboundMessage, parsed: ParsedMessage) -> None:
    msg.outcome = "automated" if parsed.automated else "parsed"
