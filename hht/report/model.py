"""The report as plain data: everything a physio reads, derived from the log.

`build(...)` takes the protocol, the logged days, the stored assessments and
the period, and returns one JSON-ready dict. Every format renders that dict;
none of them looks anything up on its own.
"""

from __future__ import annotations

from datetime import date, timedelta
from statistics import fmean
from typing import Any, Sequence

from hht.messages import DISCLAIMER
from hht.plan import Progress, RunState, ladder_view, run_view
from hht.protocol import Protocol
from hht.reassess import assessment_due
from hht.records import ADVANCE, COMPLETE, HOLD, OPEN, PAUSE, RESUME, STEP_BACK, AssessmentSummary, Day
from hht.runplan import steps
from hht.walk import walk

RATINGS = ("morning", "exercise", "run", "sitting")
RATING_LABELS = {
    "morning": "on waking",
    "exercise": "ladder session",
    "run": "walk/jog",
    "sitting": "sitting",
}
MOVES = (ADVANCE, COMPLETE, STEP_BACK, PAUSE, RESUME)


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def pain_by_week(days: Sequence[Day]) -> list[dict[str, Any]]:
    """Mean and worst of each rating, per calendar week (Monday first)."""
    weeks: dict[date, dict[str, list[int]]] = {}
    for day in days:
        bucket = weeks.setdefault(_monday(day.date), {r: [] for r in RATINGS})
        for name, value in day.ratings().items():
            bucket[name].append(value)
    out = []
    for start in sorted(weeks):
        row: dict[str, Any] = {"week_start": start.isoformat()}
        for name in RATINGS:
            values = weeks[start][name]
            row[name] = (
                {"mean": round(fmean(values), 1), "worst": max(values), "n": len(values)} if values else None
            )
        out.append(row)
    return out


