"""The one module that owns hht's SQLite database.

Where it lives: `--db PATH`, else $HHT_DB, else `hht.db` in the user's data
directory. The folder is created 0700 and the file 0600. The file is marked
as hht's with SQLite's application_id; its schema version is user_version,
kept equal to the number of applied migrations. A file that is not ours, or
that a newer hht wrote, is refused before anything is written to it.

Every write goes through `Store.write()`: one `BEGIN IMMEDIATE` transaction
that commits whole or rolls back whole (Ctrl-C included).
"""

from __future__ import annotations

import os
import sqlite3
import sys
from contextlib import contextmanager
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any, Iterator

from sqlite_utils import Database, Migrations

from hht.errors import StorageError
from hht.progression import AssessmentSummary, Day

APP_ID = 0x48485431  # "HHT1" in the SQLite header: this file is hht's
SQLITE_MAGIC = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 10_000
DAY_FIELDS = ("morning", "exercise", "partial", "run", "sitting", "note")

migrations = Migrations("hht")


@migrations()
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


SCHEMA_VERSION = len(migrations._migrations)


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
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _inspect(path: Path) -> None:
    """Refuse a file that is not hht's, without writing to it."""
    try:
        with open(path, "rb") as handle:
            header = handle.read(100)
    except PermissionError:
        raise StorageError(f"{path} cannot be read (permission denied).") from None
    except OSError as exc:
        raise StorageError(f"{path} cannot be read ({exc.strerror}).") from None
    if not header:
        return  # an empty file: a new database
    if not header.startswith(SQLITE_MAGIC) or len(header) < 100:
        raise StorageError(f"{path} is not an hht database (it is not an SQLite file); it was left untouched.")
    app_id = int.from_bytes(header[68:72], "big")
    if app_id == APP_ID:
        return
    if app_id == 0 and _has_no_tables(path):
        return  # an empty SQLite file: safe to make it ours
    raise StorageError(f"{path} is an SQLite database but not hht's; it was left untouched.")


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
        self.db = Database(conn)
        self.path = path

    # -- lifecycle ---------------------------------------------------------

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def write(self) -> Iterator["Store"]:
        """One write transaction: all of it lands, or none of it."""
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise _storage_error(self.path, exc) from None
        try:
            yield self
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        try:
            self.conn.execute("COMMIT")
        except sqlite3.OperationalError as exc:
            self.conn.execute("ROLLBACK")
            raise _storage_error(self.path, exc) from None

    # -- days --------------------------------------------------------------

    def days(self, until: date | None = None) -> list[Day]:
        sql = "SELECT date, morning, exercise, partial, run, sitting, note FROM entries"
        args: list[Any] = []
        if until is not None:
            sql += " WHERE date <= ?"
            args.append(until.isoformat())
        sql += " ORDER BY date"
        return [_row_to_day(row) for row in self.conn.execute(sql, args)]

    def day(self, on: date) -> Day | None:
        row = self.conn.execute(
            "SELECT date, morning, exercise, partial, run, sitting, note FROM entries WHERE date = ?",
            [on.isoformat()],
        ).fetchone()
        return _row_to_day(row) if row else None

    def save_day(self, on: date, values: dict[str, Any]) -> tuple[Day | None, Day]:
        """Merge the given fields into the day's entry. Call inside write()."""
        unknown = set(values) - set(DAY_FIELDS)
        if unknown:
            raise ValueError(f"unknown fields {sorted(unknown)}")
        old = self.day(on)
        stamp = _now()
        if old is None:
            row = {f: values.get(f) for f in DAY_FIELDS}
            row["partial"] = int(bool(row["partial"]))
            self.conn.execute(
                "INSERT INTO entries (date, morning, exercise, partial, run, sitting, note, created_at, updated_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [on.isoformat(), *(row[f] for f in DAY_FIELDS), stamp, stamp],
            )
        elif values:
            sets = ", ".join(f"{f} = ?" for f in values)
            args = [int(v) if isinstance(v, bool) else v for v in values.values()]
            self.conn.execute(
                f"UPDATE entries SET {sets}, updated_at = ? WHERE date = ?",
                [*args, stamp, on.isoformat()],
            )
        new = self.day(on)
        assert new is not None
        return old, new

    # -- assessments -------------------------------------------------------

    def assessment_summaries(self) -> list[AssessmentSummary]:
        """What the progression needs of each assessment, oldest first."""
        return []  # real one comes with issue 3

    # -- profile -----------------------------------------------------------

    def profile(self) -> dict[str, str]:
        return dict(self.conn.execute("SELECT key, value FROM profile").fetchall())

    def set_profile(self, key: str, value: str) -> None:
        self.conn.execute(
            "INSERT INTO profile (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            [key, value],
        )


def _row_to_day(row: tuple) -> Day:
    d, morning, exercise, partial, run, sitting, note = row
    return Day(date.fromisoformat(d), morning, exercise, bool(partial), run, sitting, note)


def _storage_error(path: Path | None, exc: sqlite3.Error) -> StorageError:
    text = str(exc)
    where = path or "the database"
    if "readonly" in text or "read-only" in text:
        return StorageError(f"{where} cannot be written: the file or its folder is read-only.")
    if "unable to open" in text:
        return StorageError(f"{where} cannot be opened: check that its folder exists and is writable.")
    if "locked" in text or "busy" in text:
        return StorageError(f"{where} is busy in another hht for too long; try again.")
    if "disk is full" in text or "full" in text:
        return StorageError(f"{where} cannot be written: the disk is full.")
    return StorageError(f"{where} cannot be used: {text}.")


def open_store(path: Path, *, create: bool = True) -> Store:
    """Open (creating if asked and needed) and migrate the database at path.

    With create=False and no file, an empty in-memory store stands in, so a
    read-only command on a new machine shows an empty history and writes
    nothing.
    """
    if path.is_dir():
        raise StorageError(f"{path} is a folder, not a database file.")
    if path.exists():
        _inspect(path)
    elif not create:
        return _migrated(sqlite3.connect(":memory:", isolation_level=None), None)
    else:
        _create_file(path)
    old_umask = os.umask(0o077)  # the -wal and -shm files: owner only
    try:
        conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
        try:
            return _migrated(conn, path)
        except BaseException:
            conn.close()
            raise
    except sqlite3.DatabaseError as exc:
        raise _storage_error(path, exc) from None
    finally:
        os.umask(old_umask)


def _migrated(conn: sqlite3.Connection, path: Path | None) -> Store:
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise StorageError(
            f"{path} was written by a newer hht (schema {version}; this one knows up to "
            f"{SCHEMA_VERSION}): upgrade hht to use it. The file was left untouched."
        )
    conn.execute("PRAGMA foreign_keys = ON")
    store = Store(conn, path)
    if version < SCHEMA_VERSION:
        # A new file is created in rollback-journal mode, so that the
        # application_id lands in the main file's header at once.
        with store.write():
            current = conn.execute("PRAGMA user_version").fetchone()[0]
            if current < SCHEMA_VERSION:  # another hht may have migrated meanwhile
                conn.execute(f"PRAGMA application_id = {APP_ID}")
                migrations.apply(store.db)
                conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    if path is not None and conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
        conn.execute("PRAGMA journal_mode = WAL")
    return store
