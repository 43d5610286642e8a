"""When the outcome measures are due: at the first assessment (the baseline),
then at weeks 4, 12, 26 and 52 after it (the schedule of the current PHT
trials). A time point is due from its day until each of its measures has been
taken, or until the next time point opens; a measure taken up to a week
before a time point counts for it. GROC rates change itself, so it is due at
the follow-ups, not at the baseline. Pure: the first assessment's day and the
days each measure was taken in, the time points out.
"""

# Annotations are evaluated, not postponed: a NamedTuple turns each postponed one
# into a ForwardRef, which doubles the cost of defining it at start-up (`hht status` reads this).

from collections.abc import Iterable
from datetime import date, timedelta
from typing import NamedTuple

from hht.rules.records import AT_BASELINE, OUTCOME_MEASURES

WEEKS = (0, 4, 12, 26, 52)
EARLY = timedelta(days=7)  # a measure taken this long before a time point counts for it
LAST_OPEN = timedelta(weeks=26)  # how long the last time point stays due


class TimePoint(NamedTuple):
    week: int  # 0 is the baseline
    on: date  # the day it is due from
    until: date  # the first day it is no longer due (the next time point's window opens)
    measures: tuple[str, ...]  # the measures due at it
    done: dict[str, date]  # each measure taken for it, with the day (the latest)

    @property
    def label(self) -> str:
        return "baseline" if self.week == 0 else f"week {self.week}"

    @property
    def missing(self) -> tuple[str, ...]:
        return tuple(m for m in self.measures if m not in self.done)

    def due_on(self, day: date) -> bool:
        """Whether it is asked on `day`: opened, not yet closed, something not taken."""
        return self.on <= day < self.until and bool(self.missing)


def time_points(first_assessment: date, taken: Iterable[tuple[str, date]]) -> list[TimePoint]:
    """Every time point from the baseline on, with the measures taken for each."""
    days = [first_assessment + timedelta(weeks=w) for w in WEEKS]
    taken = sorted(taken, key=lambda t: t[1])
    out = []
    for i, (week, on) in enumerate(zip(WEEKS, days)):
        start = date.min if i == 0 else on - EARLY
        until = days[i + 1] - EARLY if i + 1 < len(days) else on + LAST_OPEN
        measures = OUTCOME_MEASURES if week else AT_BASELINE
        done = {measure: day for measure, day in taken if measure in measures and start <= day < until}
        out.append(TimePoint(week, on, until, measures, done))
    return out


def due(first_assessment: date | None, taken: Iterable[tuple[str, date]], day: date) -> TimePoint | None:
    """The time point due on `day`, or None (nothing due, or no assessment yet)."""
    if first_assessment is None:
        return None
    return next((p for p in time_points(first_assessment, taken) if p.due_on(day)), None)


def upcoming(first_assessment: date | None, taken: Iterable[tuple[str, date]], day: date) -> TimePoint | None:
    """The next time point that opens after `day`, or None."""
    if first_assessment is None:
        return None
    return next((p for p in time_points(first_assessment, taken) if p.on > day), None)