def _hold_streaks(decisions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Collapse runs of holds on one track into one history row each."""
    out: list[dict[str, Any]] = []
    for decision in decisions:
        last = out[-1] if out else None
        if (decision["kind"] == HOLD and last is not None and last["kind"] == "hold_streak"
                and last["track"] == decision["track"]):
            last["holds"] += 1
            last["to_date"] = decision["date"]
            last["reason"] = decision["reason"]
        elif decision["kind"] == HOLD:
            out.append({**decision, "kind": "hold_streak", "holds": 1, "to_date": decision["date"]})
        else:
            out.append(decision)
    return out


def _assessment_rows(assessments: Sequence[Any]) -> list[dict[str, Any]]:
    rows = []
    for a in assessments:
        result = a.result
        per_side = {}
        for side, scored in (result.get("per_side") or {}).items():
            per_side[side] = {
                test_id: {
                    "done": t.get("done", True),
                    "pain": t.get("pain"),
                    "familiar": t.get("familiar"),
                    "positive": t.get("positive"),
                    "skip_reason": t.get("skip_reason"),
                }
                for test_id, t in scored["tests"].items()
            }
        rows.append({
            "date": a.date.isoformat(),
            "taken_at": a.taken_at,
            "protocol": {"name": a.protocol_name, "version": a.protocol_version},
            "sides": a.sides,
            "red_flag": a.red_flag,
            "red_flags_yes": [f["id"] for f in result.get("red_flags", [])],
            "urgency": result.get("urgency"),
            "signs": a.answers.get("signs", {}),
            "range_of_motion_normal": a.answers.get("range_of_motion_normal"),
            "hints": result.get("hints", []),
            "tests": per_side,
            "cross_training_allowed": ((result.get("unlocks") or {}).get("cross_training") or {}).get("allowed"),
        })
    return rows


def build(
    protocol: Protocol,
    days: Sequence[Day],
    assessments: Sequence[Any],
    summaries: Sequence[AssessmentSummary],
    *,
    generated: date,
    since: date | None = None,
    until: date | None = None,
    sides: Sequence[str] = (),
    corrected: Sequence[date] = (),
) -> dict[str, Any]:
    """The whole report for [since, until] (default: the first entry to today)."""
    days = sorted(days, key=lambda d: d.date)
    until = until or generated
    first = days[0].date if days else None
    since = since or first or until
    period = [d for d in days if since <= d.date <= until]
    in_period = lambda when: since <= when <= until  # noqa: E731

    state, run_state, per_day = _derive(protocol, days, summaries, until)
    due = assessment_due(protocol, state.latest_assessment, (*state.decisions, *run_state.decisions), until)
    run = _run_part(run_state, per_day, since, until)

    decisions = [d.to_json() for d in state.decisions if in_period(d.date) and d.kind in (*MOVES, HOLD)]
    decisions += [d for d in run["decisions"] if in_period(date.fromisoformat(d["date"]))]
    decisions.sort(key=lambda d: d["date"])

    rung = protocol.ladder[state.ladder.rung - 1]
    corrected_set = {d for d in corrected if in_period(d)}
    rows = []
    for day in period:
        plan = per_day.get(day.date, {})
        ladder_rung, complete = plan.get("rung"), plan.get("maintenance", False)
        run_day = plan
        rows.append({
            "date": day.date.isoformat(),
            **{name: getattr(day, name) for name in RATINGS},
            "partial": day.partial if day.exercise is not None else None,
            "note": day.note,
            "rung": ladder_rung,
            "maintenance": complete,
            "run_week": run_day.get("week"),
            "run_sets": run_day.get("sets"),
            "corrected": day.date in corrected_set,
        })

    span = (until - since).days + 1
    last_30 = {d.date for d in days if until - timedelta(days=29) <= d.date <= until}
    assessed = _assessment_rows([a for a in assessments if in_period(a.date)])
    return {
        "title": "High hamstring tendinopathy: rehab summary",
        "generated": generated.isoformat(),
        "period": {"since": since.isoformat(), "until": until.isoformat(), "days": span},
        "disclaimer": DISCLAIMER,
        "runner": {
            "sides": list(sides),
            "first_entry": first.isoformat() if first else None,
            "latest_entry": days[-1].date.isoformat() if days else None,
            "days_logged": len(period),
        },
        "protocol": {
            "name": protocol.name,
            "version": protocol.version,
            "advance_threshold": protocol.pain.advance_threshold,
            "pain_free_sessions_needed": protocol.pain.pain_free_sessions_needed,
            "step_back_threshold": protocol.pain.step_back_threshold,
            "reassess_every_days": protocol.reassess_every_days,
        },
        "current": {
            "date": until.isoformat(),
            "paused": state.paused,
            "assessed": state.assessed,
            "ladder": {
                "rung": state.ladder.rung,
                "rungs": len(protocol.ladder),
                "exercise": rung.name,
                "complete": state.ladder.complete,
                "pain_free_sessions": state.ladder.pain_free_sessions,
                "needed": state.ladder.needed,
            },
            "run": run["current"],
            "assessment_due": due.on.isoformat() if due.on else None,
            "assessment_due_reason": due.reason,
            "assessment_due_why": due.why,
        },
        "history": _hold_streaks(decisions),
        "decisions": decisions,
        "assessments": assessed,
        "pain_by_week": pain_by_week(period),
        "adherence": {
            "days_in_period": span,
            "ladder_sessions": sum(1 for d in period if d.exercise is not None),
            "ladder_sessions_partial": sum(1 for d in period if d.exercise is not None and d.partial),
            "runs_done": sum(1 for d in period if d.run is not None),
            "runs_prescribed": run["prescribed"],
            "days_with_entry_last_30": len(last_30),
        },
        "notes": [{"date": d.date.isoformat(), "note": d.note} for d in period if d.note],
        "corrected_dates": sorted(d.isoformat() for d in corrected_set),
        "days": rows,
    }


def _derive(
    protocol: Protocol, days: Sequence[Day], summaries: Sequence[AssessmentSummary], until: date
) -> tuple[Progress, RunState, dict[date, dict[str, Any]]]:
    """One walk through the days to the morning of `until`: the ladder and the
    run plan then, with every decision, and what each day prescribed."""
    plan = steps(protocol)
    decisions = []
    per_day: dict[date, dict[str, Any]] = {}
    last = None
    for last in walk(protocol, days, summaries, until):
        decisions += last.morning_decisions
        if last.date < until:
            decisions += last.evening_decisions
        snap = last.morning
        run = snap.run
        step = plan[run.index] if run.opened is not None and run.index < len(plan) else None
        per_day[last.date] = {
            "rung": snap.ladder.rung,
            "maintenance": snap.ladder.complete,
            "week": step.week.week if step else None,
            "sets": step.sets if step else None,
            "prescribed": step is not None and not snap.paused and run.rest is None,
        }
    assert last is not None
    return (ladder_view(protocol, last.morning, until, decisions),
            run_view(protocol, last.morning, until, decisions), per_day)


def _run_part(run: RunState, per_day: dict[date, dict[str, Any]], since: date, until: date) -> dict[str, Any]:
    """The run plan: the state on `until`, its decisions, and the runs prescribed."""
    prescribed = sum(1 for when, day in per_day.items() if since <= when <= until and day["prescribed"])
    step = run.step
    current = {
        "paused": run.paused,
        "unlocked": run.unlocked,
        "opened": run.opened.isoformat() if run.opened else None,
        "missing": list(run.missing),
        "complete": run.complete,
        "week": step.week.week if step else None,
        "sets": step.sets if step else None,
        "session": step.session if step else None,
        "reason": run.reason,
    }
    return {
        "current": current,
        "decisions": [d.to_json() for d in run.decisions if d.kind in (*MOVES, HOLD, OPEN)],
        "prescribed": prescribed,
    }
