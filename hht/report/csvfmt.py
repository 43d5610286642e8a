"""One row per logged day: every rating, the note, and the plan's stage and run week on that day."""

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
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    runs = csv_cells(report)  # the run file's columns: hht/report/runs.py
    writer.writerow(COLUMNS + CSV_COLUMNS)
    for row in report["days"]:
        writer.writerow([_cell(row[c]) for c in COLUMNS] + [_cell(v) for v in runs(row)])
    return out.getvalue()
