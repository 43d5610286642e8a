"""What a change to the log did, in words: the values it wrote, and what it
did to the plan (`hht log`, `hht history`, `hht undo`)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from hht.plan.reasons import awaiting_effect
from hht.plan.views import Progress, RunState
from hht.rules.records import (
    ADVANCE,
    COMPLETE,
    COUNTED,
    FIELD_NAMES,
    FIELDS,
    GATE,
    HOLD,
    LADDER,
    NOT_COUNTED,
    ONE_DAY,
    OPEN,
    RUN,
    STEP_BACK,
    Day,
    day_parts,
    log_morning,
    show_value,
)


def change_parts(old: Day, new: Day) -> list[str]:
    """What differs between two versions of a day: "morning 2/10 -> 0/10"."""

    def value(day: Day, name: str) -> Any:
        if name == "partial":  # the dose means something only with a session
            return None if day.exercise is None else day.partial
        return getattr(day, name)

    def label(name: str, v: Any) -> str:
        return show_value(name, v) if name == "partial" else f"{FIELD_NAMES.get(name, name)} {show_value(name, v)}"

    changes = []
    for n in FIELDS:
        before, after = value(old, n), value(new, n)
        if before == after:
            continue
        if before is None:
            changes.append(f"{label(n, after)} (new)")
        elif after is None:
            changes.append(f"{label(n, before)} (removed)")
        elif n == "partial":
            changes.append(f"{show_value(n, before)} -> {show_value(n, after)}")
        else:
            changes.append(f"{FIELD_NAMES.get(n, n)} {show_value(n, before)} -> {show_value(n, after)}")
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
    labels = {
        (LADDER, ADVANCE): "Advanced",
        (LADDER, COMPLETE): "Ladder complete",
        (LADDER, STEP_BACK): "Stepped back",
        (LADDER, HOLD): "Held",
        (LADDER, COUNTED): "Counted",
        (LADDER, NOT_COUNTED): "Not counted",
        (GATE, OPEN): "Run plan opened",
        (RUN, ADVANCE): "Run advanced",
        (RUN, COMPLETE): "Run plan complete",
        (RUN, STEP_BACK): "Run stepped back",
        (RUN, HOLD): "Run held",
        (RUN, COUNTED): "Run counted",
        (RUN, NOT_COUNTED): "Run not counted",
    }
    old_decisions = list(before.decisions) + list(run_before.decisions if run_before else ())
    new_decisions = list(after.decisions) + list(run_after.decisions if run_after else ())
    old = {d for d in old_decisions if d.date >= since}
    current = set(new_decisions)
    new = [d for d in new_decisions if d.date >= since and d not in old]
    gone = [d for d in old_decisions if d.date >= since and d not in current]
    lines = [f"{labels.get((d.track, d.kind), d.kind.title())} ({d.date}): {d.reason}" for d in new]
    # A "not counted" that is gone was settled by what was just logged: the new lines say how.
    lines += [
        f"No longer ({d.date}): {d.reason}" for d in gone if (d.track, d.kind) in labels and d.kind != NOT_COUNTED
    ]
    ladder = after.ladder

    def waiting(awaiting: date | None, unconfirmed: date | None) -> date | None:
        if awaiting is not None:
            return awaiting
        if unconfirmed is not None and today is not None and unconfirmed + ONE_DAY >= today:
            return unconfirmed
        return None

    session = waiting(ladder.awaiting, ladder.unconfirmed)
    if session is not None:
        lines.append(
            f"The session on {session} counts once the next morning's pain is logged "
            f"({log_morning(session + ONE_DAY)})."
        )
    run = waiting(run_after.awaiting, run_after.unconfirmed) if run_after is not None else None
    if run is not None and run_after is not None:
        lines.append(
            f"The run on {run} counts once the next morning's pain is logged "
            f"({log_morning(run + ONE_DAY)}){awaiting_effect(run_after)}."
        )
    if not lines:
        step = run_after.step if run_after is not None else None
        paused = run_after is not None and run_after.paused
        run_words = f"; run: {'paused at ' if paused else ''}{step.label}" if step is not None else ""
        where = (
            "the ladder complete (maintenance)"
            if ladder.complete
            else f"rung {ladder.rung}, {ladder.pain_free_sessions} of {ladder.needed} pain-free sessions"
        )
        if after.paused:  # a red flag: the same words as `hht today`'s
            where += " (progression paused)" if after.loading else " (all loading stopped)"
        lines.append(f"No change to the plan: {where}{run_words}.")
    return lines


def local_time(stamp: str) -> str:
    """A stored UTC time as the runner's local clock reads it."""
    return datetime.fromisoformat(stamp).astimezone().strftime("%Y-%m-%d %H:%M")


def describe(change) -> str:
    """What one change did, in words."""
    if change.kind == "assessment":
        return describe_assessment(change)
    if change.kind == "protocol":
        return describe_adoption(change)
    from hht.plan.figure_effects import describe_outcome, figure_words  # the physio's numbers

    if change.kind == "outcome":
        return describe_outcome(change)
    old, new = change.old_day, change.new_day
    extra = figure_words(change)  # sitting minutes and loads
    if old is None:
        text = "logged " + ", ".join(day_parts(new) + extra)
    elif new is None:
        text = "removed " + ", ".join(day_parts(old) + extra)
    else:
        text = "; ".join(change_parts(old, new) + extra) or "no values changed"
    if change.undoes is not None:
        text = f"undid #{change.undoes}: {text}"
    return text


def describe_assessment(change) -> str:
    """An assessment saved, or removed by an undo, in words."""
    from hht.rules.assessment.brief import brief

    if change.undoes is not None:
        return f"undid #{change.undoes}: removed the assessment for {change.date} ({brief(change.old)})"
    return f"assessment for {change.date}: {brief(change.new)}"


def adoption(uses: list[dict]) -> str:
    """The protocol one `hht protocol use` adopted: "clinic 1.0.0 from 2026-10-25"."""
    chosen = uses[-1]
    return f"{chosen['name']} {chosen['version']} from {chosen['from_date']}"


def describe_adoption(change) -> str:
    """A protocol adopted, or its adoption removed by an undo, in words."""
    if change.undoes is not None:
        return f"undid #{change.undoes}: removed the adoption of {adoption(change.old['uses'])}"
    *kept, chosen = change.new["uses"]
    text = f"adopted {adoption(change.new['uses'])}, reason: {chosen['reason']}"
    for use in kept:  # the shipped default, kept for the days before it
        text += f"; the days from {use['from_date']} keep {use['name']} {use['version']}"
    return text
