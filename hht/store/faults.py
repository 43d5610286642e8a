"""SQLite's faults in one sentence each: what happened to which database, and
what to do. Errors are classified by their code, never by their message
text; a damaged file is named with the newest intact backup beside it."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from hht.errors import StorageError
from hht.inputs import shown

DAMAGED_CODES = ("SQLITE_CORRUPT", "SQLITE_NOTADB")


def is_damaged(exc: sqlite3.Error) -> bool:
    name = getattr(exc, "sqlite_errorname", "") or ""
    return name.startswith(DAMAGED_CODES)


def newest_backup(path: Path) -> Path | None:
    """The newest intact copy beside the database (a `hht backup` or an
    upgrade's `.bak-N`), or None."""
    try:
        candidates = [
            p
            for p in path.parent.glob(f"{glob_escape(path.name)}.*")
            if p.is_file()
            and (".backup-" in p.name or ".bak-" in p.name)
            and not p.name.endswith(("-wal", "-shm", "-journal"))
        ]
    except OSError:
        return None
    candidates.sort(key=lambda p: p.stat().st_mtime, reverse=True)
    for candidate in candidates:
        if intact(candidate):
            return candidate
    return None


def glob_escape(name: str) -> str:
    return "".join(f"[{c}]" if c in "*?[" else c for c in name)


def intact(path: Path) -> bool:
    """Whether SQLite finds the file at path whole (PRAGMA quick_check), read-only."""
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            return conn.execute("PRAGMA quick_check").fetchall() == [("ok",)]
        finally:
            conn.close()
    except (sqlite3.Error, OSError):
        return False


def restore_advice(path: Path) -> str:
    """What to do about a damaged database: the newest intact backup and the command that restores it."""
    backup = newest_backup(path)
    if backup is None:
        return (
            "No intact backup was found beside it; keep the file as it is "
            "(a data-recovery tool may still read it) and start a new database with --db."
        )
    from shlex import quote as q

    return (
        f"The newest intact backup beside it is {shown(backup)}; to restore it, run: "
        f"mv {q(str(path))} {q(str(path) + '.damaged')} && cp {q(str(backup))} {q(str(path))}"
    )


def damaged(path: Path | None) -> StorageError:
    where = shown(path) if path else "the database"
    advice = restore_advice(path) if path is not None else ""
    return StorageError(
        f"{where} is damaged (SQLite reports it as malformed); nothing was written to it. {advice}".rstrip()
    )


def storage_error(path: Path | None, exc: sqlite3.Error) -> StorageError:
    """One sentence for an SQLite error, chosen by its code."""
    name = getattr(exc, "sqlite_errorname", "") or ""
    where = shown(path) if path else "the database"
    if name.startswith(DAMAGED_CODES):
        return damaged(path)
    if name.startswith("SQLITE_READONLY"):
        return StorageError(f"{where} cannot be written: the file or its folder is read-only; nothing was saved.")
    if name.startswith("SQLITE_CANTOPEN"):
        return StorageError(f"{where} cannot be opened: check that its folder exists and that you may write there.")
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
        return StorageError(f"{where} is busy in another hht for too long; nothing was saved, try again.")
    if name.startswith("SQLITE_FULL"):
        return StorageError(
            f"{where} cannot be written: the disk is full; nothing was saved (free some space and try again)."
        )
    if name.startswith("SQLITE_IOERR"):
        return StorageError(
            f"{where} could not be read or written (a disk error: the disk may be full, the file larger than "
            "this system allows, or the device failing); nothing was saved."
        )
    if name.startswith(("SQLITE_PERM", "SQLITE_AUTH")):
        return StorageError(f"{where} cannot be used: permission denied.")
    if name.startswith("SQLITE_NOMEM"):
        return StorageError(f"{where} cannot be used: the computer ran out of memory; nothing was saved.")
    if name.startswith("SQLITE_TOOBIG"):
        return StorageError(f"{where} cannot hold a value that large; nothing was saved.")
    detail = str(exc).rstrip(".") or name or type(exc).__name__
    return StorageError(f"{where} cannot be used: {detail}; nothing was saved.")
