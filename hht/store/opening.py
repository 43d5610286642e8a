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
from hht.store.schema import SCHEMA_VERSION, TABLES, migrate
from hht.store.store import Store
from hht.store.transactions import BUSY_TIMEOUT_MS

APP_ID = 0x48485431  # "HHT1" in the SQLite header: this file is hht's
SQLITE_MAGIC = b"SQLite format 3\x00"
CACHE_KB = 512  # SQLite's page cache, per connection
MAX_NAME_BYTES = 255  # the longest file name most file systems allow


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
    created = False
    if _regular_or_absent(path):
        _inspect(path)
    elif not create:
        return memory_store()
    else:
        created = _create_file(path)
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
    except BaseException as exc:
        if created:
            _remove_if_empty(path)  # a failed first write leaves no file behind
        if isinstance(exc, sqlite3.DatabaseError):
            raise db_faults.storage_error(path, exc) from None
        raise
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
    if version == SCHEMA_VERSION:
        try:
            _require_tables(conn, path)
        except BaseException:
            conn.close()
            raise
    if version != SCHEMA_VERSION:
        conn.close()
        if version > SCHEMA_VERSION:
            raise StorageError(
                f"{_shown(path)} was written by a newer hht (schema {version}; this one knows up "
                f"to {SCHEMA_VERSION}): upgrade hht to use it."
            )
        raise StorageError(f"{_shown(path)} needs an upgrade to schema {SCHEMA_VERSION}: run `hht today` once.")
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
            f"{_shown(path)} was written by a newer hht (schema {version}; this one knows up to "
            f"{SCHEMA_VERSION}): upgrade hht to use it. The file was left untouched."
        )
    if version == SCHEMA_VERSION:
        _require_tables(conn, path)
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
                            f"upgrading {_shown(path)} from schema {current} to {SCHEMA_VERSION}; "
                            f"a copy of it as it was is at {_shown(copy)}."
                        )
                conn.execute(f"PRAGMA application_id = {APP_ID}")
                migrate(store.db, current)
                conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    if path is not None and conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
        conn.execute("PRAGMA journal_mode = WAL")
    return store


def _require_tables(conn: sqlite3.Connection, path: Path | None) -> None:
    """Refuse a file marked as hht's, at this schema, that lacks a table of it
    (a command would fail on "no such table" the moment it read)."""
    present = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    missing = [name for name in TABLES if name not in present]
    if missing:
        raise StorageError(
            f"{_shown(path)} is marked as an hht database of schema {SCHEMA_VERSION} but lacks its "
            f"table{'s' if len(missing) > 1 else ''} {', '.join(missing)}: it is damaged or was not written by "
            "hht, and was left untouched." + (_if_damaged(path) if path is not None else "")
        )


def _shown(path: Path | str | None) -> str:
    from hht.inputs import shown

    return shown(path) if path is not None else "The database"


def _remove_if_empty(path: Path) -> None:
    """Remove the file this hht created a moment ago, if nothing was written to
    it, with the rollback journal SQLite may have left of that first write."""
    try:
        if os.lstat(path).st_size == 0:
            path.unlink()
            Path(f"{path}-journal").unlink(missing_ok=True)
    except OSError:
        pass


