"""Copies of the database: a consistent copy beside it, under a fresh name,
that a kill at any moment never leaves half-written (`hht backup`, and the
copy kept before a schema upgrade)."""

from __future__ import annotations

import os
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from hht.errors import StorageError
from hht.inputs import shown
from hht.store import faults as db_faults
from hht.store.transactions import BUSY_TIMEOUT_MS


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
            f"Cannot write {shown(dest)}: it already exists, and hht never overwrites a file (choose another name)."
        )
    try:
        fd, name = tempfile.mkstemp(prefix=f".{dest.name}.", suffix=".partial", dir=dest.parent)
    except OSError as exc:
        raise StorageError(f"Cannot write {shown(dest)}: {describe_os_error(exc, dest, writing=True)}.") from None
    os.close(fd)
    temp = Path(name)
    old_umask = os.umask(0o077)
    try:
        reader = sqlite3.connect(source, timeout=BUSY_TIMEOUT_MS / 1000)
        writer = sqlite3.connect(temp, isolation_level=None)
        try:
            reader.backup(writer)
            if writer.execute("PRAGMA quick_check").fetchall() != [("ok",)]:
                raise StorageError(
                    f"The copy of {shown(source)} did not check out whole; {shown(dest)} was not written."
                )
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
            raise StorageError(
                f"Cannot write {shown(dest)}: it already exists, and hht never overwrites a file."
            ) from None
        if isinstance(exc, OSError):
            raise StorageError(f"Cannot write {shown(dest)}: {describe_os_error(exc, dest, writing=True)}.") from None
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
