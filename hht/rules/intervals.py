"""The sessions hht times, as plain data: the intervals of a run, or of a
rung's holds, and how a length of time reads (m:ss).

Split from hht/rules/timer.py so that the run plan and the day's plan can name
their intervals without loading the live timer, which only
`hht today --start` runs.
"""

# Annotations are evaluated, not postponed: a NamedTuple turns each postponed one
# into a ForwardRef, which doubles the cost of defining it at start-up.

from typing import NamedTuple

# Interval kinds, in the runner's words.
WALK = "walk"
JOG = "jog"
RUN = "run"
HOLD = "hold"
REST = "rest"


class Interval(NamedTuple):
    """One interval of a session. A NamedTuple rather than a frozen dataclass, as
    records.Day is: as immutable, and cheaper to define on every command's start-up."""

    kind: str  # walk, jog, run, hold or rest
    seconds: int
    label: str  # what the screen says, e.g. "Jog 2 of 3"


def mmss(seconds: float) -> str:
    """Whole seconds as m:ss (or h:mm:ss), rounded down."""
    whole = max(0, int(seconds))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


# -- the sessions hht times --------------------------------------------------


def walk_jog(walk_minutes: int, jog_minutes: int, sets: int) -> tuple[Interval, ...]:
    """Sets of (walk, jog), as in weeks 1-2 of the run plan."""
    out: list[Interval] = []
    for n in range(1, sets + 1):
        out.append(Interval(WALK, walk_minutes * 60, f"Walk {n} of {sets}"))
        out.append(Interval(JOG, jog_minutes * 60, f"Jog {n} of {sets}"))
    return tuple(out)


def continuous(minutes: int, label: str) -> tuple[Interval, ...]:
    return (Interval(RUN, minutes * 60, label),)


def holds(hold_seconds: int, reps: int, sets: int, rest_seconds: int, set_rest_seconds: int) -> tuple[Interval, ...]:
    """Isometric holds: `sets` sets of `reps` holds, with rests between."""
    out: list[Interval] = []
    for s in range(1, sets + 1):
        for r in range(1, reps + 1):
            out.append(Interval(HOLD, hold_seconds, f"Hold {r} of {reps}, set {s} of {sets}"))
            if r < reps:
                out.append(Interval(REST, rest_seconds, "Rest"))
        if s < sets:
            out.append(Interval(REST, set_rest_seconds, f"Rest before set {s + 1}"))
    return tuple(out)
