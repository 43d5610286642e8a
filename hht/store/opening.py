"""Opening hht's database safely: refusing a file that is not hht's, creating
a new one private, and bringing an older one up to this hht's schema.

The folder is created 0700 and the file 0600. The file is marked as hht's
with SQLite's application_id; its schema version is user_version, kept
equal to the number of applied migrations (hht/store/schema.py). A file
that is not ours, or that a newer hht wrote, is refused before anything is
written to it. Before a pending migration is applied to a file that already
holds an hht schema, the file is copied aside with SQLite's backup API.
"""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path

from hht import faults
from hht.errors import StorageError
from hht.store import faults as db_faults
from hht.store.copies import backup_name, copy_database
from hht.store.schema import SCHEMA_VERSION, migrate
from hht.store.store import Store
from hht.store.transactions import BUSY_TIMEOUT_MS

APP_ID = 0x48485431  # "HHT1" in the SQLite header: this file is hht's
SQLITE_MAGIC = b"SQLite format 3\x00"
CACHE_KB = 512  # SQLite's page cache, per connection


def open_store(path: Path, *, create: bool = True, write: bool = True, notices: list[str] | None = None) -> Store:
    """Open (creating if asked and needed) and migrate the database at path.

    With create=False and no file, an empty in-memory store stands in, so a
    read-only command on a new machine shows an empty history and writes
    nothing. With write=False (the commands that only read) a file that a
    schema upgrade awaits is not upgraded: it is copied into memory and the
    copy upgraded there, so reading never writes; the next command that writes
    upgrades the file, with its backup copy.

    What the runner should be told (that the file is being upgraded, and
    where the copy of it as it was lies) is appended to `notices`, as
    sentences, the moment it is true: a caller that says them even when the
    opening then fails (say them in a `finally`) never leaves a copy unmentioned.
    Storage prints nothing itself.
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
            return _migrated(conn, path, notices)
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


def _migrated(conn: sqlite3.Connection, path: Path | None, notices: list[str] | None = None) -> Store:
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
                    if notices is not None:
                        notices.append(
                            f"upgrading {path} from schema {current} to {SCHEMA_VERSION}; "
                            f"a copy of it as it was is at {copy}."
                        )
                conn.execute(f"PRAGMA application_id = {APP_ID}")
                migrate(store.db, current)
                conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    if path is not None and conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
        conn.execute("PRAGMA journal_mode = WAL")
    return store


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
