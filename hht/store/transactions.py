"""An open hht database's connection and its transactions.

Every write goes through `write()`: one `BEGIN IMMEDIATE` transaction that
commits whole or rolls back whole (Ctrl-C included), into a file checked
whole first. `snapshot()` is one read transaction. The queries are the
`Store`'s (hht/store/store.py), which is one of these. `integrity_problems()`
is SQLite's whole check of the file, for `hht check`.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Self

from hht.store import faults as db_faults

if TYPE_CHECKING:  # sqlite-utils is imported where it is used, to keep start-up fast
    from sqlite_utils import Database

BUSY_TIMEOUT_MS = 10_000  # how long hht waits for another hht's lock on the file


class Transactions:
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

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def write(self) -> Iterator[Self]:
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

    @contextmanager
    def snapshot(self) -> Iterator[Self]:
        """One read transaction: every query inside sees the same moment."""
        self.conn.execute("BEGIN")
        try:
            yield self
        finally:
            self.conn.execute("COMMIT")
