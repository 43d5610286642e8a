"""The return-to-run plan: logged days in, the day's run and the dated
decisions (with their reasons) out.

Like the ladder (hht/progression.py) nothing is stored: the plan is a fold
over the same logged days, in calendar order, where a day's `run` is the
run's pain and the next day's `morning` is the morning after it. The rules
(DOMAIN.md, "Gates", "The walk/jog return-to-run plan", "Pain and
progression"), with the numbers from the protocol:

- The gate opens, as a dated decision, on the first day on which the ladder
  has advanced out of the run-gate rung (ever: a later ladder step back does
  not close it), the latest assessment says the range of motion is normal,
  and no red flag pauses progression.
- The plan is a line of steps: week 1 at 2, 3, 4, 5 sets, week 2 at 2 to 5
  sets, then weeks 3 to 8. Advancing moves one step up; stepping back one
  step down (so week 2 below its first set goes to week 1 at its last, and
  week 3 back to week 2 at its last).
- A run is pain-free when its pain is within the advance threshold and the
  next morning's pain, once logged, is too. Unconfirmed runs do not count.
- Weeks that build sets: each pain-free run adds a set; the week is done
  when its last set's run is pain-free. Never a run the day after a run.
- The other weeks: done after at least `min_days` days in them with at least
  `min_pain_free_runs` pain-free runs and no painful one; a painful run
  starts the week's count again.
- Never more than `max_run_days_in_7` run days in any 7.
- Pain above the advance threshold (the run or the morning after it) holds:
  the same session again. Pain at or above the step-back threshold in the
  run, the morning after it, or any rating of a day steps back one step (at
  most one a day). After a hold or a step back, a week without sets counts
  its days again from the next day.
- While a red flag pauses progression nothing advances; pain still holds
  and steps back.
- A run before the gate or on a rest day is kept but does not count; its
  pain still holds and steps back once the gate is open.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Iterable, Sequence

from hht.progression import (
    ADVANCE,
    COMPLETE,
    COUNTED,
    HOLD,
    NOT_COUNTED,
    ONE_DAY,
    STEP_BACK,
    AssessmentSummary,
    Day,
    Decision,
    _date_or_none,
    _int,
    _iso_or_none,
    day_from_json,
    day_to_json,
    decision_from_json,
    decision_to_json,
    morning_after_reasons,
)
from hht.protocol import Protocol, RunWeek
from hht.timer import Interval, continuous, mmss, walk_jog

# Decision tracks and the gate's decision kind.
GATE = "gate"
RUN = "run"
OPEN = "open"

# Run decisions' `before`/`after` count the plan's steps: 1 is week 1 at its
# first set count, len(steps(protocol)) + 1 is the plan complete; the gate
# decision goes from 0 (locked) to 1.


def _pain(value: int) -> str:
    return f"{value}/10"


@dataclass(frozen=True)
class Step:
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
        return (f"{self.sets} x (walk {mmss((w.walk_minutes or 0) * 60)}, "
                f"jog {mmss((w.jog_minutes or 0) * 60)}), {self.minutes} min")

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


@dataclass(frozen=True)
class RunState:
    """The run plan on one day, and every decision up to it."""

    on: date
    unlocked: bool
    opened: date | None  # the day the gate opened
    missing: tuple[str, ...]  # what still keeps the gate shut (empty once open)
    complete: bool
    step: Step | None  # None before the gate and once complete
    steps: int  # how many steps the plan has
    rest_day: bool
    reason: str  # the one sentence on today's run
    paused: bool
    week_started: date | None  # weeks without sets: the day the week's count began
    pain_free_runs: int  # weeks without sets: pain-free runs counted this week
    awaiting: date | None  # a run waiting for its next morning's pain
    unconfirmed: date | None  # a run whose next morning was never logged
    decisions: tuple[Decision, ...]

    @property
    def runs_today(self) -> bool:
        return self.step is not None and not self.rest_day


class _RunFold:
    """The run plan's state as the days go by. Internal to `run_plan`."""

    def __init__(self, protocol: Protocol, ladder: Sequence[Decision], assessments: Sequence[AssessmentSummary]):
        self.protocol = protocol
        self.rules = protocol.pain
        self.steps = steps(protocol)
        self.max_in_7 = protocol.max_run_days_in_7
        gate_rung = protocol.run_gate_rung
        self.gate_rung = protocol.ladder[gate_rung - 1]
        ladder = sorted((d for d in ladder if d.track == "ladder"), key=lambda d: d.date)
        self.ladder = ladder
        done = [d.date for d in ladder if d.kind in (ADVANCE, COMPLETE) and d.before == gate_rung]
        self.gate_rung_done = min(done) if done else None
        self.assessments = sorted(assessments, key=lambda a: a.date)
        self._next_assessment = 0
        self.latest: AssessmentSummary | None = None
        self.index = 0  # into steps; len(steps) once complete
        self.opened: date | None = None
        self.pending: tuple[Day, bool] | None = None  # a run awaiting its morning; does it count?
        self.unconfirmed: date | None = None
        self.week_start: date | None = None
        self.count = 0
        self.runs: dict[date, int | None] = {}  # run days -> the week that wants a rest day after
        self.stepped_back_on: date | None = None
        self.decisions: list[Decision] = []

    # -- a checkpoint ------------------------------------------------------------

    def to_state(self) -> dict:
        """Every field that changes as the days go by, as plain JSON. The latest
        assessment and the pointer into the assessments are not kept: they are
        recomputed from the assessments dated up to the checkpoint."""
        return {
            "index": self.index,
            "opened": _iso_or_none(self.opened),
            "pending": None if self.pending is None else [day_to_json(self.pending[0]), self.pending[1]],
            "unconfirmed": _iso_or_none(self.unconfirmed),
            "week_start": _iso_or_none(self.week_start),
            "count": self.count,
            "runs": [[d.isoformat(), week] for d, week in self.runs.items()],
            "stepped_back_on": _iso_or_none(self.stepped_back_on),
            "decisions": [decision_to_json(d) for d in self.decisions],
        }

    def restore(self, state: dict, through: date) -> None:
        """Take the fields `to_state` saw at the end of the day `through`.
        Raises ValueError (or KeyError, TypeError) on a malformed state."""
        self.take_assessments(through)
        self.index = _int(state["index"], 0, len(self.steps))
        self.opened = _date_or_none(state["opened"])
        pending = state["pending"]
        if pending is None:
            self.pending = None
        else:
            run, counts = pending
            if type(counts) is not bool:
                raise ValueError("malformed pending run")
            self.pending = (day_from_json(run), counts)
        self.unconfirmed = _date_or_none(state["unconfirmed"])
        self.week_start = _date_or_none(state["week_start"])
        self.count = _int(state["count"], 0, 10_000)
        runs: dict[date, int | None] = {}
        for day, week in state["runs"]:
            if week is not None and type(week) is not int:
                raise ValueError("malformed run day")
            runs[date.fromisoformat(day)] = week
        self.runs = runs
        self.stepped_back_on = _date_or_none(state["stepped_back_on"])
        self.decisions = [decision_from_json(d) for d in state["decisions"]]

    # -- what holds on a day ---------------------------------------------------

    @property
    def step(self) -> Step | None:
        return self.steps[self.index] if self.index < len(self.steps) else None

    @property
    def complete(self) -> bool:
        return self.index >= len(self.steps)

    @property
    def paused(self) -> bool:
        return self.latest is not None and self.latest.red_flag

    def take_assessments(self, through: date) -> None:
        while self._next_assessment < len(self.assessments) and self.assessments[self._next_assessment].date <= through:
            self.latest = self.assessments[self._next_assessment]
            self._next_assessment += 1

    def rung_on(self, on: date) -> int:
        rung = 1
        for decision in self.ladder:
            if decision.date > on:
                break
            rung = decision.after
        return rung

    def gate_missing(self, on: date) -> list[str]:
        missing = []
        if self.gate_rung_done is None or self.gate_rung_done > on:
            missing.append(f"the ladder has not yet moved past rung {self.gate_rung.number} "
                           f"({self.gate_rung.name}) on pain-free sessions: you are on rung {self.rung_on(on)}")
        latest = self.latest
        if latest is None:
            missing.append("no assessment has checked your hamstring range of motion yet (run `hht assess`)")
        elif latest.rom_normal is None:
            missing.append(f"the latest assessment ({latest.date}) did not check your hamstring range of motion")
        elif not latest.rom_normal:
            missing.append(f"the latest assessment ({latest.date}) found your hamstring range of motion "
                           "not yet normal")
        if latest is not None and latest.red_flag:
            missing.append(f"a red flag in the assessment on {latest.date} pauses progression")
        return missing

    def rest_reason(self, on: date) -> str | None:
        """Why `on` is a rest day, or None when a run is allowed."""
        step = self.step
        yesterday = on - ONE_DAY
        if yesterday in self.runs:
            week = self.runs[yesterday]
            if week is None and step is not None and step.week.rest_day_after_run:
                week = step.week.week
            if week is not None:
                return (f"Rest day: you ran yesterday ({yesterday}), and week {week} never runs "
                        "the day after a run.")
        recent = [on - timedelta(days=back) for back in range(6, 0, -1) if on - timedelta(days=back) in self.runs]
        if len(recent) >= self.max_in_7:
            return (f"Rest day: {len(recent)} runs in the last 6 days ({recent[0]} to {recent[-1]}); "
                    f"never more than {self.max_in_7} run days in any 7.")
        return None

    # -- decisions ---------------------------------------------------------------

    def _decide(self, on: date, kind: str, before: int, reason: str) -> None:
        self.decisions.append(Decision(on, RUN, kind, before, self.index + 1, reason))

    def _where(self) -> str:
        step = self.step
        return "the plan complete" if step is None else f"{step.label} ({step.session})"

    def step_back(self, on: date, why: str) -> None:
        if self.stepped_back_on == on:
            return  # at most one step back a day
        self.stepped_back_on = on
        before = self.index + 1
        self.pending = None
        self.count = 0
        self.week_start = on + ONE_DAY  # a week without sets counts again from tomorrow
        threshold = _pain(self.rules.step_back_threshold)
        if self.index == 0:
            self._decide(on, STEP_BACK, before, f"{why} is at or above the step-back threshold "
                         f"{threshold}: staying at the first step, {self._where()}.")
            return
        self.index -= 1
        self._decide(on, STEP_BACK, before, f"{why} is at or above the step-back threshold "
                     f"{threshold}: back one step to {self._where()}.")

    def hold(self, on: date, why: str) -> None:
        step = self.step
        if step is None:
            return  # the plan is complete: nothing to hold
        self.pending = None
        lost = ""
        if not step.builds_sets:
            if self.count:
                lost = f"; the {self.count} pain-free run{'s' if self.count != 1 else ''} this week no longer count"
            lost += f"; week {step.week.week} counts again from {on + ONE_DAY}"
            self.count = 0
            self.week_start = on + ONE_DAY
        self._decide(on, HOLD, self.index + 1, f"{why} is above the advance threshold "
                     f"{_pain(self.rules.advance_threshold)}: the same session again, {self._where()}{lost}.")

    def advance(self, on: date, why: str) -> None:
        before = self.index + 1
        done = self.step
        assert done is not None
        self.index += 1
        self.count = 0
        self.week_start = on
        nxt = self.step
        if nxt is None:
            self._decide(on, COMPLETE, before, f"{why}: week {done.week.week} is done, and with it "
                         "the plan.")
        elif nxt.week.week != done.week.week:
            self._decide(on, ADVANCE, before, f"{why}: week {done.week.week} is done; week "
                         f"{nxt.week.week} starts: {nxt.session}.")
        else:
            self._decide(on, ADVANCE, before, f"{why}: up to {nxt.label} ({nxt.session}).")

    def confirm(self, on: date, run: Day, morning: int) -> None:
        """The morning after a run that counts was pain-free too."""
        step = self.step
        assert step is not None and run.run is not None
        what = (f"the run on {run.date} ({_pain(run.run)}) and the morning after ({_pain(morning)}) "
                "were pain-free")
        if self.paused:
            self._decide(on, NOT_COUNTED, self.index + 1, f"The run on {run.date} was pain-free but does "
                         "not count: progression is paused by a red flag.")
            return
        if step.builds_sets:
            self.advance(on, what[0].upper() + what[1:])
            return
        self.count += 1
        week = step.week
        self._decide(on, COUNTED, self.index + 1, f"Counted: {what}; {self.count} pain-free "
                     f"run{'s' if self.count != 1 else ''} in week {week.week} since {self.week_start} (it "
                     f"needs {week.min_pain_free_runs}, and {week.min_days} days).")

    # -- a day -------------------------------------------------------------------

    def open_gate(self, on: date) -> None:
        if self.opened is not None or self.gate_missing(on):
            return
        self.opened = on
        self.week_start = on
        latest = self.latest
        assert latest is not None and self.gate_rung_done is not None
        first = self.steps[0]
        self.decisions.append(Decision(on, GATE, OPEN, 0, 1, (
            f"Rung {self.gate_rung.number} ({self.gate_rung.name}) was done pain-free (moved past on "
            f"{self.gate_rung_done}), the assessment on {latest.date} found the range of motion normal, and "
            f"no red flag pauses progression: the plan starts at {first.label}, {first.session}.")))

    def morning(self, on: date, day: Day | None) -> None:
        """The morning of `on`: settles yesterday's run."""
        pending, self.pending = self.pending, None
        morning = day.morning if day is not None else None
        if pending is not None:
            run, counts = pending
            if morning is None:
                if counts:
                    self.unconfirmed = run.date
                    self._decide(on, NOT_COUNTED, self.index + 1, f"The run on {run.date} does not "
                                 "count: the next morning's pain was not logged.")
            elif morning >= self.rules.step_back_threshold:
                self.step_back(on, f"Morning pain {_pain(morning)} after the run on {run.date}")
            elif morning > self.rules.advance_threshold:
                self.hold(on, f"Morning pain {_pain(morning)} after the run on {run.date}")
            elif counts:
                self.unconfirmed = None
                self.confirm(on, run, morning)
        if morning is not None and morning >= self.rules.step_back_threshold and self.opened is not None:
            self.step_back(on, f"Morning pain {_pain(morning)}")

    def finish_week(self, on: date) -> None:
        """A week without sets is done after enough days and pain-free runs."""
        step = self.step
        if step is None or step.builds_sets or self.opened is None or self.paused or self.pending is not None:
            return
        week = step.week
        assert self.week_start is not None and week.min_days is not None and week.min_pain_free_runs is not None
        days_in = (on - self.week_start).days
        if days_in >= week.min_days and self.count >= week.min_pain_free_runs:
            self.advance(on, f"{self.count} pain-free runs and none painful in the {days_in} days since "
                         f"{self.week_start}")

    def rest_of_day(self, day: Day) -> None:
        """The day's run, and its other ratings."""
        on = day.date
        rules = self.rules
        pain = day.run
        if pain is not None:
            step = self.step
            rest = self.rest_reason(on) if self.opened is not None and step is not None else None
            self.runs[on] = step.week.week if step is not None and step.week.rest_day_after_run else None
            if self.opened is None:
                self.decisions.append(Decision(on, RUN, NOT_COUNTED, 0, 0, f"The run on {on} does not count: "
                                               f"the run plan is not open yet ({'; '.join(self.gate_missing(on))})."))
            elif step is not None:
                why = f"Run pain {_pain(pain)}" + (" on a rest day" if rest else "")
                if pain >= rules.step_back_threshold:
                    self.step_back(on, why)
                elif pain > rules.advance_threshold:
                    self.hold(on, why)
                else:
                    if rest:
                        self._decide(on, NOT_COUNTED, self.index + 1, f"The run on {on} does not count "
                                     f"toward the plan: {rest[0].lower()}{rest[1:]}")
                    self.pending = (day, rest is None)
            elif pain >= rules.step_back_threshold:
                self.step_back(on, f"Run pain {_pain(pain)}")
        if self.opened is None:
            return
        worst = day.at_least(rules.step_back_threshold, ("exercise", "sitting"))
        if worst:
            described = ", ".join(f"{n} pain {_pain(v)}" for n, v in worst.items())
            self.step_back(on, described[0].upper() + described[1:])


