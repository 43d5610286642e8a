"""Adherence: the ladder sessions and the runs done of those the plan
prescribed, day by day through the period, and those done on other days
counted apart (a session or a run on a rest day, while paused or stopped, before the
run plan opened). Each day is due only when the plan prescribed that work on it:
the prescription is hht/plan/prescription.py's, the same that `hht today` shows."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from hht.plan import prescription as rx
from hht.rules.records import Day

# Where a run done on a day that prescribed none is counted, by what the day prescribed
RUN_APART = {
    rx.RUN_REST: "on_rest_days",
    rx.PAUSED: "while_paused",
    rx.RUN_STOPPED: "while_stopped",
    rx.LOCKED: "before_plan",
    rx.COMPLETE: "after_plan",
}


def adherence(per_day: dict[date, dict[str, Any]], period: Sequence[Day], since: date, until: date) -> dict[str, Any]:
    """Sessions and runs done of those the plan prescribed, day by day; the others counted apart."""
    logged = {d.date: d for d in period}
    ladder: dict[str, Any] = {"prescribed": 0, "done": 0, "partial": 0, "on_rest_days": [], "while_stopped": []}
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
        if plan["session"] == rx.DUE:
            ladder["prescribed"] += 1
            if day is not None and day.exercise is not None:
                ladder["done"] += 1
                ladder["partial"] += bool(day.partial)
        elif day is not None and day.exercise is not None:
            ladder["on_rest_days" if plan["session"] == rx.REST else "while_stopped"].append(iso)
        ran = day is not None and day.run is not None
        if plan["run"] == rx.RUN:
            runs["prescribed"] += 1
            runs["done"] += ran
        elif not ran:
            continue
        else:
            runs[RUN_APART[plan["run"]]].append(iso)
    return {"ladder": ladder, "runs": runs}
