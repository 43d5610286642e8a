"""The one module that owns hht's SQLite database.

Where it lives: `--db PATH`, else $HHT_DB, else `hht.db` in the user's data
directory. The folder is created 0700 and the file 0600. The file is marked
as hht's with SQLite's application_id; its schema version is user_version,
kept equal to the number of applied migrations. A file that is not ours, or
that a newer hht wrote, is refused before anything is written to it.

Every write goes through `Store.write()`: one `BEGIN IMMEDIATE` transaction
that commits whole or rolls back whole (Ctrl-C included). Every write to an
entry, and every assessment saved, is recorded in the `changes` table in the
same transaction, so a correction keeps the values it replaced and either
kind of change can be undone; so is every protocol adopted.

Before a pending migration is applied to a file that already holds an hht
schema, the file is copied aside with SQLite's backup API.
"""

from __future__ import annotations

import json
import os
import sqlite3
import stat
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from datetime import UTC, date, datetime
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:  # sqlite-utils is imported where it is used, to keep start-up fast
    from sqlite_utils import Database


from hht import faults
from hht.errors import StorageError
from hht.messages import NOTHING_TO_UNDO
from hht.rules.records import FIELDS, AssessmentSummary, Day, ProtocolUse, StoredAssessment, summary
from hht.store import faults as db_faults

APP_ID = 0x48485431  # "HHT1" in the SQLite header: this file is hht's
SQLITE_MAGIC = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 10_000
CACHE_KB = 512  # SQLite's page cache, per connection
DAY_FIELDS = FIELDS
ENTRY_COLUMNS = ("date", *DAY_FIELDS, "created_at", "updated_at")
DAY_SELECT = "date, morning, exercise, partial, run, sitting, note, load_test"  # in Day's order
# A protocol adopted as its change records it: every column but `noticed`, a
# note of what `hht log` has said about the file since (not part of the adoption).
USE_COLUMNS = ("id", "from_date", "name", "version", "source", "content", "reason", "start_stage", "adopted_at")
# What an export holds: each table with the column that orders its rows.
# A table this database does not have (yet) is left out.
EXPORT_TABLES = (
    ("profile", "key"),
    ("entries", "date"),
    ("assessments", "id"),
    ("changes", "id"),
    ("protocol_uses", "id"),
)


def m001_initial(db: Database) -> None:
    db.execute(
        """
        CREATE TABLE entries (
            date TEXT PRIMARY KEY CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
            morning INTEGER CHECK (morning BETWEEN 0 AND 10),
            exercise INTEGER CHECK (exercise BETWEEN 0 AND 10),
            partial INTEGER NOT NULL DEFAULT 0 CHECK (partial IN (0, 1)),
            run INTEGER CHECK (run BETWEEN 0 AND 10),
            sitting INTEGER CHECK (sitting BETWEEN 0 AND 10),
            note TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )
        """
    )
    db.execute("CREATE TABLE profile (key TEXT PRIMARY KEY, value TEXT NOT NULL)")


def m002_assessments(db: Database) -> None:
    """Assessments: every answer, the result, and the protocol that scored it."""
    if "assessments" in db.table_names():
        return
    db.execute(
        """
        CREATE TABLE assessments (
            id INTEGER PRIMARY KEY,
            date TEXT NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
            taken_at TEXT NOT NULL,
            protocol_name TEXT NOT NULL,
            protocol_version TEXT NOT NULL,
            sides TEXT NOT NULL,
            answers TEXT NOT NULL,
            result TEXT NOT NULL,
            red_flag INTEGER NOT NULL CHECK (red_flag IN (0, 1))
        )
        """
    )
    db.execute("CREATE INDEX assessments_by_date ON assessments (date, taken_at)")


def m003_changes(db: Database) -> None:
    """The audit trail: one row per write to an entry, with the row before and after."""
    db.execute(
        """
        CREATE TABLE IF NOT EXISTS changes (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            at TEXT NOT NULL,
            date TEXT NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
            action TEXT NOT NULL CHECK (action IN ('insert', 'update', 'delete', 'undo')),
            old TEXT CHECK (old IS NULL OR json_valid(old)),
            new TEXT CHECK (new IS NULL OR json_valid(new)),
            undoes INTEGER REFERENCES changes (id),
            CHECK ((action = 'undo') = (undoes IS NOT NULL)),
            CHECK (old IS NOT NULL OR new IS NOT NULL)
        )
        """
    )
    db.execute("CREATE INDEX IF NOT EXISTS changes_by_date ON changes (date)")
    # A change is undone at most once.
    db.execute("CREATE UNIQUE INDEX IF NOT EXISTS changes_undone_once ON changes (undoes)")


