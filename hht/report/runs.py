"""The report's runs from their files: each run's prescribed session and what
the file says was done, side by side, and adherence by the minute beside
adherence by the session.

`section` is the model's part (`report["runs"]`), from the run files stored
with the days and what the plan prescribed on each day
(hht/plan/prescribed.py); `observed` is the FHIR export's (`report["run_files"]`). Each format calls
one function here: `markdown`, `html`, `terminal`, `csv_columns`,
`fhir_entries` (JSON is the model itself).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import date, timedelta
from typing import Any

from hht.rules.records import AssessmentSummary, Day
from hht.rules.timeline import Timeline

NONE_PRESCRIBED = {
    "rest": "rest day: no run",
    "paused": "none: the run plan was paused",
    "closed": "none: the run plan was not open",
    "complete": "none: the run plan was complete",
}
HEADER = ["Date", "Prescribed", "Done (from the file)", "Against the plan", "Run pain"]


def section(
    timeline: Timeline,
    days: Sequence[Day],
    summaries: Sequence[AssessmentSummary],
    run_files: Mapping[date, dict[str, Any]],
    since: date,
    until: date,
) -> dict[str, Any]:
    """Each run file of the period against the day's prescription, and the minutes prescribed and done."""
    from hht.plan.prescribed import prescribed_runs
    from hht.rules.runcheck import RUN, check
    from hht.rules.runfile import summary_words

    period = [since + timedelta(days=n) for n in range((until - since).days + 1)] if since <= until else []
    prescribed = prescribed_runs(timeline, days, summaries, period) if period else {}
    pains = {d.date: d.run for d in days}
    files, minutes = [], {"prescribed": 0, "done": 0, "other_days": 0, "prescribed_runs": 0}
    counts = {"with_file": 0, "as_prescribed": 0, "prescribed_days_without_file": 0}
    for day in period:
        given = prescribed.get(day)
        summary = run_files.get(day)
        if given is not None and given.status == RUN and given.minutes is not None:
            minutes["prescribed"] += given.minutes
            minutes["prescribed_runs"] += 1
            if summary is None and pains.get(day) is not None:
                counts["prescribed_days_without_file"] += 1
        if summary is None or given is None:
            continue
        result = check(summary, given)
        done = summary["moving_seconds"] / 60
        if given.status == RUN:
            minutes["done"] += round(done)
        else:
            minutes["other_days"] += round(done)
        counts["with_file"] += 1
        counts["as_prescribed"] += result.verdict == "as_prescribed"
        step = given.step
        files.append(
            {
                "date": day.isoformat(),
                "prescribed": given.to_json(),
                "prescribed_words": (
                    f"{step.label}: {step.session}" if given.status == RUN and step else NONE_PRESCRIBED[given.status]
                ),
                "done": summary_words(summary),
                "format": summary["format"],
                "moving_seconds": summary["moving_seconds"],
                "distance_m": summary["distance_m"],
                "intervals": summary["intervals"],
                "check": result.to_json(),
                "run_pain": pains.get(day),
            }
        )
    return {"files": files, "minutes": minutes, **counts}


def observed(run_files: Mapping[date, dict[str, Any]], since: date, until: date) -> list[dict[str, Any]]:
    """What the FHIR export reads of each run file in the period: its day, moving time and distance."""
    return [
        {
            "date": day.isoformat(),
            "moving_seconds": s["moving_seconds"],
            "distance_m": s["distance_m"],
            "format": s["format"],
        }
        for day, s in sorted(run_files.items())
        if since <= day <= until
    ]


# -- in words, for every format that people read ---------------------------------------


def lines(report: dict[str, Any]) -> list[str]:
    """Adherence by the minute, and how many runs from their files were as prescribed."""
    runs = report.get("runs")
    if not runs or not runs["files"]:
        return []
    m = runs["minutes"]
    if m["prescribed_runs"]:
        share = f" ({round(100 * m['done'] / m['prescribed'])}%)" if m["prescribed"] else ""
        out = [
            f"Runs by the minute: {m['done']} of {m['prescribed']} prescribed minutes done{share}, "
            f"in the {_n(m['prescribed_runs'], 'day')} a run was prescribed, from the runs' files"
        ]
    else:
        out = ["Runs by the minute: no run was prescribed in the period"]
    if runs["prescribed_days_without_file"]:
        out.append(
            f"{_n(runs['prescribed_days_without_file'], 'run')} on a prescribed day logged without its file, "
            "not in the minutes"
        )
    if m["other_days"]:
        out.append(f"{m['other_days']} minutes run on days no run was prescribed")
    out.append(f"Runs from their files as prescribed: {runs['as_prescribed']} of {runs['with_file']}")
    return out


