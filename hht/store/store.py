"""The `Store`: every query of hht's database, read and write.

Every write goes through `write()` (hht/store/transactions.py). Every write
to an entry, and every assessment saved, is recorded in the `changes` table
in the same transaction, so a correction keeps the values it replaced and
either kind of change can be undone; so is every protocol adopted. Opening
a Store is hht/store/opening.py's; the rows as records, hht/store/rows.py's.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, cast

from hht.errors import StorageError
from hht.inputs import EARLIEST_DAY, shown
from hht.messages import NOTHING_TO_UNDO
from hht.rules.records import FIELDS, AssessmentSummary, Day, ProtocolUse, StoredAssessment, summary
from hht.store.copies import copy_database
from hht.store.outcomes import OutcomeQueries, merged_loads
from hht.store.rows import (
    DAY_FIGURES,
    DAY_SELECT,
    ENTRY_COLUMNS,
    USE_COLUMNS,
    Change,
    dict_to_day,
    entry_snapshot,
    json_text,
    row_to_assessment,
    row_to_day,
)
from hht.store.transactions import Transactions

# What an export holds: each table with the column that orders its rows.
# A table this database does not have (yet) is left out.
EXPORT_TABLES = (
    ("profile", "key"),
    ("entries", "date"),
    ("assessments", "id"),
    ("changes", "id"),
    ("protocol_uses", "id"),
    ("outcomes", "id"),
)

_CHANGES_SQL = (
    "SELECT c.id, c.at, c.date, c.action, c.old, c.new, c.undoes, u.id, c.kind FROM changes c"
    " LEFT JOIN changes u ON u.undoes = c.id"
)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


# The day's figures `save_day` writes beside FIELDS (hht/store/outcomes.py reads them).
SAVED_FIGURES = ("sitting_minutes", "loads")


class Store(OutcomeQueries, Transactions):
    """An open hht database and its queries. Use as a context manager or call close()."""

    # -- days --------------------------------------------------------------

    def days(self, until: date | None = None, after: date | None = None) -> list[Day]:
        """The logged days, oldest first: those after `after` and up to `until`, where given.
        A day before the days hht records (an older hht's, or a hand edit; `hht
        check` names it) is left out: the plan never walks from year 1."""
        sql = f"SELECT {DAY_SELECT} FROM entries"
        where: list[str] = ["date >= ?"]
        args: list[Any] = [EARLIEST_DAY.isoformat()]
        if after is not None:
            where.append("date > ?")
            args.append(after.isoformat())
        if until is not None:
            where.append("date <= ?")
            args.append(until.isoformat())
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY date"
        # row_to_day inlined (the columns are in Day's order), each row unpacked rather than
        # sliced, and each Day built as the tuple it is: a long history reads thousands of rows
        # on every daily command (at ten years, this is a fifth faster than slicing each row).
        new, day, iso = tuple.__new__, Day, date.fromisoformat
        try:
            return [
                new(day, (iso(on), morning, exercise, bool(partial), run, sitting, note, load_test))
                for on, morning, exercise, partial, run, sitting, note, load_test in self.conn.execute(sql, args)
            ]
        except ValueError:  # a date no calendar has (a hand edit): the CHECK constraint allows 2026-02-30
            raise self._not_a_date("entries") from None

    def _not_a_date(self, table: str) -> StorageError:
        where = shown(self.path) if self.path is not None else "The database"
        return StorageError(
            f"{where} holds a day in {table} that is not a real calendar date, so hht cannot read it: "
            "`hht check` names the row, and `hht export`, a fix by hand and `hht import` into a new file repair it."
        )

    def first_record_day(self, *, any_day: bool = False) -> date | None:
        """The earliest day recorded (an entry or an assessment), or None: among
        the days hht records, as days() reads them, or with `any_day` whatever
        the table holds (a day an older hht stored before 2000)."""
        low = "0000-00-00" if any_day else EARLIEST_DAY.isoformat()
        row = self.conn.execute(
            "SELECT min(d) FROM (SELECT min(date) AS d FROM entries WHERE date >= ?"
            " UNION ALL SELECT min(date) FROM assessments WHERE date >= ?)",
            [low, low],
        ).fetchone()
        try:
            return date.fromisoformat(row[0]) if row and row[0] else None
        except ValueError:  # not a calendar date (a hand edit): `hht check` names it
            return None

    def day(self, on: date) -> Day | None:
        row = self.conn.execute(
            f"SELECT {DAY_SELECT} FROM entries WHERE date = ?",
            [on.isoformat()],
        ).fetchone()
        return row_to_day(row) if row else None

    def run_files(self, until: date | None = None) -> dict[date, dict[str, Any]]:
        """The summary of each logged day's run file, by day (up to `until`, where given)."""
        sql = "SELECT date, run_file FROM entries WHERE run_file IS NOT NULL"
        args: list[Any] = []
        if until is not None:
            sql += " AND date <= ?"
            args.append(until.isoformat())
        return {date.fromisoformat(day): json.loads(text) for day, text in self.conn.execute(sql, args)}

    def run_file(self, on: date) -> dict[str, Any] | None:
        """The summary of the day's run file, or None."""
        row = self.conn.execute("SELECT run_file FROM entries WHERE date = ?", [on.isoformat()]).fetchone()
        return json.loads(row[0]) if row and row[0] else None

    def _entry(self, on: date | str) -> dict[str, Any] | None:
        """The day's row as stored, every column, or None."""
        day = on if isinstance(on, str) else on.isoformat()
        cursor = self.conn.execute(f"SELECT {', '.join(ENTRY_COLUMNS)} FROM entries WHERE date = ?", [day])
        row = cursor.fetchone()
        return dict(zip(ENTRY_COLUMNS, row)) if row else None

    def save_day(self, on: date, values: dict[str, Any]) -> tuple[Day | None, Day]:
        """Merge the given fields into the day's entry and record the change.

        Call inside write(). Values equal to what is stored change nothing
        and record nothing.
        """
        unknown = set(values) - set(FIELDS) - set(DAY_FIGURES)
        if unknown:
            raise ValueError(f"unknown fields {sorted(unknown)}")
        # A figure kept as JSON (a run file's summary) is given as its object, stored as its text.
        values = {
            f: int(v) if isinstance(v, bool) else json_text(v) if isinstance(v, dict) else v for f, v in values.items()
        }
        old = self._entry(on)
        if isinstance(values.get("loads"), dict):  # the exercises logged now, over the day's others
            values["loads"] = merged_loads(old, values["loads"])
        stamp = _now()
        if old is None:
            row = {f: values.get(f) for f in (*FIELDS, *DAY_FIGURES)}
            row.update(date=on.isoformat(), partial=row["partial"] or 0, created_at=stamp, updated_at=stamp)
            self._put_entry(row)
            self._record(on.isoformat(), "insert", None, self._entry(on))
        elif any(old[f] != v for f, v in values.items()):
            sets = ", ".join(f"{f} = ?" for f in values)
            self.conn.execute(
                f"UPDATE entries SET {sets}, updated_at = ? WHERE date = ?",
                [*values.values(), stamp, on.isoformat()],
            )
            self._record(on.isoformat(), "update", old, self._entry(on))
        new = self.day(on)
        assert new is not None
        return (dict_to_day(old) if old else None), new

    def _put_entry(self, row: dict[str, Any]) -> None:
        """Insert the row, or replace the day's row with it: every column."""
        self.conn.execute(
            f"INSERT OR REPLACE INTO entries ({', '.join(ENTRY_COLUMNS)}) VALUES ({', '.join('?' * len(ENTRY_COLUMNS))})",
            [row.get(c) for c in ENTRY_COLUMNS],  # a snapshot from before m007 (or m009) lacks the later columns
        )

    def _record(
        self, day: str, action: str, old: dict | None, new: dict | None, undoes: int | None = None, kind: str = "entry"
    ) -> int:
        cursor = self.conn.execute(
            "INSERT INTO changes (at, date, action, old, new, undoes, kind) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [_now(), day, action, json_text(old), json_text(new), undoes, kind],
        )
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    # -- the audit trail ---------------------------------------------------

    def changes(self, limit: int | None = None) -> list[Change]:
        """Recorded changes, newest first."""
        sql = _CHANGES_SQL + " ORDER BY c.id DESC"
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        return [Change.from_row(row) for row in self.conn.execute(sql)]

    def last_undoable(self) -> Change | None:
        """The newest change that is not an undo and has not been undone."""
        row = self.conn.execute(
            _CHANGES_SQL + " WHERE c.action != 'undo' AND u.id IS NULL ORDER BY c.id DESC LIMIT 1"
        ).fetchone()
        return Change.from_row(row) if row else None

    def undo(self, expected: int | None = None) -> Change:
        """Reverse the last undoable change; call inside write().

        Restores the row the change replaced (or removes the row it inserted)
        and records an 'undo' change. With `expected`, refuses if the last
        undoable change is no longer that one (someone wrote meanwhile).
        """
        target = self.last_undoable()
        if target is None:
            raise StorageError(NOTHING_TO_UNDO)
        if expected is not None and target.id != expected:
            raise StorageError("The log changed while you were deciding; run hht undo again to see the latest change.")
        if target.kind == "assessment":
            self._undo_assessment(target)
            return target
        if target.kind == "protocol":
            self._undo_adoption(target)
            return target
        if target.kind == "outcome":
            self._undo_outcome(target)
            return target
        current = self._entry(target.date)
        if current != target.new:
            raise StorageError(
                f"Cannot undo change #{target.id}: the entry for {target.date} no longer holds what it wrote."
            )
        if target.old is None:
            self.conn.execute("DELETE FROM entries WHERE date = ?", [target.date.isoformat()])
        else:
            self._put_entry(target.old)
        self._record(target.date.isoformat(), "undo", current, target.old, undoes=target.id)
        return target

    def _undo_assessment(self, target: Change) -> None:
        """Remove the assessment the change saved, record the undo, and give
        the runner's sides back to the latest assessment still stored."""
        assert target.new is not None and target.action == "insert"
        current = self._assessment_json(target.new["id"])
        if current != target.new:
            raise StorageError(
                f"Cannot undo change #{target.id}: the assessment for {target.date} is no longer stored as it was saved."
            )
        self.conn.execute("DELETE FROM assessments WHERE id = ?", [target.new["id"]])
        self._record(target.date.isoformat(), "undo", current, None, undoes=target.id, kind="assessment")

    def _undo_adoption(self, target: Change) -> None:
        """Remove the protocol uses the change added (the protocol adopted, and
        the shipped default it kept for the days before, if it did), and
        record the undo: the plan follows the protocols that remain."""
        assert target.new is not None and target.action == "insert"
        saved = target.new["uses"]
        current = [self._protocol_use_json(use["id"]) for use in saved]
        if current != saved:
            adopted = saved[-1]
            raise StorageError(
                f"Cannot undo change #{target.id}: the adoption of {adopted['name']} {adopted['version']} from "
                f"{adopted['from_date']} is no longer stored as it was made."
            )
        self.conn.executemany("DELETE FROM protocol_uses WHERE id = ?", [[use["id"]] for use in saved])
        self._record(target.date.isoformat(), "undo", {"uses": current}, None, undoes=target.id, kind="protocol")

    def corrections(self) -> list[dict[str, Any]]:
        """Each value replaced on a logged day, oldest first: date, field, old, new and when (UTC).

        Filling in a field that was blank (the evening's session after the
        morning's pain) is not a correction; replacing a value is. A change
        that was undone does not count, and neither does a day no longer
        logged. One row per replaced field.
        """
        rows = self.conn.execute(
            "SELECT c.date, c.at, c.old, c.new FROM changes c JOIN entries e ON e.date = c.date"
            " WHERE c.action = 'update' AND NOT EXISTS (SELECT 1 FROM changes u WHERE u.undoes = c.id)"
            " ORDER BY c.id"
        )
        out = []
        for day, at, old_json, new_json in rows:
            # An update hht wrote records the day before and after it.
            old, new = cast(dict[str, Any], entry_snapshot(old_json)), cast(dict[str, Any], entry_snapshot(new_json))
            for field in FIELDS:
                if _replaced(old, new, field):
                    out.append({"date": day, "at": at, "field": field, "old": old[field], "new": new[field]})
        return out

    # -- copies, export and import -------------------------------------------

    def backup_to(self, dest: Path) -> Path:
        """A consistent copy of this database at dest (0600), which must not exist."""
        if self.path is None:
            raise StorageError("There is no database file yet, so there is nothing to back up.")
        return copy_database(self.path, dest)

    def tables(self) -> list[tuple[str, str]]:
        """The exported tables this database has, with their ordering column."""
        present = {r[0] for r in self.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        return [(name, order) for name, order in EXPORT_TABLES if name in present]

    def columns(self, table: str) -> dict[str, tuple[str, bool]]:
        """A table's columns: declared type, and whether it is (part of) the key."""
        return {r[1]: (r[2].upper(), bool(r[5])) for r in self.conn.execute(f"PRAGMA table_info({table})")}

    def require_empty(self) -> None:
        """Refuse, in one sentence, unless every exported table is empty."""
        if any(self.conn.execute(f"SELECT 1 FROM {name} LIMIT 1").fetchone() for name, _ in self.tables()):
            raise StorageError(
                f"{shown(self.path)} already holds data; hht imports only into an empty database "
                "(give a new file with --db, or move this one aside)."
            )

    def rows(self, table: str, order: str) -> list[dict[str, Any]]:
        """Every row of one of the exported tables, verbatim, ordered by `order`."""
        if (table, order) not in EXPORT_TABLES:
            raise ValueError(f"not an exported table: {table}")
        cursor = self.conn.execute(f"SELECT * FROM {table} ORDER BY {order}")
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row)) for row in cursor]

    def restore(self, tables: dict[str, list[dict[str, Any]]]) -> None:
        """Insert checked rows (hht/store/exchange.py) into the exported tables; call inside write()."""
        for name, _ in self.tables():
            known = self.columns(name)
            for row in tables.get(name, []):
                columns = [c for c in row if c in known]
                self.conn.execute(
                    f"INSERT INTO {name} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
                    [row[c] for c in columns],
                )

    # -- assessments -------------------------------------------------------

    def add_assessment(
        self,
        on: date,
        taken_at: datetime,
        protocol_name: str,
        protocol_version: str,
        sides: list[str],
        answers: dict[str, Any],
        result: dict[str, Any],
        red_flag: bool,
    ) -> int:
        """Store one assessment. Call inside write()."""
        cursor = self.conn.execute(
            "INSERT INTO assessments (date, taken_at, protocol_name, protocol_version, sides, answers,"
            " result, red_flag) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                on.isoformat(),
                taken_at.astimezone(UTC).isoformat(timespec="seconds"),
                protocol_name,
                protocol_version,
                json.dumps(sides),
                json.dumps(answers, ensure_ascii=False),
                json.dumps(result, ensure_ascii=False),
                int(red_flag),
            ],
        )
        assert cursor.lastrowid is not None
        self._record(on.isoformat(), "insert", None, self._assessment_json(cursor.lastrowid), kind="assessment")
        return cursor.lastrowid

    def assessments(self) -> list[StoredAssessment]:
        """Every assessment, oldest first (by the day it counts for, then when it was taken)."""
        rows = self.conn.execute(
            "SELECT id, date, taken_at, protocol_name, protocol_version, sides, answers, result, red_flag"
            " FROM assessments ORDER BY date, taken_at, id"
        )
        return [row_to_assessment(row) for row in rows]

    def _assessment_json(self, id_: int) -> dict[str, Any] | None:
        """One stored assessment as its change records it, or None."""
        row = self.conn.execute(
            "SELECT id, date, taken_at, protocol_name, protocol_version, sides, answers, result, red_flag"
            " FROM assessments WHERE id = ?",
            [id_],
        ).fetchone()
        return row_to_assessment(row).to_json() if row else None

    def assessment_summaries(self) -> list[AssessmentSummary]:
        """What the plan needs of every assessment, oldest first."""
        rows = self.conn.execute(
            "SELECT date, red_flag, result FROM assessments WHERE date >= ? ORDER BY date, taken_at, id",
            [EARLIEST_DAY.isoformat()],  # as days() leaves out a day before the days hht records
        )
        out = []
        for day, flag, result in rows:
            try:
                on = date.fromisoformat(day)
            except ValueError:  # a date no calendar has (a hand edit)
                raise self._not_a_date("assessments") from None
            out.append(summary(on, bool(flag), json.loads(result)))
        return out

    def sides(self) -> list[str] | None:
        """The runner's affected sides: those of the latest assessment by date, or None."""
        row = self.conn.execute(
            "SELECT sides FROM assessments ORDER BY date DESC, taken_at DESC, id DESC LIMIT 1"
        ).fetchone()
        return json.loads(row[0]) if row else None

    # -- protocols adopted ---------------------------------------------------

    def protocol_uses(self) -> list[ProtocolUse]:
        """Every protocol adopted, in the order they apply (by date, then as adopted)."""
        if "protocol_uses" not in dict(self.tables()):
            return []
        rows = self.conn.execute(
            "SELECT id, from_date, name, version, source, content, reason, start_stage,"
            " adopted_at, noticed FROM protocol_uses ORDER BY from_date, id"
        )
        return [ProtocolUse(r[0], date.fromisoformat(r[1]), *r[2:]) for r in rows]

    def add_protocol_use(
        self, on: date, name: str, version: str, source: str, content: str, reason: str, start: int | None = None
    ) -> int:
        """Store that a protocol applies from `on`, recording no change (adopt() records one)."""
        cursor = self.conn.execute(
            "INSERT INTO protocol_uses (from_date, name, version, source, content, reason, start_stage, adopted_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [on.isoformat(), name, version, source, content, reason, start, _now()],
        )
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    def adopt(self, uses: Sequence[dict[str, Any]]) -> int:
        """Store the protocols one `hht protocol use` adopts (each add_protocol_use's
        arguments, oldest first, the protocol chosen last) and record them as one
        change, which `hht undo` reverses whole; call inside write()."""
        saved = [self._protocol_use_json(self.add_protocol_use(**use)) for use in uses]
        chosen = saved[-1]
        assert chosen is not None  # added a moment ago
        return self._record(chosen["from_date"], "insert", None, {"uses": saved}, kind="protocol")

    def _protocol_use_json(self, id_: int) -> dict[str, Any] | None:
        """One protocol use as its change records it, or None."""
        row = self.conn.execute(f"SELECT {', '.join(USE_COLUMNS)} FROM protocol_uses WHERE id = ?", [id_]).fetchone()
        return dict(zip(USE_COLUMNS, row)) if row else None

    def mark_noticed(self, use_id: int, content: str) -> None:
        """The source file's later content, once said to the runner; call inside write().

        Not a change in the audit trail: it changes no rule that applies (the
        copy adopted still does), only that the edit need not be said again.
        """
        self.conn.execute("UPDATE protocol_uses SET noticed = ? WHERE id = ?", [content, use_id])


def _replaced(old: dict[str, Any], new: dict[str, Any], field: str) -> bool:
    """Whether a value already recorded was changed (not merely filled in)."""
    if field == "partial":  # the dose only means something once a session is logged
        return old["exercise"] is not None and old["partial"] != new["partial"]
    return old[field] is not None and old[field] != new[field]
