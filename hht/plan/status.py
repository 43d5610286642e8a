"""What `hht status` says: one short line of what is still to do today.

What the line says is read from the day's plan (hht/plan/day.py's `DayPlan`
and its prescription), never decided here: the stop, the pause, the stage,
the run or the rest day are what `hht today` shows for the same day. Reading
the database and printing the line is hht/cli/status_line.py's.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from hht.plan import prescription as rx
from hht.rules.records import AssessmentSummary, Day
from hht.rules.timeline import Timeline

if TYPE_CHECKING:
    from hht.plan.day import DayPlan

SEPARATOR = " · "
ALL_DONE = "all done for today"
REST_DAY = "rest day from running"
RUN_PAUSED = "running paused"
NO_LOADING = "no exercise or running"

# What the line lists, in order; the `kind` of each item in `--json`.
CLINICIAN, MORNING, LOAD_TEST, SESSION, RUN, ASSESSMENT = (
    "clinician",
    "morning",
    "load_test",
    "session",
    "run",
    "assessment",
)


def todo(plan: DayPlan) -> tuple[list[dict[str, str]], list[str]]:
    """What is still to do on the plan's day, in the runner's words, most important first;
    and what not to do (a rest day from running, say), said after it."""
    p = plan.prescription
    entry = plan.entry
    items = []
    notes = []
    if plan.paused:
        items.append((CLINICIAN, "see a clinician"))
    if entry is None or entry.morning is None:
        items.append((MORNING, "morning pain"))
    if plan.load_test_missing:
        assert plan.protocol.load_test is not None
        items.append((LOAD_TEST, "load test"))
    if p.stopped:  # a red flag stops all loading: no dose, no run
        notes.append(NO_LOADING)
    else:
        word = plan.protocol.stage_word
        if p.session == rx.REST:
            notes.append(f"rest day from {word} {p.stage}")
        elif plan.ladder.logged is None:
            what = "maintenance session" if p.complete else f"{word} {p.stage} {p.rung.id.replace('_', ' ')}"
            items.append((SESSION, what))
        if p.run == rx.PAUSED:
            notes.append(RUN_PAUSED)
        elif p.run == rx.RUN_REST:
            notes.append(REST_DAY)
        elif p.run == rx.RUN and plan.run.logged is None:
            sets = f", {p.step.sets} sets" if p.step is not None and p.step.sets is not None else ""
            week = p.step.week.week if p.step is not None else "?"
            items.append((RUN, f"run week {week}{sets}"))
    due = plan.assessment_due
    if not plan.assessed:
        items.append((ASSESSMENT, "first assessment"))
    elif due is not None and due <= plan.date:
        items.append((ASSESSMENT, "re-assess"))
    return [{"kind": kind, "text": text} for kind, text in items], notes


def status(
    timeline: Timeline,
    days: Sequence[Day],
    assessments: Sequence[AssessmentSummary],
    on: date,
) -> dict[str, Any]:
    """The status of the day `on` as plain data; `line` is what `hht status` prints,
    under the protocols in force as in `hht today`."""
    from hht.plan.day import day_plan

    plan = day_plan(timeline, days, on, assessments)
    items, notes = todo(plan)
    words = [item["text"] for item in items]
    return {
        "date": plan.date.isoformat(),
        "line": SEPARATOR.join((words or [ALL_DONE]) + notes),
        "done": not items,
        "todo": items,
        "not_today": notes,
        "paused": plan.paused,
        "stopped": plan.prescription.stopped,
        "assessment_due": plan.assessment_due.isoformat() if plan.assessment_due else None,
        "assessment_due_reason": plan.assessment_due_reason,
    }