def _n(count: int, what: str) -> str:
    return f"{count} {what}" if count == 1 else f"{count} {what}s"


def rows(report: dict[str, Any]) -> list[list[str]]:
    """One row per run file: the day, the session prescribed, what was done, the check, the pain."""
    out = []
    for run in report["runs"]["files"]:
        pain = "-" if run["run_pain"] is None else f"{run['run_pain']}/10"
        out.append([run["date"], run["prescribed_words"], run["done"], run["check"]["line"], pain])
    return out


TITLE = "Runs from their files"


def markdown(report: dict[str, Any], table: Callable[[list[str], list[list[str]]], list[str]]) -> list[str]:
    """The Markdown section (with the format's own table)."""
    if not report.get("runs", {}).get("files"):
        return []
    return ["", f"## {TITLE}", "", *(f"- {line}" for line in lines(report)), "", *table(HEADER, rows(report))]


def html(report: dict[str, Any], table: Callable[..., str]) -> str:
    """The HTML section (with the format's own table: the report is escaped there)."""
    from html import escape

    if not report.get("runs", {}).get("files"):
        return ""
    items = "".join(f"<li>{escape(line)}</li>" for line in lines(report))
    return f"<h2>{TITLE}</h2><ul>{items}</ul>" + table(HEADER, rows(report), table_class="stack runs")


def terminal(report: dict[str, Any], console: Any) -> None:
    """The section on screen."""
    from rich.table import Table

    if not report.get("runs", {}).get("files"):
        return
    table = Table(title=TITLE, title_justify="left")
    table.add_column("date", no_wrap=True, min_width=10)
    for name in HEADER[1:]:
        table.add_column(name.lower(), overflow="fold")
    for row in rows(report):
        table.add_row(*row)
    console.print(table)
    console.print("\n".join(f"  {line}" for line in lines(report)))


CSV_COLUMNS = ("run_file_minutes", "run_file_km", "run_prescribed_minutes", "run_check")


def csv_cells(report: dict[str, Any]) -> Callable[[dict[str, Any]], list[Any]]:
    """The CSV's run-file columns (CSV_COLUMNS) for a day's row: empty on a day without a run file."""
    by_day = {run["date"]: run for run in report.get("runs", {}).get("files", [])}

    def cells(row: dict[str, Any]) -> list[Any]:
        run = by_day.get(row["date"])
        if run is None:
            return [None] * len(CSV_COLUMNS)
        km = None if run["distance_m"] is None else round(run["distance_m"] / 1000, 2)
        return [round(run["moving_seconds"] / 60, 1), km, run["check"]["prescribed_minutes"], run["check"]["line"]]

    return cells


# -- FHIR -----------------------------------------------------------------------------

LOINC_EXERCISE_DURATION = {"system": "http://loinc.org", "code": "55411-3", "display": "Exercise duration"}
UCUM = "http://unitsofmeasure.org"


def fhir_entries(report: dict[str, Any], full_url: Callable[..., str], category: str) -> Iterator[dict[str, Any]]:
    """One Observation per run file: its moving time (LOINC 55411-3, minutes) and its distance as a component."""
    for run in report.get("run_files", []):
        resource: dict[str, Any] = {
            "resourceType": "Observation",
            "status": "final",
            "category": [{"coding": [{"system": category, "code": "activity", "display": "Activity"}]}],
            "code": {"coding": [LOINC_EXERCISE_DURATION], "text": "Walk/jog session, moving time"},
            "effectiveDateTime": run["date"],
            "valueQuantity": {
                "value": round(run["moving_seconds"] / 60, 1),
                "unit": "min",
                "system": UCUM,
                "code": "min",
            },
            "note": [{"text": f"From the run's {run['format'].upper()} file, as hht read it (no track is kept)."}],
        }
        if run["distance_m"] is not None:
            resource["component"] = [
                {
                    "code": {"text": "Distance"},
                    "valueQuantity": {"value": run["distance_m"], "unit": "m", "system": UCUM, "code": "m"},
                }
            ]
        yield {"fullUrl": full_url("run", run["date"]), "resource": resource}
