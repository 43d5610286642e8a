"""Wording shared by the human-readable formats (Markdown, HTML, terminal)."""

from __future__ import annotations

from typing import Any

KIND_LABELS = {
    "advance": "advanced",
    "complete": "completed",
    "step_back": "stepped back",
    "hold_streak": "held",
    "hold": "held",
    "pause": "paused",
    "resume": "resumed",
    "open": "opened",
}


def days_text(count: int) -> str:
    return f"{count} day" if count == 1 else f"{count} days"


def test_cell(test: dict[str, Any] | None) -> str:
    if not test:
        return "-"
    if not test.get("done", True) or test.get("pain") is None:
        return "skipped"
    sign = "+" if test.get("positive") else "-"
    return f"{test['pain']}/10 {sign}"


def stat_cell(stat: dict[str, Any] | None) -> str:
    return "-" if not stat else f"{stat['mean']:g} / {stat['worst']}"


def history_when(row: dict[str, Any]) -> str:
    if row["kind"] == "hold_streak" and row["to_date"] != row["date"]:
        return f"{row['date']} to {row['to_date']}"
    return row["date"]


def history_what(row: dict[str, Any]) -> str:
    label = KIND_LABELS.get(row["kind"], row["kind"])
    track = {"ladder": "Ladder", "run": "Run plan", "gate": "Run gate"}.get(row["track"], row["track"])
    if row["kind"] == "hold_streak" and row["holds"] > 1:
        return f"{track} {label} ({row['holds']} times)"
    return f"{track} {label}"


def current_lines(report: dict[str, Any]) -> list[str]:
    cur = report["current"]
    ladder = cur["ladder"]
    lines = []
    if ladder["complete"]:
        lines.append("Ladder: complete, on maintenance exercises.")
    else:
        lines.append(f"Ladder: rung {ladder['rung']} of {ladder['rungs']}, {ladder['exercise']} "
                     f"({ladder['pain_free_sessions']} of {ladder['needed']} pain-free sessions toward the next).")
    run = cur["run"]
    if run["complete"]:
        lines.append("Run plan: complete, back to normal training.")
    elif run["unlocked"]:
        sets = f", {run['sets']} sets" if run["sets"] else ""
        lines.append(f"Run plan: week {run['week']}{sets} (opened {run['opened']}).")
    else:
        lines.append("Run plan: not started; " + run["reason"])
    if cur["paused"]:
        lines.append("PAUSED: the latest assessment found a red flag.")
    every = report["protocol"].get("reassess_every_days")
    if every is not None:
        cadence = f"Assessments: every {every} days, and at once after a step back."
        if cur["assessment_due"] is None:
            lines.append(f"{cadence} None yet.")
        elif cur["assessment_due_why"] == "step_back":
            lines.append(f"{cadence} {cur['assessment_due_reason']}")
        elif cur["assessment_due"] < cur["date"]:
            lines.append(f"{cadence} Due since {cur['assessment_due']}.")
        else:
            lines.append(f"{cadence} Next due: {cur['assessment_due']}.")
    return lines


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _dates(days: list[str]) -> str:
    return ", ".join(days)


def adherence_lines(report: dict[str, Any]) -> list[str]:
    a = report["adherence"]
    ladder, runs = a["ladder"], a["runs"]
    partial = f" ({ladder['partial']} partial)" if ladder["partial"] else ""
    lines = [f"Ladder sessions: {ladder['done']} done of {ladder['prescribed']} prescribed{partial}"]
    if ladder["while_stopped"]:
        lines.append(f"{_count(len(ladder['while_stopped']), 'session', 'sessions')} while a red flag stopped "
                     f"all loading, not counted: {_dates(ladder['while_stopped'])}")
    lines.append(f"Runs: {runs['done']} done of {runs['prescribed']} prescribed")
    apart = (
        ("on_rest_days", "on a rest day", "on rest days"),
        ("while_paused", "while a red flag paused the run plan", "while a red flag paused the run plan"),
        ("while_stopped", "while a red flag stopped all loading", "while a red flag stopped all loading"),
        ("before_plan", "before the run plan opened", "before the run plan opened"),
        ("after_plan", "after the run plan was complete", "after the run plan was complete"),
    )
    for key, one, many in apart:
        if runs[key]:
            n = len(runs[key])
            lines.append(f"{_count(n, 'run', 'runs')} {one if n == 1 else many}, not counted: {_dates(runs[key])}")
    lines.append(f"Days with any entry in the last 30: {a['days_with_entry_last_30']} of 30")
    return lines


FIELD_WORDS = {"morning": "morning pain", "exercise": "exercise pain", "run": "run pain",
               "sitting": "sitting pain", "partial": "partial session", "note": "note"}


def _value(field: str, value: Any) -> str:
    if value is None:
        return "blank"
    if field == "partial":
        return "yes" if value else "no"
    if field == "note":
        return f"\"{value}\""
    return f"{value}/10"


def correction_lines(report: dict[str, Any]) -> list[str]:
    """Each corrected value: the day, what, the old value and the new one."""
    return [f"{c['date']}: {FIELD_WORDS.get(c['field'], c['field'])} {_value(c['field'], c['old'])}, "
            f"corrected to {_value(c['field'], c['new'])}" for c in report["corrections"]]


def sides_text(report: dict[str, Any]) -> str:
    sides = report["runner"]["sides"]
    return " and ".join(sides) if sides else "not recorded (no assessment yet)"


def assessments_shown(report: dict[str, Any]) -> list[dict[str, Any]]:
    """The period's assessments, after the last one before it when `--since` cut that off."""
    before = report.get("assessment_before_period")
    return ([before] if before else []) + report["assessments"]


def before_period_line(report: dict[str, Any]) -> str | None:
    before = report.get("assessment_before_period")
    if not before:
        return None
    return (f"The period starts on {report['period']['since']}; the last assessment before it was on "
            f"{before['date']}, shown first for reference.")


def test_names(report: dict[str, Any]) -> dict[str, str]:
    """The self-tests' labels by id, in the protocol's order."""
    return report["labels"]["tests"]


def flags_text(report: dict[str, Any], assessment: dict[str, Any]) -> str:
    """The red flags an assessment found, in words, or "none"."""
    names = report["labels"]["red_flags"]
    return ", ".join(names.get(f, f) for f in assessment["red_flags_yes"]) or "none"


def signs_text(report: dict[str, Any], assessment: dict[str, Any]) -> str:
    """The signs answered yes, in words, or "none"."""
    names = report["labels"]["signs"]
    return ", ".join(names.get(k, k) for k, v in assessment["signs"].items() if v) or "none"