def _run_fold(
    protocol: Protocol,
    days: Iterable[Day],
    on: date,
    ladder: Sequence[Decision],
    assessments: Sequence[AssessmentSummary],
    timeline: dict[date, dict] | None,
    start: tuple[date, dict] | None,
    stop: date | None = None,
) -> _RunFold:
    """Walk the days up to `on` (its morning only), or to the end of the day `stop` (< `on`).

    With `start` = (C, state), begin from the state at the end of the day C
    and walk only the days after C.
    """
    fold = _RunFold(protocol, [d for d in ladder if d.date <= on], [a for a in assessments if a.date <= on])
    if start is None:
        by_date = {d.date: d for d in days if d.date <= on}
        starts = [*by_date, *(a.date for a in fold.assessments), *(d.date for d in fold.ladder)]
        current = min(starts, default=on)
    else:
        through, state = start
        if through >= on:
            raise ValueError(f"a state at the end of {through} cannot give the day {on}")
        fold.restore(state, through)
        by_date = {d.date: d for d in days if through < d.date <= on}
        current = through + ONE_DAY
    while True:
        if stop is not None and current > stop:
            break
        day = by_date.get(current)
        fold.take_assessments(current)
        fold.open_gate(current)
        if current < on or (day is not None and day.morning is not None):
            fold.morning(current, day)
        elif fold.pending is not None and not fold.pending[1]:
            fold.pending = None  # a run that does not count has nothing to await
        fold.finish_week(current)
        if timeline is not None:
            step = fold.step if fold.opened is not None else None
            runs = step is not None and not fold.paused and fold.rest_reason(current) is None
            timeline[current] = {"week": step.week.week if step else None,
                                 "sets": step.sets if step else None, "prescribed": runs}
        if current >= on:
            break
        if day is not None:
            fold.rest_of_day(day)
        current += ONE_DAY
    return fold


