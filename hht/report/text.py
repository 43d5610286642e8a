"""Wording shared by the human-readable formats (Markdown, HTML, terminal)."""

from __future__ import annotations

from typing import Any

TEST_NAMES = {
    "standing_stretch": "Standing stretch",
    "bent_knee": "Bent-knee stretch",
    "rapid_extension": "Rapid extension",
}
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


def adherence_lines(report: dict[str, Any]) -> list[str]:
    a = report["adherence"]
    partial = f" ({a['ladder_sessions_partial']} partial)" if a["ladder_sessions_partial"] else ""
    return [
        f"Ladder sessions: {a['ladder_sessions']} of {a['days_in_period']} days{partial}",
        f"Runs: {a['runs_done']} done of {a['runs_prescribed']} prescribed",
        f"Days with any entry in the last 30: {a['days_with_entry_last_30']} of 30",
    ]


def sides_text(report: dict[str, Any]) -> str:
    sides = report["runner"]["sides"]
    return " and ".join(sides) if sides else "not recorded (no assessment yet)"
