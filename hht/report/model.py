"""The report as plain data: everything a physio reads, derived from the log.

`build(...)` takes the protocol, the logged days, the stored assessments and
the period, and returns one JSON-ready dict. Every format renders that dict;
none of them looks anything up on its own.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from statistics import fmean
from typing import Any

from hht.messages import DISCLAIMER
from hht.plan.day import Progress, RunState, ladder_view, run_view
from hht.rules.protocol.model import Protocol
from hht.rules.reassess import assessment_due
from hht.rules.records import (
    ADVANCE,
    COMPLETE,
    HOLD,
    ONE_DAY,
    PAUSE,
    PROTOCOL,
    RATINGS,
    RESUME,
    STEP_BACK,
    AssessmentSummary,
    Day,
)
from hht.rules.runplan import steps
from hht.rules.walk import ProtocolChange, walk

RATING_LABELS = {
    "morning": "on waking",
    "exercise": "ladder session",
    "run": "walk/jog",
    "sitting": "sitting",
    "load_test": "load test",
}
MOVES = (ADVANCE, COMPLETE, STEP_BACK, PAUSE, RESUME, PROTOCOL)


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
            row[name] = {"mean": round(fmean(values), 1), "worst": max(values), "n": len(values)} if values else None
        out.append(row)
    return out


def _cause(reason: str) -> str:
    """What set a hold off ("Exercise pain 2/10"), from its reason."""
    cause, found, _ = reason.partition(" is above the advance threshold")
    return cause if found else reason.rstrip(".")


def _consequence(reason: str) -> str:
    """What a hold did ("held on rung 2"), from its reason."""
    _, found, rest = reason.partition(" is above the advance threshold ")
    if not found:
        return ""
    return rest.partition(";")[0].rstrip(".")  # "0/10: held on rung 2"


def _short(day: str, year: str) -> str:
    return day[5:] if day.startswith(year) else day


def _fold_reason(holds: list[dict[str, Any]]) -> str:
    """One sentence for a run of holds that states each distinct cause, with its dates."""
    if len(holds) == 1:
        return holds[0]["reason"]
    year = holds[0]["date"][:5]
    if any(not h["date"].startswith(year) for h in holds):
        year = "none"
    causes: dict[str, list[str]] = {}
    for h in holds:
        causes.setdefault(_cause(h["reason"]), []).append(_short(h["date"], year))
    listed = "; ".join(f"{cause[0].lower()}{cause[1:]} on {', '.join(days)}" for cause, days in causes.items())
    consequences = list(dict.fromkeys(c for c in (_consequence(h["reason"]) for h in holds) if c))
    tail = f" Each above the advance threshold {consequences[0]}." if len(consequences) == 1 else ""
    return f"Held {len(holds)} times: {listed}.{tail}"


def _hold_streaks(decisions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Fold runs of holds on one track into one history row each, every cause kept."""
    out: list[dict[str, Any]] = []
    for decision in decisions:
        last = out[-1] if out else None
        if (
            decision["kind"] == HOLD
            and last is not None
            and last["kind"] == "hold_streak"
            and last["track"] == decision["track"]
        ):
            last["held"].append(decision)
            last["holds"] += 1
            last["to_date"] = decision["date"]
        elif decision["kind"] == HOLD:
            out.append({**decision, "kind": "hold_streak", "holds": 1, "to_date": decision["date"], "held": [decision]})
        else:
            out.append(decision)
    for row in out:
        if row["kind"] == "hold_streak":
            row["reason"] = _fold_reason(row["held"])
            row["held"] = [{"date": h["date"], "reason": h["reason"]} for h in row["held"]]
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


PLAN_FIELDS = ("rung", "maintenance", "run_open", "run_complete", "run_week", "run_sets", "paused", "loading_stopped")


