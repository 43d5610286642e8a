"""What the run plan prescribed on given days, for checking a run's file
against it (hht/rules/runcheck.py): the one place that reads it from the
day's plan, so that a change to how the plan is read is made here alone."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from hht.plan.views import run_view
from hht.rules.protocol.model import Protocol
from hht.rules.records import AssessmentSummary, Day
from hht.rules.runcheck import CLOSED, COMPLETE, PAUSED, REST, RUN, Prescribed
from hht.rules.walk import ProtocolChange, walk


def prescribed_runs(
    protocol: Protocol,
    days: Sequence[Day],
    assessments: Sequence[AssessmentSummary],
    on: Iterable[date],
    changes: Sequence[ProtocolChange] = (),
) -> dict[date, Prescribed]:
    """For each day of `on`, what the run plan prescribed that morning (what
    `hht today` shows for it), from one walk through the days."""
    wanted = set(on)
    out = {day: Prescribed(CLOSED) for day in wanted}  # before the first day logged, nothing is open
    if not wanted:
        return out
    for states in walk(protocol, days, assessments, max(wanted), changes):
        if states.date not in wanted:
            continue
        snap = states.morning
        run = run_view(snap.protocol or protocol, snap, states.date, ())
        if not run.unlocked:
            out[states.date] = Prescribed(CLOSED)
        elif run.complete:
            out[states.date] = Prescribed(COMPLETE)
        elif run.paused:
            out[states.date] = Prescribed(PAUSED, run.step)
        elif run.rest_day:
            out[states.date] = Prescribed(REST, run.step)
        else:
            out[states.date] = Prescribed(RUN, run.step)
    return out
