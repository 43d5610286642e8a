"""A database's stamp: a short text that changes whenever what the database holds may have.

For `hht status`'s cache (hht/cli/status_cache.py), which must never answer
from a database that changed since. The stamp is the file's identity, size
and times (device, inode, size, modification and change times, to the
nanosecond) and those of its write-ahead log, where the log holds anything;
then, read in one query, the schema's version and the newest change
recorded, which every write of hht bumps (an entry saved or undone, an
assessment, a protocol adopted, an import: hht/store/store.py), even within
one tick of a file system's clock. A file written in the last few seconds
gets no stamp at all: a second write in the same tick of its clock could
leave the same times and size.

No stamp (None) for a file that is not there, has a journal from an
interrupted write, is busy, or cannot be read as hht's database: the caller
then reads the database as usual, and says what is wrong. Reading the stamp
opens the file read-only and writes nothing.
"""

from __future__ import annotations

import os
import sqlite3
import time

SETTLED_NS = 3_000_000_000  # older than this, a file's times tell its writes apart (2 s on FAT, a tick elsewhere)

_QUERY = "SELECT (SELECT user_version FROM pragma_user_version), (SELECT max(id) FROM changes)"


class Recent(Exception):
    """A file changed in the last few seconds: its times cannot yet tell a later write apart."""


def stamp(path: str) -> str | None:
    """The stamp of the database at path (absolute), or None; see the module docstring."""
    try:
        main = file_times(path)
        if main is None or os.path.lexists(path + "-journal"):
            return None
        wal = file_times(path + "-wal", empty=None)
    except (OSError, Recent):
        return None
    old_umask = os.umask(0o077)  # the -wal and -shm files a reader may create: owner only
    try:
        conn = sqlite3.connect(f"{_uri(path)}?mode=ro", uri=True, timeout=0)
        try:
            version, newest = conn.execute(_QUERY).fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        return None
    finally:
        os.umask(old_umask)
    return repr((main, wal, version, newest))


def file_times(path: str, empty: str | None = "empty") -> tuple[int, int, int, int, int] | str | None:
    """A file's device, inode, size, and modification and change times (to the nanosecond);
    None when there is no file, `empty` for an empty one (whatever its times). Raises Recent
    for a file changed in the last few seconds, OSError for one that cannot be reached."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return None
    if info.st_size == 0:
        return empty
    if time.time_ns() - max(info.st_mtime_ns, info.st_ctime_ns) < SETTLED_NS:
        raise Recent(path)
    return (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)


def _uri(path: str) -> str:
    """An absolute path as a file: URI for SQLite (pathlib's `as_uri`, without importing pathlib)."""
    path = path.replace(os.sep, "/")
    for char, escape in (("%", "%25"), ("?", "%3F"), ("#", "%23")):
        path = path.replace(char, escape)
    return "file://" + ("" if path.startswith("/") else "/") + path
