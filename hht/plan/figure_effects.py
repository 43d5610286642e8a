"""What a change did to the physio's numbers, in words: an outcome measure
saved or removed, and a day's sitting minutes and loads (for `hht history`,
`hht undo` and `hht log`'s reply, beside the ratings hht/plan/effects.py
describes)."""

from __future__ import annotations

from typing import Any

from hht.rules.outcomes.figures import figure_changes, figure_parts
from hht.rules.outcomes.record import score_words


def figure_words(change: Any) -> list[str]:
    """The figures an entry's change wrote: all of them when it logged or removed
    the day, else what differs."""
    if change.old is None:
        return figure_parts(change.new)
    if change.new is None:
        return figure_parts(change.old)
    return figure_changes(change.old, change.new)


def outcome_brief(saved: dict[str, Any]) -> str:
    """`VISA-H 63/100 for 2026-03-02`."""
    return f"{score_words(saved['measure'], saved['score'])} for {saved['date']}"


def describe_outcome(change: Any) -> str:
    """An outcome measure saved, or removed by an undo, in words."""
    if change.undoes is not None:
        return f"undid #{change.undoes}: removed {outcome_brief(change.old)}"
    return f"outcome measure: {outcome_brief(change.new)}"


def reply(first_line: str, before: dict[str, Any], after: dict[str, Any], day: Any) -> str:
    """`hht log`'s first line (hht/plan/effects.py's `describe_change`) with the
    figures the write changed: said with the ratings, or alone when only they changed."""
    changed = figure_changes(before, after)
    if not changed:
        return first_line
    if first_line.endswith("nothing changed."):
        return f"Updated {day}: " + "; ".join(changed) + "."
    head, _, rest = first_line.partition(": ")
    body = [rest.removesuffix(".")] if rest.removesuffix(".") else []
    if head.startswith("Logged"):
        return f"{head}: " + ", ".join(body + figure_parts(after)) + "."
    return f"{head}: " + "; ".join(body + changed) + "."
