"""Wording shared by the human-readable formats (Markdown, HTML, terminal)."""

from __future__ import annotations

from typing import Any

from hht.messages import continued
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


# A pause and a resume by their cause: a red flag that stops all loading is a stop, a red flag that
# pauses progression a pause, and the bent-knee stretch painful again a pause of the run plan alone.
CAUSE_WHAT = {
    ("ladder", "pause", "stop"): "All loading stopped",
    ("ladder", "resume", "stop"): "Loading resumed",
    ("run", "pause", "stop"): "Run plan stopped",
    ("run", "pause", "bent_knee"): "Run plan paused (bent-knee stretch)",
}


def history_what(row: dict[str, Any]) -> str:
    label = KIND_LABELS.get(row["kind"], row["kind"])
    track = {"ladder": "Ladder", "run": "Run plan", "gate": "Run gate"}.get(row["track"], row["track"])
    said = CAUSE_WHAT.get((row["track"], row["kind"], row.get("cause", "")))
    if said:
        return said
    if row["kind"] == "hold_streak" and row["holds"] > 1:
        return f"{track} {label} ({row['holds']} times)"
    return f"{track} {label}"


def stage_word(report: dict[str, Any]) -> str:
    """What the protocol in force at the period's end calls a step of its ladder: "rung" or "stage"."""
    return report["protocol"].get("stage_word") or "rung"


def _numbers(numbers: list[int]) -> str:
    """'2', '2 and 3', '2-4'."""
    if len(numbers) == 1:
        return str(numbers[0])
    if numbers == list(range(numbers[0], numbers[-1] + 1)) and len(numbers) > 2:
        return f"{numbers[0]}-{numbers[-1]}"
    return ", ".join(map(str, numbers[:-1])) + f" and {numbers[-1]}"


def _stages(word: str, numbers: list[int]) -> str:
    """'rung 1', 'stages 2-4'."""
    return f"{word}{'s' if len(numbers) > 1 else ''} {_numbers(numbers)}"


def _needed(stages: list[dict[str, Any]], word: str) -> str:
    """The pain-free sessions each stage needs: '3 pain-free sessions a rung', or, where the stages
    differ, '5 pain-free sessions at stage 1, 6 at stages 2-4'."""
    counts: dict[int, list[int]] = {}
    for stage in stages:
        counts.setdefault(stage["needed"], []).append(stage["number"])
    if len(counts) == 1:
        (n,) = counts
        return f"{n} pain-free session{'s' if n != 1 else ''} a {word}"
    parts = [f"{n} at {_stages(word, numbers)}" for n, numbers in counts.items()]
    first, *rest = parts
    n = next(iter(counts))
    first = first.replace(f"{n} at", f"{n} pain-free session{'s' if n != 1 else ''} at", 1)
    return ", ".join([first, *rest])


def protocol_rules(p: dict[str, Any]) -> str:
    """One protocol's own rules in one sentence, in its own words."""
    from hht.rules.records import pain, within

    word = p["stage_word"]
    stages = p["stages"]
    advance = f"advance on pain at {within(p['advance_threshold'])} during, after and the next morning"
    if p.get("load_test"):
        advance += f", and in the daily load test ({p['load_test']})"
    parts = [f"{len(stages)} {word}s", advance, _needed(stages, word)]
    heavy = [s["number"] for s in stages if s["every_second_day"]]
    if heavy:
        parts.append(f"{_stages(word, heavy)} every second day (a rest day after each session)")
    parts.append(f"step back at {pain(p['step_back_threshold'])} or more in any rating")
    parts.append(f"the run plan can open once {word} {p['run_gate_stage']} is done")
    if p.get("reassess_every_days"):
        parts.append(f"an assessment every {p['reassess_every_days']} days")
    return "; ".join(parts)


def protocol_lines(report: dict[str, Any]) -> list[str]:
    """Each protocol in force over the period, with its dates and its own rules: one line each."""
    out = []
    for p in report["protocol"].get("in_force") or []:
        adopted = p.get("adopted") or {}
        notes = [f"reason given: {adopted['reason']}"] if adopted.get("reason") else []
        if adopted.get("start"):
            notes.append(f"starting at {p['stage_word']} {adopted['start']}")
        why = f" ({'; '.join(notes)})" if notes else ""
        out.append(f"{p['name']} {p['version']}, {p['from']} to {p['to']}{why}. {_capital(protocol_rules(p))}.")
    return out


def protocols_heading(report: dict[str, Any]) -> str:
    """'Protocol', or 'Protocols in force' when more than one governed the period."""
    return "Protocols in force" if len(report["protocol"].get("in_force") or []) > 1 else "Protocol"


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _on_stage(stage: dict[str, Any] | None, where: str) -> str:
    """How long the runner has been where they are: "12 days on this rung (since 2026-02-18)"."""
    if not stage:
        return ""
    if stage["days"] == 0:
        return f"; {stage['since']} is the first day {where}"
    return f"; {days_text(stage['days'])} {where} (since {stage['since']})"


