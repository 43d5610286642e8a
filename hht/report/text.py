"""Wording shared by the human-readable formats (Markdown, HTML, terminal)."""

from __future__ import annotations

from typing import Any

from hht.rules.records import PAIN_RATINGS

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


def period_words(report: dict[str, Any]) -> str:
    """The period's length: "72 days, 10 weeks and 2 days" ("12 days" alone when that is all it is)."""
    period = report["period"]
    days, words = days_text(period["days"]), period.get("length")
    return days if not words or words == days else f"{days}, {words}"


def test_cell(test: dict[str, Any] | None) -> str:
    if not test:
        return "-"
    if not test.get("done", True) or test.get("pain") is None:
        return "skipped"
    sign = "+" if test.get("positive") else "-"
    return f"{test['pain']}/10 {sign}"


def pain_columns(report: dict[str, Any]) -> list[tuple[str, str]]:
    """The pain-by-week table's columns: (rating, heading), every rating the records declare; the load
    test only where one was logged (a protocol without a daily load test has none)."""
    tested = any(week.get("load_test") is not None for week in report["pain_by_week"])
    return [(r.id, r.heading) for r in PAIN_RATINGS if r.id != "load_test" or tested]


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


def _on_stage(stage: dict[str, Any] | None, where: str) -> str:
    """How long the runner has been where they are: "12 days on this rung (since 2026-02-18)"."""
    if not stage:
        return ""
    if stage["days"] == 0:
        return f"; {stage['since']} is the first day {where}"
    return f"; {days_text(stage['days'])} {where} (since {stage['since']})"


def current_lines(report: dict[str, Any]) -> list[str]:
    cur = report["current"]
    ladder = cur["ladder"]
    lines = []
    if ladder["complete"]:
        lines.append(
            f"Ladder: complete, on maintenance exercises{_on_stage(ladder.get('on_stage'), 'on maintenance')}."
        )
    else:
        lines.append(
            f"Ladder: rung {ladder['rung']} of {ladder['rungs']}, {ladder['exercise']} "
            f"({ladder['pain_free_sessions']} of {ladder['needed']} pain-free sessions toward the next)"
            f"{_on_stage(ladder.get('on_stage'), 'on this rung')}."
        )
    run = cur["run"]
    if run["complete"]:
        lines.append("Run plan: complete, back to normal training.")
    elif run["unlocked"]:
        sets = f", {run['sets']} sets" if run["sets"] else ""
        lines.append(
            f"Run plan: week {run['week']}{sets} (opened {run['opened']})"
            f"{_on_stage(run.get('on_stage'), 'in this run week')}."
        )
    else:
        lines.append("Run plan: not started; " + run["reason"])
    last = cur.get("last_assessed")
    if last:
        as_of = "" if cur["date"] == report["generated"] else f" as of {cur['date']}"
        lines.append(f"Last assessed {last['date']}, {last['ago']}{as_of}.")
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
        lines.append(
            f"{_count(len(ladder['while_stopped']), 'session', 'sessions')} while a red flag stopped "
            f"all loading, not counted: {_dates(ladder['while_stopped'])}"
        )
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


FIELD_WORDS = {**{r.id: r.words for r in PAIN_RATINGS}, "partial": "partial session", "note": "note"}


def _value(field: str, value: Any) -> str:
    if value is None:
        return "blank"
    if field == "partial":
        return "yes" if value else "no"
    if field == "note":
        return f'"{value}"'
    return f"{value}/10"


def correction_lines(report: dict[str, Any]) -> list[str]:
    """Each corrected value: the day, what, the old value and the new one."""
    return [
        f"{c['date']}: {FIELD_WORDS.get(c['field'], c['field'])} {_value(c['field'], c['old'])}, "
        f"corrected to {_value(c['field'], c['new'])}"
        for c in report["corrections"]
    ]


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
    return (
        f"The period starts on {report['period']['since']}; the last assessment before it was on "
        f"{before['date']}, shown first for reference."
    )


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


def _day_before(day: str) -> str:
    from datetime import date, timedelta

    return (date.fromisoformat(day) - timedelta(days=1)).isoformat()


# Reasons that say the same thing in different rows, told apart only by the row's own date and
# rung: each pattern, checked against the row, gives the words shared by every row it fits
# (stated once, above the history) and what is the row's own (what the move did).
_SHARED = (
    (
        "ladder",
        "advance",
        lambda row: (
            rf"(\d+) pain-free sessions in a row at rung \d+, the last confirmed by the morning of "
            rf"{row['date']}: (?P<own>.+)"
        ),
        "{0} pain-free sessions in a row, the last confirmed by that day's morning",
    ),
    (
        "run",
        "advance",
        lambda row: (
            rf"The run on {_day_before(row['date'])} \((\d+)/10\) and the morning after \((\d+)/10\) "
            rf"were pain-free: (?P<own>.+)"
        ),
        "the run the day before ({0}/10) and the morning after ({1}/10) were pain-free",
    ),
    (
        "ladder",
        "pause",
        lambda row: (
            rf"The assessment on {row['date']} found a red flag \((\w+)\): progression is paused and running "
            rf"stops until an assessment has none; (?P<own>.+)"
        ),
        "that day's assessment found a red flag ({0}): progression is paused and running stops until an "
        "assessment has none",
    ),
    (
        "ladder",
        "resume",
        lambda row: rf"The assessment on {row['date']} found no red flag: progression resumes, (?P<own>.+)",
        "that day's assessment found no red flag: progression resumes",
    ),
    (
        "run",
        "pause",
        lambda row: (
            rf"The assessment on {row['date']} found a red flag: no run until an assessment has none; "
            rf"(?P<own>.+)"
        ),
        "that day's assessment found a red flag: no run until an assessment has none",
    ),
    (
        "run",
        "resume",
        lambda row: rf"The assessment on {row['date']} found no red flag: runs resume (?P<own>.+)",
        "that day's assessment found no red flag: runs resume",
    ),
)


def shared_reasons(history: list[dict[str, Any]]) -> tuple[list[str], list[tuple[int, str] | None]]:
    """Fold the words repeated across the stage history's reasons, where they are truthfully the same.

    Returns the shared reasons (each one a sentence, stated once, in the order
    first met) and for every row either the index of its shared reason and
    its own part, or None where the whole reason is printed as it stands.
    A pattern that no longer fits the wording folds nothing.
    """
    import re

    shared: list[str] = []
    rows: list[Any] = []
    for row in history:
        folded = None
        for track, kind, pattern, words in _SHARED:
            if row["track"] != track or row["kind"] != kind:
                continue
            found = re.fullmatch(pattern(row), row["reason"].rstrip("."))
            if found:
                text = words.format(*found.groups()[:-1])
                if text not in shared:
                    shared.append(text)
                folded = (shared.index(text), found["own"] + ".")
        rows.append(folded)
    used = {f[0] for f in rows if f}
    counts = {i: sum(1 for f in rows if f and f[0] == i) for i in used}
    # a reason met only once is printed in full where it is: nothing to fold
    keep = [i for i in range(len(shared)) if counts.get(i, 0) > 1]
    renumber = {old: new for new, old in enumerate(keep)}
    return ([shared[i] for i in keep], [(renumber[f[0]], f[1]) if f and f[0] in renumber else None for f in rows])
