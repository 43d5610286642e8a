"""Checks on what people give hht: pain ratings, notes, files to read."""

from __future__ import annotations

import re
from pathlib import Path

from hht.errors import HHTError, UsageError

NOTE_MAX = 2000
_WHOLE = re.compile(r"^\s*\d{1,2}\s*$")


def parse_pain(text: str | int | None, label: str) -> int | None:
    """A 0-10 pain rating, or None when not given. Raises UsageError."""
    if text is None:
        return None
    if isinstance(text, int) and not isinstance(text, bool):
        value = text
    elif isinstance(text, str) and _WHOLE.match(text):
        value = int(text)
    else:
        raise UsageError(f"{label} must be a whole number of pain from 0 to 10, not {text!r}.")
    if not 0 <= value <= 10:
        raise UsageError(f"{label} must be a whole number of pain from 0 to 10, not {value}.")
    return value


def is_pain(text: str) -> bool:
    """Whether text is a 0-10 pain rating (for prompts that validate as you type)."""
    try:
        return parse_pain(text, "pain") is not None
    except UsageError:
        return False


def parse_note(text: str | None) -> str | None:
    if text is None:
        return None
    problem = note_problem(text.strip())
    if problem:
        raise UsageError(f"--note {problem}.")
    return text.strip()


def note_problem(note: str) -> str | None:
    """What makes `note` (already stripped) one that `hht log` would refuse, or
    None. The same rule checks a note that `hht import` or `hht check` reads."""
    if not note:
        return "must have some text; leave it out to keep the day's note as it is"
    if len(note) > NOTE_MAX:
        return f"is {len(note)} characters long; keep it to {NOTE_MAX}"
    bad = first_control(note, allowed="\n\t")
    if bad is not None:
        return f"holds a control character (U+{ord(bad):04X}); use plain text (line breaks and tabs are fine)"
    return None


def is_control(char: str) -> bool:
    """A character a terminal may obey rather than show: C0 and C1 controls,
    DEL, and the halves of a surrogate pair that no valid text holds alone."""
    code = ord(char)
    return code < 32 or 0x7F <= code <= 0x9F or 0xD800 <= code <= 0xDFFF


# C0 controls, DEL and C1 controls, to find in a whole text at once. A lone
# surrogate half is the one character UTF-8 cannot encode, which finds it
# faster than a pattern (a class of the surrogates takes 0.3 ms to compile).
_C0_C1 = re.compile("[\x00-\x1f\x7f-\x9f]")


def first_control(text: str, allowed: str = "") -> str | None:
    """The first character of `text` that `is_control` names, other than the
    C0 controls in `allowed` (such as a line break), or None."""
    end, found = len(text), None
    for match in _C0_C1.finditer(text):
        if match.group() not in allowed:
            end, found = match.start(), match.group()
            break
    try:
        text[:end].encode("utf-8")
    except UnicodeEncodeError as exc:  # a lone surrogate half, before any other control
        return text[exc.start]
    return found


TEXT_FILE_MAX = 1024 * 1024  # a protocol or answers file is a few kilobytes


def read_text(path: Path, label: str, kind: str, error: type[HHTError] = UsageError) -> str:
    """A UTF-8 text file's content: a regular file of at most 1 MB, checked
    before it is opened (a pipe or /dev/zero never hangs hht). A file that
    cannot be read raises `error` as one sentence: '<label>: no such <kind>.'
    and the like."""
    import os
    import stat

    try:
        info = os.stat(path)
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError
        if not stat.S_ISREG(info.st_mode):
            raise error(f"{label}: is not a regular file (a pipe, device or socket); give a plain {kind}.")
        if info.st_size > TEXT_FILE_MAX:
            raise error(f"{label}: is larger than 1 MB, the most hht reads for a {kind}.")
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as handle:
            data = handle.read(TEXT_FILE_MAX + 1)
        if len(data) > TEXT_FILE_MAX:
            raise error(f"{label}: is larger than 1 MB, the most hht reads for a {kind}.")
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