def m004_checkpoints(db: Database) -> None:
    """A memo of the folds, once kept here; m005 drops it (migrations are append-only)."""
    db.execute(
        """
        CREATE TABLE IF NOT EXISTS checkpoints (
            key TEXT PRIMARY KEY,
            through TEXT NOT NULL CHECK (through GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
            state TEXT NOT NULL CHECK (json_valid(state))
        )
        """
    )


def m005_drop_checkpoints(db: Database) -> None:
    """The plan is derived from the log on every command; nothing about it is kept."""
    db.execute("DROP TABLE IF EXISTS checkpoints")


def m006_assessment_changes(db: Database) -> None:
    """The audit trail covers assessments too: `kind` says which table a change wrote.

    An assessment's change keeps the whole assessment (as `hht assess --history
    --json` shows one) in `new` when it is saved, and in `old` when an undo
    removes it. Assessments saved before this step have no change recorded:
    `hht assess --history` still lists them, and `hht undo` does not reach them.
    """
    if "kind" not in db["changes"].columns_dict:
        db.execute(
            "ALTER TABLE changes ADD COLUMN kind TEXT NOT NULL DEFAULT 'entry' CHECK (kind IN ('entry', 'assessment'))"
        )


def m007_load_test_and_protocols(db: Database) -> None:
    """A day's load test (the protocol's daily "meaningful task", rated 0-10),
    and which protocol applies from which day.

    Changes recorded before this step keep entry snapshots without the load
    test; they read as a load test not logged. `protocol_uses` holds each
    protocol adopted (`hht protocol use`), from its day, with a copy of the
    file as adopted, so the past keeps the rules it was lived under.
    """
    if "load_test" not in db["entries"].columns_dict:
        db.execute("ALTER TABLE entries ADD COLUMN load_test INTEGER CHECK (load_test BETWEEN 0 AND 10)")
    db.execute(
        """
        CREATE TABLE IF NOT EXISTS protocol_uses (
            id INTEGER PRIMARY KEY,
            from_date TEXT NOT NULL CHECK (from_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
            name TEXT NOT NULL,
            version TEXT NOT NULL,
            source TEXT NOT NULL,
            content TEXT NOT NULL,
            reason TEXT NOT NULL,
            start_stage INTEGER CHECK (start_stage IS NULL OR start_stage >= 1),
            adopted_at TEXT NOT NULL,
            noticed TEXT
        )
        """
    )


def m008_protocol_changes(db: Database) -> None:
    """The audit trail covers protocols adopted too: `changes.kind` admits 'protocol'.

    SQLite cannot alter a CHECK, so the table is rebuilt with the same columns
    in the same order, every row and id kept, its AUTOINCREMENT counter and
    its indexes as they were. The old table is renamed aside first (its
    reference to itself follows the new name), so no row of the new one ever
    refers to a table being dropped. Adoptions made before this step have no
    change recorded: `hht protocol list` still lists them, and `hht undo`
    does not reach them (as m006 left the assessments before it).
    """
    sql = db.execute("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'changes'").fetchone()[0]
    if "'protocol'" in sql:
        return
    seq = db.execute("SELECT seq FROM sqlite_sequence WHERE name = 'changes'").fetchone()
    # The indexes go with the old table, and are dropped with it: the one on `undoes`
    # keeps the drop's check of its reference to itself from scanning once a row.
    db.execute("ALTER TABLE changes RENAME TO changes_before_m008")
    db.execute(
        """
        CREATE TABLE changes (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            at TEXT NOT NULL,
            date TEXT NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
            action TEXT NOT NULL CHECK (action IN ('insert', 'update', 'delete', 'undo')),
            old TEXT CHECK (old IS NULL OR json_valid(old)),
            new TEXT CHECK (new IS NULL OR json_valid(new)),
            undoes INTEGER REFERENCES changes (id),
            kind TEXT NOT NULL DEFAULT 'entry' CHECK (kind IN ('entry', 'assessment', 'protocol')),
            CHECK ((action = 'undo') = (undoes IS NOT NULL)),
            CHECK (old IS NOT NULL OR new IS NOT NULL)
        )
        """
    )
    columns = "id, at, date, action, old, new, undoes, kind"
    db.execute(f"INSERT INTO changes ({columns}) SELECT {columns} FROM changes_before_m008 ORDER BY id")
    db.execute("DROP TABLE changes_before_m008")
    if seq is not None:
        db.execute("UPDATE sqlite_sequence SET seq = ? WHERE name = 'changes'", [seq[0]])
    db.execute("CREATE INDEX changes_by_date ON changes (date)")
    # A change is undone at most once.
    db.execute("CREATE UNIQUE INDEX changes_undone_once ON changes (undoes)")


