"""What the run plan prescribed on given days, for checking a run's file
against it (hht/rules/runcheck.py): read from the day's one decision
(hht/plan/prescription.py), as `hht today` shows it."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from hht.plan import prescription as rx
from hht.plan.prescription import prescribe
from hht.rules.records import AssessmentSummary, Day
from hht.rules.runcheck import CLOSED, COMPLETE, PAUSED, REST, RUN, Prescribed
from hht.rules.timeline import Timeline
from hht.rules.walk import walk

# The run check's words for the day's prescription; a stop, like a pause, prescribes no run.
RUN_CHECK = {
    rx.LOCKED: CLOSED,
    rx.COMPLETE: COMPLETE,
    rx.PAUSED: PAUSED,
    rx.RUN_STOPPED: PAUSED,
    rx.RUN_REST: REST,
    rx.RUN: RUN,
}


def prescribed_runs(
    timeline: Timeline,
    days: Sequence[Day],
    assessments: Sequence[AssessmentSummary],
    on: Iterable[date],
) -> dict[date, Prescribed]:
    """For each day of `on`, what the run plan prescribed that morning (what
    `hht today` shows for it), from one walk through the days."""
    wanted = set(on)
    out = {day: Prescribed(CLOSED) for day in wanted}  # before the first day logged, nothing is open
    if not wanted:
        return out
    for states in walk(timeline, days, assessments, max(wanted)):
        if states.date not in wanted:
            continue
        snap = states.morning
        p = prescribe(snap.protocol or timeline.initial, snap, states.date)
        kind = RUN_CHECK[p.run]
        out[states.date] = Prescribed(kind, p.step if kind in (PAUSED, REST, RUN) else None)
    return out
