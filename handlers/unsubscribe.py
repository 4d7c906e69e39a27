"""Unsubscribe requests: executed at once, without identity verification.

The register work lives in `bot.register.suppression` (the web's one-click `/u/{token}` calls it
there); this module is the cases flow's step. The acknowledgement the router sends says it is done.
"""

from __future__ import annotations

from sqlmodel import Session

from bot.cases.service import set_status
from bot.register.suppression import unsubscribe
from bot.runtime import Runtime
from handlers.base import ReceivedContext, RequestHandler
from handlers.execution import record
from models import Case, CaseStatus, RequestKind


class UnsubscribeHandler(RequestHandler):
    kind = RequestKind.UNSUBSCRIBE
    needs_verification = False  # it only ever removes the named address from marketing

    def on_received(self, s: Session, rt: Runtime, case: Case, ctx: ReceivedContext) -> None:
        withdrawn, added = unsubscribe(s, rt, case.requester_email, source="email")
        record(s, rt, case, "unsubscribed", tables={"consent": withdrawn, "suppression": added},
               already_suppressed=not added)
        set_status(s, rt, case, CaseStatus.COMPLETED, details={"suppressed": True})
        ctx.mark_done(case)


HANDLER = UnsubscribeHandler()