# The schema, in order: each function is one named step, applied once. The
# schema version (PRAGMA user_version) is how many have been applied.
MIGRATIONS = (
    m001_initial,
    m002_assessments,
    m003_changes,
    m004_checkpoints,
    m005_drop_checkpoints,
    m006_assessment_changes,
    m007_load_test_and_protocols,
    m008_protocol_changes,
)
SCHEMA_VERSION = len(MIGRATIONS)


def migrate(db: Database, start: int = 0, stop: int = SCHEMA_VERSION) -> None:
    """Apply the steps after the first `start` up to `stop`, in order.

    The schema version is the file's PRAGMA user_version, the one record of
    which steps a file has had (the caller sets it in the same transaction).
    Files upgraded by hht before 0.2 also hold sqlite-utils' own
    _sqlite_migrations table; it is no longer read or written.
    """
    for step in MIGRATIONS[start:stop]:
        step(db)


def data_dir() -> Path:
    """The user's data directory for hht, per platform conventions."""
    home = Path.home()
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or home / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = home / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or home / ".local" / "share")
    return base / "hht"


def resolve_path(option: str | None) -> Path:
    """--db wins, then $HHT_DB, then the data directory."""
    chosen = option or os.environ.get("HHT_DB")
    if chosen:
        return Path(chosen).expanduser()
    return data_dir() / "hht.db"


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _stamp() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")


def backup_name(path: Path, label: str) -> Path:
    """A fresh name beside the database: `hht.db.<label>-<UTC stamp>`."""
    base = path.with_name(f"{path.name}.{label}-{_stamp()}")
    candidate, n = base, 1
    while candidate.exists():
        n += 1
        candidate = base.with_name(f"{base.name}-{n}")
    return candidate