def _inspect(path: Path) -> None:
    """Refuse a file that is not hht's, without writing to it."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise StorageError(f"{_shown(path)} cannot be read: {faults.os_reason(exc)}.") from None
    try:
        header = os.read(fd, 100)
    except OSError as exc:
        raise StorageError(f"{_shown(path)} cannot be read: {faults.os_reason(exc)}.") from None
    finally:
        os.close(fd)
    if not header:
        return  # an empty file: a new database
    if not header.startswith(SQLITE_MAGIC) or len(header) < 100:
        raise StorageError(
            f"{_shown(path)} is not an hht database (it is not an SQLite file); it was left untouched."
            + _if_damaged(path)
        )
    app_id = int.from_bytes(header[68:72], "big")
    if app_id == APP_ID:
        return
    if app_id == 0 and _has_no_tables(path):
        return  # an empty SQLite file: safe to make it ours
    raise StorageError(
        f"{_shown(path)} is an SQLite database but not hht's; it was left untouched." + _if_damaged(path)
    )


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
        raise StorageError(f"{_shown(path)} cannot be reached: {faults.os_reason(exc)}.") from None
    if stat.S_ISDIR(mode):
        raise StorageError(f"{_shown(path)} is a folder, not a database file.")
    if not stat.S_ISREG(mode):
        raise StorageError(
            f"{_shown(path)} is not a regular file (a pipe, device or socket); hht keeps its data in a plain file."
        )
    return True


def problem(path: Path) -> str | None:
    """What keeps the file at path from being a usable hht database, as a
    sentence, or None when every command could use it (`hht check`, before it
    reads). Looks without writing: a path that cannot be reached (a link that
    leads round in a loop, or to nothing), a file that is not regular, an
    empty file, one that is not hht's, one a newer hht wrote, one that lacks
    hht's tables."""
    if os.path.islink(path) and not os.path.exists(path):
        try:
            os.stat(path)
        except FileNotFoundError:
            return (
                f"{_shown(path)} is a symbolic link to {_shown(os.readlink(path))}, which does not exist: "
                "there is no database there."
            )
        except OSError:
            pass
    try:
        _regular_or_absent(path)
        if os.stat(path).st_size == 0:
            return (
                f"{_shown(path)} is empty: it holds no hht data (a first write that failed may have left it). "
                "Remove it, or log a day to start a database in it."
            )
        _inspect(path)
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
        try:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            present = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        finally:
            conn.close()
    except StorageError as exc:
        return str(exc)
    except OSError as exc:
        return f"{_shown(path)} cannot be reached: {faults.os_reason(exc)}."
    except sqlite3.DatabaseError as exc:
        return str(db_faults.storage_error(path, exc))
    if version > SCHEMA_VERSION:
        return (
            f"{_shown(path)} was written by a newer hht (schema {version}; this one knows up to "
            f"{SCHEMA_VERSION}): upgrade hht to check it. The file was left untouched."
        )
    missing = [name for name in TABLES if name not in present]
    if version == SCHEMA_VERSION and missing:
        return (
            f"{_shown(path)} is marked as an hht database of schema {SCHEMA_VERSION} but lacks its "
            f"table{'s' if len(missing) > 1 else ''} {', '.join(missing)}: it is damaged or was not written "
            "by hht." + _if_damaged(path)
        )
    if "entries" not in present:
        return (
            f"{_shown(path)} holds no hht tables: it is an empty database that nothing was ever written to. "
            "Remove it, or log a day to start one in it."
        )
    return None


def _has_no_tables(path: Path) -> bool:
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            return conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] == 0
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return False


def _create_file(path: Path) -> bool:
    """Create the database file, empty and private; whether this hht created it.
    A symbolic link is never created through: SQLite would create its target."""
    parent = path.parent
    if len(os.fsencode(path.name)) > MAX_NAME_BYTES - len(b"-journal"):
        raise StorageError(
            f"Cannot create the database at {_shown(path)}: its name is too long (SQLite keeps files named "
            f"after it with -journal and -wal added, and a name may hold at most {MAX_NAME_BYTES} bytes)."
        )
    if os.path.islink(path):
        raise StorageError(
            f"{_shown(path)} is a symbolic link to {_shown(os.readlink(path))}, which does not exist: hht "
            "creates no database through a link (create the file it points to, or give another --db)."
        )
    try:
        if not parent.exists():
            parent.mkdir(mode=0o700, parents=True)
            os.chmod(parent, 0o700)
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        os.close(fd)
        return True
    except FileExistsError:
        return False  # another hht created it a moment ago
    except PermissionError:
        raise StorageError(f"Cannot create the database at {_shown(path)}: permission denied.") from None
    except OSError as exc:
        raise StorageError(f"Cannot create the database at {_shown(path)}: {faults.os_reason(exc)}.") from None
