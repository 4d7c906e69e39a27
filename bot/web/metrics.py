"""`/metrics`: Prometheus text computed from the database at each scrape (so every instance
reports the shared truth), plus this process's classification timings.

Counts only — no addresses, names or subjects ever appear as label values.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector
from sqlalchemy import func
from sqlmodel import col, select
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from bot.runtime import Runtime
from bot.runtime import metrics as process_metrics
from bot.web.staff.queue import today
from models import Case, InboundMessage, OutboundMessage, OutboundState
from models.enums import CLOSED_STATUSES

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"


def _v(x: object) -> str:
    return str(getattr(x, "value", x) if x is not None else "")


class DatabaseCollector(Collector):
    def __init__(self, rt: Runtime, today: date) -> None:
        self.rt, self.today = rt, today

    def collect(self) -> Iterator[Metric]:
        received = CounterMetricFamily("bot_messages_received", "Messages stored, by source and outcome",
                                       labels=["source", "outcome"])
        cases = GaugeMetricFamily("bot_cases", "Cases by request kind and status", labels=["kind", "status"])
        overdue = GaugeMetricFamily("bot_cases_overdue", "Open cases past their (extended) due date",
                                    labels=["kind"])
        outbox = GaugeMetricFamily("bot_outbox_messages", "Outbox rows by state", labels=["state"])
        queued = GaugeMetricFamily("bot_outbox_length", "Replies waiting to be sent (queued or sending)")
        with self.rt.db.session() as s:
            by_outcome: dict[tuple[str, str], float] = {}
            cols = (col(InboundMessage.source), col(InboundMessage.outcome), col(InboundMessage.state))
            for source, out, in_state, n in s.exec(select(*cols, func.count()).group_by(*cols)):
                key = (_v(source), _v(out) or _v(in_state))  # not yet routed: its processing state
                by_outcome[key] = by_outcome.get(key, 0.0) + float(n)
            for labels, total in sorted(by_outcome.items()):
                received.add_metric(list(labels), total)
            for kind, status, n in s.exec(select(Case.kind, Case.status, func.count())
                                          .group_by(Case.kind, Case.status)):
                cases.add_metric([_v(kind), _v(status)], float(n))
            due = func.coalesce(Case.extended_due_date, Case.due_date)
            for kind, n in s.exec(select(Case.kind, func.count())
                                  .where(col(Case.status).not_in([c.value for c in CLOSED_STATUSES]),
                                         due < self.today)
                                  .group_by(Case.kind)):
                overdue.add_metric([_v(kind)], float(n))
            waiting = 0
            by_state = select(OutboundMessage.state, func.count()).group_by(OutboundMessage.state)
            for state, n in s.exec(by_state):
                outbox.add_metric([_v(state)], float(n))
                if _v(state) in (OutboundState.QUEUED.value, OutboundState.SENDING.value):
                    waiting += int(n)
            queued.add_metric([], float(waiting))
        yield from (received, cases, overdue, outbox, queued)


def render_metrics(rt: Runtime) -> bytes:
    reg = CollectorRegistry(auto_describe=False)
    reg.register(DatabaseCollector(rt, today(rt)))
    return generate_latest(reg) + generate_latest(process_metrics.REGISTRY)


async def metrics(request: Request) -> Response:
    body = await run_in_threadpool(render_metrics, request.app.state.rt)
    return Response(body, media_type=CONTENT_TYPE)


def routes() -> list[BaseRoute]:
    return [Route("/metrics", metrics, methods=["GET"])]
