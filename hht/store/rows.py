"""The rows hht stores, as records: an entry, an assessment and a protocol
adopted as their columns say, a change in the audit trail (`Change`), and
each from its row or its JSON and back."""

from __future__ import annotations

import json
from datetime import date
from typing import Any, NamedTuple

from hht.rules.records import FIELDS, Day, StoredAssessment

# A day's figures beside its ratings and note, from m009 on: sitting tolerance,
# the loads of heavy slow resistance, a run's summary from its file.
DAY_FIGURES = ("sitting_minutes", "loads", "run_file")
ENTRY_COLUMNS = ("date", *FIELDS, *(f for f in DAY_FIGURES if f not in FIELDS), "created_at", "updated_at")
# The columns of an entry as a change kept it, by schema: today's, before m009, before m007.
ENTRY_SNAPSHOTS = (
    frozenset(ENTRY_COLUMNS),
    frozenset(ENTRY_COLUMNS) - set(DAY_FIGURES),
    frozenset(ENTRY_COLUMNS) - set(DAY_FIGURES) - {"load_test"},
)
DAY_SELECT = "date, morning, exercise, partial, run, sitting, note, load_test"  # in Day's order
# A protocol adopted as its change records it: every column but `noticed`, a
# note of what `hht log` has said about the file since (not part of the adoption).
USE_COLUMNS = ("id", "from_date", "name", "version", "source", "content", "reason", "start_stage", "adopted_at")


def row_to_assessment(row: tuple) -> StoredAssessment:
    return StoredAssessment(
        id=row[0],
        date=date.fromisoformat(row[1]),
        taken_at=row[2],
        protocol_name=row[3],
        protocol_version=row[4],
        sides=json.loads(row[5]),
        answers=json.loads(row[6]),
        result=json.loads(row[7]),
        red_flag=bool(row[8]),
    )


def row_to_day(row: tuple) -> Day:
    d, morning, exercise, partial, run, sitting, note, load_test = row
    return Day(date.fromisoformat(d), morning, exercise, bool(partial), run, sitting, note, load_test)


def dict_to_day(row: dict[str, Any]) -> Day:
    return row_to_day(tuple(row.get(c) for c in DAY_SELECT.split(", ")))


def entry_snapshot(text: str | None) -> dict[str, Any] | None:
    """An entry as a change recorded it, with every column (None where a
    snapshot from an earlier schema lacks one)."""
    if not text:
        return None
    row = json.loads(text)
    return {**{c: None for c in ENTRY_COLUMNS}, **row}


def json_text(row: dict[str, Any] | None) -> str | None:
    """A row as a change records it: JSON text, keys sorted."""
    return None if row is None else json.dumps(row, sort_keys=True, ensure_ascii=False)


class Change(NamedTuple):
    """One recorded write: to an entry (the row before and after it), an
    assessment saved or removed (the whole assessment, as its JSON), or a
    protocol adopted or its adoption removed ({"uses": the protocol_uses rows
    one `hht protocol use` added, oldest first, the protocol adopted last})."""

    id: int
    at: str  # UTC, ISO 8601
    date: date
    action: str  # insert, update, delete or undo
    old: dict[str, Any] | None
    new: dict[str, Any] | None
    undoes: int | None = None  # for an undo: the change it reversed
    undone_by: int | None = None  # the undo that reversed this change
    kind: str = "entry"  # entry, assessment, protocol or outcome (a measure taken, as its JSON)

    @classmethod
    def from_row(cls, row: tuple) -> Change:
        id_, at, day, action, old, new, undoes, undone_by, kind = row
        read = entry_snapshot if kind == "entry" else (lambda text: json.loads(text) if text else None)
        return cls(id_, at, date.fromisoformat(day), action, read(old), read(new), undoes, undone_by, kind)

    @property
    def old_day(self) -> Day | None:
        return dict_to_day(self.old) if self.old and self.kind == "entry" else None

    @property
    def new_day(self) -> Day | None:
        return dict_to_day(self.new) if self.new and self.kind == "entry" else None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "at": self.at,
            "date": self.date.isoformat(),
            "kind": self.kind,
            "action": self.action,
            "old": self.old,
            "new": self.new,
            "undoes": self.undoes,
            "undone_by": self.undone_by,
        }
