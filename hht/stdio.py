"""The process's standard streams and terminal, made safe before any command runs.

Whatever a shell hands hht, a command meets the same three streams: a closed
standard input reads as empty (as from /dev/null), a closed standard error
writes nowhere, and a closed standard output is refused in one sentence
before anything is done. Characters the locale cannot encode (a middle dot
under `LC_ALL=C`) are replaced, never a crash; `COLUMNS` and `LINES` are
clamped to a sane range, so a width of a billion columns cannot make rich or
the help allocate gigabytes. Standard output is wrapped (`Stdout`) so that
its failures are told apart from those of files hht opens: a reader that went
away (`hht ... | head`) ends hht quietly with exit 0, a full disk is one
sentence.

Cheap to import (os and sys only): `hht.launch` calls `prepare` before even
`hht status`'s fast path.
"""

from __future__ import annotations

if False:  # for the type checker only: `hht status` from its cache loads no typing module
    from collections.abc import MutableMapping
    from typing import TextIO

import contextlib
import os
import sys

# The widths and heights hht lays out for: anything outside is clamped to it.
COLUMNS_RANGE = (20, 500)
LINES_RANGE = (5, 500)


def prepare() -> str | None:
    """Make the streams and the terminal's size safe; the sentence refusing to
    run (an argument that is not UTF-8, a closed standard output), or None."""
    for n, arg in enumerate(sys.argv[1:], start=1):
        try:
            arg.encode("utf-8")
            continue
        except UnicodeEncodeError:
            pass
        try:  # typed as UTF-8 under a locale that is not (LC_ALL=C): read as it was typed
            sys.argv[n] = os.fsencode(arg).decode("utf-8")
        except (UnicodeError, ValueError):
            return (
                f"argument {n} is not valid UTF-8 text (it holds bytes hht cannot read as characters); "
                "type it again in UTF-8."
            )
    closed = _reopen_closed()
    _replace_unencodable()
    clamp_size(os.environ)
    if 1 in closed:
        return "standard output is closed, so hht could not show what it did; nothing was done."
    if not isinstance(sys.stdout, Stdout):
        sys.stdout = Stdout(sys.stdout)
    return None


def _reopen_closed() -> list[int]:
    """Point each closed standard descriptor at /dev/null, so that no file hht
    opens can take its number, and give Python a stream for it."""
    closed = []
    for fd in (0, 1, 2):
        try:
            os.fstat(fd)
        except OSError:
            closed.append(fd)
    for fd in closed:
        try:
            null = os.open(os.devnull, os.O_RDWR)  # the lowest free descriptor: fd itself
        except OSError:
            continue
        if null != fd:
            os.dup2(null, fd)
            os.close(null)
    if sys.stdin is None or 0 in closed:
        sys.stdin = open(0, encoding="utf-8", errors="replace", closefd=False)  # noqa: SIM115 (for the process's life)
    if sys.stdout is None or 1 in closed:
        sys.stdout = open(1, "w", encoding="utf-8", errors="replace", closefd=False)  # noqa: SIM115
    if sys.stderr is None or 2 in closed:
        sys.stderr = open(2, "w", encoding="utf-8", errors="backslashreplace", closefd=False)  # noqa: SIM115
    return closed


def _replace_unencodable() -> None:
    """Under a locale that cannot encode every character (ASCII under `LC_ALL=C`),
    what it cannot encode is shown as `?` rather than stopping the command."""
    for name, errors in (("stdout", "replace"), ("stderr", "backslashreplace")):
        stream = getattr(sys, name)
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is None or getattr(stream, "errors", None) == errors:
            continue
        with contextlib.suppress(ValueError, OSError):  # a stream that cannot be reconfigured stays as it is
            reconfigure(errors=errors)


def clamp_size(environ: MutableMapping[str, str]) -> None:
    """COLUMNS and LINES within hht's range; a value that is not a whole number is removed."""
    for name, (low, high) in (("COLUMNS", COLUMNS_RANGE), ("LINES", LINES_RANGE)):
        raw = environ.get(name)
        if raw is None:
            continue
        text = raw.strip()
        if not text.isdigit():
            del environ[name]
            continue
        value = int(text) if len(text) <= 12 else high
        environ[name] = str(min(max(value, low), high))


class OutputError(OSError):
    """Standard output refused what hht wrote (full disk, device error)."""


class Stdout:
    """sys.stdout, with its failures told apart from those of files hht opens,
    and a note of whether its reader went away (`broken`)."""

    def __init__(self, stream: TextIO):
        self._stream = stream
        self.broken = False

    def write(self, text: str) -> int:
        try:
            return self._stream.write(text)
        except BrokenPipeError:
            self.broken = True
            raise
        except OSError as exc:
            raise OutputError(exc.errno, exc.strerror) from None

    def flush(self) -> None:
        try:
            self._stream.flush()
        except BrokenPipeError:
            self.broken = True
            raise
        except OSError as exc:
            raise OutputError(exc.errno, exc.strerror) from None

    def __getattr__(self, name: str) -> object:
        return getattr(self._stream, name)


def silence_stdout() -> None:
    """Point standard output at /dev/null: nothing more can reach it, and the
    interpreter's own flush at exit has nothing to complain about."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.close(devnull)
    except OSError:
        pass


def reader_went_away() -> bool:
    """Whether standard output's reader closed the pipe (`hht ... | head`)."""
    stream = sys.stdout
    while stream is not None:
        if isinstance(stream, Stdout):
            return stream.broken
        stream = getattr(stream, "wrapped", None)  # click's PacifyFlushWrapper
    return False


def finish(code: int | str | None) -> int | str | None:
    """The exit code, once what is buffered is pushed out: a reader that went
    away ends hht quietly with 0 (as `head` expects); a full disk is one
    sentence and 1."""
    try:
        if sys.stdout is not None:
            sys.stdout.flush()
    except BrokenPipeError:
        silence_stdout()
        return 0
    except (OSError, ValueError) as exc:
        reason = _reason(exc)
        with contextlib.suppress(OSError, ValueError):
            print(f"hht: cannot write to standard output: {reason}.", file=sys.stderr)
        silence_stdout()
        return 1
    if reader_went_away():
        silence_stdout()
        return 0
    return code


def _reason(exc: BaseException) -> str:
    if isinstance(exc, OSError):
        from hht.faults import os_reason

        return os_reason(exc)
    return "it is closed"
