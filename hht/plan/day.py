"""The day's plan as plain data: what `hht today` shows and `--json` prints.

Everything here reads one walk through the days (hht/rules/walk.py): the ladder
and the run plan on the morning of the day, what the day's own session and
run did by its end, and the reasons, most important first.
"""

# Annotations are evaluated, not postponed: a NamedTuple turns each postponed one
# into a ForwardRef, which doubles the cost of defining it at start-up.

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any, NamedTuple

from hht.rules.intervals import Interval, holds
from hht.rules.protocol.model import Exercise, Protocol
from hht.rules.reassess import assessment_due
from hht.rules.records import (
    ADVANCE,
    COMPLETE,
    HOLD,
    LADDER,
    ONE_DAY,
    OPEN,
    STEP_BACK,
    AssessmentSummary,
    Day,
    Decision,
    day_parts,
    within,
)
from hht.rules.runplan import Step, gate_missing, steps
from hht.rules.walk import Moment, ProtocolChange, Snapshot, day_of

RECENT = 5  # decisions in `recent_decisions`, per track
WHY_DAYS = 7  # the Why panel shows the decisions of the last seven days


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
    flagged = snap.latest is not None and snap.latest.red_flag
    paused = flagged or run.held is not None
    step = plan[run.index] if run.opened is not None and run.index < len(plan) else None
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
            )
        )
        reason = "The run plan is locked: " + "; ".join(missing) + "."
    elif step is None:
        missing = ()
        reason = protocol.run_plan_after
    else:
        missing = ()
        rest = run.rest
        if flagged:  # a red flag: no running until a clinician has seen it
            assert snap.latest is not None
            rest = (
                f"No run while the red flag from the assessment on {snap.latest.date} pauses "
                "progression: see a clinician, then assess again."
            )
        elif run.held is not None:
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
                    f"{run.count} of {week.min_pain_free_runs} pain-free runs since {run.week_start}, "
                    f"day {days_in} of at least {week.min_days}"
                )
            reason = f"Week {week.week}: {step.session}. {count}."
    sets_week = step is not None and not step.builds_sets
    return RunState(
        on=on,
        unlocked=run.opened is not None,
        opened=run.opened,
        missing=missing,
        complete=run.opened is not None and run.index >= len(plan),
        step=step,
        steps=len(plan),
        rest_day=rest is not None,
        reason=reason,
        paused=paused,
        week_started=run.week_start if sets_week else None,
        pain_free_runs=run.count if sets_week else 0,
        awaiting=run.pending,
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
    protocol: Protocol,
    days: Iterable[Day],
    on: date,
    assessments: Sequence[AssessmentSummary] = (),
    changes: Sequence[ProtocolChange] = (),
) -> tuple[Progress, RunState]:
    """The ladder and the run plan on the morning of `on`."""
    return views(protocol, day_of(protocol, days, assessments, on, changes))


# -- reasons ---------------------------------------------------------------------


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
    moves = [d for d in progress.decisions if d.kind in (ADVANCE, COMPLETE, STEP_BACK, HOLD)]
    if moves and moves[-1].date <= on - ONE_DAY * WHY_DAYS:  # a recent one is in the week's decisions
        last = moves[-1]
        label = {ADVANCE: "Advanced", COMPLETE: "Completed the ladder", STEP_BACK: "Stepped back", HOLD: "Held"}[
            last.kind
        ]
        reasons.append(f"{label} on {last.date}: {last.reason}")
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


def run_reasons(protocol: Protocol, state: RunState) -> tuple[str, ...]:
    """Why the run is what it is today, most important first."""
    reasons = [state.reason]
    if not state.unlocked:
        return tuple(reasons)
    labels = {
        OPEN: "The run plan opened",
        ADVANCE: "Run advanced",
        COMPLETE: "Run plan completed",
        STEP_BACK: "Run stepped back",
        HOLD: "Run held",
    }
    moves = [d for d in state.decisions if d.kind in labels]
    if moves and moves[-1].date <= state.on - ONE_DAY * WHY_DAYS:  # a recent one is in the week's decisions
        last = moves[-1]
        reasons.append(f"{labels[last.kind]} on {last.date}: {last.reason}")
    reasons += morning_after_reasons(
        "run",
        state.on,
        None if state.paused else state.awaiting,
        state.unconfirmed,
        protocol.pain.advance_threshold,
        awaiting_effect(state),
    )
    return tuple(reasons)


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
            f"for {morning} (`hht log --date {morning} --morning N` adds it)."
        )
    return reasons


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


