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
    cleaned = text.strip()
    if not cleaned:
        raise UsageError("--note must have some text; leave it out to keep the day's note as it is.")
    if len(cleaned) > NOTE_MAX:
        raise UsageError(f"--note is {len(cleaned)} characters long; keep it to {NOTE_MAX}.")
    if any(ord(c) < 32 and c not in "\n\t" for c in cleaned):
        raise UsageError("--note holds control characters; use plain text.")
    return cleaned


def read_text(path: Path, label: str, kind: str, error: type[HHTError] = UsageError) -> str:
    """A UTF-8 text file's content. A file that cannot be read raises `error`
    as one sentence: '<label>: no such <kind>.' and the like."""
    try:
        return path.read_text(encoding="utf-8")
    except IsADirectoryError:
        raise error(f"{label}: is a folder, not a {kind}.") from None
    except FileNotFoundError:
        raise error(f"{label}: no such {kind}.") from None
    except PermissionError:
        raise error(f"{label}: cannot be read (permission denied).") from None
    except UnicodeDecodeError:
        raise error(f"{label}: is not a UTF-8 text file.") from None
