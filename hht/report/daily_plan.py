"""The plan of every day in the report, from one walk through the days: the
rung, the run week and its sets, what was prescribed, a red flag's pause, the
protocol in force; and what the report reads from it (the plan as runs of days
that share a stage, the protocols applied, how long the current stage has
lasted).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from hht.plan import prescription as rx
from hht.plan.prescription import prescribe
from hht.plan.views import Progress, RunState, ladder_view, run_view
from hht.rules.protocol.model import Protocol
from hht.rules.records import ONE_DAY, AssessmentSummary, Day, Decision
from hht.rules.runsteps import steps
from hht.rules.timeline import Timeline
from hht.rules.walk import walk

PLAN_FIELDS = ("rung", "maintenance", "run_open", "run_complete", "run_week", "run_sets", "paused", "loading_stopped")


def derive(
    timeline: Timeline,
    days: Sequence[Day],
    summaries: Sequence[AssessmentSummary],
    until: date,
) -> tuple[Progress, RunState, dict[date, dict[str, Any]], Protocol]:
    """Everything the report takes from the one walk through the days.

    Returns the ladder and the run plan on the morning of `until`, and for
    every calendar day from the first entry or assessment to `until`: the
    rung and whether on maintenance, the run week and sets, whether the run
    plan is open or complete, whether a session and a run were prescribed,
    and whether a red flag paused progression or stopped loading (with the
    assessment that did it), and the protocol in force. The rest of the
    report reads only this; the last is the protocol in force on `until`.
    """
    protocol = timeline.initial
    plan = steps(protocol)
    decisions: list[Decision] = []
    per_day: dict[date, dict[str, Any]] = {}
    last = None
    for last in walk(timeline, days, summaries, until):
        decisions += last.morning_decisions
        if last.date < until:
            decisions += last.unlogged + last.evening_decisions
        snap = last.morning
        if snap.protocol is not None and snap.protocol is not protocol:
            protocol = snap.protocol  # a protocol adopted from this day
            plan = steps(protocol)
        p = prescribe(protocol, snap, last.date, plan)
        step = p.step
        per_day[last.date] = {
            "rung": snap.ladder.rung,
            "maintenance": snap.ladder.complete,
            "run_open": p.run_open,
            "run_complete": p.run == rx.COMPLETE,
            "run_week": step.week.week if step else None,
            "run_sets": step.sets if step else None,
            "session": p.session,  # due, rest or stopped
            "run": p.run,  # locked, run, rest, paused, stopped or complete
            "pause": p.pause,  # red_flag, bent_knee or None
            "run_prescribed": p.run_due,
            "session_prescribed": p.session_due,
            "paused": snap.paused,
            "loading_stopped": not snap.loading,
            "assessment": snap.latest.date if snap.latest is not None else None,
            "protocol": (protocol.name, protocol.version),
        }
    assert last is not None
    return (
        ladder_view(protocol, last.morning, until, decisions),
        run_view(protocol, last.morning, until, decisions),
        per_day,
        protocol,
    )


def protocols_applied(per_day: dict[date, dict[str, Any]], since: date, until: date) -> list[dict[str, Any]]:
    """Which protocol applied when, in the period: name, version, from, to."""
    out: list[dict[str, Any]] = []
    for day in sorted(d for d in per_day if since <= d <= until):
        name, version = per_day[day]["protocol"]
        if out and (out[-1]["name"], out[-1]["version"]) == (name, version):
            out[-1]["to"] = day.isoformat()
        else:
            out.append({"name": name, "version": version, "from": day.isoformat(), "to": day.isoformat()})
    return out


def plan_segments(per_day: dict[date, dict[str, Any]], since: date, until: date) -> list[dict[str, Any]]:
    """The plan over the period as runs of days that share a rung, run week and pause."""
    out: list[dict[str, Any]] = []
    for day in sorted(per_day):
        if not since <= day <= until:
            continue
        values = {k: per_day[day][k] for k in PLAN_FIELDS}
        if out and all(out[-1][k] == values[k] for k in PLAN_FIELDS) and out[-1]["to"] == (day - ONE_DAY).isoformat():
            out[-1]["to"] = day.isoformat()
        else:
            out.append({"from": day.isoformat(), "to": day.isoformat(), **values})
    return out


def _stage_since(per_day: dict[date, dict[str, Any]], until: date, keys: tuple[str, ...]) -> date | None:
    """The first day of the unbroken run of days, up to `until`, that share `until`'s values of `keys`:
    the day the current rung (or run week) began, from the plan of every day."""
    now = per_day.get(until)
    if now is None:
        return None
    start = until
    while (start - ONE_DAY) in per_day and all(per_day[start - ONE_DAY][k] == now[k] for k in keys):
        start -= ONE_DAY
    return start


def in_stage(per_day: dict[date, dict[str, Any]], until: date, keys: tuple[str, ...]) -> dict[str, Any] | None:
    """Since when, and for how many days, the current stage (the values of `keys` on `until`) has held."""
    from hht.report.periods import days_since

    start = _stage_since(per_day, until, keys)
    return None if start is None else {"since": start.isoformat(), "days": days_since(start, until)}
