"""What `hht today --start` times: the day's run when there is one to do,
else the holds of the stage."""

# Annotations are evaluated, not postponed: a NamedTuple turns each postponed one
# into a ForwardRef, which doubles the cost of defining it at start-up.

from typing import NamedTuple

from hht.plan.views import Progress, RunState
from hht.rules.intervals import Interval, holds
from hht.rules.protocol.model import Protocol


class TimedSession(NamedTuple):
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
        f"{protocol.stage_word.capitalize()} {rung.number} · {rung.name}",
        holds(rung.hold_seconds, timer.reps, timer.sets, timer.rest_seconds, timer.set_rest_seconds),
        "exercise",
    )
    return session, f"{why} Timing the holds of rung {rung.number} ({rung.name}) instead."
