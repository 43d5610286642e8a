"""Pain by week: for each calendar week (Monday first), the mean and the worst
of each rating and how many there were."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from statistics import fmean
from typing import Any

from hht.rules.records import RATINGS, Day


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def pain_by_week(days: Sequence[Day]) -> list[dict[str, Any]]:
    """Mean and worst of each rating, per calendar week (Monday first)."""
    weeks: dict[date, dict[str, list[int]]] = {}
    for day in days:
        bucket = weeks.setdefault(_monday(day.date), {r: [] for r in RATINGS})
        for name, value in day.ratings().items():
            bucket[name].append(value)
    out = []
    for start in sorted(weeks):
        row: dict[str, Any] = {"week_start": start.isoformat()}
        for name in RATINGS:
            values = weeks[start][name]
            row[name] = {"mean": round(fmean(values), 1), "worst": max(values), "n": len(values)} if values else None
        out.append(row)
    return out
