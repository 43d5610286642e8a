"""The return-to-run plan as a line of steps: each week, with its sets in a
week that builds them, and what a step's session is (its words, minutes and
intervals to time)."""

from __future__ import annotations

from typing import NamedTuple

from hht.rules.intervals import Interval, continuous, mmss, walk_jog
from hht.rules.protocol.model import Protocol, RunWeek


class Step(NamedTuple):
    """One step of the plan: a week, with its sets in a week that builds them."""

    number: int  # 1-based position in the plan
    week: RunWeek
    sets: int | None

    @property
    def builds_sets(self) -> bool:
        return self.sets is not None

    @property
    def minutes(self) -> int:
        w = self.week
        if self.sets is not None:
            return self.sets * ((w.walk_minutes or 0) + (w.jog_minutes or 0))
        return w.minutes or 0

    @property
    def session(self) -> str:
        """What to do, e.g. `3 x (walk 5:00, jog 1:00), 18 min`."""
        w = self.week
        if self.sets is None:
            return w.session
        return (
            f"{self.sets} x (walk {mmss((w.walk_minutes or 0) * 60)}, "
            f"jog {mmss((w.jog_minutes or 0) * 60)}), {self.minutes} min"
        )

    @property
    def intervals(self) -> tuple[Interval, ...]:
        w = self.week
        if self.sets is None:
            return continuous(self.minutes, f"Week {w.week}: {w.session}")
        return walk_jog(w.walk_minutes or 0, w.jog_minutes or 0, self.sets)

    @property
    def label(self) -> str:
        if self.sets is None:
            return f"week {self.week.week}"
        return f"week {self.week.week} at {self.sets} sets"


def steps(protocol: Protocol) -> tuple[Step, ...]:
    out: list[Step] = []
    for week in protocol.run_weeks:
        if week.builds_sets:
            assert week.start_sets is not None and week.max_sets is not None
            for sets in range(week.start_sets, week.max_sets + 1):
                out.append(Step(len(out) + 1, week, sets))
        else:
            out.append(Step(len(out) + 1, week, None))
    return tuple(out)