def cross_training_on(protocol: Protocol, latest: AssessmentSummary | None) -> dict[str, Any]:
    """Whether cross-training is allowed, given the latest assessment on or
    before the day (what `hht today` shows)."""
    ideas = list(protocol.cross_training.ideas)
    if latest is None:
        allowed, reason = (
            False,
            (
                "No assessment yet: `hht assess` checks whether the assisted "
                "bent-knee stretch is pain-free, which opens cross-training."
            ),
        )
    elif latest.red_flag:
        allowed, reason = (
            False,
            (f"The assessment on {latest.date} found a red flag: see a clinician before any cross-training."),
        )
    elif latest.bent_knee_pain_free:
        allowed, reason = (
            True,
            (
                f"The assisted bent-knee stretch was pain-free on every affected side "
                f"in the assessment on {latest.date}: {' and '.join(ideas)} are allowed, "
                "as long as they stay pain-free."
            ),
        )
    else:
        allowed, reason = (
            False,
            (
                f"The assisted bent-knee stretch was not pain-free on every affected "
                f"side in the assessment on {latest.date}; cross-training opens once it "
                "is (assess again when it feels easier)."
            ),
        )
    return {"allowed": allowed, "reason": reason, "ideas": ideas}


# -- the day's plan --------------------------------------------------------------


def today_plan(
    protocol: Protocol,
    days: Sequence[Day],
    on: date,
    assessments: Sequence[AssessmentSummary] = (),
    changes: Sequence[ProtocolChange] = (),
) -> tuple[Progress, dict[str, Any]]:
    """The plan for the day `on`, from one walk through the days, under the
    protocol in force that day (`protocol` from the start, then `changes`)."""
    moment = day_of(protocol, days, assessments, on, changes)
    protocol = moment.morning.protocol or protocol
    state, run = views(protocol, moment)
    ladder = state.ladder
    rung = protocol.ladder[ladder.rung - 1]
    recent = [d.to_json() for d in state.decisions[-RECENT:]]
    loading = state.loading
    plan: dict[str, Any] = {
        "date": on.isoformat(),
        "assessed": state.assessed,
        "paused": state.paused,
        "loading": loading,
        "cross_training": cross_training_on(protocol, state.latest_assessment),
        "protocol": {"name": protocol.name, "version": protocol.version, "stage_word": protocol.stage_word},
        "ladder": {
            "rung": ladder.rung,
            "rungs": len(protocol.ladder),
            "exercise": rung.name,
            "dose": rung.dose if loading else None,
            "how": rung.how if loading else None,
            "hold_seconds": rung.hold_seconds if loading else None,
            "rest_day": ladder.rest is not None,
            "exercises": [exercise_json(e) for e in rung.exercises] if loading else None,
            "pain_free_sessions": ladder.pain_free_sessions,
            "needed": ladder.needed,
            "complete": ladder.complete,
            "awaiting_morning_after": ladder.awaiting.isoformat() if ladder.awaiting else None,
            "maintenance": maintenance_json(protocol) if ladder.complete and loading else None,
        },
        "stretching": {
            "summary": protocol.stretching.summary,
            "how": protocol.stretching.how,
        }
        if loading
        else None,
        "reasons": list(state.reasons),
        "recent_decisions": recent,
        "why": [d.to_json() for d in reversed(moment.decisions) if d.date > on - ONE_DAY * WHY_DAYS],
    }
    entry = moment.entry
    plan["logged_today"] = ", ".join(day_parts(entry)) if entry is not None else None
    if entry is not None and entry.exercise is not None:
        plan["ladder"]["logged_today"] = {"exercise": entry.exercise, "partial": entry.partial}
        plan["reasons"] += todays_session(protocol, moment, entry)
    else:
        plan["ladder"]["logged_today"] = None
    logged = entry.run if entry is not None else None
    plan["run"] = run_json(protocol, run, logged)
    plan["why"] = [d.to_json() for d in reversed(moment.today)] + plan["why"]
    if state.paused or not plan["cross_training"]["allowed"]:
        plan["run"]["rest_day_ideas"] = []  # cross-training has its own gate
    plan["reasons"] += run_reasons(protocol, run)
    if logged is not None and run.unlocked:
        plan["reasons"] += todays_run(protocol, moment, logged)
    due = assessment_due(protocol, state.latest_assessment, (*moment.decisions, *moment.today), on)
    plan["assessment_due"] = due.on.isoformat() if due.on else None
    plan["assessment_due_reason"] = due.reason
    if due.on is not None:  # before any assessment, the ladder's reasons already ask for one
        plan["reasons"].append(due.reason)
    return state, plan