def copy_database(source: Path, dest: Path) -> Path:
    """Copy the database at source to dest with SQLite's backup API.

    Reads through its own connection, so it works while another connection
    holds the write lock. dest is created 0600 and must not exist. The copy
    is written to a temporary name beside dest, checked (PRAGMA quick_check)
    and synced, then linked into place: a kill at any moment leaves either no
    file at dest or a complete one (at worst a `.partial` file beside it).
    """
    import tempfile

    from hht.files import describe_os_error

    if os.path.lexists(dest):
        raise StorageError(
            f"Cannot write {dest}: it already exists, and hht never overwrites a file (choose another name)."
        )
    try:
        fd, name = tempfile.mkstemp(prefix=f".{dest.name}.", suffix=".partial", dir=dest.parent)
    except OSError as exc:
        raise StorageError(f"Cannot write {dest}: {describe_os_error(exc, dest, writing=True)}.") from None
    os.close(fd)
    temp = Path(name)
    old_umask = os.umask(0o077)
    try:
        reader = sqlite3.connect(source, timeout=BUSY_TIMEOUT_MS / 1000)
        writer = sqlite3.connect(temp, isolation_level=None)
        try:
            reader.backup(writer)
            if writer.execute("PRAGMA quick_check").fetchall() != [("ok",)]:
                raise StorageError(f"The copy of {source} did not check out whole; {dest} was not written.")
        finally:
            writer.close()
            reader.close()
        fd = os.open(temp, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
        os.link(temp, dest)  # never over an existing file
        temp.unlink()
        _sync_folder(dest.parent)
    except BaseException as exc:
        temp.unlink(missing_ok=True)
        if isinstance(exc, sqlite3.Error):
            raise db_faults.storage_error(source if db_faults.is_damaged(exc) else dest, exc) from None
        if isinstance(exc, FileExistsError):
            raise StorageError(f"Cannot write {dest}: it already exists, and hht never overwrites a file.") from None
        if isinstance(exc, OSError):
            raise StorageError(f"Cannot write {dest}: {describe_os_error(exc, dest, writing=True)}.") from None
        raise
    finally:
        os.umask(old_umask)
    return dest


def _sync_folder(folder: Path) -> None:
    """Make a new name in folder durable (a no-op where folders cannot be opened)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def say(message: str) -> None:
    """One line to the user on stderr, beside what the command prints."""
    print(f"hht: {message}", file=sys.stderr)


def _inspect(path: Path) -> None:
    """Refuse a file that is not hht's, without writing to it."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise StorageError(f"{path} cannot be read: {faults.os_reason(exc)}.") from None
    try:
        header = os.read(fd, 100)
    except OSError as exc:
        raise StorageError(f"{path} cannot be read: {faults.os_reason(exc)}.") from None
    finally:
        os.close(fd)
    if not header:
        return  # an empty file: a new database
    if not header.startswith(SQLITE_MAGIC) or len(header) < 100:
        raise StorageError(
            f"{path} is not an hht database (it is not an SQLite file); it was left untouched." + _if_damaged(path)
        )
    app_id = int.from_bytes(header[68:72], "big")
    if app_id == APP_ID:
        return
    if app_id == 0 and _has_no_tables(path):
        return  # an empty SQLite file: safe to make it ours
    raise StorageError(f"{path} is an SQLite database but not hht's; it was left untouched." + _if_damaged(path))


def _if_damaged(path: Path) -> str:
    """When a backup lies beside a file that is not hht's, the file is most
    likely a damaged database: say so, and how to restore it."""
    if db_faults.newest_backup(path) is None:
        return ""
    return f" If it was your hht database, it is damaged. {db_faults.restore_advice(path)}"


def _regular_or_absent(path: Path) -> bool:
    """Whether a file exists at path; refuses, before opening anything, a
    path that is a folder, a FIFO, a device or a socket, or cannot be reached."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return False
    except OSError as exc:
        raise StorageError(f"{path} cannot be reached: {faults.os_reason(exc)}.") from None
    if stat.S_ISDIR(mode):
        raise StorageError(f"{path} is a folder, not a database file.")
    if not stat.S_ISREG(mode):
        raise StorageError(
            f"{path} is not a regular file (a pipe, device or socket); hht keeps its data in a plain file."
        )
    return True


def _has_no_tables(path: Path) -> bool:
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            return conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] == 0
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return False


def _create_file(path: Path) -> None:
    parent = path.parent
    try:
        if not parent.exists():
            parent.mkdir(mode=0o700, parents=True)
            os.chmod(parent, 0o700)
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        os.close(fd)
    except FileExistsError:
        pass  # another hht created it a moment ago
    except PermissionError:
        raise StorageError(f"Cannot create the database at {path}: permission denied.") from None
    except OSError as exc:
        raise StorageError(f"Cannot create the database at {path}: {exc.strerror}.") from None


class Store:
    """An open hht database. Use as a context manager or call close()."""

    def __init__(self, conn: sqlite3.Connection, path: Path | None):
        self.conn = conn
        self.path = path

    @cached_property
    def db(self) -> Database:
        """The connection as a sqlite-utils Database, for migrations and table introspection."""
        from sqlite_utils import Database

        return Database(self.conn)

    # -- lifecycle ---------------------------------------------------------

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def write(self) -> Iterator[Store]:
        """One write transaction: all of it lands, or none of it."""
        try:
            self.conn.execute("BEGIN IMMEDIATE")
            if not self._whole():
                raise db_faults.damaged(self.path)
        except sqlite3.Error as exc:
            self._rollback()
            raise db_faults.storage_error(self.path, exc) from None
        except BaseException:
            self._rollback()
            raise
        try:
            yield self
        except BaseException:  # an SQLite error is the error boundary's to describe
            self._rollback()
            raise
        try:
            self.conn.execute("COMMIT")
        except sqlite3.Error as exc:
            self._rollback()
            raise db_faults.storage_error(self.path, exc) from None

    def _whole(self) -> bool:
        """Whether the file's structure is whole (every page, b-tree and the free
        list), checked before each write: no write goes into a file SQLite finds
        damaged, as it would spread the damage.

        The structure only: re-running every row's CHECK constraints (each audit
        record parsed as JSON again) would cost most of the check, some 12 ms of
        15 at ten years of history, for rows SQLite checked as they were written.
        `hht check` runs the whole integrity check. The constraints are on again
        before anything is written.
        """
        self.conn.execute("PRAGMA ignore_check_constraints = ON")
        try:
            return self.conn.execute("PRAGMA quick_check(1)").fetchone() == ("ok",)
        finally:
            self.conn.execute("PRAGMA ignore_check_constraints = OFF")

    def _rollback(self) -> None:
        """Roll back what is open; SQLite has already done it after a disk error."""
        if self.conn.in_transaction:
            with suppress(sqlite3.Error):
                self.conn.execute("ROLLBACK")

    # -- days --------------------------------------------------------------

    def days(self, until: date | None = None, after: date | None = None) -> list[Day]:
        """The logged days, oldest first: those after `after` and up to `until`, where given."""
        sql = f"SELECT {DAY_SELECT} FROM entries"
        where: list[str] = []
        args: list[Any] = []
        if after is not None:
            where.append("date > ?")
            args.append(after.isoformat())
        if until is not None:
            where.append("date <= ?")
            args.append(until.isoformat())
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY date"
        # _row_to_day inlined (the columns are in Day's order), and each Day built as the tuple
        # it is: a long history reads thousands of rows on every daily command.
        day, iso = Day, date.fromisoformat
        return [
            tuple.__new__(day, (iso(row[0]), row[1], row[2], bool(row[3]), *row[4:]))
            for row in self.conn.execute(sql, args)
        ]

    def day(self, on: date) -> Day | None:
        row = self.conn.execute(
            f"SELECT {DAY_SELECT} FROM entries WHERE date = ?",
            [on.isoformat()],
        ).fetchone()
        return _row_to_day(row) if row else None

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
        unknown = set(values) - set(DAY_FIELDS)
        if unknown:
            raise ValueError(f"unknown fields {sorted(unknown)}")
        values = {f: int(v) if isinstance(v, bool) else v for f, v in values.items()}
        old = self._entry(on)
        stamp = _now()
        if old is None:
            row = {f: values.get(f) for f in DAY_FIELDS}
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
        return (_dict_to_day(old) if old else None), new

    def _put_entry(self, row: dict[str, Any]) -> None:
        """Insert the row, or replace the day's row with it: every column."""
        self.conn.execute(
            f"INSERT OR REPLACE INTO entries ({', '.join(ENTRY_COLUMNS)}) VALUES ({', '.join('?' * len(ENTRY_COLUMNS))})",
            [row.get(c) for c in ENTRY_COLUMNS],  # a snapshot from before m007 has no load_test
        )

    def _record(
        self, day: str, action: str, old: dict | None, new: dict | None, undoes: int | None = None, kind: str = "entry"
    ) -> int:
        cursor = self.conn.execute(
            "INSERT INTO changes (at, date, action, old, new, undoes, kind) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [_now(), day, action, _to_json(old), _to_json(new), undoes, kind],
        )
        return int(cursor.lastrowid)

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
            old, new = _snapshot(old_json), _snapshot(new_json)
            for field in DAY_FIELDS:
                if _replaced(old, new, field):
                    out.append({"date": day, "at": at, "field": field, "old": old[field], "new": new[field]})
        return out

    # -- copies --------------------------------------------------------------

    def backup_to(self, dest: Path) -> Path:
        """A consistent copy of this database at dest (0600), which must not exist."""
        if self.path is None:
            raise StorageError("There is no database file yet, so there is nothing to back up.")
        return copy_database(self.path, dest)

    @contextmanager
    def snapshot(self) -> Iterator[Store]:
        """One read transaction: every query inside sees the same moment."""
        self.conn.execute("BEGIN")
        try:
            yield self
        finally:
            self.conn.execute("COMMIT")

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
                f"{self.path} already holds data; hht imports only into an empty database "
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

    def integrity_problems(self) -> list[str]:
        """What SQLite finds wrong with the file (PRAGMA integrity_check and
        foreign_key_check), as sentences; empty when it is whole."""
        try:
            found = [r[0] for r in self.conn.execute("PRAGMA integrity_check(20)")]
            if found == ["ok"]:
                found = [
                    f"row {r[1]} of {r[0]} refers to a missing row of {r[2]}"
                    for r in self.conn.execute("PRAGMA foreign_key_check")
                ]
        except sqlite3.DatabaseError as exc:
            if db_faults.is_damaged(exc):
                return [f"SQLite reports the file as damaged ({exc.sqlite_errorname})"]
            raise
        lines = [line for text in found for line in text.splitlines() if line and not line.startswith("***")]
        return [] if found == ["ok"] else [f"SQLite's integrity check: {line}" for line in lines]

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
        return [_row_to_assessment(row) for row in rows]

    def _assessment_json(self, id_: int) -> dict[str, Any] | None:
        """One stored assessment as its change records it, or None."""
        row = self.conn.execute(
            "SELECT id, date, taken_at, protocol_name, protocol_version, sides, answers, result, red_flag"
            " FROM assessments WHERE id = ?",
            [id_],
        ).fetchone()
        return _row_to_assessment(row).to_json() if row else None

    def assessment_summaries(self) -> list[AssessmentSummary]:
        """What the plan needs of every assessment, oldest first."""
        rows = self.conn.execute("SELECT date, red_flag, result FROM assessments ORDER BY date, taken_at, id")
        return [summary(date.fromisoformat(day), bool(flag), json.loads(result)) for day, flag, result in rows]

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
        return self._record(saved[-1]["from_date"], "insert", None, {"uses": saved}, kind="protocol")

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


