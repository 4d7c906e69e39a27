"""The year's figures against a hand-computed fixture."""

from __future__ import annotations

from datetime import date

from bot.cases.figures import bar_chart_svg, figures, nearest_rank


def _row(ref: str, kind: str, received: str, *, days: int | None, on_time: bool | None, due: str,
         language: str = "fi", channel: str = "email", extended_due: str = "") -> dict:
    return {"reference": ref, "kind": kind, "received": f"{received}T10:00+02:00", "language": language,
            "channel": channel, "due": due, "extended_due": extended_due,
            "closed": "x" if days is not None else "", "days_taken": days, "on_time": on_time}


ROWS = [
    _row("A", "access", "2026-01-05", days=3, on_time=True, due="2026-02-05"),
    _row("B", "access", "2026-01-20", days=10, on_time=True, due="2026-02-20", language="sv"),
    _row("C", "erasure", "2026-01-28", days=40, on_time=False, due="2026-02-28"),
    _row("D", "erasure", "2026-03-02", days=20, on_time=True, due="2026-04-02", channel="link"),
    _row("E", "unsubscribe", "2026-03-15", days=0, on_time=True, due="2026-04-15", language="en"),
    _row("F", "access", "2026-11-01", days=None, on_time=False, due="2026-12-01"),  # open and late
    _row("G", "access", "2026-11-01", days=None, on_time=None, due="2026-12-01",
         extended_due="2027-02-01"),  # open, extended, not late
    _row("H", "correction", "2026-12-20", days=None, on_time=None, due="2027-01-20", channel="staff"),
]


def test_figures_as_counted_by_hand() -> None:
    f = figures(ROWS, 2026, today=date(2026, 12, 31))
    assert f["total"] == 8 and f["closed"] == 5
    assert f["per_kind_month"]["access"] == [2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0]
    assert f["per_kind_month"]["erasure"] == [1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0]
    assert f["per_month"] == [3, 0, 2, 0, 0, 0, 0, 0, 0, 0, 2, 1]
    # closed days: 0, 3, 10, 20, 40 -> median 10; 90th percentile by nearest rank: ceil(4.5) = 5th -> 40
    assert f["median_days"] == 10 and f["p90_days"] == 40
    assert f["on_time_share"] == 0.8  # 4 of 5 closed
    assert f["overdue_now"] == 1 and f["overdue_references"] == ["F"]
    assert f["by_language"] == {"fi": 6, "sv": 1, "en": 1}
    assert f["by_channel"] == {"email": 6, "link": 1, "staff": 1}


def test_nearest_rank_and_empty_years() -> None:
    assert nearest_rank([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90) == 9
    assert nearest_rank([7], 90) == 7 and nearest_rank([], 90) is None
    f = figures([], 2026, today=date(2026, 6, 1))
    assert f["median_days"] is None and f["on_time_share"] is None and f["per_month"] == [0] * 12


def test_the_chart_is_plain_svg_with_numbers_on_the_bars() -> None:
    svg = bar_chart_svg([3, 0, 2], ["tammi", "helmi", "maalis"], title="Pyynnöt <2026>")
    assert svg.startswith("<svg") and "<script" not in svg and "http" not in svg.replace(
        'xmlns="http://www.w3.org/2000/svg"', "")
    assert ">3</text>" in svg and ">maalis</text>" in svg and "&lt;2026&gt;" in svg
    assert 'id="hatch"' in svg  # a pattern, not colour alone