def run_state(
    protocol: Protocol,
    days: Iterable[Day],
    through: date,
    ladder: Sequence[Decision],
    assessments: Sequence[AssessmentSummary] = (),
) -> dict:
    """The run plan's fold at the end of the day `through` (its run included), as plain JSON.

    `ladder` is the ladder's decisions up to `through` at least.
    `run_plan(..., start=(through, state))` for any later day gives exactly
    what the full fold gives.
    """
    fold = _run_fold(protocol, days, through + ONE_DAY, ladder, assessments, None, None, stop=through)
    return fold.to_state()


def run_plan(
    protocol: Protocol,
    days: Iterable[Day],
    on: date,
    ladder: Sequence[Decision],
    assessments: Sequence[AssessmentSummary] = (),
    timeline: dict[date, dict] | None = None,
    start: tuple[date, dict] | None = None,
) -> RunState:
    """The run plan on the day `on`: everything logged before it, and its morning.

    `ladder` is the ladder's decisions (from `progression.progress`); only
    its moves past the run-gate rung matter. Days, decisions and assessments
    after `on` are ignored. Pass a dict as `timeline` to have it filled with
    each day's week, sets and whether a run was prescribed, in the same pass.
    Pass `start` = (C, `run_state(..., C)`), C before `on`, to resume from
    the end of the day C: days up to C are then ignored.
    """
    return _state(_run_fold(protocol, days, on, ladder, assessments, timeline, start), on)


