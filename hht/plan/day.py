"""The day's plan as plain data: what `hht today` shows and `--json` prints.

Everything here reads one walk through the days (hht/rules/walk.py): the ladder
and the run plan on the morning of the day, what the day's own session and
run did by its end, and the reasons, most important first.
"""

# Annotations are evaluated, not postponed: a NamedTuple turns each postponed one
# into a ForwardRef, which doubles the cost of defining it at start-up.

from collections.abc import Sequence
from datetime import date
from typing import Any

from hht.plan.reasons import awaiting_effect, cross_training_on, run_reasons
from hht.plan.views import WHY_DAYS, Progress, RunState, run_view, views
from hht.rules.protocol.model import Exercise, Protocol
from hht.rules.reassess import assessment_due
from hht.rules.records import (
    LADDER,
    ONE_DAY,
    AssessmentSummary,
    Day,
    day_parts,
    within,
)
from hht.rules.walk import Moment, ProtocolChange, day_of

RECENT = 5  # decisions in `recent_decisions`, per track


# -- reasons ---------------------------------------------------------------------


# -- the day's plan --------------------------------------------------------------


def today_plan(
    protocol: Protocol,
    days: Sequence[Day],
    on: date,
    assessments: Sequence[AssessmentSummary] = (),
    changes: Sequence[ProtocolChange] = (),
) -> tuple[Progress, dict[str, Any]]:
    """The plan for the day `on`, from one walk through the days, under the
    protocol in force that day (`protocol` from the start, then `changes`)."""
    moment = day_of(protocol, days, assessments, on, changes)
    protocol = moment.morning.protocol or protocol
    state, run = views(protocol, moment)
    ladder = state.ladder
    rung = protocol.ladder[ladder.rung - 1]
    recent = [d.to_json() for d in state.decisions[-RECENT:]]
    loading = state.loading
    plan: dict[str, Any] = {
        "date": on.isoformat(),
        "assessed": state.assessed,
        "paused": state.paused,
        "loading": loading,
        "cross_training": cross_training_on(protocol, state.latest_assessment),
        "protocol": {"name": protocol.name, "version": protocol.version, "stage_word": protocol.stage_word},
        "ladder": {
            "rung": ladder.rung,
            "rungs": len(protocol.ladder),
            "exercise": rung.name,
            "dose": rung.dose if loading else None,
            "how": rung.how if loading else None,
            "hold_seconds": rung.hold_seconds if loading else None,
            "rest_day": ladder.rest is not None,
            "exercises": [exercise_json(e) for e in rung.exercises] if loading else None,
            "pain_free_sessions": ladder.pain_free_sessions,
            "needed": ladder.needed,
            "complete": ladder.complete,
            "awaiting_morning_after": ladder.awaiting.isoformat() if ladder.awaiting else None,
            "maintenance": maintenance_json(protocol) if ladder.complete and loading else None,
        },
        "stretching": {
            "summary": protocol.stretching.summary,
            "how": protocol.stretching.how,
        }
        if loading
        else None,
        "reasons": list(state.reasons),
        "recent_decisions": recent,
        "why": [d.to_json() for d in reversed(moment.decisions) if d.date > on - ONE_DAY * WHY_DAYS],
    }
    entry = moment.entry
    plan["logged_today"] = ", ".join(day_parts(entry)) if entry is not None else None
    if entry is not None and entry.exercise is not None:
        plan["ladder"]["logged_today"] = {"exercise": entry.exercise, "partial": entry.partial}
        plan["reasons"] += todays_session(protocol, moment, entry)
    else:
        plan["ladder"]["logged_today"] = None
    logged = entry.run if entry is not None else None
    plan["run"] = run_json(protocol, run, logged)
    plan["why"] = [d.to_json() for d in reversed(moment.today)] + plan["why"]
    if state.paused or not plan["cross_training"]["allowed"]:
        plan["run"]["rest_day_ideas"] = []  # cross-training has its own gate
    plan["reasons"] += run_reasons(protocol, run)
    if logged is not None and run.unlocked:
        plan["reasons"] += todays_run(protocol, moment, logged)
    due = assessment_due(protocol, state.latest_assessment, (*moment.decisions, *moment.today), on)
    plan["assessment_due"] = due.on.isoformat() if due.on else None
    plan["assessment_due_reason"] = due.reason
    if due.on is not None:  # before any assessment, the ladder's reasons already ask for one
        plan["reasons"].append(due.reason)
    return state, plan


