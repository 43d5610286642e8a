"""A day's figures beside its ratings, in words: the minutes one can sit on a
hard chair before the familiar pain, and the last set of each exercise of
heavy slow resistance. What `hht log` says it wrote, and what `hht history`
and `hht undo` say a change did to them, from an entry as a change keeps it."""

from __future__ import annotations

import json
from typing import Any

from hht.rules.outcomes.loads import lift_words

SITTING_MINUTES = (0, 600)


def _loads(row: dict[str, Any] | None) -> dict[str, Any]:
    value = (row or {}).get("loads")
    if isinstance(value, str):
        return json.loads(value)
    return dict(value or {})


def figure_parts(row: dict[str, Any] | None) -> list[str]:
    """`sitting 45 min`, `leg_curl 20 kg x 12`: the figures a day holds."""
    parts = []
    minutes = (row or {}).get("sitting_minutes")
    if minutes is not None:
        parts.append(f"sitting {minutes} min")
    parts += [f"{exercise} {lift_words(lift)}" for exercise, lift in sorted(_loads(row).items())]
    return parts


def figure_changes(old: dict[str, Any] | None, new: dict[str, Any] | None) -> list[str]:
    """What differs: `sitting 30 min -> 45 min`, `leg_curl 20 kg x 12 (new)`."""
    out = []
    before, after = (old or {}).get("sitting_minutes"), (new or {}).get("sitting_minutes")
    if before != after:
        if before is None:
            out.append(f"sitting {after} min (new)")
        elif after is None:
            out.append(f"sitting {before} min (removed)")
        else:
            out.append(f"sitting {before} min -> {after} min")
    was, now = _loads(old), _loads(new)
    for exercise in sorted(set(was) | set(now)):
        if was.get(exercise) == now.get(exercise):
            continue
        if exercise not in was:
            out.append(f"{exercise} {lift_words(now[exercise])} (new)")
        elif exercise not in now:
            out.append(f"{exercise} {lift_words(was[exercise])} (removed)")
        else:
            out.append(f"{exercise} {lift_words(was[exercise])} -> {lift_words(now[exercise])}")
    return out


def parse_minutes(text: str | int | None, label: str = "--sitting-minutes") -> int | None:
    """Sitting minutes given on the command line or at a prompt, or None. Raises UsageError."""
    from hht.errors import UsageError

    if text is None:
        return None
    word = str(text).strip()
    low, high = SITTING_MINUTES
    if not (word.isascii() and word.isdigit()) or len(word) > 4 or not low <= int(word) <= high:
        raise UsageError(f"{label} must be a whole number of minutes from {low} to {high}, not {text!r}.")
    return int(word)
