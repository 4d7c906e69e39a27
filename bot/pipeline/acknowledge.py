"""The one acknowledgement for the new cases of a message: what we understood, what happens next,
and the identity challenge when a case needs one. Shared by the router (a new request) and the
answers to our questions (`bot.pipeline.asking`: the requester told us what they want)."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from sqlmodel import Session

from bot.mail.parse import ParsedMessage
from bot.replies.send import case_line, due_of, send_reply
from bot.runtime import Runtime
from handlers import ReceivedContext
from handlers.verification import start_challenge, verify_url
from models import Case, InboundMessage, VerificationChallenge


def acknowledge(s: Session, rt: Runtime, msg: InboundMessage, parsed: ParsedMessage, person: Any,
                cases: list[Case], ctx: ReceivedContext) -> None:
    """One reply for all new cases of the message, to the From address only (never Reply-To)."""
    verify = None
    if ctx.to_challenge:
        # The From address is on file (that is how `person` was found): the challenge goes there.
        token, code = start_challenge(s, rt, ctx.to_challenge, parsed.from_addr)
        ch = s.get(VerificationChallenge, ctx.to_challenge[0].challenge_id)
        tz = ZoneInfo(rt.settings.deadlines.timezone)
        verify = {"url": verify_url(rt, token), "code": code,
                  "expires": ch.expires_at.astimezone(tz).date() if ch else None}
    waiting = {c.id for c in ctx.to_challenge}
    lines = [case_line(c, done=c.id in ctx.done, needs_verification=c.id in waiting) for c in cases]
    send_reply(s, rt, template="acknowledgement" if person is not None else "neutral",
               language=ctx.language, to=parsed.from_addr, cases=cases,
               purpose="acknowledgement", inbound=msg, in_reply_to=parsed.message_id or None,
               references=[*parsed.references, parsed.message_id], original_subject=parsed.subject,
               case_lines=lines, verify=verify, due=due_of(cases))
