"""The stage history's reasons in two parts, from each decision's fields: the
words several rows can share (their cause, told the same way whatever the
date) and the row's own (what the move did). The HTML states each shared
cause once, above the rows, and gives every row its own part after a letter.

The parts are built from the decision's date, track, kind, the step before
and after, its cause, and what the period knows of that day (the protocol in
force, with its stage word and its stages; the day's and the day before's
ratings; the assessment's urgency): never by reading the reason's words. A
row is given its parts only where its reason ends with its own part word for
word, so the page never says of a row anything its reason does not.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from hht.report.history import BENT_KNEE, STOP
from hht.report.in_force import Period, at
from hht.rules.records import ADVANCE, LADDER, ONE_DAY, PAUSE, RESUME, RUN, Day, pain
from hht.rules.runsteps import steps


def _where_ladder(plan: dict[str, Any], word: str) -> str:
    return "maintenance" if plan.get("maintenance") else f"{word} {plan.get('rung')}"


def _where_run(plan: dict[str, Any]) -> str:
    return f"week {plan.get('run_week')}" + (f" at {plan['run_sets']} sets" if plan.get("run_sets") else "")


def _flags(row: dict[str, Any]) -> str:
    flags = row.get("red_flags")
    return f" Red flag: {', '.join(flags).lower()}." if flags else ""


def parts(
    row: dict[str, Any],
    periods: Sequence[Period],
    days: dict[date, Day],
    urgency: dict[date, str | None],
    per_day: dict[date, dict[str, Any]],
) -> tuple[str, str] | None:
    """(shared, own) for a row whose cause is told by its fields alone, or None."""
    day = date.fromisoformat(row["date"])
    period = at(periods, day)
    plan = per_day.get(day)
    if period is None or plan is None:
        return None
    protocol, track, kind, cause = period.protocol, row["track"], row["kind"], row.get("cause")
    word = protocol.stage_word
    if track == LADDER and kind == ADVANCE:
        before, after = row["from"], row["to"]
        if not (1 <= before <= len(protocol.ladder) and 1 <= after <= len(protocol.ladder)):
            return None
        needed = protocol.ladder[before - 1].needed
        return (
            f"{needed} pain-free sessions in a row, the last confirmed by that day's morning",
            f"up to {word} {after} ({protocol.ladder[after - 1].name}).",
        )
    if track == RUN and kind == ADVANCE:
        plan_steps = steps(protocol)
        before, after = row["from"], row["to"]
        run, morning = days.get(day - ONE_DAY), days.get(day)
        if not (1 <= before < after <= len(plan_steps)) or run is None or run.run is None or morning is None:
            return None
        done, nxt = plan_steps[before - 1], plan_steps[after - 1]
        if not done.builds_sets or morning.response is None:
            return None  # a week of days is done by its count of runs, not by one run and its morning
        own = (
            f"up to {nxt.label} ({nxt.session})."
            if nxt.week.week == done.week.week
            else f"week {done.week.week} is done; week {nxt.week.week} starts: {nxt.session}."
        )
        return (
            f"the run the day before ({pain(run.run)}) and the morning after ({pain(morning.response)}) were pain-free",
            own,
        )
    if cause is None or cause == BENT_KNEE:
        return None  # the bent-knee stretch's pause says which side hurt and how much: each its own
    found = "a red flag that stops all loading" if cause == STOP and track == RUN else "a red flag"
    level = f" ({urgency.get(day) or 'unrated'})" if track == LADDER else ""
    if track == LADDER and kind == PAUSE:
        if cause == STOP:
            return (
                f"that day's assessment found a red flag{level}: all loading stops (no exercise dose, no running, "
                "no stretching into the ache) until an assessment has none",
                _flags(row).strip(),
            )
        return (
            f"that day's assessment found a red flag{level}: progression is paused and running stops until an "
            "assessment has none",
            f"the ladder work goes on at {_where_ladder(plan, word)}.{_flags(row)}",
        )
    if track == LADDER and kind == RESUME:
        what = "loading and progression resume" if cause == STOP else "progression resumes"
        return f"that day's assessment found no red flag: {what}", f"at {_where_ladder(plan, word)}."
    if track == RUN and kind == PAUSE:
        return (
            f"that day's assessment found {found}: no run until an assessment has none",
            f"the plan waits at {_where_run(plan)}.{_flags(row)}",
        )
    if track == RUN and kind == RESUME:
        return "that day's assessment found no red flag: runs resume", f"at {_where_run(plan)}."
    return None


def annotate(
    rows: Sequence[dict[str, Any]],
    periods: Sequence[Period],
    days: Sequence[Day],
    assessments: Sequence[Any],
    per_day: dict[date, dict[str, Any]],
) -> None:
    """Give each row its `reason_parts` ({"shared", "own"}) where its fields tell them."""
    by_date = {d.date: d for d in days}
    urgency: dict[date, str | None] = {}
    for a in sorted(assessments, key=lambda a: (a.date, a.taken_at)):  # the latest of a day decides, as in the walk
        urgency[a.date] = a.result.get("urgency") if a.red_flag else None
    for row in rows:
        found = parts(row, periods, by_date, urgency, per_day)
        if found and found[1] and row["reason"].endswith(found[1]):
            row["reason_parts"] = {"shared": found[0], "own": found[1]}
