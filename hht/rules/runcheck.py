"""A run from its file, checked against the session the run plan prescribed
that day: in one line, as prescribed or what differs.

What the plan prescribed on a day is a `Prescribed` (hht/plan/prescribed.py
reads it from the walk): a session to run, or why there is none (a rest day,
the plan paused, not open yet, complete). `check` compares a run file's
summary (hht/rules/runfile.py) with it:

- a walk/jog week (sets of walk W, jog J): the number of jog intervals, their
  length and the walks' (each within JOG_SLACK of what was prescribed), and
  the whole session's moving time (within TIME_SLACK);
- a continuous week: the time jogging (within TIME_SLACK), and any walk
  between two jogs (a walk to warm up or cool down is no difference);
- a run with no session prescribed: why, in the plan's words.

A file without speed or distance has no intervals: only its time is checked.
"""

# Annotations are evaluated, not postponed: a NamedTuple turns each postponed one
# into a ForwardRef, which doubles the cost of defining it at start-up.

from collections.abc import Sequence
from statistics import median
from typing import Any, NamedTuple

from hht.rules.intervals import JOG, WALK
from hht.rules.runfile import count_words, minutes
from hht.rules.runsteps import Step

# What the plan prescribed on a day.
RUN = "run"  # a session to run: `step`
REST = "rest"  # a rest day from running (`step` is the next session)
PAUSED = "paused"  # a red flag, or the bent-knee stretch painful again: no run
CLOSED = "closed"  # the run plan is not open yet
COMPLETE = "complete"  # the run plan is done: nothing more is prescribed

# What a run was, against it.
AS_PRESCRIBED = "as_prescribed"
DIFFERS = "differs"
ON_REST_DAY = "rest_day"
WHILE_PAUSED = "while_paused"
BEFORE_PLAN = "before_plan"
AFTER_PLAN = "after_plan"

TIME_SLACK = (120, 0.10)  # a session's time: within 2 minutes, or a tenth of it when that is more
JOG_SLACK = (20, 0.20)  # an interval: within 20 seconds, or a fifth of it when that is more


class Prescribed(NamedTuple):
    """What the run plan prescribed on a day."""

    status: str  # run, rest, paused, closed or complete
    step: Step | None = None  # the session to run; on a rest day or while paused, the next one

    @property
    def minutes(self) -> int | None:
        """The session's minutes, on a day a run was prescribed; else None."""
        return self.step.minutes if self.status == RUN and self.step is not None else None

    def to_json(self) -> dict[str, Any]:
        step = self.step if self.status == RUN else None
        return {
            "status": self.status,
            "step": None if step is None else step.label,
            "session": None if step is None else step.session,
            "minutes": self.minutes,
        }


class RunCheck(NamedTuple):
    """A run against the day's prescription."""

    verdict: str  # as_prescribed, differs, rest_day, while_paused, before_plan or after_plan
    line: str  # in words, one line
    differences: tuple[str, ...]
    prescribed_minutes: int | None  # the session prescribed that day, None if none was
    done_minutes: int  # the run's moving time, to the nearest minute

    def to_json(self) -> dict[str, Any]:
        return {
            "verdict": self.verdict,
            "line": self.line,
            "differences": list(self.differences),
            "prescribed_minutes": self.prescribed_minutes,
            "done_minutes": self.done_minutes,
        }


def _slack(target: float, slack: tuple[int, float]) -> float:
    return max(slack[0], slack[1] * target)


def _off(done: float, target: float, slack: tuple[int, float]) -> bool:
    return abs(done - target) > _slack(target, slack)


def _lengths(seconds: Sequence[int]) -> str:
    """`5 min`, or `3-6 min` when they vary."""
    low, high = round(min(seconds) / 60), round(max(seconds) / 60)
    if low == high:
        return minutes(min(seconds)) if low else f"{round(median(seconds))} s"
    return f"{low}-{high} min"


def _time(done: float, target: float) -> list[str]:
    """`20 min short` or `12 min over`, when the time is off by more than TIME_SLACK."""
    if not _off(done, target, TIME_SLACK):
        return []
    gap = minutes(abs(done - target))
    return [f"{gap} {'short' if done < target else 'over'}"]


def differences(summary: dict[str, Any], step: Step) -> list[str]:
    """What a run did otherwise than the step's session; empty when it is as prescribed."""
    intervals = summary["intervals"]
    moving = summary["moving_seconds"]
    jogs = [i["seconds"] for i in intervals if i["kind"] == JOG]
    week = step.week
    out: list[str] = []
    if step.sets is not None:  # sets of walk and jog
        sets, jog, walk = step.sets, (week.jog_minutes or 0) * 60, (week.walk_minutes or 0) * 60
        if intervals:
            if len(jogs) != sets:
                what = count_words(len(jogs), "jog interval") + (f" of {_lengths(jogs)}" if jogs else "")
                out.append(f"{what}, {sets} prescribed")
            elif any(_off(j, jog, JOG_SLACK) for j in jogs):
                out.append(f"jog intervals of {_lengths(jogs)}, {minutes(jog)} prescribed")
            between = _between(intervals)
            if between and any(_off(w, walk, JOG_SLACK) for w in between):
                out.append(f"walks of {_lengths(between)} between the jogs, {minutes(walk)} prescribed")
        out += _time(moving, step.minutes * 60)
        return out
    target = step.minutes * 60
    if not intervals:
        return _time(moving, target)
    if not jogs:
        return [f"walked throughout, a {minutes(target)} run prescribed"]
    out += _time(sum(jogs), target)
    breaks = _between(intervals)
    if breaks:
        out.append(f"{count_words(len(breaks), 'walk break')} ({minutes(sum(breaks))}) in a continuous run")
    return out


def _between(intervals: Sequence[dict[str, Any]]) -> list[int]:
    """The walks between two jogs (not a walk to warm up or cool down)."""
    kinds = [i["kind"] for i in intervals]
    if JOG not in kinds:
        return []
    first, last = kinds.index(JOG), len(kinds) - 1 - kinds[::-1].index(JOG)
    return [i["seconds"] for i in intervals[first : last + 1] if i["kind"] == WALK]


def check(summary: dict[str, Any], prescribed: Prescribed) -> RunCheck:
    """The run from its file against what the plan prescribed that day."""
    done = round(summary["moving_seconds"] / 60)
    if prescribed.status == RUN and prescribed.step is not None:
        found = tuple(differences(summary, prescribed.step))
        line = "; ".join(found) if found else "as prescribed"
        return RunCheck(DIFFERS if found else AS_PRESCRIBED, line, found, prescribed.step.minutes, done)
    verdict, line = {
        REST: (ON_REST_DAY, "a run on a rest day"),
        PAUSED: (WHILE_PAUSED, "no run is prescribed while the plan is paused"),
        CLOSED: (BEFORE_PLAN, "no run is prescribed before the run plan opens"),
        COMPLETE: (AFTER_PLAN, "the run plan is complete: no run is prescribed"),
    }[prescribed.status]
    return RunCheck(verdict, line, (), None, done)
