"""Figures for accountability: requests per kind per month, time to close, share answered on time,
overdue now, by language and channel. Pure: computed from the request register's rows.

Percentiles use the nearest-rank method (the smallest value with at least p% of values at or
below it), so every figure is a number of days some request really took.
"""

from __future__ import annotations

import math
import statistics
from collections import Counter
from datetime import date
from typing import Any


def nearest_rank(values: list[int], p: float) -> int | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(1, math.ceil(p / 100 * len(ordered))) - 1]


def figures(rows: list[dict[str, Any]], year: int, today: date) -> dict[str, Any]:
    """`rows` from `register_rows` for the year (received in it)."""
    per_month: dict[str, list[int]] = {}
    for r in rows:
        month = int(r["received"][5:7])
        per_month.setdefault(r["kind"], [0] * 12)[month - 1] += 1
    closed = [r for r in rows if r["closed"]]
    days = [int(r["days_taken"]) for r in closed]
    on_time = sum(1 for r in closed if r["on_time"])
    overdue = [r["reference"] for r in rows if not r["closed"] and today > date.fromisoformat(
        r["extended_due"] or r["due"])]
    return {
        "year": year,
        "total": len(rows),
        "per_kind_month": dict(sorted(per_month.items())),
        "per_month": [sum(v[m] for v in per_month.values()) for m in range(12)],
        "closed": len(closed),
        "median_days": statistics.median(days) if days else None,
        "p90_days": nearest_rank(days, 90),
        "on_time_share": round(on_time / len(closed), 4) if closed else None,
        "overdue_now": len(overdue),
        "overdue_references": overdue,
        "by_language": dict(Counter(r["language"] for r in rows).most_common()),
        "by_channel": dict(Counter(r["channel"] for r in rows).most_common()),
        # handled automatically (no staff action recorded) or by staff; overall, per language
        # and per channel: {"automatic": n, "staff": n}
        "by_handling": _handling(rows),
        "handling_by_language": {k: _handling([r for r in rows if r["language"] == k])
                                 for k in dict(Counter(r["language"] for r in rows).most_common())},
        "handling_by_channel": {k: _handling([r for r in rows if r["channel"] == k])
                                for k in dict(Counter(r["channel"] for r in rows).most_common())},
    }


def _handling(rows: list[dict[str, Any]]) -> dict[str, int]:
    staff = sum(1 for r in rows if r.get("handled_by") == "staff")
    return {"automatic": len(rows) - staff, "staff": staff}


def bar_chart_svg(values: list[int], labels: list[str], *, title: str, width: int = 640,
                  height: int = 220) -> str:
    """A plain bar chart: every bar carries its number, so it reads without colour (and printed)."""
    from html import escape

    top = max([*values, 1])
    pad_l, pad_b, pad_t = 8, 28, 24
    n = max(len(values), 1)
    slot = (width - pad_l * 2) / n
    bw = slot * 0.7
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
             f'aria-label="{escape(title)}" class="chart"><title>{escape(title)}</title>',
             f'<line x1="{pad_l}" y1="{height - pad_b}" x2="{width - pad_l}" y2="{height - pad_b}" '
             'stroke="currentColor"/>']
    for i, (v, lab) in enumerate(zip(values, labels, strict=True)):
        h = (height - pad_b - pad_t) * v / top
        x = pad_l + i * slot + (slot - bw) / 2
        y = height - pad_b - h
        parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{bw:.1f}" height="{h:.1f}" '
                     'fill="none" stroke="currentColor" stroke-width="1.5"/>'
                     f'<rect x="{x:.1f}" y="{y:.1f}" width="{bw:.1f}" height="{h:.1f}" fill="url(#hatch)"/>')
        parts.append(f'<text x="{x + bw / 2:.1f}" y="{y - 4:.1f}" text-anchor="middle" '
                     f'font-size="12">{v}</text>')
        parts.append(f'<text x="{x + bw / 2:.1f}" y="{height - pad_b + 16}" text-anchor="middle" '
                     f'font-size="12">{escape(lab)}</text>')
    parts.insert(1, '<defs><pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
                    'patternTransform="rotate(45)"><line x1="0" y1="0" x2="0" y2="6" '
                    'stroke="currentColor" stroke-width="2"/></pattern></defs>')
    parts.append("</svg>")
    return "".join(parts)
