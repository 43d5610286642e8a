"""The day's plan as one typed value: what `hht today` shows, `--json` prints,
`--start` times, `hht status` lists and the calendar exports.

Everything here reads one walk through the days (hht/rules/walk.py): the ladder
and the run plan on the morning of the day, what the day's own session and
run did by its end, and the reasons, most important first. The day's one
decision (session due, rest or stopped; run due, rest, paused, stopped, not
open or complete) is its `prescription` (hht/plan/prescription.py); every
outlet reads it from here and decides nothing of its own.
"""

# Annotations are evaluated, not postponed: a NamedTuple turns each postponed one
# into a ForwardRef, which doubles the cost of defining it at start-up.

from collections.abc import Sequence
from datetime import date
from typing import Any, NamedTuple

from hht.plan.prescription import Prescription, prescribe
from hht.plan.reasons import awaiting_effect, cross_training_on, last_run_move, run_reasons
from hht.plan.views import Progress, RunState, last_ladder_move, run_view, views
from hht.plan.words import clause
from hht.rules.intervals import Interval
from hht.rules.protocol.model import Exercise, Maintenance, Protocol, Stretching
from hht.rules.reassess import assessment_due
from hht.rules.records import (
    LADDER,
    ONE_DAY,
    AssessmentSummary,
    Day,
    Decision,
    day_parts,
    within,
)
from hht.rules.timeline import Timeline
from hht.rules.walk import Moment, day_of

_Date = date  # DayPlan's field `date` hides the type inside the class

RECENT = 5  # decisions in `recent_decisions`, per track
WEEK_DAYS = 7  # `--json`'s `why`: the decisions of the day and the six before it


class CrossTraining(NamedTuple):
    allowed: bool
    reason: str
    ideas: tuple[str, ...]


class LadderDay(NamedTuple):
    """The ladder on the day: the stage, its dose (None while loading is stopped), the count."""

    stage: int  # 1-based
    stages: int
    word: str  # the protocol's word for a stage: "rung", "stage"
    id: str
    name: str
    dose: str | None
    how: str | None
    hold_seconds: int | None
    exercises: tuple[Exercise, ...] | None
    rest: str | None  # why today is a rest day for the stage's heavy work
    pain_free_sessions: int
    needed: int
    complete: bool
    awaiting: date | None  # a pain-free session waiting for its next morning
    maintenance: Maintenance | None
    logged: Day | None  # the day's entry when it holds a session

    @property
    def rest_day(self) -> bool:
        return self.rest is not None


class RunDay(NamedTuple):
    """The run plan on the day. `session` and `intervals` are the current step's
    session (None while it is paused or stopped); `rest_day` says whether not to run today."""

    state: RunState
    weeks: int
    session: str | None
    minutes: int | None
    guidance: str | None
    intervals: tuple[Interval, ...]
    logged: int | None  # the run's pain, when logged for the day
    rest_day_ideas: tuple[str, ...]

    @property
    def week(self) -> int | None:
        step = self.state.step
        return step.week.week if step is not None else None

    @property
    def sets(self) -> int | None:
        step = self.state.step
        return step.sets if step is not None else None


