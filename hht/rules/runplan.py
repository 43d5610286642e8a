"""The return-to-run plan's rules, one day at a time.

Like the ladder (hht/rules/ladder.py) nothing is stored: the walk
(hht/rules/walk.py) takes `RunTrack` through the calendar beside the ladder,
where a day's `run` is the run's pain and the next day's `morning` is the
morning after it. The rules, with the numbers from the protocol, are
docs/clinical-rules.md's "The return-to-run plan": the gate, the line of
steps (hht/rules/runsteps.py), weeks that build sets and weeks of days, the
rest days, holds and step backs, and what a pause does.
"""

from __future__ import annotations

import copy
from datetime import date, timedelta
from typing import TYPE_CHECKING, NamedTuple

from hht.rules.protocol.model import Protocol
from hht.rules.records import (
    ADVANCE,
    COMPLETE,
    COUNTED,
    GATE,
    HOLD,
    NOT_COUNTED,
    ONE_DAY,
    OPEN,
    PAUSE,
    RESUME,
    RUN,
    STEP_BACK,
    AssessmentSummary,
    Day,
    Decision,
    above_advance,
    at_step_back,
    describe_ratings,
    log_morning,
    pain,
)
from hht.rules.rungate import gate_missing, sore_sides
from hht.rules.runsteps import Step, steps

if TYPE_CHECKING:
    from hht.rules.ladder import LadderTrack


class RunSnapshot(NamedTuple):
    """The run plan at one moment of the walk."""

    opened: date | None  # the day the gate opened
    step_index: int  # into the steps; len(steps) once complete
    week_start: date | None  # weeks without sets: the day the week's count began
    pain_free_runs: int  # weeks without sets: pain-free runs counted this week
    pending: date | None  # a run waiting for its next morning
    pending_counts: bool  # whether that run counts toward the plan
    unconfirmed: date | None  # the last run whose next morning was never logged
    gate_done: date | None  # the first day the ladder moved past the run-gate rung
    rest: str | None  # why the day is a rest day from running, or None
    held: str | None  # why the run plan is paused by the bent-knee stretch, or None


