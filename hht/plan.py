"""The day's plan as plain data: what `hht today` shows and `--json` prints."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, Sequence

from hht.assessment import cross_training_on
from hht.progression import ONE_DAY, AssessmentSummary, Day, Progress, progress
from hht.protocol import Protocol
from hht.runplan import RunState, awaiting_effect, run_plan, run_reasons
from hht.timer import Interval, holds

if TYPE_CHECKING:
    from hht.checkpoint import Checkpoint

RECENT = 5  # decisions shown with the plan, per track


def states(
    protocol: Protocol,
    days: Sequence[Day],
    on: date,
    assessments: Sequence[AssessmentSummary] = (),
    start: Checkpoint | None = None,
) -> tuple[Progress, RunState]:
    """The ladder and the run plan on the day `on`.

    With `start`, a checkpoint ending before `on`, both folds resume from it:
    `days` then need hold only the days after it (earlier ones are ignored).
    """
    ladder = progress(protocol, days, on, assessments, start=_ladder_start(start))
    return ladder, run_plan(protocol, days, on, ladder.decisions, assessments, start=_run_start(start))


def _ladder_start(start: Checkpoint | None) -> tuple[date, dict] | None:
    return None if start is None else (start.through, start.ladder)


def _run_start(start: Checkpoint | None) -> tuple[date, dict] | None:
    return None if start is None else (start.through, start.run)


def today_plan(
    protocol: Protocol,
    days: Sequence[Day],
    on: date,
    assessments: Sequence[AssessmentSummary] = (),
    start: Checkpoint | None = None,
) -> tuple[Progress, dict[str, Any]]:
    """The plan for the day `on`. With `start` (see `states`), `days` need hold only the days after it."""
    state, run = states(protocol, days, on, assessments, start)
    ladder = state.ladder
    rung = protocol.ladder[ladder.rung - 1]
    maintenance = protocol.data["maintenance"]
    recent = [d.to_json() for d in state.decisions[-RECENT:]]
    plan: dict[str, Any] = {
        "date": on.isoformat(),
        "assessed": state.assessed,
        "paused": state.paused,
        "cross_training": cross_training_on(protocol, state.latest_assessment),
        "protocol": {"name": protocol.name, "version": protocol.version},
        "ladder": {
            "rung": ladder.rung,
            "rungs": len(protocol.ladder),
            "exercise": rung.name,
            "dose": rung.dose,
            "how": rung.how,
            "hold_seconds": rung.hold_seconds,
            "pain_free_sessions": ladder.pain_free_sessions,
            "needed": ladder.needed,
            "complete": ladder.complete,
            "awaiting_morning_after": ladder.awaiting.isoformat() if ladder.awaiting else None,
            "maintenance": maintenance if ladder.complete else None,
        },
        "stretching": {
            "summary": protocol.data["stretching"]["summary"],
            "how": protocol.data["stretching"]["how"],
        },
        "reasons": list(state.reasons),
        "recent_decisions": recent,
    }
    entry = next((d for d in days if d.date == on), None)
    if entry is not None and entry.exercise is not None:
        plan["ladder"]["logged_today"] = {"exercise": entry.exercise, "partial": entry.partial}
        plan["reasons"] += todays_session(protocol, days, state, assessments, entry, start)
    else:
        plan["ladder"]["logged_today"] = None
    logged = entry.run if entry is not None else None
    plan["run"] = run_json(protocol, run, logged)
    if state.paused or not plan["cross_training"]["allowed"]:
        plan["run"]["rest_day_ideas"] = []  # cross-training has its own gate
    plan["reasons"] += run_reasons(protocol, run)
    if logged is not None and run.unlocked:
        plan["reasons"] += todays_run(protocol, days, run, state, assessments, logged, start)
    return state, plan


def run_json(protocol: Protocol, run: RunState, logged_today: int | None) -> dict[str, Any]:
    """`today --json`'s `run`. `session` and `intervals` are the current
    step's session (the next run); `rest_day` says whether to run today."""
    step = run.step
    week = step.week if step is not None else None
    counts = week is not None and not week.builds_sets
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
        "session": step.session if step else None,
        "minutes": step.minutes if step else None,
        "guidance": week.guidance if week else None,
        "intervals": [{"kind": i.kind, "seconds": i.seconds, "label": i.label} for i in step.intervals] if step else [],
        "rest_day": run.rest_day,
        "reason": run.reason,
        "week_started": run.week_started.isoformat() if run.week_started else None,
        "pain_free_runs": run.pain_free_runs if counts else None,
        "pain_free_runs_needed": week.min_pain_free_runs if counts and week else None,
        "min_days": week.min_days if counts and week else None,
        "awaiting_morning_after": run.awaiting.isoformat() if run.awaiting else None,
        "logged_today": logged_today,
        "rest_day_ideas": list(protocol.data["cross_training"]["ideas"]) if run.rest_day else [],
        "recent_decisions": [d.to_json() for d in run.decisions if d.track != "ladder"][-RECENT:],
    }