class DayPlan(NamedTuple):
    date: date
    protocol: Protocol  # the protocol in force on the day
    prescription: Prescription  # the day's one decision
    progress: Progress
    ladder: LadderDay
    run: RunDay
    stretching: Stretching | None  # None while loading is stopped
    cross_training: CrossTraining
    reasons: tuple[str, ...]  # why the plan is what it is today, most important first
    earlier: tuple[str, ...]  # those of `reasons` that tell each track's last move before the day
    today: tuple[Decision, ...]  # the decisions made on the day (its assessments, morning and entries)
    week: tuple[Decision, ...]  # the decisions of the six days before it
    recent: tuple[Decision, ...]  # the ladder's last decisions
    entry: Day | None  # what was logged for the day
    assessment_due: _Date | None
    assessment_due_reason: str

    @property
    def assessed(self) -> bool:
        return self.progress.assessed

    @property
    def paused(self) -> bool:
        """A red flag pauses progression (or, urgent, stops all loading): see a clinician."""
        return self.progress.paused

    @property
    def loading(self) -> bool:
        return self.prescription.loading

    @property
    def logged_today(self) -> str | None:
        return ", ".join(day_parts(self.entry)) if self.entry is not None else None

    @property
    def load_test_missing(self) -> bool:
        """The protocol's daily load test is still to be rated today."""
        return self.protocol.load_test is not None and (self.entry is None or self.entry.load_test is None)

    def to_json(self) -> dict[str, Any]:
        """`hht today --json`."""
        ladder, run, p = self.ladder, self.run, self.prescription
        state = run.state
        step = state.step
        week = step.week if step is not None else None
        counts = week is not None and not week.builds_sets
        logged = ladder.logged
        return {
            "date": self.date.isoformat(),
            "assessed": self.assessed,
            "paused": self.paused,
            "loading": self.loading,
            "prescribed": {
                "session": p.session,
                "run": p.run,
                "pause": p.pause,
                "load_test": self.protocol.load_test.name if self.protocol.load_test is not None else None,
                "load_test_logged": not self.load_test_missing if self.protocol.load_test is not None else None,
            },
            "cross_training": {
                "allowed": self.cross_training.allowed,
                "reason": self.cross_training.reason,
                "ideas": list(self.cross_training.ideas),
            },
            "protocol": {
                "name": self.protocol.name,
                "version": self.protocol.version,
                "stage_word": self.protocol.stage_word,
            },
            "ladder": {
                "rung": ladder.stage,
                "rungs": ladder.stages,
                "id": ladder.id,
                "exercise": ladder.name,
                "dose": ladder.dose,
                "how": ladder.how,
                "hold_seconds": ladder.hold_seconds,
                "rest_day": ladder.rest_day,
                "exercises": [exercise_json(e) for e in ladder.exercises] if ladder.exercises is not None else None,
                "pain_free_sessions": ladder.pain_free_sessions,
                "needed": ladder.needed,
                "complete": ladder.complete,
                "awaiting_morning_after": ladder.awaiting.isoformat() if ladder.awaiting else None,
                "maintenance": maintenance_json(ladder.maintenance) if ladder.maintenance is not None else None,
                "logged_today": {"exercise": logged.exercise, "partial": logged.partial} if logged else None,
            },
            "stretching": {"summary": self.stretching.summary, "how": self.stretching.how}
            if self.stretching is not None
            else None,
            "reasons": list(self.reasons),
            "recent_decisions": [d.to_json() for d in self.recent],
            "why": [d.to_json() for d in (*reversed(self.today), *reversed(self.week))],
            "logged_today": self.logged_today,
            "run": {
                "unlocked": state.unlocked,
                "opened": state.opened.isoformat() if state.opened else None,
                "missing": list(state.missing),
                "complete": state.complete,
                "paused": state.paused,
                "week": week.week if week else None,
                "weeks": run.weeks,
                "sets": step.sets if step else None,
                "max_sets": week.max_sets if week else None,
                "session": run.session,
                "minutes": run.minutes,
                "guidance": run.guidance,
                "intervals": [{"kind": i.kind, "seconds": i.seconds, "label": i.label} for i in run.intervals],
                "rest_day": state.rest_day,
                "reason": state.reason,
                "week_started": state.week_started.isoformat() if state.week_started else None,
                "pain_free_runs": state.pain_free_runs if counts else None,
                "pain_free_runs_needed": week.min_pain_free_runs if counts and week else None,
                "min_days": week.min_days if counts and week else None,
                "awaiting_morning_after": state.awaiting.isoformat() if state.awaiting else None,
                "logged_today": run.logged,
                "rest_day_ideas": list(run.rest_day_ideas),
                "recent_decisions": [d.to_json() for d in state.decisions][-RECENT:],
            },
            "assessment_due": self.assessment_due.isoformat() if self.assessment_due else None,
            "assessment_due_reason": self.assessment_due_reason,
        }


def day_plan(
    timeline: Timeline,
    days: Sequence[Day],
    on: date,
    assessments: Sequence[AssessmentSummary],
) -> DayPlan:
    """The plan for the day `on`, from one walk through the days, under the
    protocols in force over time."""
    moment = day_of(timeline, days, assessments, on)
    return plan_of(timeline, moment)


