"""Adherence: the ladder sessions and the runs done of those the plan
prescribed, day by day through the period, and those done on other days
counted apart (a run on a rest day, while paused, before the plan opened)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from hht.rules.records import Day


def adherence(per_day: dict[date, dict[str, Any]], period: Sequence[Day], since: date, until: date) -> dict[str, Any]:
    """Sessions and runs done of those the plan prescribed, day by day; the others counted apart."""
    logged = {d.date: d for d in period}
    ladder: dict[str, Any] = {"prescribed": 0, "done": 0, "partial": 0, "while_stopped": []}
    runs: dict[str, Any] = {
        "prescribed": 0,
        "done": 0,
        "on_rest_days": [],
        "while_paused": [],
        "while_stopped": [],
        "before_plan": [],
        "after_plan": [],
    }
    for when in sorted(per_day):
        if not since <= when <= until:
            continue
        plan, day = per_day[when], logged.get(when)
        iso = when.isoformat()
        if plan["session_prescribed"]:
            ladder["prescribed"] += 1
            if day is not None and day.exercise is not None:
                ladder["done"] += 1
                ladder["partial"] += bool(day.partial)
        elif day is not None and day.exercise is not None:
            ladder["while_stopped"].append(iso)
        ran = day is not None and day.run is not None
        if plan["run_prescribed"]:
            runs["prescribed"] += 1
            runs["done"] += ran
        elif not ran:
            continue
        elif plan["loading_stopped"]:
            runs["while_stopped"].append(iso)
        elif not plan["run_open"]:
            runs["before_plan"].append(iso)
        elif plan["run_complete"]:
            runs["after_plan"].append(iso)
        elif plan["paused"]:
            runs["while_paused"].append(iso)
        else:
            runs["on_rest_days"].append(iso)
    return {"ladder": ladder, "runs": runs}