def todays_session(
    protocol: Protocol,
    days: Sequence[Day],
    ladder: Progress,
    assessments: Sequence[AssessmentSummary],
    entry: Day,
    start: Checkpoint | None = None,
) -> list[str]:
    """What the ladder session already logged for the day does to the plan."""
    later = progress(protocol, days, ladder.on + ONE_DAY, assessments, start=_ladder_start(start))
    known = set(ladder.decisions)
    what = f"Today's session ({entry.exercise}/10{', partial' if entry.partial else ''})"
    lines = [f"{what}: {d.reason}" for d in later.decisions if d.date == ladder.on and d not in known]
    if later.ladder.awaiting == ladder.on:
        lines.append(f"{what} counts once tomorrow morning's pain is logged at "
                     f"{protocol.pain.advance_threshold}/10 or less.")
    return lines


def todays_run(
    protocol: Protocol,
    days: Sequence[Day],
    run: RunState,
    ladder: Progress,
    assessments: Sequence[AssessmentSummary],
    pain: int,
    start: Checkpoint | None = None,
) -> list[str]:
    """What the run already logged for the day does to the plan."""
    later = run_plan(protocol, days, run.on + ONE_DAY, ladder.decisions, assessments, start=_run_start(start))
    known = set(run.decisions)
    lines = [f"Today's run ({pain}/10): {d.reason}" for d in later.decisions
             if d.date == run.on and d not in known]
    if later.awaiting == run.on:
        lines.append(f"Today's run ({pain}/10) counts once tomorrow morning's pain is logged"
                     f"{awaiting_effect(later)}.")
    return lines


@dataclass(frozen=True)
class TimedSession:
    """What `hht today --start` times, and what it logs at the end."""

    title: str
    intervals: tuple[Interval, ...]
    logs: str  # "run" or "exercise"


def timed_session(
    protocol: Protocol, ladder: Progress, run: RunState, logged_run: int | None
) -> tuple[TimedSession | None, str]:
    """Today's run when there is one to do; else the ladder rung's holds.

    Returns the session (None when there is nothing to time) and a sentence
    saying why that one.
    """
    step = run.step
    if run.runs_today and step is not None and logged_run is None:
        return TimedSession(f"Week {step.week.week} · {step.session}", step.intervals, "run"), run.reason
    why = f"Today's run is already logged ({logged_run}/10)." if run.runs_today else run.reason
    rung = protocol.ladder[ladder.ladder.rung - 1]
    if ladder.ladder.complete or rung.hold_seconds is None:
        what = "the ladder is complete" if ladder.ladder.complete else f"rung {rung.number} ({rung.name}) has no holds"
        return None, f"{why} No run to time today, and {what}: nothing to time."
    timer = protocol.holds
    session = TimedSession(
        f"Rung {rung.number} · {rung.name}",
        holds(rung.hold_seconds, timer.reps, timer.sets, timer.rest_seconds, timer.set_rest_seconds),
        "exercise",
    )
    return session, f"{why} Timing the holds of rung {rung.number} ({rung.name}) instead."


_PAIN_FIELDS = ("morning", "exercise", "run", "sitting")
_FIELDS = ("morning", "exercise", "partial", "run", "sitting", "note")


def _show(name: str, value: Any) -> str:
    if name in _PAIN_FIELDS:
        return f"{value}/10"
    if name == "partial":
        return "partial dose" if value else "full dose"
    return repr(value)


def day_parts(day: Day) -> list[str]:
    """A logged day's values, in words: "morning 2/10", "exercise 0/10", "full dose"."""
    parts = []
    for n in _FIELDS:
        if n == "partial":
            if day.exercise is not None:
                parts.append(_show(n, day.partial))
        elif getattr(day, n) is not None:
            parts.append(f"{n} {_show(n, getattr(day, n))}")
    return parts


