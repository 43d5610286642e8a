"""Test helpers for the run plan: a gate that is open, and a runner who does
what `today` prescribes."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Callable

from hht.progression import ADVANCE, AssessmentSummary, Day, Decision
from hht.protocol import Protocol
from hht.runplan import RunState, run_plan

ONE_DAY = timedelta(days=1)


def ladder_done(on: date, protocol: Protocol) -> list[Decision]:
    """The ladder's move past the run-gate rung, dated `on`."""
    rung = protocol.run_gate_rung
    return [Decision(on, "ladder", ADVANCE, rung, rung + 1, "test: the gate rung is done")]


def assessed(on: date, *, red_flag: bool = False, rom_normal: bool | None = True) -> AssessmentSummary:
    return AssessmentSummary(on, red_flag=red_flag, rom_normal=rom_normal, bent_knee_pain_free=True)


class Runner:
    """A runner whose gate opened on `gate`, logging day by day.

    Each day: the morning is logged first (its pain), then `today` is read,
    then the run is done if prescribed (with the pain `run_pain(day)`).
    """

    def __init__(self, protocol: Protocol, gate: date, assessments: list[AssessmentSummary] | None = None):
        self.protocol = protocol
        self.ladder = ladder_done(gate, protocol)
        self.assessments = assessments if assessments is not None else [assessed(gate)]
        self.days: dict[date, Day] = {}
        self.prescribed: dict[date, RunState] = {}

    def state(self, on: date) -> RunState:
        return run_plan(self.protocol, self.days.values(), on, self.ladder, self.assessments)

    def morning(self, on: date, pain: int | None = 0) -> RunState:
        """Log the morning and read `today`."""
        self.days[on] = Day(on, morning=pain)
        self.prescribed[on] = state = self.state(on)
        return state

    def rest_of_day(self, on: date, run_pain: int | None = 0, follow: bool = True, **other: int | None) -> None:
        """Run if prescribed (or whenever run_pain is given, if not following) and log the rest."""
        runs = self.prescribed[on].runs_today if follow else run_pain is not None
        self.days[on] = self.days[on]._replace(run=run_pain if runs else None, **other)

    def live(self, on: date, morning: int | None = 0, run_pain: int | None = 0, follow: bool = True,
             **other: int | None) -> RunState:
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