def _state(fold: _RunFold, on: date) -> RunState:
    step = fold.step if fold.opened is not None else None
    awaiting = fold.pending[0].date if fold.pending is not None else None
    rest = None
    if fold.opened is None:
        missing = tuple(fold.gate_missing(on))
        reason = "The run plan is locked: " + "; ".join(missing) + "."
    elif step is None:
        missing = ()
        reason = fold.protocol.data["run_plan"]["after"]
    else:
        missing = ()
        rest = fold.rest_reason(on)
        if fold.paused:  # a red flag: no running until a clinician has seen it
            assert fold.latest is not None
            rest = (f"No run while the red flag from the assessment on {fold.latest.date} pauses "
                    "progression: see a clinician, then assess again.")
        if rest is not None:
            reason = f"{rest} Next run: {step.session}."
        elif step.builds_sets:
            week = step.week
            reason = (f"Week {week.week}, {step.sets} of {week.max_sets} sets: {step.session}. Each pain-free "
                      f"run adds a set; the week is done when its {week.max_sets}-set run is pain-free.")
        else:
            week = step.week
            assert fold.week_start is not None
            days_in = (on - fold.week_start).days + 1
            if days_in < 1:
                count = f"The week counts again from {fold.week_start}"
            else:
                count = (f"{fold.count} of {week.min_pain_free_runs} pain-free runs since {fold.week_start}, "
                         f"day {days_in} of at least {week.min_days}")
            reason = f"Week {week.week}: {step.session}. {count}."
    return RunState(
        on=on,
        unlocked=fold.opened is not None,
        opened=fold.opened,
        missing=missing,
        complete=fold.opened is not None and fold.complete,
        step=step,
        steps=len(fold.steps),
        rest_day=rest is not None,
        reason=reason,
        paused=fold.paused,
        week_started=fold.week_start if step is not None and not step.builds_sets else None,
        pain_free_runs=fold.count if step is not None and not step.builds_sets else 0,
        awaiting=awaiting,
        unconfirmed=fold.unconfirmed,
        decisions=tuple(fold.decisions),
    )


