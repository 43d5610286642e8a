"""The ladder and the run plan on the morning of a day, read from one walk
through the days (hht/rules/walk.py): where the runner is, what awaits its
next morning, every decision up to the day, and why the ladder is where it is."""

# Annotations are evaluated, not postponed: a NamedTuple turns each postponed one
# into a ForwardRef, which doubles the cost of defining it at start-up.

from collections.abc import Iterable, Sequence
from datetime import date
from typing import NamedTuple

from hht.plan.prescription import BENT_KNEE, RED_FLAG, RUN_STOPPED, prescribe
from hht.plan.words import LABELS, LADDER_MOVES, clause, tally
from hht.rules.protocol.model import Protocol
from hht.rules.records import (
    LADDER,
    ONE_DAY,
    AssessmentSummary,
    Day,
    Decision,
    log_morning,
    within,
)
from hht.rules.rungate import gate_missing
from hht.rules.runsteps import Step, steps
from hht.rules.timeline import Timeline
from hht.rules.walk import Moment, Snapshot, day_of


class Ladder(NamedTuple):
    rung: int  # 1-based
    complete: bool
    pain_free_sessions: int
    needed: int
    awaiting: date | None  # a pain-free session waiting for its next morning
    unconfirmed: date | None  # a session whose next morning was never logged
    rest: str | None = None  # why today is a rest day for the stage's heavy work, or None


class Progress(NamedTuple):
    """The ladder on the morning of a day, and every decision up to it."""

    on: date
    ladder: Ladder
    decisions: tuple[Decision, ...]
    assessed: bool
    paused: bool
    latest_assessment: AssessmentSummary | None
    reasons: tuple[str, ...] = ()
    loading: bool = True  # False while a red flag stops all loading


class RunState(NamedTuple):
    """The run plan on the morning of a day, and every decision up to it."""

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


def ladder_view(protocol: Protocol, snap: Snapshot, on: date, decisions: Iterable[Decision]) -> Progress:
    """The ladder as `snap` holds it on the day `on`."""
    state = snap.ladder
    awaiting = state.pending if state.pending is not None and state.pending + ONE_DAY >= on else None
    ladder = Ladder(
        state.rung,
        state.complete,
        state.pain_free_sessions,
        protocol.ladder[state.rung - 1].needed,
        awaiting,
        state.unconfirmed,
        state.rest,
    )
    result = Progress(
        on,
        ladder,
        tuple(d for d in decisions if d.track == LADDER),
        snap.latest is not None,
        snap.paused,
        snap.latest,
        loading=snap.loading,
    )
    return result._replace(reasons=ladder_reasons(protocol, result))


def run_view(protocol: Protocol, snap: Snapshot, on: date, decisions: Iterable[Decision]) -> RunState:
    """The run plan as `snap` holds it on the day `on`."""
    run = snap.run
    plan = steps(protocol)
    p = prescribe(protocol, snap, on, plan)
    paused = p.pause is not None or p.run == RUN_STOPPED
    step = p.step
    rest = None
    if run.opened is None:
        missing = tuple(
            gate_missing(
                protocol.ladder[protocol.run_gate_rung - 1],
                on,
                snap.ladder.rung,
                run.gate_done,
                snap.latest,
                protocol.pain.advance_threshold,
                protocol.stage_word,
                stopped=not snap.loading,
            )
        )
        reason = "The run plan is locked: " + "; ".join(missing) + "."
    elif step is None:
        missing = ()
        reason = protocol.run_plan_after
    else:
        missing = ()
        rest = p.run_rest
        if p.run == RUN_STOPPED:  # an urgent red flag: no loading at all until a clinician has seen it
            assert snap.latest is not None
            rest = (
                f"No run: the red flag from the assessment on {snap.latest.date} stops all loading. "
                "See a clinician, then assess again."
            )
        elif p.pause == RED_FLAG:  # a red flag: no running until a clinician has seen it
            assert snap.latest is not None
            rest = (
                f"No run while the red flag from the assessment on {snap.latest.date} pauses "
                "progression: see a clinician, then assess again."
            )
        elif p.pause == BENT_KNEE:
            rest = (
                f"No run: the run plan is paused because {run.held}. It resumes once an assessment "
                "finds the stretch pain-free (`hht assess` when it feels easier)."
            )
        if rest is not None:
            reason = rest if paused else f"{rest} Next run: {step.session}."
        elif step.builds_sets:
            week = step.week
            reason = (
                f"Week {week.week}, {step.sets} of {week.max_sets} sets: {step.session}. Each pain-free "
                f"run adds a set; the week is done when its {week.max_sets}-set run is pain-free."
            )
        else:
            week = step.week
            assert run.week_start is not None
            days_in = (on - run.week_start).days + 1
            if days_in < 1:
                count = f"The week counts again from {run.week_start}"
            else:
                count = (
                    f"{tally(run.pain_free_runs, week.min_pain_free_runs or 0, 'pain-free run')} since "
                    f"{run.week_start}, day {days_in} of at least {week.min_days}"
                )
            reason = f"Week {week.week}: {step.session}. {count}."
    sets_week = step is not None and not step.builds_sets
    return RunState(
        on=on,
        unlocked=run.opened is not None,
        opened=run.opened,
        missing=missing,
        complete=run.opened is not None and run.step_index >= len(plan),
        step=step,
        steps=len(plan),
        rest_day=rest is not None,
        reason=reason,
        paused=paused,
        week_started=run.week_start if sets_week else None,
        pain_free_runs=run.pain_free_runs if sets_week else 0,
        awaiting=run.pending if run.pending_counts else None,  # a run that will not count is awaited by nothing
        unconfirmed=run.unconfirmed,
        decisions=tuple(d for d in decisions if d.track != LADDER),
    )