def loading_stopped(report: dict[str, Any]) -> bool:
    """Whether a red flag stops all loading on the period's last day (the plan of that day)."""
    last = report["plan"][-1] if report["plan"] else None
    return bool(last and last["to"] == report["current"]["date"] and last.get("loading_stopped"))


def current_lines(report: dict[str, Any]) -> list[str]:
    cur = report["current"]
    ladder = cur["ladder"]
    word = stage_word(report)
    lines = []
    if ladder["complete"]:
        lines.append(
            f"Ladder: complete, on maintenance exercises{_on_stage(ladder.get('on_stage'), 'on maintenance')}."
        )
    else:
        lines.append(
            f"Ladder: {word} {ladder['rung']} of {ladder['rungs']}, {ladder['exercise']} "
            f"({ladder['pain_free_sessions']} of {ladder['needed']} pain-free sessions toward the next)"
            f"{_on_stage(ladder.get('on_stage'), f'on this {word}')}."
        )
    run = cur["run"]
    if run["complete"]:
        lines.append("Run plan: complete, back to normal training.")
    elif run["unlocked"]:
        sets = f", {run['sets']} sets" if run["sets"] else ""
        if run.get("paused") and not cur["paused"]:  # the bent-knee stretch painful again: no red flag
            lines.append(f"Run plan: week {run['week']}{sets} (opened {run['opened']}), paused. {run['reason']}")
        else:
            if run.get("day_of_week") and run["day_of_week"] > 0:  # weeks 3-8: as `hht today` counts the week
                where = (
                    f"; day {run['day_of_week']} of at least {run['min_days']} (counted since {run['week_started']})"
                )
            else:
                where = _on_stage(run.get("on_stage"), "in this run week")
            lines.append(f"Run plan: week {run['week']}{sets} (opened {run['opened']}){where}.")
    else:
        lines.append("Run plan: not started; " + continued(run["reason"]))
    last = cur.get("last_assessed")
    if last:
        as_of = "" if cur["date"] == report["generated"] else f" as of {cur['date']}"
        lines.append(f"Last assessed {last['date']}, {last['ago']}{as_of}.")
    if cur["paused"] and loading_stopped(report):
        lines.append(
            "STOPPED: the latest assessment found a red flag that stops all loading (no exercise dose, no run) "
            "until an assessment has none."
        )
    elif cur["paused"]:
        lines.append(
            "PAUSED: the latest assessment found a red flag: progression is paused and running stops until an "
            "assessment has none."
        )
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
    if ladder.get("on_rest_days"):
        lines.append(
            f"{_count(len(ladder['on_rest_days']), 'session', 'sessions')} on a rest day for the heavy work, "
            f"not counted: {_dates(ladder['on_rest_days'])}"
        )
    lines.append(f"Runs: {runs['done']} done of {runs['prescribed']} prescribed")
    apart = (
        ("on_rest_days", "on a rest day", "on rest days"),
        ("while_paused", "while the run plan was paused", "while the run plan was paused"),
        ("while_stopped", "while a red flag stopped all loading", "while a red flag stopped all loading"),
        ("before_plan", "before the run plan opened", "before the run plan opened"),
        ("after_plan", "after the run plan was complete", "after the run plan was complete"),
    )
    for key, one, many in apart:
        if runs[key]:
            n = len(runs[key])
            lines.append(f"{_count(n, 'run', 'runs')} {one if n == 1 else many}, not counted: {_dates(runs[key])}")
    if a["days_last_30"]:
        lines.append(f"Days with any entry: {a['days_with_entry_last_30']} of the last {a['days_last_30']}")
    else:
        lines.append("Days with any entry: none yet")
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


def shared_reasons(history: list[dict[str, Any]]) -> tuple[list[str], list[tuple[int, str] | None]]:
    """Fold the words repeated across the stage history's reasons, where they are truthfully the same.

    Each row's `reason_parts` (hht/report/fold.py: built from the decision's
    fields) give the words it may share with others and its own. Returns the
    shared reasons met in more than one row (each a sentence, stated once, in
    the order first met) and for every row either the index of its shared
    reason and its own part, or None where the whole reason is printed as it
    stands (a row without parts, or whose shared words no other row has).
    """
    shared: list[str] = []
    rows: list[tuple[int, str] | None] = []
    for row in history:
        found = row.get("reason_parts")
        if not found:
            rows.append(None)
            continue
        if found["shared"] not in shared:
            shared.append(found["shared"])
        rows.append((shared.index(found["shared"]), found["own"]))
    counts = {i: sum(1 for f in rows if f and f[0] == i) for i in range(len(shared))}
    keep = [i for i in range(len(shared)) if counts[i] > 1]  # met once, a reason is printed whole where it is
    renumber = {old: new for new, old in enumerate(keep)}
    return ([shared[i] for i in keep], [(renumber[f[0]], f[1]) if f and f[0] in renumber else None for f in rows])