class RunTrack:
    """The run plan's state as the days go by, beside the ladder."""

    def __init__(self, protocol: Protocol, ladder: LadderTrack):
        self.protocol = protocol
        self.rules = protocol.pain
        self.ladder = ladder
        self.steps = steps(protocol)
        self.max_in_7 = protocol.max_run_days_in_7
        self.gate_rung = protocol.ladder[protocol.run_gate_rung - 1]
        self.latest: AssessmentSummary | None = None  # set by the walk
        self.index = 0
        self.opened: date | None = None
        self.pending: tuple[Day, bool] | None = None  # a run awaiting its morning; does it count?
        self.unconfirmed: date | None = None
        self.week_start: date | None = None
        self.count = 0
        self.runs: dict[date, int | None] = {}  # run days -> the week that wants a rest day after
        self.stepped_back_on: date | None = None
        self.held: str | None = None  # the run plan paused by a painful bent-knee stretch: why
        self.decisions: list[Decision] = []

    def copy(self, ladder: LadderTrack) -> RunTrack:
        """A copy to walk on separately beside `ladder` (a copy of this one's): nothing it changes is shared."""
        twin = copy.copy(self)
        twin.ladder, twin.runs, twin.decisions = ladder, dict(self.runs), list(self.decisions)
        return twin

    def switch(self, protocol: Protocol) -> None:
        """Another protocol applies from today: its rules and steps, the plan
        where it was (an open plan stays open)."""
        self.protocol = protocol
        self.rules = protocol.pain
        self.steps = steps(protocol)
        self.max_in_7 = protocol.max_run_days_in_7
        self.gate_rung = protocol.ladder[protocol.run_gate_rung - 1]
        self.index = min(self.index, len(self.steps))

    # -- what holds on a day ---------------------------------------------------

    @property
    def step(self) -> Step | None:
        return self.steps[self.index] if self.index < len(self.steps) else None

    @property
    def paused(self) -> bool:
        """No run counts or advances: a red flag, or the bent-knee stretch hurts again."""
        return (self.latest is not None and self.latest.red_flag) or self.held is not None

    @property
    def gate_done(self) -> date | None:
        return self.ladder.passed.get(self.gate_rung.number)

    def snapshot(self, on: date) -> RunSnapshot:
        pending = self.pending
        rest = self.rest_reason(on) if self.opened is not None and self.step is not None else None
        return RunSnapshot(
            self.opened,
            self.index,
            self.week_start,
            self.count,
            pending[0].date if pending else None,
            pending[1] if pending else False,
            self.unconfirmed,
            self.gate_done,
            rest,
            self.held,
        )

    def take(self, a: AssessmentSummary) -> None:
        """An assessment: once the plan is open, the bent-knee stretch painful
        again on an affected side pauses it; pain-free again, it resumes."""
        if self.opened is None or a.red_flag:
            return  # before the gate, it is one of the gate's conditions; a red flag pauses on its own
        if a.bent_knee_pain_free is False and self.held is None:
            self.held = (
                f"the assessment on {a.date} found the assisted bent-knee stretch painful "
                f"({sore_sides(a, self.rules.advance_threshold)})"
            )
            if self.pending is not None and self.pending[1]:
                run = self.pending[0]
                self.pending = (run, False)  # its morning may still hold or step back
                self._decide(
                    a.date,
                    NOT_COUNTED,
                    self.index + 1,
                    f"The run on {run.date} does not count: "
                    f"the run plan is paused before its next morning confirmed it.",
                )
            self._decide(
                a.date,
                PAUSE,
                self.index + 1,
                f"The run plan is paused: {self.held}. No run "
                f"until an assessment finds it pain-free again; then {self._where()} resumes.",
            )
        elif a.bent_knee_pain_free and self.held is not None:
            self.held = None
            again = ""
            step = self.step
            if step is not None and not step.builds_sets:
                self.count = 0
                self.week_start = a.date
                again = f"; week {step.week.week}'s days count again from {a.date}"
            self._decide(
                a.date,
                RESUME,
                self.index + 1,
                f"The assessment on {a.date} found the assisted "
                f"bent-knee stretch pain-free: the run plan resumes at {self._where()}{again}.",
            )

    def rest_reason(self, on: date) -> str | None:
        """Why `on` is a rest day, or None when a run is allowed."""
        step = self.step
        yesterday = on - ONE_DAY
        if yesterday in self.runs and step is not None and step.week.rest_day_after_run:  # the rule of the week shown
            return (
                f"Rest day: you ran yesterday ({yesterday}), and week {step.week.week} never runs the day after a run."
            )
        recent = [on - timedelta(days=back) for back in range(6, 0, -1) if on - timedelta(days=back) in self.runs]
        if len(recent) >= self.max_in_7:
            return (
                f"Rest day: {len(recent)} runs in the last 6 days ({recent[0]} to {recent[-1]}); "
                f"never more than {self.max_in_7} run days in any 7."
            )
        return None

    # -- decisions ---------------------------------------------------------------

    def _decide(self, on: date, kind: str, before: int, reason: str) -> None:
        self.decisions.append(Decision(on, RUN, kind, before, self.index + 1, reason))

    def _where(self) -> str:
        step = self.step
        return "the plan complete" if step is None else f"{step.label} ({step.session})"

    def step_back(self, on: date, why: str, restart: date | None = None) -> None:
        """Pain at the step-back threshold: one step down, at most once a day; a
        week without sets counts again from `restart` (default: the next day)."""
        if self.stepped_back_on == on:  # at most one step back a day, but the count still resets
            if self.pending is None and self.count == 0:
                return  # nothing left to reset
            self.hold(
                on,
                why,
                f"{at_step_back(self.rules.step_back_threshold)}, after a step back earlier the same day",
                restart,
            )
            return
        self.stepped_back_on = on
        before = self.index + 1
        self.pending = None
        self.count = 0
        self.week_start = restart or on + ONE_DAY  # a week without sets counts again
        limit = f"{why} {at_step_back(self.rules.step_back_threshold)}"
        if self.index == 0:
            self._decide(on, STEP_BACK, before, f"{limit}: staying at the first step, {self._where()}.")
            return
        self.index -= 1
        self._decide(on, STEP_BACK, before, f"{limit}: back one step to {self._where()}.")

    def hold(self, on: date, why: str, limit: str = "", restart: date | None = None) -> None:
        """Pain above the advance threshold: the same session again; a week
        without sets counts again from `restart` (default: the next day)."""
        step = self.step
        if step is None:
            return  # the plan is complete: nothing to hold
        self.pending = None
        lost = ""
        if not step.builds_sets:
            again = restart or on + ONE_DAY
            if self.count:
                runs = "run this week no longer counts" if self.count == 1 else "runs this week no longer count"
                lost = f"; the {self.count} pain-free {runs}"
            lost += f"; week {step.week.week} counts again from {again}"
            self.count = 0
            self.week_start = again
        limit = limit or above_advance(self.rules.advance_threshold)
        if self.paused:  # no run is prescribed now: say what comes back, not "again"
            waits = "all loading is stopped" if not self.ladder.loading else "the run plan is paused"
            self._decide(
                on, HOLD, self.index + 1, f"{why} {limit}: no run while {waits}; it resumes at {self._where()}{lost}."
            )
            return
        self._decide(on, HOLD, self.index + 1, f"{why} {limit}: the same session again, {self._where()}{lost}.")

    def advance(self, on: date, why: str) -> None:
        before = self.index + 1
        done = self.step
        assert done is not None
        self.index += 1
        self.count = 0
        self.week_start = on
        nxt = self.step
        if nxt is None:
            self._decide(on, COMPLETE, before, f"{why}: week {done.week.week} is done, and with it the plan.")
        elif nxt.week.week != done.week.week:
            self._decide(
                on,
                ADVANCE,
                before,
                f"{why}: week {done.week.week} is done; week {nxt.week.week} starts: {nxt.session}.",
            )
        else:
            self._decide(on, ADVANCE, before, f"{why}: up to {nxt.label} ({nxt.session}).")

    def confirm(self, on: date, run: Day, morning: int) -> None:
        """The morning after a run that counts was pain-free too."""
        step = self.step
        assert step is not None and run.run is not None
        what = f"the run on {run.date} ({pain(run.run)}) and the morning after ({pain(morning)}) were pain-free"
        if self.paused:
            self._decide(
                on,
                NOT_COUNTED,
                self.index + 1,
                f"The run on {run.date} was pain-free but does not count: progression is paused by a red flag.",
            )
            return
        if step.builds_sets:
            self.advance(on, what[0].upper() + what[1:])
            return
        self.count += 1
        week = step.week
        self._decide(
            on,
            COUNTED,
            self.index + 1,
            f"{what[:1].upper()}{what[1:]}; {self.count} pain-free "
            f"run{'s' if self.count != 1 else ''} in week {week.week} since {self.week_start} (it "
            f"needs {week.min_pain_free_runs}, and {week.min_days} days).",
        )

    # -- a day -------------------------------------------------------------------

    def gate_missing(self, on: date) -> list[str]:
        return gate_missing(
            self.gate_rung,
            on,
            self.ladder.rung,
            self.gate_done,
            self.latest,
            self.rules.advance_threshold,
            self.protocol.stage_word,
            stopped=not self.ladder.loading,
        )

    def open_gate(self, on: date) -> None:
        if self.opened is not None or self.gate_missing(on):
            return
        self.opened = on
        self.week_start = on
        latest = self.latest
        assert latest is not None and self.gate_done is not None
        first = self.steps[0]
        self.decisions.append(
            Decision(
                on,
                GATE,
                OPEN,
                0,
                1,
                (
                    f"{self.protocol.stage_word.capitalize()} {self.gate_rung.number} ({self.gate_rung.name}) was done pain-free (moved past on "
                    f"{self.gate_done}), the assessment on {latest.date} found the range of motion normal, and "
                    f"no red flag pauses progression: the plan starts at {first.label}, {first.session}."
                ),
            )
        )

    def morning(self, on: date, day: Day | None) -> None:
        """The morning of `on` (logged or not): settles yesterday's run."""
        pending, self.pending = self.pending, None
        morning = day.response if day is not None else None  # the morning pain, or the load test if worse
        if pending is not None and morning is not None and morning >= self.rules.step_back_threshold:
            assert day is not None
            self.step_back(on, f"{day.response_words()} after the run on {pending[0].date}", restart=on)
            return
        if pending is not None:
            run, counts = pending
            if morning is None:
                if counts:
                    self.unconfirmed = run.date
                    self._decide(
                        on,
                        NOT_COUNTED,
                        self.index + 1,
                        f"The run on {run.date} does not "
                        f"count (yet): no pain was logged for the morning of {on} (`{log_morning(on)}` adds it).",
                    )
            elif morning > self.rules.advance_threshold:  # the run is not part of the week counted again
                assert day is not None
                self.hold(on, f"{day.response_words()} after the run on {run.date}", restart=on)
            elif counts:
                self.unconfirmed = None
                self.confirm(on, run, morning)
        if morning is not None and morning >= self.rules.step_back_threshold and self.opened is not None:
            assert day is not None
            self.step_back(on, day.response_words())

    def keep_waiting(self) -> None:
        """Today's morning is not logged yet: a run that counts keeps waiting for it."""
        if self.pending is not None and not self.pending[1]:
            self.pending = None  # a run that does not count has nothing to await

    def finish_week(self, on: date) -> None:
        """A week without sets is done after enough days and pain-free runs."""
        step = self.step
        if step is None or step.builds_sets or self.opened is None or self.paused or self.pending is not None:
            return
        week = step.week
        assert self.week_start is not None and week.min_days is not None and week.min_pain_free_runs is not None
        days_in = (on - self.week_start).days
        if days_in >= week.min_days and self.count >= week.min_pain_free_runs:
            self.advance(
                on, f"{self.count} pain-free runs and none painful in the {days_in} days since {self.week_start}"
            )

    def rest_of_day(self, day: Day) -> None:
        """The day's run, and its other ratings."""
        on = day.date
        rules = self.rules
        level = day.run
        if level is not None:
            step = self.step
            rest = self.rest_reason(on) if self.opened is not None and step is not None else None
            self.runs[on] = step.week.week if step is not None and step.week.rest_day_after_run else None
            if self.opened is None:
                self.decisions.append(
                    Decision(
                        on,
                        RUN,
                        NOT_COUNTED,
                        0,
                        0,
                        f"The run on {on} does not count: "
                        f"the run plan is not open yet ({'; '.join(self.gate_missing(on))}).",
                    )
                )
            elif step is not None:
                why = f"Run pain {pain(level)}" + (" on a rest day" if rest else "")
                if level >= rules.step_back_threshold:
                    self.step_back(on, why)
                elif level > rules.advance_threshold:
                    self.hold(on, why)
                else:
                    if self.paused:  # what `hht today` said of the day, before any rest day
                        self._decide(
                            on,
                            NOT_COUNTED,
                            self.index + 1,
                            f"The run on {on} does not count: "
                            + ("all loading was stopped" if not self.ladder.loading else "the run plan was paused")
                            + " when it was done.",
                        )
                    elif rest:
                        self._decide(
                            on,
                            NOT_COUNTED,
                            self.index + 1,
                            f"The run on {on} does not count toward the plan: {rest[0].lower()}{rest[1:]}",
                        )
                    self.pending = (day, rest is None and not self.paused)
            elif level >= rules.step_back_threshold:
                self.step_back(on, f"Run pain {pain(level)}")
        if self.opened is None:
            return
        worst = day.at_least(rules.step_back_threshold, ("exercise", "sitting"))
        if worst:
            self.step_back(on, describe_ratings(worst))