def views(protocol: Protocol, moment: Moment) -> tuple[Progress, RunState]:
    """The ladder and the run plan on the morning of the moment's day, under
    the protocol in force that morning."""
    protocol = moment.morning.protocol or protocol
    return (
        ladder_view(protocol, moment.morning, moment.date, moment.decisions),
        run_view(protocol, moment.morning, moment.date, moment.decisions),
    )


def states(
    timeline: Timeline,
    days: Iterable[Day],
    on: date,
    assessments: Sequence[AssessmentSummary],
) -> tuple[Progress, RunState]:
    """The ladder and the run plan on the morning of `on`."""
    return views(timeline.initial, day_of(timeline, days, assessments, on))


def ladder_reasons(protocol: Protocol, progress: Progress) -> tuple[str, ...]:
    """Why the runner is where they are on the ladder, most important first."""
    on = progress.on
    ladder = progress.ladder
    word = protocol.stage_word
    reasons: list[str] = []
    if progress.paused and progress.latest_assessment is not None:
        a = progress.latest_assessment
        if progress.loading:
            reasons.append(
                f"Progression is paused and running stops: the assessment on {a.date} found a red "
                f"flag. {a.advice} The ladder work goes on at {word} {ladder.rung}, without moving up."
            )
        else:
            reasons.append(
                f"All loading stops: the assessment on {a.date} found a red flag. {a.advice} Rest: no "
                "exercise dose, no running, no stretching into the ache. Keep logging your pain "
                "(`hht log`); an assessment without a red flag lifts this."
            )
    if not progress.assessed:
        reasons.append(
            "No assessment yet: run `hht assess` to screen for red flags and check the tendon before you load it."
        )
    last = last_ladder_move(progress)
    if last is not None:
        reasons.append(last)
    if not progress.loading:
        pass
    elif ladder.complete:
        reasons.append("The ladder is complete: keep up the maintenance exercises.")
    elif progress.paused:
        reasons.append(
            f"{ladder.pain_free_sessions} of {ladder.needed} pain-free sessions at {word} "
            f"{ladder.rung}: none counts while progression is paused."
        )
    else:
        more = ladder.needed - ladder.pain_free_sessions
        reasons.append(
            f"{ladder.pain_free_sessions} of {ladder.needed} pain-free sessions at {word} "
            f"{ladder.rung}: {more} more to move up."
        )
    if ladder.rest is not None and progress.loading:
        reasons.append(f"{ladder.rest} A session done today does not count.")
    awaiting = None if progress.paused else ladder.awaiting  # while paused, it will not count
    reasons += morning_after_reasons("session", on, awaiting, ladder.unconfirmed, protocol.pain.advance_threshold)
    return tuple(reasons)


def last_ladder_move(progress: Progress) -> str | None:
    """The ladder's last move before the day, in a sentence (one made on the day is among its own decisions)."""
    moves = [d for d in progress.decisions if d.kind in LADDER_MOVES]
    if not moves or moves[-1].date >= progress.on:
        return None
    last = moves[-1]
    return f"{LABELS[(last.track, last.kind)]} on {last.date}: {clause(last.reason)}"


def morning_after_reasons(
    what: str, on: date, awaiting: date | None, unconfirmed: date | None, threshold: int, effect: str = ""
) -> list[str]:
    """The reasons about a session (or run) waiting for, or missing, its next morning's pain."""
    reasons = []
    if awaiting is not None:
        morning = awaiting + ONE_DAY
        when = "this morning's" if morning == on else f"the morning of {morning}'s"
        reasons.append(f"The {what} on {awaiting} counts once {when} pain is logged at {within(threshold)}{effect}.")
    if unconfirmed is not None:
        morning = unconfirmed + ONE_DAY
        reasons.append(
            f"The {what} on {unconfirmed} did not count: no morning pain was logged "
            f"for {morning} (`{log_morning(morning)}` adds it)."
        )
    return reasons
