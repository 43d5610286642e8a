"""Files hht writes besides its database: always new, always private."""

from __future__ import annotations

import os
from pathlib import Path

from hht.errors import StorageError


def create_private(path: Path) -> int:
    """Create path (0600) and return its descriptor; refuse to overwrite anything."""
    try:
        return os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        raise StorageError(f"{path} already exists; hht never overwrites a file, so choose another name.") from None
    except IsADirectoryError:
        raise StorageError(f"{path} is a folder; give a file name.") from None
    except PermissionError:
        raise StorageError(f"Cannot write {path}: permission denied.") from None
    except FileNotFoundError:
        raise StorageError(f"Cannot write {path}: the folder {path.parent} does not exist.") from None
    except OSError as exc:
        raise StorageError(f"Cannot write {path}: {exc.strerror}.") from None


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
            raise StorageError(f"Cannot write {path}: {exc.strerror}.") from None
        raise
