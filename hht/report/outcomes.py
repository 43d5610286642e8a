"""The report's physio's numbers: each outcome measure's scores over time with
the change from its baseline, the schedule, sitting tolerance by week, and
each exercise's load over time; built once (`section`) and rendered by each
format through one call (`markdown`, `html`, `terminal`, `csv_table`, and
hht/report/outcomes_fhir.py for FHIR). JSON carries the section as it is.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date, timedelta
from statistics import fmean
from typing import Any

from hht.rules.outcomes.compare import NOTES, change_words, series
from hht.rules.outcomes.loads import lift_words
from hht.rules.outcomes.record import StoredOutcome, score_words
from hht.rules.outcomes.schedule import due, time_points
from hht.rules.records import OUTCOME_MEASURES, OUTCOME_NAMES

TITLE = "Outcome measures"


def section(
    outcomes: Sequence[StoredOutcome],
    figures: Sequence[tuple[date, int | None, dict[str, Any] | None]],
    first_assessment: date | None,
    exercise_names: Mapping[str, str],
    since: date,
    until: date,
) -> dict[str, Any]:
    """The section as plain data, for [since, until]; each change is from the measure's baseline,
    its first score (taken before the period, if it was)."""
    in_period = lambda day: since <= date.fromisoformat(day) <= until  # noqa: E731
    measures = []
    for measure in OUTCOME_MEASURES:
        rows = series(outcomes, measure)
        if not rows:
            continue
        baseline = rows[0]["date"]
        shown = [{**row, "words": change_words(measure, row, baseline)} for row in rows if in_period(row["date"])]
        if not shown:
            continue
        measures.append(
            {
                "id": measure,
                "name": OUTCOME_NAMES[measure],
                "note": NOTES[measure],
                "baseline": None if measure == "groc" else {"date": baseline, "score": rows[0]["score"]},
                "scores": shown,
            }
        )
    answers = [
        {
            "id": o.id,
            "date": o.date.isoformat(),
            "taken_at": o.taken_at,
            "measure": o.measure,
            "answers": o.answers,
            "score": o.score,
        }
        for o in outcomes
        if since <= o.date <= until
    ]
    taken = [(o.measure, o.date) for o in outcomes]
    schedule = []
    if first_assessment is not None:
        for point in time_points(first_assessment, taken):
            if point.on > until + timedelta(days=366):
                break
            schedule.append(
                {
                    "time_point": point.label,
                    "from": point.on.isoformat(),
                    "done": {m: d.isoformat() for m, d in point.done.items()},
                    "missing": list(point.missing),
                }
            )
    now = due(first_assessment, taken, until)
    days = [(d, minutes, loads) for d, minutes, loads in figures if since <= d <= until]
    return {
        "measures": measures,
        "responses": answers,
        "schedule": schedule,
        "due": None
        if now is None
        else {"time_point": now.label, "from": now.on.isoformat(), "measures": list(now.missing)},
        "sitting_by_week": sitting_by_week(days),
        "loads": loads_over_time(days, exercise_names),
        "loads_by_week": loads_by_week(days),
        "days": [{"date": d.isoformat(), "sitting_minutes": minutes, "loads": loads} for d, minutes, loads in days],
    }


def sitting_by_week(days: Sequence[tuple[date, int | None, Any]]) -> list[dict[str, Any]]:
    """The sitting minutes of each calendar week (Monday first): mean, least, most and how many."""
    weeks: dict[date, list[int]] = {}
    for day, minutes, _ in days:
        if minutes is not None:
            weeks.setdefault(day - timedelta(days=day.weekday()), []).append(minutes)
    return [
        {"week_start": start.isoformat(), "mean": round(fmean(v), 1), "least": min(v), "most": max(v), "n": len(v)}
        for start, v in sorted(weeks.items())
    ]


def loads_over_time(
    days: Sequence[tuple[date, Any, dict[str, Any] | None]], names: Mapping[str, str]
) -> list[dict[str, Any]]:
    """Each exercise's last set, session by session, in the order first logged."""
    out: dict[str, dict[str, Any]] = {}
    for day, _, loads in days:
        for exercise, lift in (loads or {}).items():
            row = out.setdefault(
                exercise, {"exercise": exercise, "name": names.get(exercise, exercise), "sessions": []}
            )
            row["sessions"].append({"date": day.isoformat(), **lift, "words": lift_words(lift)})
    return list(out.values())