def maintenance_json(protocol: Protocol) -> dict[str, Any]:
    """The maintenance work: its summary and exercises, each with its dose."""
    work = protocol.maintenance
    assert work is not None
    return {"summary": work.summary, "exercises": [exercise_json(e) for e in work.exercises]}


def exercise_json(exercise: Exercise) -> dict[str, Any]:
    out: dict[str, Any] = {"name": exercise.name, "dose": exercise.dose, "how": exercise.how}
    if exercise.hold_seconds is not None:
        out["hold_seconds"] = exercise.hold_seconds
    return out


def run_json(protocol: Protocol, run: RunState, logged_today: int | None) -> dict[str, Any]:
    """`today --json`'s `run`. `session` and `intervals` are the current
    step's session (the next run); `rest_day` says whether to run today."""
    step = run.step
    week = step.week if step is not None else None
    counts = week is not None and not week.builds_sets
    runs = step is not None and not run.paused
    return {
        "unlocked": run.unlocked,
        "opened": run.opened.isoformat() if run.opened else None,
        "missing": list(run.missing),
        "complete": run.complete,
        "paused": run.paused,
        "week": week.week if week else None,
        "weeks": len(protocol.run_weeks),
        "sets": step.sets if step else None,
        "max_sets": week.max_sets if week else None,
        "session": step.session if runs else None,
        "minutes": step.minutes if runs else None,
        "guidance": week.guidance if runs else None,
        "intervals": [{"kind": i.kind, "seconds": i.seconds, "label": i.label} for i in step.intervals] if runs else [],
        "rest_day": run.rest_day,
        "reason": run.reason,
        "week_started": run.week_started.isoformat() if run.week_started else None,
        "pain_free_runs": run.pain_free_runs if counts else None,
        "pain_free_runs_needed": week.min_pain_free_runs if counts and week else None,
        "min_days": week.min_days if counts and week else None,
        "awaiting_morning_after": run.awaiting.isoformat() if run.awaiting else None,
        "logged_today": logged_today,
        "rest_day_ideas": list(protocol.cross_training.ideas) if run.rest_day else [],
        "recent_decisions": [d.to_json() for d in run.decisions][-RECENT:],
    }


def todays_session(protocol: Protocol, moment: Moment, entry: Day) -> list[str]:
    """What the ladder session already logged for the day does to the plan."""
    what = f"Today's session ({entry.exercise}/10{', partial' if entry.partial else ''})"
    lines = [f"{what}: {d.reason}" for d in moment.today if d.track == LADDER]
    if moment.evening.ladder.pending == moment.date:
        lines.append(
            f"{what} counts once tomorrow morning's pain is logged at {within(protocol.pain.advance_threshold)}."
        )
    return lines


def todays_run(protocol: Protocol, moment: Moment, pain: int) -> list[str]:
    """What the run already logged for the day does to the plan."""
    lines = [f"Today's run ({pain}/10): {d.reason}" for d in moment.today if d.track != LADDER]
    if moment.evening.run.pending == moment.date and moment.evening.run.pending_counts:
        later = run_view(protocol, moment.evening, moment.date + ONE_DAY, ())
        lines.append(f"Today's run ({pain}/10) counts once tomorrow morning's pain is logged{awaiting_effect(later)}.")
    return lines


class TimedSession(NamedTuple):
    """What `hht today --start` times, and what it logs at the end."""

    title: str
    intervals: tuple[Interval, ...]
    logs: str  # "run" or "exercise"


def timed_session(
    protocol: Protocol, ladder: Progress, run: RunState, logged_run: int | None
) -> tuple[TimedSession | None, str]:
    """Today's run when there is one to do; else the ladder rung's holds.

    Returns the session (None when there is nothing to time) and a sentence
    saying why that one.
    """
    step = run.step
    if run.runs_today and step is not None and logged_run is None:
        return TimedSession(f"Week {step.week.week} · {step.session}", step.intervals, "run"), run.reason
    why = f"Today's run is already logged ({logged_run}/10)." if run.runs_today else run.reason
    rung = protocol.ladder[ladder.ladder.rung - 1]
    if ladder.ladder.complete or rung.hold_seconds is None:
        what = "the ladder is complete" if ladder.ladder.complete else f"rung {rung.number} ({rung.name}) has no holds"
        return None, f"{why} No run to time today, and {what}: nothing to time."
    timer = protocol.holds
    session = TimedSession(
        f"{protocol.stage_word.capitalize()} {rung.number} · {rung.name}",
        holds(rung.hold_seconds, timer.reps, timer.sets, timer.rest_seconds, timer.set_rest_seconds),
        "exercise",
    )
    return session, f"{why} Timing the holds of rung {rung.number} ({rung.name}) instead."