def plan_of(timeline: Timeline, moment: Moment) -> DayPlan:
    """The plan of the moment's day (a day of the walk)."""
    on = moment.date
    protocol = moment.morning.protocol or timeline.initial
    state, run = views(protocol, moment)
    p = prescribe(protocol, moment.morning, on)
    ladder = state.ladder
    rung = protocol.ladder[ladder.rung - 1]
    loading = p.loading
    cross = cross_training_on(protocol, state.latest_assessment)
    entry = moment.entry
    reasons = list(state.reasons)
    if entry is not None and entry.exercise is not None:
        reasons += todays_session(protocol, moment, entry)
    logged_run = entry.run if entry is not None else None
    reasons += run_reasons(protocol, run)
    if logged_run is not None and run.unlocked:
        reasons += todays_run(protocol, moment, logged_run)
    due = assessment_due(protocol, state.latest_assessment, (*moment.decisions, *moment.today), on)
    if due.on is not None:  # before any assessment, the ladder's reasons already ask for one
        reasons.append(due.reason)
    runs = run.step if p.run in ("run", "rest") else None  # the step to run, unless paused or stopped
    ideas = cross["allowed"] and run.rest_day and not state.paused and p.run in ("rest", "paused")
    return DayPlan(
        date=on,
        protocol=protocol,
        prescription=p,
        progress=state,
        ladder=LadderDay(
            stage=ladder.rung,
            stages=len(protocol.ladder),
            word=protocol.stage_word,
            id=rung.id,
            name=rung.name,
            dose=rung.dose if loading else None,
            how=rung.how if loading else None,
            hold_seconds=rung.hold_seconds if loading else None,
            exercises=rung.exercises if loading else None,
            rest=ladder.rest if loading else None,
            pain_free_sessions=ladder.pain_free_sessions,
            needed=ladder.needed,
            complete=ladder.complete,
            awaiting=ladder.awaiting,
            maintenance=protocol.maintenance if ladder.complete and loading else None,
            logged=entry if entry is not None and entry.exercise is not None else None,
        ),
        run=RunDay(
            state=run,
            weeks=len(protocol.run_weeks),
            session=runs.session if runs else None,
            minutes=runs.minutes if runs else None,
            guidance=runs.week.guidance if runs else None,
            intervals=runs.intervals if runs else (),
            logged=logged_run,
            rest_day_ideas=tuple(protocol.cross_training.ideas) if ideas else (),
        ),
        stretching=protocol.stretching if loading else None,
        cross_training=CrossTraining(cross["allowed"], cross["reason"], tuple(cross["ideas"])),
        reasons=tuple(reasons),
        earlier=tuple(r for r in (last_ladder_move(state), last_run_move(run)) if r is not None),
        today=(*(d for d in moment.decisions if d.date == on), *moment.today),
        week=tuple(d for d in moment.decisions if on - ONE_DAY * WEEK_DAYS < d.date < on),
        recent=state.decisions[-RECENT:],
        entry=entry,
        assessment_due=due.on,
        assessment_due_reason=due.reason,
    )


def maintenance_json(work: Maintenance) -> dict[str, Any]:
    """The maintenance work: its summary and exercises, each with its dose."""
    return {"summary": work.summary, "exercises": [exercise_json(e) for e in work.exercises]}


def exercise_json(exercise: Exercise) -> dict[str, Any]:
    out: dict[str, Any] = {"name": exercise.name, "dose": exercise.dose, "how": exercise.how}
    if exercise.hold_seconds is not None:
        out["hold_seconds"] = exercise.hold_seconds
    return out


def todays_session(protocol: Protocol, moment: Moment, entry: Day) -> list[str]:
    """What the ladder session already logged for the day does to the plan."""
    what = f"Today's session ({entry.exercise}/10{', partial' if entry.partial else ''})"
    lines = [f"{what}: {clause(d.reason)}" for d in moment.today if d.track == LADDER]
    if moment.evening.ladder.pending == moment.date:
        lines.append(
            f"{what} counts once tomorrow morning's pain is logged at {within(protocol.pain.advance_threshold)}."
        )
    return lines


def todays_run(protocol: Protocol, moment: Moment, pain: int) -> list[str]:
    """What the run already logged for the day does to the plan."""
    lines = [f"Today's run ({pain}/10): {clause(d.reason)}" for d in moment.today if d.track != LADDER]
    if moment.evening.run.pending == moment.date and moment.evening.run.pending_counts:
        later = run_view(protocol, moment.evening, moment.date + ONE_DAY, ())
        lines.append(f"Today's run ({pain}/10) counts once tomorrow morning's pain is logged{awaiting_effect(later)}.")
    return lines