def loads_by_week(days: Sequence[tuple[date, Any, dict[str, Any] | None]]) -> dict[str, Any]:
    """Each calendar week's last set of each exercise (its last session that week), for a table
    of weeks by exercises."""
    exercises: list[str] = []
    weeks: dict[date, dict[str, str]] = {}
    for day, _, loads in days:
        for exercise, lift in (loads or {}).items():
            if exercise not in exercises:
                exercises.append(exercise)
            weeks.setdefault(day - timedelta(days=day.weekday()), {})[exercise] = lift_words(lift)
    return {
        "exercises": exercises,
        "weeks": [{"week_start": start.isoformat(), "last_sets": cells} for start, cells in sorted(weeks.items())],
    }


def _load_rows(part: dict[str, Any]) -> tuple[list[str], list[list[str]]]:
    """The loads by week as a table: a column for each exercise."""
    by_week = part.get("loads_by_week") or {"exercises": [], "weeks": []}
    header = ["Week of", *by_week["exercises"]]
    rows = [[w["week_start"], *(w["last_sets"].get(e, "") for e in by_week["exercises"])] for w in by_week["weeks"]]
    return header, rows


def _part(report: dict[str, Any]) -> dict[str, Any]:
    return report.get("outcomes") or {
        "measures": [],
        "schedule": [],
        "due": None,
        "sitting_by_week": [],
        "loads": [],
        "days": [],
    }


def _empty(part: dict[str, Any]) -> bool:
    """Nothing of the section was logged in the period: said in one line."""
    return not (part["measures"] or part["sitting_by_week"] or part["loads"])


EMPTY = (
    "No outcome measure, sitting tolerance or load in this period (`hht outcome`, "
    "`hht log --sitting-minutes N`, `hht log --load EXERCISE=KG x REPS`)."
)


def _lines_due(part: dict[str, Any]) -> list[str]:
    if part["due"]:
        names = ", ".join(OUTCOME_NAMES.get(m, m) for m in part["due"]["measures"])
        return [f"Due ({part['due']['time_point']}, from {part['due']['from']}): {names}."]
    if not part["schedule"]:
        return ["The schedule (baseline, weeks 4, 12, 26 and 52) starts at the first assessment."]
    return []


def _load_range(row: dict[str, Any]) -> str:
    first, last = row["sessions"][0], row["sessions"][-1]
    if len(row["sessions"]) == 1:
        return f"{first['words']} ({first['date']})"
    return f"{first['words']} ({first['date']}) to {last['words']} ({last['date']}), {len(row['sessions'])} sessions"


# -- Markdown ---------------------------------------------------------------------


def markdown(report: dict[str, Any], table: Callable[[list[str], list[list[str]]], list[str]]) -> list[str]:
    """The section's lines in Markdown, with the format's own table."""
    part = _part(report)
    out = ["", f"## {TITLE}", ""]
    if _empty(part):
        return [*out, EMPTY, *_lines_due(part)]
    if not part["measures"]:
        out += ["No outcome measure in this period: `hht outcome visa-h`, `psfs` and `groc` take them."]
    for m in part["measures"]:
        out += [f"**{m['name']}**: {m['note']}", ""]
        out += table(
            ["Date", "Score", "Against the baseline"],
            [[s["date"], score_words(m["id"], s["score"]), s["words"]] for s in m["scores"]],
        )
        out += [""]
    out += _lines_due(part)
    out += ["", "## Sitting tolerance by week (minutes on a hard chair)", ""]
    if part["sitting_by_week"]:
        out += table(
            ["Week of", "Mean", "Least", "Most", "Days"],
            [
                [w["week_start"], f"{w['mean']:g}", str(w["least"]), str(w["most"]), str(w["n"])]
                for w in part["sitting_by_week"]
            ],
        )
    else:
        out += ["No sitting minutes logged in this period (`hht log --sitting-minutes N`)."]
    if part["loads"]:
        out += ["", "## Heavy slow resistance: each exercise's last set, by week", ""]
        out += table(*_load_rows(part))
        out += ["", "; ".join(f"{row['exercise']}: {row['name']}, {_load_range(row)}" for row in part["loads"]) + "."]
    return out


# -- HTML -----------------------------------------------------------------------------


