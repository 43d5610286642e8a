"""Files hht reads or writes besides its database: written new and private, never over anything."""

from __future__ import annotations

import os
from pathlib import Path

from hht.errors import HHTError, StorageError, UsageError


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
    fd = create_private(path)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
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


def check_output(path: Path, force: bool) -> None:
    """Refuse an --output path before any work: a folder, a missing folder, or a file without --force."""
    if path.is_dir():
        raise UsageError(f"--output {path} is a folder; give a file name.")
    if path.exists() and not force:
        raise HHTError(f"{path} already exists; pass --force to overwrite it.")
    if not path.parent.is_dir():
        raise UsageError(f"--output {path}: the folder {path.parent} does not exist.")


def replace_private(path: Path, text: str) -> None:
    """Write text to path whole: a private (0600) temporary file beside it, then a rename over it."""
    import tempfile  # not on the start-up path of the daily commands (storage imports this module)

    try:
        fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise StorageError(f"Cannot write {path}: {_reason(exc, path, writing=True)}.") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException as exc:
        Path(temp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise StorageError(f"Cannot write {path}: {_reason(exc, path, writing=True)}.") from None
        raise