def maintenance_json(protocol: Protocol) -> dict[str, Any]:
    """The maintenance work: its summary and exercises, each with its dose."""
    work = protocol.maintenance
    assert work is not None
    return {"summary": work.summary, "exercises": [exercise_json(e) for e in work.exercises]}


def exercise_json(exercise: Exercise) -> dict[str, Any]:
    out: dict[str, Any] = {"name": exercise.name, "dose": exercise.dose, "how": exercise.how}
    if exercise.hold_seconds is not None:
        out["hold_seconds"] = exercise.hold_seconds
    return out


def run_json(protocol: Protocol, run: RunState, logged_today: int | None) -> dict[str, Any]:
    """`today --json`'s `run`. `session` and `intervals` are the current
    step's session (the next run); `rest_day` says whether to run today."""
    step = run.step
    week = step.week if step is not None else None
    counts = week is not None and not week.builds_sets
    runs = step if not run.paused else None  # the step to run, unless the plan is paused
    return {
        "unlocked": run.unlocked,
        "opened": run.opened.isoformat() if run.opened else None,
        "missing": list(run.missing),
        "complete": run.complete,
        "paused": run.paused,
        "week": week.week if week else None,
        "weeks": len(protocol.run_weeks),
        "sets": step.sets if step else None,
        "max_sets": week.max_sets if week else None,
        "session": runs.session if runs else None,
        "minutes": runs.minutes if runs else None,
        "guidance": runs.week.guidance if runs else None,
        "intervals": [{"kind": i.kind, "seconds": i.seconds, "label": i.label} for i in runs.intervals] if runs else [],
        "rest_day": run.rest_day,
        "reason": run.reason,
        "week_started": run.week_started.isoformat() if run.week_started else None,
        "pain_free_runs": run.pain_free_runs if counts else None,
        "pain_free_runs_needed": week.min_pain_free_runs if counts and week else None,
        "min_days": week.min_days if counts and week else None,
        "awaiting_morning_after": run.awaiting.isoformat() if run.awaiting else None,
        "logged_today": logged_today,
        "rest_day_ideas": list(protocol.cross_training.ideas) if run.rest_day else [],
        "recent_decisions": [d.to_json() for d in run.decisions][-RECENT:],
    }


def todays_session(protocol: Protocol, moment: Moment, entry: Day) -> list[str]:
    """What the ladder session already logged for the day does to the plan."""
    what = f"Today's session ({entry.exercise}/10{', partial' if entry.partial else ''})"
    lines = [f"{what}: {d.reason}" for d in moment.today if d.track == LADDER]
    if moment.evening.ladder.pending == moment.date:
        lines.append(
            f"{what} counts once tomorrow morning's pain is logged at {within(protocol.pain.advance_threshold)}."
        )
    return lines


def todays_run(protocol: Protocol, moment: Moment, pain: int) -> list[str]:
    """What the run already logged for the day does to the plan."""
    lines = [f"Today's run ({pain}/10): {d.reason}" for d in moment.today if d.track != LADDER]
    if moment.evening.run.pending == moment.date and moment.evening.run.pending_counts:
        later = run_view(protocol, moment.evening, moment.date + ONE_DAY, ())
        lines.append(f"Today's run ({pain}/10) counts once tomorrow morning's pain is logged{awaiting_effect(later)}.")
    return lines
