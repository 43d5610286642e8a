"""Why the day's plan is what it is, in sentences, most important first: the
ladder's reasons, the run's, and whether cross-training is allowed."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from hht.rules.protocol.model import Protocol
from hht.rules.records import (
    ADVANCE,
    COMPLETE,
    HOLD,
    ONE_DAY,
    OPEN,
    STEP_BACK,
    AssessmentSummary,
    log_morning,
    within,
)

if TYPE_CHECKING:
    from hht.plan.views import Progress, RunState

WHY_DAYS = 7  # the Why panel shows the decisions of the last seven days


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
            f"for {morning} (`{log_morning(morning)}` adds it)."
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
