"""One row per logged day: every rating, the note, the plan's stage and run week on that
day, the day's sitting minutes and loads, the outcome scores taken on it (a day with
only those has a row of its own), and the run's file."""

import csv
import io
from typing import Any

from hht.report.runs import CSV_COLUMNS, csv_cells
from hht.rules.records import FIELDS

# The day's fields (every pain rating, hht/rules/records.py), then the plan on that day. The
# columns are ids, as in the JSON; "rung" is the step of the ladder whatever the protocol calls it.
COLUMNS = ("date", *FIELDS, "rung", "maintenance", "run_week", "run_sets", "corrected")


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
    runs = csv_cells(report)  # the run file's columns: hht/report/runs.py
    writer.writerow([*columns, *CSV_COLUMNS])
    for row in rows:
        writer.writerow([_cell(row.get(c)) for c in columns] + [_cell(v) for v in runs(row)])
    return out.getvalue()
