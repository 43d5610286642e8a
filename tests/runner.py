"""Test helpers for the run plan: a gate that is open, and a runner who does
what `today` prescribes."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from hht.plan.day import DayPlan, day_plan
from hht.plan.views import RunState, states
from hht.rules.protocol.model import Protocol
from hht.rules.records import AssessmentSummary, Day
from hht.rules.timeline import Timeline

ONE_DAY = timedelta(days=1)


def climb(gate: date, protocol: Protocol) -> list[Day]:
    """A runner who climbs the ladder from rung 1, every session and morning
    pain-free, so that it moves past the run-gate rung on the morning of `gate`."""
    sessions = protocol.run_gate_rung * protocol.pain.pain_free_sessions_needed
    first = gate - ONE_DAY * sessions
    return [Day(first + ONE_DAY * i, morning=0 if i else None, exercise=0) for i in range(sessions)] + [
        Day(gate, morning=0)
    ]


def merged(base: list[Day], days) -> list[Day]:
    """`base` with `days` laid over it: a field a day of `days` gives wins."""
    by_date = {d.date: d for d in base}
    for day in days:
        under = by_date.get(day.date)
        if under is None:
            by_date[day.date] = day
        else:
            given = {f: v for f, v in day._asdict().items() if v is not None and f != "date"}
            if day.exercise is None:
                given.pop("partial", None)
            by_date[day.date] = under._replace(**given)
    return sorted(by_date.values(), key=lambda d: d.date)


def run_plan(protocol: Protocol, days, on: date, gate: date | None, assessments=()) -> RunState:
    """The run plan on the morning of `on`, the ladder having moved past the gate rung on `gate`."""
    history = merged(climb(gate, protocol), days) if gate is not None else list(days)
    return states(Timeline(protocol), history, on, assessments)[1]


def assessed(on: date, *, red_flag: bool = False, rom_normal: bool | None = True) -> AssessmentSummary:
    return AssessmentSummary(on, red_flag=red_flag, rom_normal=rom_normal, bent_knee_pain_free=True)


class Runner:
    """A runner whose gate opened on `gate`, logging day by day.

    Each day: the morning is logged first (its pain), then `today` is read,
    then the run is done if prescribed (with the pain `run_pain(day)`).
    """

    def __init__(self, protocol: Protocol, gate: date, assessments: list[AssessmentSummary] | None = None):
        self.protocol = protocol
        self.assessments = assessments if assessments is not None else [assessed(gate)]
        self.days: dict[date, Day] = {d.date: d for d in climb(gate, protocol)}
        self.prescribed: dict[date, RunState] = {}

    def state(self, on: date) -> RunState:
        return run_plan(self.protocol, self.days.values(), on, None, self.assessments)

    def plan(self, on: date) -> DayPlan:
        """The day's plan, as `hht today` shows it."""
        return day_plan(Timeline(self.protocol), sorted(self.days.values()), on, self.assessments)

    def morning(self, on: date, pain: int | None = 0) -> RunState:
        """Log the morning and read `today`."""
        self.days[on] = Day(on, morning=pain)
        self.prescribed[on] = state = self.state(on)
        return state

    def rest_of_day(self, on: date, run_pain: int | None = 0, follow: bool = True, **other: int | None) -> None:
        """Run if prescribed (or whenever run_pain is given, if not following) and log the rest."""
        runs = self.prescribed[on].runs_today if follow else run_pain is not None
        self.days[on] = self.days[on]._replace(run=run_pain if runs else None, **other)

    def live(
        self, on: date, morning: int | None = 0, run_pain: int | None = 0, follow: bool = True, **other: int | None
    ) -> RunState:
        state = self.morning(on, morning)
        self.rest_of_day(on, run_pain, follow, **other)
        return state

    def live_until(self, start: date, done: Callable[[RunState], bool], limit: int = 200) -> date:
        """Live pain-free days from `start` until the morning on which `done(today)` holds."""
        on = start
        for _ in range(limit):
            if done(self.morning(on)):
                return on
            self.rest_of_day(on)
            on += ONE_DAY
        raise AssertionError("the runner never got there")