def run_reasons(protocol: Protocol, state: RunState) -> tuple[str, ...]:
    """Why the run is what it is today, most important first."""
    reasons = [state.reason]
    if not state.unlocked:
        return tuple(reasons)
    labels = {OPEN: "The run plan opened", ADVANCE: "Run advanced", COMPLETE: "Run plan completed",
              STEP_BACK: "Run stepped back", HOLD: "Run held"}
    moves = [d for d in state.decisions if d.kind in labels]
    if moves:
        last = moves[-1]
        reasons.append(f"{labels[last.kind]} on {last.date}: {last.reason}")
    reasons += morning_after_reasons("run", state.on, state.awaiting, state.unconfirmed,
                                     protocol.pain.advance_threshold, awaiting_effect(state))
    return tuple(reasons)


def awaiting_effect(state: RunState) -> str:
    """What the run awaiting its morning does if that morning is pain-free."""
    step = state.step
    if step is None or state.awaiting is None or state.paused:
        return ""
    week = step.week
    if step.sets is not None:
        if week.max_sets is not None and step.sets < week.max_sets:
            return f": then week {week.week} at {step.sets + 1} sets"
        return f": then week {week.week} is done"
    return f": then {state.pain_free_runs + 1} of {week.min_pain_free_runs} pain-free runs in week {week.week}"
