"""The Store's queries of the physio's numbers: the outcome measures taken
(each recorded in the audit trail, kind 'outcome', so `hht undo` removes
one), a day's figures beside its ratings (sitting minutes, the loads of heavy
slow resistance), and a clinic's VISA-H wording adopted (kept in the profile
table, so backups and exports carry it)."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from hht.errors import StorageError
from hht.rules.outcomes.record import StoredOutcome

WORDING_KEY = "wording.visa-h"
_OUTCOME_COLUMNS = "id, date, taken_at, measure, answers, result, score"


def _row(row: tuple) -> StoredOutcome:
    score = int(row[6]) if float(row[6]).is_integer() else row[6]  # REAL: VISA-H's 63, not 63.0
    return StoredOutcome(
        row[0], date.fromisoformat(row[1]), row[2], row[3], json.loads(row[4]), json.loads(row[5]), score
    )


def merged_loads(old: dict[str, Any] | None, given: dict[str, Any]) -> str:
    """A day's loads after logging `given`: each exercise given replaces its last set, the others stay."""
    before = json.loads(old["loads"]) if old and old.get("loads") else {}
    return json.dumps({**before, **given}, sort_keys=True, ensure_ascii=False)


class OutcomeQueries:
    """Mixed into the Store (hht/store/store.py), which supplies the connection and `_record`."""

    conn: sqlite3.Connection

    if TYPE_CHECKING:

        def _record(
            self,
            day: str,
            action: str,
            old: dict | None,
            new: dict | None,
            undoes: int | None = None,
            kind: str = "entry",
        ) -> int: ...

    # -- outcome measures ----------------------------------------------------

    def add_outcome(
        self, on: date, taken_at: datetime, measure: str, answers: dict[str, Any], result: dict[str, Any]
    ) -> int:
        """Store one outcome measure and record it as a change; call inside write()."""
        cursor = self.conn.execute(
            "INSERT INTO outcomes (date, taken_at, measure, answers, result, score) VALUES (?, ?, ?, ?, ?, ?)",
            [
                on.isoformat(),
                taken_at.astimezone(UTC).isoformat(timespec="seconds"),
                measure,
                json.dumps(answers, ensure_ascii=False, sort_keys=True),
                json.dumps(result, ensure_ascii=False, sort_keys=True),
                result["score"],
            ],
        )
        assert cursor.lastrowid is not None
        self._record(on.isoformat(), "insert", None, self._outcome_json(cursor.lastrowid), kind="outcome")
        return cursor.lastrowid

    def outcomes(self, measure: str | None = None) -> list[StoredOutcome]:
        """Every outcome measure taken (or those of one measure), oldest first."""
        sql = f"SELECT {_OUTCOME_COLUMNS} FROM outcomes"
        args: list[Any] = []
        if measure is not None:
            sql += " WHERE measure = ?"
            args.append(measure)
        return [_row(r) for r in self.conn.execute(sql + " ORDER BY date, taken_at, id", args)]

    def _outcome_json(self, id_: int) -> dict[str, Any] | None:
        row = self.conn.execute(f"SELECT {_OUTCOME_COLUMNS} FROM outcomes WHERE id = ?", [id_]).fetchone()
        return _row(row).to_json() if row else None

    def _undo_outcome(self, target: Any) -> None:
        """Remove the outcome measure the change saved, and record the undo."""
        assert target.new is not None and target.action == "insert"
        current = self._outcome_json(target.new["id"])
        if current != target.new:
            raise StorageError(
                f"Cannot undo change #{target.id}: the outcome measure for {target.date} is no longer stored as it was saved."
            )
        self.conn.execute("DELETE FROM outcomes WHERE id = ?", [target.new["id"]])
        self._record(target.date.isoformat(), "undo", current, None, undoes=target.id, kind="outcome")

    def first_assessment(self) -> date | None:
        """The day of the first assessment: the outcome measures' baseline."""
        row = self.conn.execute("SELECT min(date) FROM assessments").fetchone()
        return date.fromisoformat(row[0]) if row and row[0] else None

    def outcome_days(self) -> list[tuple[str, date]]:
        """Each outcome measure taken, as (measure, day), oldest first."""
        rows = self.conn.execute("SELECT measure, date FROM outcomes ORDER BY date, id")
        return [(measure, date.fromisoformat(day)) for measure, day in rows]

    # -- a day's figures -------------------------------------------------------

    def figures(self, on: date) -> dict[str, Any]:
        """A day's sitting minutes and loads (None where not logged)."""
        row = self.conn.execute(
            "SELECT sitting_minutes, loads FROM entries WHERE date = ?", [on.isoformat()]
        ).fetchone()
        if row is None:
            return {"sitting_minutes": None, "loads": None}
        return {"sitting_minutes": row[0], "loads": json.loads(row[1]) if row[1] else None}

    def day_figures(self, until: date | None = None) -> list[tuple[date, int | None, dict[str, Any] | None]]:
        """Every day with sitting minutes or loads logged, oldest first: (day, minutes, loads)."""
        sql = (
            "SELECT date, sitting_minutes, loads FROM entries WHERE (sitting_minutes IS NOT NULL OR loads IS NOT NULL)"
        )
        args: list[Any] = []
        if until is not None:
            sql += " AND date <= ?"
            args.append(until.isoformat())
        rows = self.conn.execute(sql + " ORDER BY date", args)
        return [(date.fromisoformat(d), minutes, json.loads(loads) if loads else None) for d, minutes, loads in rows]

    # -- the clinic's wording --------------------------------------------------

    def wording(self) -> dict[str, Any] | None:
        """The VISA-H wording adopted, or None."""
        row = self.conn.execute("SELECT value FROM profile WHERE key = ?", [WORDING_KEY]).fetchone()
        return json.loads(row[0]) if row else None

    def set_wording(self, wording: dict[str, Any] | None) -> None:
        """Adopt a checked wording (None removes it); call inside write()."""
        if wording is None:
            self.conn.execute("DELETE FROM profile WHERE key = ?", [WORDING_KEY])
            return
        self.conn.execute(
            "INSERT OR REPLACE INTO profile (key, value) VALUES (?, ?)",
            [WORDING_KEY, json.dumps(wording, ensure_ascii=False, sort_keys=True)],
        )
