"""What `hht today --start` times: the day's run when there is one to do,
else the holds of the stage, read from the day's plan (hht/plan/day.py)."""

# Annotations are evaluated, not postponed: a NamedTuple turns each postponed one
# into a ForwardRef, which doubles the cost of defining it at start-up.

from typing import NamedTuple

from hht.plan import prescription as rx
from hht.plan.day import DayPlan
from hht.rules.intervals import REST, Interval, holds


class TimedSession(NamedTuple):
    """What `hht today --start` times, and what it logs at the end."""

    title: str
    intervals: tuple[Interval, ...]
    logs: str  # "run" or "exercise"


def timed_session(plan: DayPlan) -> tuple[TimedSession | None, str]:
    """Today's run when there is one to do; else the stage's holds.

    Returns the session (None when there is nothing to time) and a sentence
    saying why that one.
    """
    p, run, ladder = plan.prescription, plan.run, plan.ladder
    if p.stopped:
        latest = plan.progress.latest_assessment
        when = f" in the assessment on {latest.date}" if latest is not None else ""
        return None, (
            f"Nothing to time today: the red flag{when} stops all loading until a clinician "
            "has seen it (`hht today` says what to do)."
        )
    step = p.step
    if p.run == rx.RUN and step is not None and run.logged is None:
        return TimedSession(f"Week {step.week.week} · {step.session}", step.intervals, "run"), run.state.reason
    why = f"Today's run is already logged ({run.logged}/10)." if p.run == rx.RUN else run.state.reason
    word = ladder.word
    name = f"{word} {ladder.stage} ({ladder.name})"
    if p.session == rx.REST:
        return None, f"{why} No run to time today, and today is a rest day from {name}: nothing to time."
    if ladder.complete:
        return None, f"{why} No run to time today, and the ladder is complete: nothing to time."
    if ladder.logged is not None:
        return None, f"{why} No run to time today, and today's session is already logged: nothing to time."
    timer = plan.protocol.holds
    if ladder.hold_seconds is not None:
        intervals = holds(ladder.hold_seconds, timer.reps, timer.sets, timer.rest_seconds, timer.set_rest_seconds)
    else:
        held = [e for e in ladder.exercises or () if e.hold_seconds is not None]
        if not held:
            return None, f"{why} No run to time today, and {name} has no holds: nothing to time."
        parts: list[Interval] = []
        for n, exercise in enumerate(held):
            if n:
                parts.append(Interval(REST, timer.set_rest_seconds, f"Rest, then {exercise.name.lower()}"))
            assert exercise.hold_seconds is not None
            block = holds(exercise.hold_seconds, timer.reps, timer.sets, timer.rest_seconds, timer.set_rest_seconds)
            parts += [i._replace(label=f"{exercise.name}: {i.label}") if i.kind != REST else i for i in block]
        intervals = tuple(parts)
    session = TimedSession(f"{word.capitalize()} {ladder.stage} · {ladder.name}", intervals, "exercise")
    return session, f"{why} Timing the holds of {name} instead."
