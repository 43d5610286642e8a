"""Files hht reads or writes besides its database: written new and private, never over anything."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from hht.errors import HHTError, StorageError, UsageError
from hht.inputs import shown


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


def write_private_with(path: Path, write: Callable[[TextIO], object]) -> None:
    """Have `write` fill a new private (0600) file at path, whole or not at all;
    never over anything that is there (a file, a link, dangling or not).

    It is written to a temporary name beside path, synced, then linked into
    place, which fails if anything took the name meanwhile: a failed or
    killed write leaves no file at path (at worst a `.tmp` file beside it)."""
    refuse_output(path, new_only=True)
    temp = _write_temp(path, write)
    try:
        _link_new(temp, path)
    except BaseException as exc:
        temp.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise StorageError(f"Cannot write {shown(path)}: {_reason(exc, path, writing=True)}.") from None
        raise
    _sync_folder(path.parent)


def _link_new(temp: Path, path: Path) -> None:
    """Put temp at path, which must be free: a hard link where the file system
    has them, else a placeholder made with O_EXCL and renamed over."""
    import errno

    try:
        os.link(temp, path)
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EMLINK, errno.ENOSYS):
            raise
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
        os.replace(temp, path)
        return
    temp.unlink()


def _write_temp(path: Path, write: Callable[[TextIO], object]) -> Path:
    """A private temporary file beside path, filled by `write` and synced; removed if anything fails."""
    import tempfile  # not on the start-up path of the daily commands (storage imports this module)

    try:
        fd, name = tempfile.mkstemp(prefix=f".{path.name[:200]}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise StorageError(f"Cannot write {shown(path)}: {_reason(exc, path, writing=True)}.") from None
    temp = Path(name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            write(handle)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException as exc:
        temp.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise StorageError(
                f"Cannot write {shown(path)}: {_reason(exc, path, writing=True)}; nothing was written there."
            ) from None
        raise
    return temp


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


# The largest files hht reads, written here once: an export of ten years of
# daily logs is about 5 MB; answers and protocols are a few kilobytes.
MAX_IMPORT_BYTES = 64 * 1024 * 1024
MAX_SMALL_BYTES = 1024 * 1024


def _size_words(limit: int) -> str:
    return f"{limit // (1024 * 1024)} MB"


class _NotRegular(OSError):
    """What is at a path hht reads is not a regular file."""


class _TooLarge(OSError):
    """A file over the size hht reads."""


def _read_regular(path: Path, limit: int) -> bytes:
    """At most `limit` bytes of the regular file at path (through links).

    What is there is looked at before it is opened, so a FIFO, a device
    (`/dev/zero`, a tape) or a socket is never opened at all; it is opened
    without blocking and looked at again through the open file, so one that
    took the file's place meanwhile is refused too; and it is read with a
    bound, so a file that grows meanwhile cannot make hht read without end.
    Raises IsADirectoryError, _NotRegular, _TooLarge or the OSError met."""
    import stat

    def looked_at(info: os.stat_result) -> None:
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError(21, "Is a directory")
        if not stat.S_ISREG(info.st_mode):
            raise _NotRegular()
        if info.st_size > limit:
            raise _TooLarge()

    looked_at(os.stat(path))
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    with os.fdopen(fd, "rb") as handle:
        looked_at(os.fstat(fd))
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise _TooLarge()
    return data


def read_bytes(
    path: Path, limit: int = MAX_IMPORT_BYTES, error: type[HHTError] = HHTError, label: str | None = None
) -> bytes:
    """A regular file the user named, at most `limit` bytes, or one sentence
    saying why it cannot be read. A pipe, device or folder is refused before
    it is opened, so `/dev/zero` or a FIFO never hangs hht."""
    name = shown(label or path)
    try:
        return _read_regular(path, limit)
    except IsADirectoryError:
        raise error(f"Cannot read {name}: it is a folder.") from None
    except _NotRegular:
        raise error(
            f"Cannot read {name}: it is not a regular file (a pipe, device or socket); give a plain file."
        ) from None
    except _TooLarge:
        raise error(f"Cannot read {name}: it is larger than {_size_words(limit)}, the most hht reads.") from None
    except OSError as exc:
        raise error(f"Cannot read {name}: {describe_os_error(exc, path, writing=False)}.") from None


def read_text_or_none(path: Path, limit: int = MAX_SMALL_BYTES) -> str | None:
    """A regular UTF-8 file's text, bounded as `read_bytes` reads, or None when
    it cannot be read (for a file looked at again later, such as a protocol
    adopted from it, whose absence is no error)."""
    try:
        return _read_regular(path, limit).decode("utf-8")
    except (OSError, UnicodeDecodeError, ValueError):
        return None


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


STDOUT = "-"  # `-o -`: standard output, as `--answers -` is standard input


def is_stdout(path: Path | str | None) -> bool:
    """Whether an --output names standard output (`-`)."""
    return path is not None and str(path) == STDOUT


def refuse_output(
    path: Path, *, new_only: bool = False, force: bool = False, option: str = "", error: type[HHTError] | None = None
) -> None:
    """Refuse, in one sentence, an output path hht must not write: anything
    there that is not a regular file (a symbolic link, dangling or not, a
    folder, a pipe, a device, a socket), with or without --force; a regular
    file without --force (always, when `new_only`); a folder that does not
    exist. `os.lstat` looks at the name itself, never through a link. The
    refusals are `error`s: by default a `UsageError` for an --output, and for a
    new file (`new_only`) an `HHTError` (exit 1), as a failed write's."""
    import stat

    name = f"{option} {shown(path)}" if option else shown(path)
    if error is None:
        error = HHTError if new_only else UsageError
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise error(f"{name}: cannot be used ({_reason(exc, path, writing=True)}).") from None
    if info is not None:
        mode = info.st_mode
        if stat.S_ISLNK(mode):
            raise error(
                f"{name} is a symbolic link: hht writes only to a plain file or a new name, never through "
                "a link; give the path it points to, or another name."
            )
        if stat.S_ISDIR(mode):
            raise error(f"{name} is a folder; give a file name.")
        if not stat.S_ISREG(mode):
            raise error(
                f"{name} is not a regular file (a pipe, device or socket): hht writes only plain files, "
                "and never replaces one of these" + ("." if new_only else ", even with --force.")
            )
        if new_only:
            raise error(
                f"Cannot write {name}: it already exists, and hht never overwrites a file (choose another name)."
            )
        if not force:
            raise HHTError(f"{name} already exists; pass --force to overwrite it.")
    parent = path.parent
    if not parent.is_dir():
        raise error(f"{name}: the folder {shown(parent)} does not exist.")