def change_parts(old: Day, new: Day) -> list[str]:
    """What differs between two versions of a day: "morning 2/10 -> 0/10"."""

    def value(day: Day, name: str) -> Any:
        if name == "partial":  # the dose means something only with a session
            return None if day.exercise is None else day.partial
        return getattr(day, name)

    def label(name: str, v: Any) -> str:
        return _show(name, v) if name == "partial" else f"{name} {_show(name, v)}"

    changes = []
    for n in _FIELDS:
        before, after = value(old, n), value(new, n)
        if before == after:
            continue
        if before is None:
            changes.append(f"{label(n, after)} (new)")
        elif after is None:
            changes.append(f"{label(n, before)} (removed)")
        elif n == "partial":
            changes.append(f"{_show(n, before)} -> {_show(n, after)}")
        else:
            changes.append(f"{n} {_show(n, before)} -> {_show(n, after)}")
    return changes


def describe_change(old: Day | None, new: Day) -> str:
    """One line saying what a log wrote: the new day, or old -> new values."""
    if old is None:
        return f"Logged {new.date}: " + ", ".join(day_parts(new)) + "."
    changes = change_parts(old, new)
    if not changes:
        return f"{new.date} already had these values; nothing changed."
    return f"Updated {new.date}: " + "; ".join(changes) + "."


def describe_effect(
    before: Progress,
    after: Progress,
    since: date,
    run_before: RunState | None = None,
    run_after: RunState | None = None,
    today: date | None = None,
) -> list[str]:
    """What a change to the log did to the plan (the ladder, and the run), from `since` on.

    The states are computed a day ahead, to include the logged day's own
    session; a morning that is `today` or later can still be logged, so a
    session or run waiting for it is awaiting, not "not counted".
    """
    from hht.progression import ADVANCE, COMPLETE, COUNTED, HOLD, NOT_COUNTED, STEP_BACK
    from hht.runplan import GATE, OPEN, RUN

    labels = {
        ("ladder", ADVANCE): "Advanced", ("ladder", COMPLETE): "Ladder complete",
        ("ladder", STEP_BACK): "Stepped back", ("ladder", HOLD): "Held", ("ladder", COUNTED): "Counted",
        ("ladder", NOT_COUNTED): "Not counted", (GATE, OPEN): "Run plan opened", (RUN, ADVANCE): "Run advanced",
        (RUN, COMPLETE): "Run plan complete", (RUN, STEP_BACK): "Run stepped back", (RUN, HOLD): "Run held",
        (RUN, COUNTED): "Run counted", (RUN, NOT_COUNTED): "Run not counted",
    }
    old_decisions = list(before.decisions) + list(run_before.decisions if run_before else ())
    new_decisions = list(after.decisions) + list(run_after.decisions if run_after else ())
    old = {d for d in old_decisions if d.date >= since}
    current = set(new_decisions)
    new = [d for d in new_decisions if d.date >= since and d not in old]
    gone = [d for d in old_decisions if d.date >= since and d not in current]
    lines = [f"{labels.get((d.track, d.kind), d.kind.title())} ({d.date}): {d.reason}" for d in new]
    # A "not counted" that is gone was settled by what was just logged: the new lines say how.
    lines += [f"No longer ({d.date}): {d.reason}" for d in gone
              if (d.track, d.kind) in labels and d.kind != NOT_COUNTED]
    ladder = after.ladder

    def waiting(awaiting: date | None, unconfirmed: date | None) -> date | None:
        if awaiting is not None:
            return awaiting
        if unconfirmed is not None and today is not None and unconfirmed + ONE_DAY >= today:
            return unconfirmed
        return None

    session = waiting(ladder.awaiting, ladder.unconfirmed)
    if session is not None:
        lines.append(f"The session on {session} counts once the next morning's pain is logged "
                     f"(hht log --date {session + ONE_DAY} --morning N).")
    run = waiting(run_after.awaiting, run_after.unconfirmed) if run_after is not None else None
    if run is not None:
        lines.append(f"The run on {run} counts once the next morning's pain is logged "
                     f"(hht log --date {run + ONE_DAY} --morning N){awaiting_effect(run_after)}.")
    if not lines:
        step = run_after.step if run_after is not None else None
        run = f"; run: {step.label}" if step is not None else ""
        lines.append(f"No change to the plan: rung {ladder.rung}, {ladder.pain_free_sessions} of "
                     f"{ladder.needed} pain-free sessions{run}.")
    return lines