def _derive(
    protocol: Protocol,
    days: Sequence[Day],
    summaries: Sequence[AssessmentSummary],
    until: date,
    changes: Sequence[ProtocolChange] = (),
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
    plan = steps(protocol)
    decisions = []
    per_day: dict[date, dict[str, Any]] = {}
    last = None
    for last in walk(protocol, days, summaries, until, changes):
        decisions += last.morning_decisions
        if last.date < until:
            decisions += last.unlogged + last.evening_decisions
        snap = last.morning
        if snap.protocol is not None and snap.protocol is not protocol:
            protocol = snap.protocol  # a protocol adopted from this day
            plan = steps(protocol)
        run = snap.run
        run_open = run.opened is not None
        step = plan[run.index] if run_open and run.index < len(plan) else None
        flagged = snap.latest is not None and snap.latest.red_flag
        per_day[last.date] = {
            "rung": snap.ladder.rung,
            "maintenance": snap.ladder.complete,
            "run_open": run_open,
            "run_complete": run_open and step is None,
            "run_week": step.week.week if step else None,
            "run_sets": step.sets if step else None,
            "run_prescribed": step is not None and not flagged and run.held is None and run.rest is None,
            "session_prescribed": snap.loading,
            "paused": flagged,
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


def _run_pauses(per_day: dict[date, dict[str, Any]]) -> list[dict[str, Any]]:
    """The run plan's own pauses and resumes: a red flag stops running while the plan is open."""
    events = []
    was = False
    for day in sorted(per_day):
        p = per_day[day]
        paused = p["run_open"] and not p["run_complete"] and p["paused"]
        if paused != was and p["run_open"] and not p["run_complete"]:
            where = f"week {p['run_week']}" + (f" at {p['run_sets']} sets" if p["run_sets"] else "")
            if paused:
                reason = (
                    f"The assessment on {p['assessment']} found a red flag: no run until an assessment "
                    f"has none; the plan waits at {where}."
                )
            else:
                reason = f"The assessment on {p['assessment']} found no red flag: runs resume at {where}."
            events.append(
                {
                    "date": day.isoformat(),
                    "track": "run",
                    "kind": PAUSE if paused else RESUME,
                    "from": None,
                    "to": None,
                    "reason": reason,
                }
            )
        was = paused
    return events


def _plan_segments(per_day: dict[date, dict[str, Any]], since: date, until: date) -> list[dict[str, Any]]:
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


def _adherence(per_day: dict[date, dict[str, Any]], period: Sequence[Day], since: date, until: date) -> dict[str, Any]:
    """Sessions and runs done of those the plan prescribed, day by day; the others counted apart."""
    logged = {d.date: d for d in period}
    ladder = {"prescribed": 0, "done": 0, "partial": 0, "while_stopped": []}
    runs: dict[str, Any] = {
        "prescribed": 0,
        "done": 0,
        "on_rest_days": [],
        "while_paused": [],
        "while_stopped": [],
        "before_plan": [],
        "after_plan": [],
    }
    for when in sorted(per_day):
        if not since <= when <= until:
            continue
        plan, day = per_day[when], logged.get(when)
        iso = when.isoformat()
        if plan["session_prescribed"]:
            ladder["prescribed"] += 1
            if day is not None and day.exercise is not None:
                ladder["done"] += 1
                ladder["partial"] += bool(day.partial)
        elif day is not None and day.exercise is not None:
            ladder["while_stopped"].append(iso)
        ran = day is not None and day.run is not None
        if plan["run_prescribed"]:
            runs["prescribed"] += 1
            runs["done"] += ran
        elif not ran:
            continue
        elif plan["loading_stopped"]:
            runs["while_stopped"].append(iso)
        elif not plan["run_open"]:
            runs["before_plan"].append(iso)
        elif plan["run_complete"]:
            runs["after_plan"].append(iso)
        elif plan["paused"]:
            runs["while_paused"].append(iso)
        else:
            runs["on_rest_days"].append(iso)
    return {"ladder": ladder, "runs": runs}


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


def _in_stage(per_day: dict[date, dict[str, Any]], until: date, keys: tuple[str, ...]) -> dict[str, Any] | None:
    from hht.report.periods import days_since

    start = _stage_since(per_day, until, keys)
    return None if start is None else {"since": start.isoformat(), "days": days_since(start, until)}


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
) -> dict[str, Any]:
    """What the FHIR export reads, and nothing it does not: the period, the
    sides, each day's ratings and every assessment. No walk through the plan:
    an Observation records what was measured, not what hht made of it."""
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
    }


def build(
    protocol: Protocol,
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
    changes: Sequence[ProtocolChange] = (),
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

    from hht.report.periods import ago, in_weeks

    state, run, per_day, protocol = _derive(protocol, days, summaries, until, changes)
    due = assessment_due(protocol, state.latest_assessment, (*state.decisions, *run.decisions), until)

    decisions = [d.to_json() for d in state.decisions if in_period(d.date) and d.kind in (*MOVES, HOLD)]
    decisions += [d.to_json() for d in run.decisions if in_period(d.date) and d.kind in (*MOVES, HOLD, "open")]
    decisions += [e for e in _run_pauses(per_day) if in_period(date.fromisoformat(e["date"]))]
    decisions.sort(key=lambda d: d["date"])
    words = labels(protocol)["red_flags"]
    found = {a.date: [words.get(f["id"], f["id"]) for f in a.result.get("red_flags", [])] for a in assessments}
    for d in decisions:  # say which red flag paused
        if d["kind"] == PAUSE and found.get(date.fromisoformat(d["date"])):
            d["reason"] += f" Red flag: {', '.join(found[date.fromisoformat(d['date'])]).lower()}."

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
                "on_stage": _in_stage(per_day, until, ("rung", "maintenance")),
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
                    _in_stage(per_day, until, ("run_open", "run_complete", "run_week")) if step is not None else None
                ),
            },
            "assessment_due": due.on.isoformat() if due.on else None,
            "assessment_due_reason": due.reason,
            "assessment_due_why": due.why,
        },
        "history": _hold_streaks(decisions),
        "decisions": decisions,
        "labels": labels(protocol),
        "assessments": assessed,
        "assessment_before_period": before[0] if before else None,
        "pain_by_week": pain_by_week(period),
        "plan": _plan_segments(per_day, since, until),
        "adherence": {
            **_adherence(per_day, period, since, until),
            "days_in_period": span,
            "days_with_entry_last_30": len(last_30),
        },
        "notes": [{"date": d.date.isoformat(), "note": d.note} for d in period if d.note],
        "corrected_dates": sorted(d.isoformat() for d in corrected_set),
        "corrections": [{k: c[k] for k in ("date", "field", "old", "new", "at")} for c in corrections],
        "days": rows,
    }