def _row_to_assessment(row: tuple) -> StoredAssessment:
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


def _row_to_day(row: tuple) -> Day:
    d, morning, exercise, partial, run, sitting, note, load_test = row
    return Day(date.fromisoformat(d), morning, exercise, bool(partial), run, sitting, note, load_test)


def _dict_to_day(row: dict[str, Any]) -> Day:
    return _row_to_day(tuple(row.get(c) for c in DAY_SELECT.split(", ")))


def _snapshot(text: str | None) -> dict[str, Any] | None:
    """An entry as a change recorded it, with every column (None where a
    snapshot from an earlier schema lacks one)."""
    if not text:
        return None
    row = json.loads(text)
    return {**{c: None for c in ENTRY_COLUMNS}, **row}


def _replaced(old: dict[str, Any], new: dict[str, Any], field: str) -> bool:
    """Whether a value already recorded was changed (not merely filled in)."""
    if field == "partial":  # the dose only means something once a session is logged
        return old["exercise"] is not None and old["partial"] != new["partial"]
    return old[field] is not None and old[field] != new[field]


def _to_json(row: dict[str, Any] | None) -> str | None:
    return None if row is None else json.dumps(row, sort_keys=True, ensure_ascii=False)


_CHANGES_SQL = (
    "SELECT c.id, c.at, c.date, c.action, c.old, c.new, c.undoes, u.id, c.kind FROM changes c"
    " LEFT JOIN changes u ON u.undoes = c.id"
)


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
    kind: str = "entry"  # entry, assessment or protocol

    @classmethod
    def from_row(cls, row: tuple) -> Change:
        id_, at, day, action, old, new, undoes, undone_by, kind = row
        read = _snapshot if kind == "entry" else (lambda text: json.loads(text) if text else None)
        return cls(id_, at, date.fromisoformat(day), action, read(old), read(new), undoes, undone_by, kind)

    @property
    def old_day(self) -> Day | None:
        return _dict_to_day(self.old) if self.old and self.kind == "entry" else None

    @property
    def new_day(self) -> Day | None:
        return _dict_to_day(self.new) if self.new and self.kind == "entry" else None

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


