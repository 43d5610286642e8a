"""Files hht reads or writes besides its database: written new and private, never over anything."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Callable, TextIO

from hht.errors import HHTError, StorageError


def _reason(exc: OSError, path: Path, writing: bool) -> str:
    """Why path could not be used, as the end of a sentence."""
    if isinstance(exc, FileExistsError):
        return "it already exists, and hht never overwrites a file (choose another name)"
    if isinstance(exc, IsADirectoryError):
        return "it is a folder"
    if isinstance(exc, FileNotFoundError):
        return f"the folder {path.parent} does not exist" if writing else "there is no such file"
    if isinstance(exc, PermissionError):
        return "permission denied"
    return exc.strerror or str(exc)


def create_private(path: Path) -> int:
    """Create path (0600) and return its descriptor; refuse to overwrite anything."""
    try:
        return os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except OSError as exc:
        raise StorageError(f"Cannot write {path}: {_reason(exc, path, writing=True)}.") from None


def write_private(path: Path, text: str) -> None:
    """Write text to a new private file, whole or not at all."""
    write_private_with(path, lambda handle: handle.write(text))


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


def read_bytes(path: Path) -> bytes:
    """A file the user named, or one sentence saying why it cannot be read."""
    try:
        return path.read_bytes()
    except OSError as exc:
        raise HHTError(f"Cannot read {path}: {_reason(exc, path, writing=False)}.") from None
