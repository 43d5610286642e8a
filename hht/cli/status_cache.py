"""`hht status`'s cache: the line a shell prompt asks for again and again, kept
until anything it depends on changes.

A prompt may run `hht status` before every prompt, while the database
changes a few times a day. So the fast path (hht/launch.py) looks here
first: when the cache holds the answer to the same question, it is printed
and nothing else is read; otherwise hht/cli/status_line.py reads the
database and walks the plan as it always does, and the line it printed is
kept for the next time.

An answer is kept with a key of everything it depends on, and used only
under the same key: this hht (its version, and where it is installed), the
database (its absolute path and its stamp, hht/store/stamp.py, which any
write changes), the day, `--json` or not, the what-if protocol (`--protocol`
or $HHT_PROTOCOL: as given, and the text of the file it names) and the text
of every shipped protocol (the default applies until one is adopted; an
adopted protocol is a copy in the database, so its stamp covers it). Nothing
about the plan is stored in the database, and a database with no stamp (one
written a moment ago, busy, or damaged) is read as if there were no cache.

One small file per database (and per `--json`) in the user's cache
directory (hht/store/location.py's `cache_dir`): the folder 0700, the file
0600, written beside its place and renamed into it. A file that cannot be
read, is not private, not the user's own or not in this form is ignored (and
replaced); a cache that cannot be written is left alone. Whatever goes wrong
here, `hht status` says what it would say without the cache.
"""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Sequence

FORM = "hht status cache 1"  # the file's form: a change to it makes every kept answer a miss
MAX_BYTES = 64 * 1024
MAX_PROTOCOL_BYTES = 1024 * 1024  # more than hht reads of a protocol file (hht/files.py)


def fast(argv: Sequence[str]) -> int | None:
    """`hht status` from the cache, else as hht/cli/status_line.py's `fast` runs it
    (which it then keeps); None when argv is not a plain status call (the CLI takes it)."""
    parsed = parse(argv)
    if parsed is None:
        return None
    place = entry(*parsed)
    if place is not None:
        text = read(*place)
        if text is not None:
            return say(text)
    from hht.cli import status_line

    return status_line.fast(argv, keep=None if place is None else lambda text: write(*place, text))


def parse(argv: Sequence[str]) -> tuple[str | None, str | None, bool] | None:
    """`[--db PATH] [--protocol FILE] status [--json]` as (db, protocol, json); None for anything else."""
    db = protocol = None
    args = list(argv)
    while args and args[0] != "status":
        name, eq, value = args.pop(0).partition("=")
        if name not in ("--db", "--protocol"):
            return None
        if not eq:
            if not args:
                return None
            value = args.pop(0)
        if name == "--db":
            db = value
        else:
            protocol = value
    if not args:
        return None
    rest = args[1:]
    if rest not in ([], ["--json"]):
        return None
    return db, protocol, bool(rest)


def say(text: str) -> int:
    """Print status's answer (nothing for ""), even into a pipe closed early; exit 0."""
    if text:
        try:
            print(text)
            sys.stdout.flush()
        except BrokenPipeError:  # `hht status | head -c 20`
            sys.stdout = None  # nothing left to flush at exit
        except (OSError, ValueError) as exc:  # a full disk, a closed stream: one line, never a traceback
            from hht.faults import os_reason
            from hht.stdio import silence_stdout

            reason = os_reason(exc) if isinstance(exc, OSError) else "it is closed"
            print(f"hht: Cannot write to standard output: {reason}.", file=sys.stderr)
            silence_stdout()
            return 1
    return 0


def entry(db: str | None, protocol: str | None, as_json: bool) -> tuple[str, str] | None:
    """Where the answer to this question is kept, and its key; None when it cannot be kept."""
    try:
        return _entry(db, protocol, as_json)
    except Exception:  # a bad HHT_NOW, a folder that cannot be read: status itself says what is wrong
        return None


def _entry(db: str | None, protocol: str | None, as_json: bool) -> tuple[str, str] | None:
    import zlib

    import hht
    from hht.cli.dates import today
    from hht.store.location import cache_dir, database_path
    from hht.store.stamp import Recent, stamp

    path = os.path.abspath(database_path(db))
    state = stamp(path)
    if state is None:
        return None
    preview = protocol or os.environ.get("HHT_PROTOCOL")  # as hht/cli/context.py's Context.preview
    try:
        protocols = _protocol_files(preview)
    except (OSError, Recent):
        return None
    key = repr(
        (
            FORM,
            hht.__version__,
            os.path.dirname(os.path.abspath(hht.__file__)),
            path,
            state,
            today().isoformat(),
            as_json,
            preview,
            protocols,
        )
    )
    name = zlib.crc32(repr((path, as_json)).encode("utf-8", "surrogateescape"))  # another database's file: a miss
    return os.path.join(cache_dir(), f"status-{name:08x}"), key


def _protocol_files(preview: str | None) -> list[tuple[str, object, int | None]]:
    """Every protocol file the answer may have been read from, with its identity, size
    and times (hht/store/stamp.py's `file_times`) and its text's CRC-32: the shipped
    ones, and the what-if file as named (a shipped protocol's name is one of them)."""
    import zlib

    from hht.rules.protocol.place import shipped_files
    from hht.store.stamp import file_times

    files = shipped_files()
    if preview:
        files.append(os.path.abspath(preview))
    found: list[tuple[str, object, int | None]] = []
    for file in files:
        times = file_times(file)
        text = None
        if times is not None:
            with open(file, "rb") as handle:
                text = zlib.crc32(handle.read(MAX_PROTOCOL_BYTES))
        found.append((file, times, text))
    return found


def read(file: str, key: str) -> str | None:
    """The answer kept at file under key, or None (no file, another key, or a file not to trust)."""
    try:
        fd = os.open(file, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None
    try:
        if not _private(os.fstat(fd)):
            return None
        data = os.read(fd, MAX_BYTES + 1)
    except OSError:
        return None
    finally:
        os.close(fd)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    stored, _, answer = text.partition("\n")
    if stored != key or not answer.endswith("\n") or "\n" in answer[:-1] or len(data) > MAX_BYTES:
        return None
    return answer[:-1] or None


def _private(info: os.stat_result) -> bool:
    """A regular file of the user's own that no one else may read or write."""
    if not stat.S_ISREG(info.st_mode):
        return False
    if os.name == "nt":  # no owner-only modes there; the user's cache folder is the user's
        return True
    return info.st_uid == os.getuid() and not info.st_mode & 0o077


def write(file: str, key: str, text: str) -> None:
    """Keep text (one line) as the answer at file under key: written beside it, 0600, then renamed
    into place. Nothing happens when it cannot be written."""
    if not text or "\n" in text or len(key) + len(text.encode("utf-8", "surrogateescape")) + 2 > MAX_BYTES:
        return
    folder = os.path.dirname(file)
    part = os.path.join(folder, f".{os.path.basename(file)}.{os.getpid()}.part")
    try:
        if not os.path.isdir(folder):
            os.makedirs(folder, mode=0o700)
            os.chmod(folder, 0o700)
        if os.path.lexists(part):
            os.remove(part)  # left by a process of the same number that was stopped mid-write
        fd = os.open(part, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
        try:
            os.write(fd, f"{key}\n{text}\n".encode())
        finally:
            os.close(fd)
        os.replace(part, file)
    except (OSError, UnicodeError):
        import contextlib

        with contextlib.suppress(OSError):
            os.remove(part)
