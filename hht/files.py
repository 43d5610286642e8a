"""Files hht reads or writes besides its database: written new and private, never over anything."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from hht.errors import HHTError, StorageError, UsageError


def describe_os_error(exc: OSError, path: Path, writing: bool) -> str:
    """Why path could not be used, as the end of a sentence."""
    from hht.faults import os_reason

    if isinstance(exc, FileExistsError):
        return "it already exists, and hht never overwrites a file (choose another name)"
    if isinstance(exc, IsADirectoryError):
        return "it is a folder"
    if isinstance(exc, FileNotFoundError):
        return f"the folder {path.parent} does not exist" if writing else "there is no such file"
    return os_reason(exc)


_reason = describe_os_error


def create_private(path: Path) -> int:
    """Create path (0600) and return its descriptor; refuse to overwrite anything."""
    try:
        return os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except OSError as exc:
        raise StorageError(f"Cannot write {path}: {_reason(exc, path, writing=True)}.") from None


def write_private_with(path: Path, write: Callable[[TextIO], object]) -> None:
    """Have `write` fill a new private file (streaming into it), whole or not at all."""
    fd = create_private(path)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            write(handle)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException as exc:
        path.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise StorageError(f"Cannot write {path}: {_reason(exc, path, writing=True)}.") from None
        raise


# The largest files hht reads, written here once: an export of ten years of
# daily logs is about 5 MB; answers and protocols are a few kilobytes.
MAX_IMPORT_BYTES = 64 * 1024 * 1024
MAX_SMALL_BYTES = 1024 * 1024


def _size_words(limit: int) -> str:
    return f"{limit // (1024 * 1024)} MB"


def read_bytes(
    path: Path, limit: int = MAX_IMPORT_BYTES, error: type[HHTError] = HHTError, label: str | None = None
) -> bytes:
    """A regular file the user named, at most `limit` bytes, or one sentence
    saying why it cannot be read. A pipe, device or folder is refused before
    it is opened, so `/dev/zero` or a FIFO never hangs hht."""
    import stat

    name = label or str(path)
    try:
        info = os.stat(path)
    except OSError as exc:
        raise error(f"Cannot read {name}: {describe_os_error(exc, path, writing=False)}.") from None
    if stat.S_ISDIR(info.st_mode):
        raise error(f"Cannot read {name}: it is a folder.")
    if not stat.S_ISREG(info.st_mode):
        raise error(f"Cannot read {name}: it is not a regular file (a pipe, device or socket); give a plain file.")
    if info.st_size > limit:
        raise error(f"Cannot read {name}: it is larger than {_size_words(limit)}, the most hht reads.")
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as handle:
            data = handle.read(limit + 1)
    except OSError as exc:
        raise error(f"Cannot read {name}: {describe_os_error(exc, path, writing=False)}.") from None
    if len(data) > limit:
        raise error(f"Cannot read {name}: it is larger than {_size_words(limit)}, the most hht reads.")
    return data


def read_stream(stream, name: str, limit: int = MAX_SMALL_BYTES, error: type[HHTError] = HHTError) -> bytes:
    """At most `limit` bytes from an open binary stream (standard input)."""
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise error(f"Cannot read {name}: it is larger than {_size_words(limit)}, the most hht reads.")
    return data


def parse_json(text: str, name: str, error: type[HHTError] = HHTError) -> object:
    """JSON within bounds: whole numbers of at most MAX_DIGITS digits, nesting
    the parser can follow, no NaN or Infinity; one sentence (`error`, naming
    `name`) otherwise. Malformed JSON raises json.JSONDecodeError, for the
    caller to phrase."""
    import json

    try:
        return json.loads(text, parse_int=_bounded_int, parse_constant=_no_constant)
    except _TooBig:
        raise error(f"{name} holds a number longer than {MAX_DIGITS} digits; hht reads nothing that large.") from None
    except json.JSONDecodeError:
        raise
    except RecursionError:
        raise error(f"{name} nests its JSON too deeply for hht to read.") from None
    except ValueError:
        raise error(f"{name} holds a value JSON does not allow (NaN or Infinity).") from None


MAX_DIGITS = 20


class _TooBig(ValueError):
    pass


def _bounded_int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_DIGITS:
        raise _TooBig(text[:30])
    return int(text)


def _no_constant(text: str) -> float:
    raise ValueError(f"{text} is not a number JSON allows")


def check_output(path: Path, force: bool) -> None:
    """Refuse an --output path before any work: a folder, a missing folder, or a file without --force."""
    if path.is_dir():
        raise UsageError(f"--output {path} is a folder; give a file name.")
    if path.exists() and not force:
        raise HHTError(f"{path} already exists; pass --force to overwrite it.")
    if not path.parent.is_dir():
        raise UsageError(f"--output {path}: the folder {path.parent} does not exist.")


def replace_private(path: Path, text: str) -> None:
    """Write text to path whole (see `replace_private_with`)."""
    replace_private_with(path, lambda handle: handle.write(text))


def replace_private_with(path: Path, write: Callable[[TextIO], object]) -> None:
    """Write to path whole: `write` fills a private (0600) temporary file beside
    it, then a rename puts it over path. A failure leaves path as it was."""
    import tempfile  # not on the start-up path of the daily commands (storage imports this module)

    try:
        fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise StorageError(f"Cannot write {path}: {_reason(exc, path, writing=True)}.") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            write(handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException as exc:
        Path(temp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise StorageError(
                f"Cannot write {path}: {_reason(exc, path, writing=True)}; it was left as it was."
            ) from None
        raise


def read_text(path: Path, label: str, kind: str, error: type[HHTError] = UsageError) -> str:
    """A UTF-8 text file's content: a regular file of at most MAX_SMALL_BYTES, checked
    before it is opened (a pipe or /dev/zero never hangs hht). A file that
    cannot be read raises `error` as one sentence: '<label>: no such <kind>.'
    and the like."""
    import stat

    try:
        info = os.stat(path)
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError
        if not stat.S_ISREG(info.st_mode):
            raise error(f"{label}: is not a regular file (a pipe, device or socket); give a plain {kind}.")
        if info.st_size > MAX_SMALL_BYTES:
            raise error(f"{label}: is larger than {_size_words(MAX_SMALL_BYTES)}, the most hht reads for a {kind}.")
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as handle:
            data = handle.read(MAX_SMALL_BYTES + 1)
        if len(data) > MAX_SMALL_BYTES:
            raise error(f"{label}: is larger than {_size_words(MAX_SMALL_BYTES)}, the most hht reads for a {kind}.")
        return data.decode("utf-8")
    except IsADirectoryError:
        raise error(f"{label}: is a folder, not a {kind}.") from None
    except FileNotFoundError:
        raise error(f"{label}: no such {kind}.") from None
    except PermissionError:
        raise error(f"{label}: cannot be read (permission denied).") from None
    except UnicodeDecodeError:
        raise error(f"{label}: is not a UTF-8 text file.") from None
    except OSError as exc:
        from hht.faults import os_reason

        raise error(f"{label}: cannot be read ({os_reason(exc)}).") from None