def open_store(path: Path, *, create: bool = True, write: bool = True) -> Store:
    """Open (creating if asked and needed) and migrate the database at path.

    With create=False and no file, an empty in-memory store stands in, so a
    read-only command on a new machine shows an empty history and writes
    nothing. With write=False (the commands that only read) a file that a
    schema upgrade awaits is not upgraded: it is copied into memory and the
    copy upgraded there, so reading never writes; the next command that writes
    upgrades the file, with its backup copy.
    """
    if _regular_or_absent(path):
        _inspect(path)
    elif not create:
        return memory_store()
    else:
        _create_file(path)
    old_umask = os.umask(0o077)  # the -wal and -shm files: owner only
    try:
        conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
        try:
            if not write and conn.execute("PRAGMA user_version").fetchone()[0] < SCHEMA_VERSION:
                return _upgraded_copy(conn)
            return _migrated(conn, path)
        except BaseException:
            conn.close()
            raise
    except sqlite3.DatabaseError as exc:
        raise db_faults.storage_error(path, exc) from None
    finally:
        os.umask(old_umask)


def open_reader(path: Path, *, timeout: float = 2.0) -> Store | None:
    """Open the database at path read-only, or None when there is none yet.

    For `hht status`, which a shell prompt runs at every command: it never
    creates, migrates or writes the file (SQLite opens it with mode=ro), and
    waits at most `timeout` seconds for a lock. A file that needs a schema
    upgrade is refused with a sentence saying how to upgrade it. SQLite may
    leave an empty `-wal` and a `-shm` beside the file (0600, as a writer's),
    which the next hht that writes removes.
    """
    if not _regular_or_absent(path):
        return None
    _inspect(path)
    if path.stat().st_size == 0:
        return None  # created a moment ago by another hht, not yet migrated
    old_umask = os.umask(0o077)  # the -wal and -shm files a reader may create: owner only
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=timeout, isolation_level=None)
        try:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
        except BaseException:
            conn.close()
            raise
    except sqlite3.Error as exc:
        raise db_faults.storage_error(path, exc) from None
    finally:
        os.umask(old_umask)
    if version != SCHEMA_VERSION:
        conn.close()
        if version > SCHEMA_VERSION:
            raise StorageError(
                f"{path} was written by a newer hht (schema {version}; this one knows up "
                f"to {SCHEMA_VERSION}): upgrade hht to use it."
            )
        raise StorageError(f"{path} needs an upgrade to schema {SCHEMA_VERSION}: run `hht today` once.")
    return Store(conn, path)


