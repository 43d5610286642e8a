"""The report as plain data: everything a physio reads, derived from the log.

`build(...)` takes the protocol, the logged days, the stored assessments and
the period, and returns one JSON-ready dict. Every format renders that dict;
none of them looks anything up on its own. `observations(...)` is the part
the FHIR export reads.

The parts have modules of their own: the plan of every day
(hht/report/daily_plan.py), the stage history (hht/report/history.py), pain
by week (hht/report/weekly.py) and adherence (hht/report/adherence.py).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from typing import Any

from hht.messages import DISCLAIMER
from hht.report.adherence import adherence
from hht.report.daily_plan import derive, in_stage, plan_segments, protocols_applied
from hht.report.history import hold_streaks, stage_changes
from hht.report.runs import observed
from hht.report.runs import section as runs_section
from hht.report.weekly import pain_by_week
from hht.rules.protocol.model import Protocol
from hht.rules.reassess import assessment_due
from hht.rules.records import RATINGS, AssessmentSummary, Day
from hht.rules.timeline import Timeline


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
        rows.append(
            {
                "date": a.date.isoformat(),
                "taken_at": a.taken_at,
                "protocol": {"name": a.protocol_name, "version": a.protocol_version},
                "sides": a.sides,
                "red_flag": a.red_flag,
                "red_flags_yes": [f["id"] for f in result.get("red_flags", [])],
                "red_flags_asked": a.answers.get("red_flags", {}),
                "urgency": result.get("urgency"),
                "signs": a.answers.get("signs", {}),
                "range_of_motion_normal": a.answers.get("range_of_motion_normal"),
                "hints": result.get("hints", []),
                "tests": per_side,
                "cross_training_allowed": ((result.get("unlocks") or {}).get("cross_training") or {}).get("allowed"),
            }
        )
    return rows


def labels(protocol: Protocol) -> dict[str, dict[str, str]]:
    """The protocol's words for its tests, red flags and signs, by id."""
    return {
        "tests": {t.id: t.label for t in protocol.self_tests},
        "red_flags": {f.id: f.label for f in protocol.red_flags},
        "signs": {s.id: s.label for s in protocol.signs},
    }


def _period(
    days: Sequence[Day], assessments: Sequence[Any], generated: date, since: date | None, until: date | None
) -> tuple[date, date]:
    """The report's period: by default from the baseline (the earlier of the first
    assessment and the first logged day) to today. `days` are sorted."""
    until = until or generated
    first = days[0].date if days else None
    starts = [d for d in (first, min((a.date for a in assessments), default=None)) if d is not None]
    return since or min(starts, default=until), until


