"""What a change to the log did, in words: the values it wrote, and what it
did to the plan (`hht log`, `hht history`, `hht undo`)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from hht.plan.reasons import awaiting_effect
from hht.plan.views import Progress, RunState
from hht.plan.words import LABELS, clause
from hht.rules.protocol.model import Protocol
from hht.rules.records import (
    ADVANCE,
    COMPLETE,
    FIELD_NAMES,
    FIELDS,
    NOT_COUNTED,
    ONE_DAY,
    RUN,
    STEP_BACK,
    Day,
    Decision,
    day_parts,
    log_morning,
    show_value,
)
from hht.rules.runsteps import steps


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
    protocol: Protocol | None = None,
) -> list[str]:
    """What a change to the log did to the plan (the ladder, and the run), from `since` on.

    The states are computed a day ahead, to include the logged day's own
    session; a morning that is `today` or later can still be logged, so a
    session or run waiting for it is awaiting, not "not counted".
    """
    labels = LABELS
    old_decisions = list(before.decisions) + list(run_before.decisions if run_before else ())
    new_decisions = list(after.decisions) + list(run_after.decisions if run_after else ())
    # A decision is the same decision when its day, track, kind and steps are: its reason may
    # word a count differently once a later value is in. Those dated after today are what
    # tomorrow's morning would settle, not yet made: they are neither new nor gone.
    horizon = today if today is not None else date.max
    # A decision kept but now worded otherwise (its count grew) is said again, never as gone.
    old = {(identity(d), d.reason) for d in old_decisions if since <= d.date <= horizon}
    current = {identity(d) for d in new_decisions}
    new = [d for d in new_decisions if since <= d.date <= horizon and (identity(d), d.reason) not in old]
    gone = [d for d in old_decisions if since <= d.date <= horizon and identity(d) not in current]
    lines = [f"{labels.get((d.track, d.kind), d.kind.title())} ({d.date}): {clause(d.reason)}" for d in new]
    # A "not counted" that is gone was settled by what was just logged: the new lines say how.
    lines += [
        f"No longer ({d.date}): {clause(d.reason)}"
        for d in gone
        if (d.track, d.kind) in labels and d.kind != NOT_COUNTED
    ]
    ladder = after.ladder
    word = protocol.stage_word if protocol is not None else "rung"

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
        ahead = [
            d
            for d in (run_after.decisions if run_after is not None else ())
            if d.track == RUN and d.date > horizon and d.kind in (ADVANCE, COMPLETE, STEP_BACK)
        ]
        if ahead and protocol is not None:  # the step today, before tomorrow's morning moves it
            plan = steps(protocol)
            step = plan[ahead[0].before - 1] if 0 < ahead[0].before <= len(plan) else step
        paused = run_after is not None and run_after.paused
        run_words = f"; run: {'paused at ' if paused else ''}{step.label}" if step is not None else ""
        where = (
            "the ladder complete (maintenance)"
            if ladder.complete
            else f"{word} {ladder.rung}, {min(ladder.pain_free_sessions, ladder.needed)} of {ladder.needed} "
            "pain-free sessions"
        )
        if after.paused:  # a red flag: the same words as `hht today`'s
            where += " (progression paused)" if after.loading else " (all loading stopped)"
        lines.append(f"No change to the plan: {where}{run_words}.")
    return lines


def identity(d: Decision) -> tuple[date, str, str, int, int]:
    return (d.date, d.track, d.kind, d.before, d.after)


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
    from hht.rules.runfile import file_change  # the run's file, beside the day's values

    run_file = file_change(change.old, change.new)
    extra = figure_words(change) + ([run_file] if run_file else [])  # sitting minutes, loads, the run's file
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
