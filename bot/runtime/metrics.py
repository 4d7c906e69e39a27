"""Process-local measurements that cannot be read back from the database (timings).

The classifier's caller records each classification with `observe_classification(seconds)`;
`/metrics` exposes the histogram next to the figures it computes from the database.
"""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Histogram

REGISTRY = CollectorRegistry(auto_describe=True)

CLASSIFICATION_SECONDS = Histogram(
    "bot_classification_seconds", "Time to classify one message (language and request kinds)",
    buckets=(0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0), registry=REGISTRY,
)


def observe_classification(seconds: float) -> None:
    CLASSIFICATION_SECONDS.observe(seconds)
