"""What `hht status` says: one short line of what is still to do today.

What the line says is read from the day's plan (hht/plan/day.py's
`today_plan`), never decided here: the red-flag pause, the rung, the run or
the rest day are what `hht today` shows for the same day. Reading the
database and printing the line is hht/cli/status_line.py's.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from hht.rules.records import AssessmentSummary, Day

SEPARATOR = " · "
ALL_DONE = "all done for today"
REST_DAY = "rest day from running"
RUN_PAUSED = "running paused"
NO_LOADING = "no exercise or running"

# What the line lists, in order; the `kind` of each item in `--json`.
CLINICIAN, MORNING, SESSION, RUN, ASSESSMENT = "clinician", "morning", "session", "run", "assessment"


def todo(plan: dict[str, Any], entry: Day | None, rung_id: str) -> tuple[list[dict[str, str]], list[str]]:
    """What is still to do on the plan's day, in the runner's words, most important first;
    and what not to do (a rest day from running, say), said after it."""
    items = []
    notes = []
    if plan["paused"]:
        items.append((CLINICIAN, "see a clinician"))
    if entry is None or entry.morning is None:
        items.append((MORNING, "morning pain"))
    ladder = plan["ladder"]
    run = plan["run"]
    if not plan.get("loading", True):  # a red flag stops all loading: no dose, no run
        notes.append(NO_LOADING)
    else:
        if ladder["logged_today"] is None:
            word = plan["protocol"].get("stage_word", "rung")
            what = (
                "maintenance session" if ladder["complete"] else f"{word} {ladder['rung']} {rung_id.replace('_', ' ')}"
            )
            items.append((SESSION, what))
        if run["unlocked"] and not run["complete"]:
            if run["paused"]:
                notes.append(RUN_PAUSED)
            elif run["rest_day"]:
                notes.append(REST_DAY)
            elif run["logged_today"] is None:
                sets = f", {run['sets']} sets" if run["sets"] is not None else ""
                items.append((RUN, f"run week {run['week']}{sets}"))
    due = plan["assessment_due"]
    if not plan["assessed"]:
        items.append((ASSESSMENT, "first assessment"))
    elif due is not None and due <= plan["date"]:
        items.append((ASSESSMENT, "re-assess"))
    return [{"kind": kind, "text": text} for kind, text in items], notes


def status(
    protocol: Any,
    days: Sequence[Day],
    assessments: Sequence[AssessmentSummary],
    on: date,
    changes: Sequence = (),
) -> dict[str, Any]:
    """The status of the day `on` as plain data; `line` is what `hht status` prints.

    `protocol` applies from the start and `changes` from their days, as in `hht today`."""
    from hht.plan.day import today_plan

    _, plan = today_plan(protocol, days, on, assessments, changes)
    entry = next((d for d in reversed(days) if d.date == on), None)
    in_force = next((c.protocol for c in reversed(changes) if c.date <= on), protocol)
    items, notes = todo(plan, entry, in_force.ladder[plan["ladder"]["rung"] - 1].id)
    words = [item["text"] for item in items]
    return {
        "date": plan["date"],
        "line": SEPARATOR.join(words + notes) if words else ALL_DONE,
        "done": not items,
        "todo": items,
        "not_today": notes,
        "paused": plan["paused"],
        "assessment_due": plan["assessment_due"],
        "assessment_due_reason": plan["assessment_due_reason"],
    }
