"""One row per logged day, with the plan's rung and run week on that day, the day's
sitting minutes and loads, and the outcome scores taken on it (a day with only those
has a row of its own)."""

import csv
import io
from typing import Any

COLUMNS = (
    "date",
    "morning",
    "exercise",
    "partial",
    "run",
    "sitting",
    "note",
    "rung",
    "maintenance",
    "run_week",
    "run_sets",
    "corrected",
)


def _cell(value: Any) -> Any:
    from hht.term.safe_text import csv_cell

    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return csv_cell(value)  # never a live formula


def render(report: dict[str, Any]) -> str:
    from hht.report.outcomes import csv_table  # the day figures and the scores, as columns

    columns, rows = csv_table(report, COLUMNS, report["days"])
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row.get(c)) for c in columns])
    return out.getvalue()