def observations(
    protocol: Protocol,
    days: Sequence[Day],
    assessments: Sequence[Any],
    *,
    generated: date,
    generated_at: str | None = None,
    since: date | None = None,
    until: date | None = None,
    sides: Sequence[str] = (),
    run_files: Mapping[date, dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """What the FHIR export reads, and nothing it does not: the period, the
    sides, each day's ratings, every assessment and each run's file. No walk
    through the plan: an Observation records what was measured, not what hht made of it."""
    days = sorted(days, key=lambda d: d.date)
    since, until = _period(days, assessments, generated, since, until)
    return {
        "generated_at": generated_at,
        "period": {"since": since.isoformat(), "until": until.isoformat()},
        "runner": {"sides": list(sides)},
        "labels": labels(protocol),
        "days": [
            {"date": d.date.isoformat(), **{name: getattr(d, name) for name in RATINGS}}
            for d in days
            if since <= d.date <= until
        ],
        "assessments": _assessment_rows([a for a in assessments if since <= a.date <= until]),
        "run_files": observed(run_files or {}, since, until),  # hht/report/runs.py
    }


def build(
    timeline: Timeline,
    days: Sequence[Day],
    assessments: Sequence[Any],
    summaries: Sequence[AssessmentSummary],
    *,
    generated: date,
    generated_at: str | None = None,
    since: date | None = None,
    until: date | None = None,
    sides: Sequence[str] = (),
    corrections: Sequence[dict[str, Any]] = (),
    run_files: Mapping[date, dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """The whole report for [since, until].

    By default the period starts at the baseline: the earlier of the first
    assessment and the first logged day; it ends today.
    """
    days = sorted(days, key=lambda d: d.date)
    since, until = _period(days, assessments, generated, since, until)
    first = days[0].date if days else None
    period = [d for d in days if since <= d.date <= until]
    in_period = lambda when: since <= when <= until  # noqa: E731

    from hht.report import fold, in_force
    from hht.report.periods import ago, in_weeks

    periods = in_force.periods(timeline.initial, timeline.changes, since, until)  # every protocol, with its dates
    state, run, per_day, protocol = derive(timeline, days, summaries, until)
    due = assessment_due(protocol, state.latest_assessment, (*state.decisions, *run.decisions), until)

    words = labels(protocol)["red_flags"]
    found = {a.date: [words.get(f["id"], f["id"]) for f in a.result.get("red_flags", [])] for a in assessments}
    decisions = stage_changes(state.decisions, run.decisions, per_day, found, since, until)
    fold.annotate(decisions, periods, days, assessments, per_day)  # each reason's shared and own words

    rung = protocol.ladder[state.ladder.rung - 1]
    corrections = [c for c in corrections if in_period(date.fromisoformat(c["date"]))]
    corrected_set = {date.fromisoformat(c["date"]) for c in corrections}
    rows = []
    for day in period:
        plan = per_day.get(day.date, {})
        rows.append(
            {
                "date": day.date.isoformat(),
                **{name: getattr(day, name) for name in RATINGS},
                "partial": day.partial if day.exercise is not None else None,
                "note": day.note,
                "rung": plan.get("rung"),
                "maintenance": plan.get("maintenance", False),
                "run_week": plan.get("run_week"),
                "run_sets": plan.get("run_sets"),
                "corrected": day.date in corrected_set,
            }
        )

    span = (until - since).days + 1
    last_30 = {d.date for d in days if until - timedelta(days=29) <= d.date <= until}
    assessed = _assessment_rows([a for a in assessments if in_period(a.date)])
    before = _assessment_rows([a for a in assessments if a.date < since][-1:])
    step = run.step
    latest = max((a.date for a in assessments if a.date <= until), default=None)
    return {
        "title": "High hamstring tendinopathy: rehab summary",
        "generated": generated.isoformat(),
        "generated_at": generated_at,
        "period": {
            "since": since.isoformat(),
            "until": until.isoformat(),
            "days": span,
            "length": in_weeks(since, until),
        },
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
            "applied": protocols_applied(per_day, since, until),
            "stage_word": protocol.stage_word,
            "in_force": [in_force.rules(p) for p in periods],
        },
        "current": {
            "date": until.isoformat(),
            "paused": state.paused,
            "assessed": state.assessed,
            "last_assessed": None if latest is None else {"date": latest.isoformat(), "ago": ago(latest, until)},
            "ladder": {
                "rung": state.ladder.rung,
                "rungs": len(protocol.ladder),
                "exercise": rung.name,
                "complete": state.ladder.complete,
                "pain_free_sessions": state.ladder.pain_free_sessions,
                "needed": state.ladder.needed,
                "on_stage": in_stage(per_day, until, ("rung", "maintenance")),
            },
            "run": {
                "paused": run.paused,
                "unlocked": run.unlocked,
                "opened": run.opened.isoformat() if run.opened else None,
                "missing": list(run.missing),
                "complete": run.complete,
                "week": step.week.week if step else None,
                "sets": step.sets if step else None,
                "weeks": len(protocol.run_weeks),
                "session": step.session if step else None,
                "reason": run.reason,
                "on_stage": (
                    in_stage(per_day, until, ("run_open", "run_complete", "run_week")) if step is not None else None
                ),
                # weeks 3-8: the day of the week's count, as `hht today` says it ("day 5 of at least 7")
                "week_started": run.week_started.isoformat() if run.week_started else None,
                "day_of_week": (until - run.week_started).days + 1 if run.week_started else None,
                "min_days": step.week.min_days if step is not None and run.week_started else None,
            },
            "assessment_due": due.on.isoformat() if due.on else None,
            "assessment_due_reason": due.reason,
            "assessment_due_why": due.why,
        },
        "history": hold_streaks(decisions),
        "decisions": decisions,
        "labels": labels(protocol),
        "assessments": assessed,
        "assessment_before_period": before[0] if before else None,
        "pain_by_week": pain_by_week(period),
        "plan": plan_segments(per_day, since, until),
        "adherence": {
            **adherence(per_day, period, since, until),
            "days_in_period": span,
            "days_with_entry_last_30": len(last_30),
            # the days the last 30 can hold: fewer while the record is younger than 30 days
            "days_last_30": min(30, (until - first).days + 1) if first is not None and first <= until else 0,
        },
        "notes": [{"date": d.date.isoformat(), "note": d.note} for d in period if d.note],
        "corrected_dates": sorted(d.isoformat() for d in corrected_set),
        "corrections": [{k: c[k] for k in ("date", "field", "old", "new", "at")} for c in corrections],
        "days": rows,
        # each run's file against the day's session, and the minutes: hht/report/runs.py
        "runs": runs_section(timeline, days, summaries, run_files or {}, since, until),
    }
