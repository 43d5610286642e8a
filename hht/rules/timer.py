"""The interval timer's logic: the schedule of intervals, which one is
current, how much is left, pause and resume, and when to ring the bell.

Pure: the clock is passed in (any function returning seconds, such as
`time.monotonic`), so tests run it on a fake clock. The terminal part of
`hht today --start` (hht/cli/live_timer.py) only reads keys and draws. The
intervals themselves, and how a length of time reads, are in
hht/rules/intervals.py.
"""

# Annotations are evaluated, not postponed: a NamedTuple turns each postponed one
# into a ForwardRef, which doubles the cost of defining it at start-up.

import bisect
import math
from collections.abc import Callable, Iterable, Mapping
from typing import NamedTuple

from hht.errors import UsageError
from hht.rules.intervals import Interval, mmss

Clock = Callable[[], float]

SPEED_VARIABLE = "HHT_TIMER_SPEED"
SPEED_RANGE = (0.1, 1000.0)


def countdown(seconds: float) -> str:
    """Time left as m:ss, rounded up: it reads 0:01 until the interval ends."""
    return mmss(math.ceil(seconds - 1e-9))


# -- where the session is ------------------------------------------------------


class Position(NamedTuple):
    interval_index: int  # of the current interval; len(intervals) once done
    interval: Interval | None  # None once done
    following: Interval | None  # the interval after this one
    elapsed: float  # session seconds done
    left: float  # seconds left in the current interval
    total: float

    @property
    def done(self) -> bool:
        return self.interval is None


class Schedule:
    """A sequence of intervals laid end to end."""

    def __init__(self, intervals: Iterable[Interval]):
        self.intervals = tuple(i for i in intervals if i.seconds > 0)
        ends: list[int] = []
        total = 0
        for interval in self.intervals:
            total += interval.seconds
            ends.append(total)
        self.ends = tuple(ends)
        self.total = total

    def __len__(self) -> int:
        return len(self.intervals)

    def at(self, elapsed: float) -> Position:
        elapsed = min(max(elapsed, 0.0), float(self.total))
        index = bisect.bisect_right(self.ends, elapsed)
        if index >= len(self.intervals):
            return Position(len(self.intervals), None, None, elapsed, 0.0, self.total)
        following = self.intervals[index + 1] if index + 1 < len(self.intervals) else None
        return Position(index, self.intervals[index], following, elapsed, self.ends[index] - elapsed, self.total)


class Tick(NamedTuple):
    position: Position
    bell: bool  # the interval changed (or the session started or ended) since the last tick


class Timer:
    """A schedule run against a clock, with pause and resume.

    `speed` multiplies the clock (HHT_TIMER_SPEED, for demos and tests);
    1 is real time.
    """

    def __init__(self, schedule: Schedule, clock: Clock, speed: float = 1.0):
        self.schedule = schedule
        self.clock = clock
        self.speed = speed
        self._banked = 0.0  # session seconds run before the clock last (re)started
        self._since: float | None = None  # the clock's reading when it last (re)started
        self._last_index: int | None = None
        self.started = False

    @property
    def running(self) -> bool:
        return self._since is not None

    @property
    def paused(self) -> bool:
        return self.started and not self.running and not self.finished

    @property
    def finished(self) -> bool:
        return self.elapsed() >= self.schedule.total

    def start(self) -> None:
        if not self.started:
            self.started = True
            self._since = self.clock()

    def pause(self) -> None:
        if self._since is not None:
            self._banked = self.elapsed()
            self._since = None

    def resume(self) -> None:
        if self.started and self._since is None and not self.finished:
            self._since = self.clock()

    def toggle(self) -> None:
        """Space: pause a running timer, resume a paused one."""
        if self.running:
            self.pause()
        else:
            self.resume()

    def elapsed(self) -> float:
        running = (self.clock() - self._since) * self.speed if self._since is not None else 0.0
        return min(self._banked + running, float(self.schedule.total))

    def position(self) -> Position:
        return self.schedule.at(self.elapsed())

    def tick(self) -> Tick:
        """Where the session is now, and whether to ring for it."""
        position = self.position()
        bell = position.interval_index != self._last_index
        self._last_index = position.interval_index
        if position.done:
            self.pause()  # the clock stops at the end
        return Tick(position, bell)


def speed_from(environ: Mapping[str, str]) -> float:
    """The HHT_TIMER_SPEED factor (1 when unset). Raises UsageError."""
    raw = environ.get(SPEED_VARIABLE, "").strip()
    if not raw:
        return 1.0
    low, high = SPEED_RANGE
    try:
        value = float(raw)
    except ValueError:
        value = math.nan
    if not low <= value <= high:  # also false for nan
        raise UsageError(
            f"{SPEED_VARIABLE} must be a number from {low:g} to {high:g} "
            f"(it speeds the timer up for demos and tests), not {raw!r}."
        )
    return value
