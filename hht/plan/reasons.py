"""Why the run is what it is today, in sentences, most important first, and
whether cross-training is allowed (the ladder's reasons are hht/plan/views.py's)."""

from __future__ import annotations

from typing import Any

from hht.plan.views import RunState, morning_after_reasons
from hht.plan.words import LABELS, RUN_MOVES, clause, tally
from hht.rules.protocol.model import Protocol
from hht.rules.records import (
    AssessmentSummary,
)


def run_reasons(protocol: Protocol, state: RunState) -> tuple[str, ...]:
    """Why the run is what it is today, most important first."""
    reasons = [state.reason]
    if not state.unlocked:
        return tuple(reasons)
    last = last_run_move(state)
    if last is not None:
        reasons.append(last)
    reasons += morning_after_reasons(
        "run",
        state.on,
        None if state.paused else state.awaiting,
        state.unconfirmed,
        protocol.pain.advance_threshold,
        awaiting_effect(state),
    )
    return tuple(reasons)


def last_run_move(state: RunState) -> str | None:
    """The run plan's last move before the day, in a sentence."""
    moves = [d for d in state.decisions if d.kind in RUN_MOVES]
    if not state.unlocked or not moves or moves[-1].date >= state.on:
        return None
    last = moves[-1]
    return f"{LABELS[(last.track, last.kind)]} on {last.date}: {clause(last.reason)}"


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
    return (
        f": then {tally(state.pain_free_runs + 1, week.min_pain_free_runs or 0, 'pain-free run')} in week {week.week}"
    )


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