def html(report: dict[str, Any], table: Callable[..., str]) -> str:
    """The section as HTML, with the format's own table (its cells escaped there)."""
    from html import escape

    part = _part(report)
    out = [f"<h2>{escape(TITLE)}</h2>"]
    if _empty(part):  # the page stays as short as it was: a line only when scores are due
        due = [line for line in _lines_due(part) if part["due"]]
        return "\n".join([*out, *(f"<p>{escape(line)}</p>" for line in [EMPTY, *due])]) if due else ""
    if not part["measures"]:
        out.append(
            "<p>No outcome measure in this period: <code>hht outcome visa-h</code>, <code>psfs</code> and "
            "<code>groc</code> take them.</p>"
        )
    for m in part["measures"]:
        out.append(f'<p class="small"><b>{escape(m["name"])}</b>: {escape(m["note"])}</p>')
        out.append(
            table(
                ["Date", "Score", "Against the baseline"],
                [[s["date"], score_words(m["id"], s["score"]), s["words"]] for s in m["scores"]],
                [["", "nowrap", ""] for _ in m["scores"]],
                table_class="outcomes",
            )
        )
    out += [f"<p>{escape(line)}</p>" for line in _lines_due(part)]
    out.append('<div class="two pair"><div>')
    out.append("<h2>Sitting tolerance by week</h2>")
    if part["sitting_by_week"]:
        out.append(
            table(
                ["Week of", "Mean min", "Least", "Most", "Days"],
                [
                    [w["week_start"], f"{w['mean']:g}", str(w["least"]), str(w["most"]), str(w["n"])]
                    for w in part["sitting_by_week"]
                ],
            )
        )
        out.append('<p class="small">Minutes on a hard chair before the familiar pain.</p>')
    else:
        out.append("<p>No sitting minutes logged in this period.</p>")
    out.append("</div><div>")
    out.append("<h2>Heavy slow resistance</h2>")
    if part["loads"]:
        out.append(
            "<ul>"
            + "".join(
                f"<li><b>{escape(row['name'])}</b> ({escape(row['exercise'])}): {escape(_load_range(row))}</li>"
                for row in part["loads"]
            )
            + "</ul>"
        )
        out.append(
            '<p class="small">The load and repetitions of each exercise\'s last set: the first and the latest, '
            "and below, the last session of each week.</p>"
        )
    else:
        out.append("<p>No loads logged in this period.</p>")
    out.append("</div></div>")
    if part["loads"]:
        header, rows = _load_rows(part)
        out.append(table(header, rows, table_class="loads"))
    return "\n".join(out)


# -- the terminal ---------------------------------------------------------------------


def terminal(report: dict[str, Any], console: Any) -> None:
    from rich.table import Table

    part = _part(report)
    for m in part["measures"]:
        table = Table(title=f"{m['name']} over time", title_justify="left", caption=m["note"], caption_justify="left")
        table.add_column("date", no_wrap=True, min_width=10)
        table.add_column("score", no_wrap=True)
        table.add_column("against the baseline", overflow="fold", ratio=1)
        for s in m["scores"]:
            table.add_row(s["date"], score_words(m["id"], s["score"]), s["words"])
        console.print(table)
    for line in _lines_due(part):
        console.print(line)
    if part["sitting_by_week"]:
        table = Table(title="Sitting tolerance by week (minutes)", title_justify="left")
        for column in ("week of", "mean", "least", "most", "days"):
            table.add_column(column, no_wrap=True)
        for w in part["sitting_by_week"]:
            table.add_row(w["week_start"], f"{w['mean']:g}", str(w["least"]), str(w["most"]), str(w["n"]))
        console.print(table)
    if part["loads"]:
        header, rows = _load_rows(part)
        table = Table(title="Heavy slow resistance: each exercise's last set, by week", title_justify="left")
        for n, column in enumerate(header):
            table.add_column(column.lower() if n == 0 else column, no_wrap=n == 0, overflow="fold")
        for cells in rows:
            table.add_row(*cells)
        console.print(table)


# -- CSV ------------------------------------------------------------------------------

CSV_COLUMNS = ("sitting_minutes", "loads", "visa_h", "psfs", "groc")


def csv_table(
    report: dict[str, Any], columns: Sequence[str], rows: Sequence[dict[str, Any]]
) -> tuple[list[str], list[dict[str, Any]]]:
    """The day rows with the day's sitting minutes, loads and any score taken that day; a day with
    only a score or a figure gets a row of its own."""
    part = _part(report)
    by_day: dict[str, dict[str, Any]] = {row["date"]: dict(row) for row in rows}
    for figure in part["days"]:
        row = by_day.setdefault(figure["date"], {"date": figure["date"]})
        row["sitting_minutes"] = figure["sitting_minutes"]
        if figure["loads"]:
            row["loads"] = "; ".join(f"{e} {lift_words(lift)}" for e, lift in sorted(figure["loads"].items()))
    for m in part["measures"]:
        for s in m["scores"]:
            by_day.setdefault(s["date"], {"date": s["date"]})[m["id"].replace("-", "_")] = s["score"]
    return [*columns, *CSV_COLUMNS], [by_day[day] for day in sorted(by_day)]