def memory_store() -> Store:
    """An empty, migrated in-memory store: writes nothing anywhere."""
    return _migrated(sqlite3.connect(":memory:", isolation_level=None), None)


def _upgraded_copy(conn: sqlite3.Connection) -> Store:
    """The file's content, upgraded in memory: for reading a file whose upgrade waits for a write."""
    copy = sqlite3.connect(":memory:", isolation_level=None)
    conn.backup(copy)
    conn.close()
    return _migrated(copy, None)


def _migrated(conn: sqlite3.Connection, path: Path | None) -> Store:
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise StorageError(
            f"{path} was written by a newer hht (schema {version}; this one knows up to "
            f"{SCHEMA_VERSION}): upgrade hht to use it. The file was left untouched."
        )
    conn.execute("PRAGMA foreign_keys = ON")
    # A command reads each page about once (the check before a write reads them all), so
    # SQLite's default 2 MB page cache only raised the peak memory of a long history.
    conn.execute(f"PRAGMA cache_size = -{CACHE_KB}")
    store = Store(conn, path)
    if version < SCHEMA_VERSION:
        # A new file is created in rollback-journal mode, so that the
        # application_id lands in the main file's header at once.
        with store.write():
            current = conn.execute("PRAGMA user_version").fetchone()[0]
            if current < SCHEMA_VERSION:  # another hht may have migrated meanwhile
                if path is not None and current > 0:
                    copy = copy_database(path, backup_name(path, f"bak-{current}"))
                    say(
                        f"upgrading {path} from schema {current} to {SCHEMA_VERSION}; a copy of it as it was is at {copy}."
                    )
                conn.execute(f"PRAGMA application_id = {APP_ID}")
                migrate(store.db, current)
                conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    if path is not None and conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
        conn.execute("PRAGMA journal_mode = WAL")
    return store