def check_output(path: Path, force: bool) -> None:
    """Refuse an --output path before any work (see `refuse_output`)."""
    refuse_output(path, force=force, option="--output")


def replace_private(path: Path, text: str, force: bool = True) -> None:
    """Write text to path whole (see `replace_private_with`)."""
    replace_private_with(path, lambda handle: handle.write(text), force=force)


def replace_private_with(path: Path, write: Callable[[TextIO], object], force: bool = True) -> None:
    """Write to path whole: `write` fills a private (0600) temporary file beside
    it, then a rename puts it over path. A failure leaves path as it was.
    Only a regular file is ever replaced: what is at path is looked at again
    just before the rename (`refuse_output`), so a link or a device that took
    its place meanwhile is refused too."""
    refuse_output(path, force=force, option="--output")
    temp = _write_temp(path, write)
    try:
        refuse_output(path, force=force, option="--output")
        os.replace(temp, path)
    except BaseException as exc:
        temp.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise StorageError(
                f"Cannot write {shown(path)}: {_reason(exc, path, writing=True)}; it was left as it was."
            ) from None
        raise
    _sync_folder(path.parent)


def read_text(path: Path, label: str, kind: str, error: type[HHTError] = UsageError) -> str:
    """A UTF-8 text file's content: a regular file of at most MAX_SMALL_BYTES, checked
    before it is opened (a pipe or /dev/zero never hangs hht; see `_read_regular`).
    A file that cannot be read raises `error` as one sentence: '<label>: no such
    <kind>.' and the like."""
    label = shown(label)
    try:
        return _read_regular(path, MAX_SMALL_BYTES).decode("utf-8")
    except _NotRegular:
        raise error(f"{label}: is not a regular file (a pipe, device or socket); give a plain {kind}.") from None
    except _TooLarge:
        raise error(
            f"{label}: is larger than {_size_words(MAX_SMALL_BYTES)}, the most hht reads for a {kind}."
        ) from None
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
