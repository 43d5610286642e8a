"""`hht log`'s day figures: the sitting minutes and the loads given on the
command line, checked against the protocol in force on the day before
anything is written."""

from __future__ import annotations

from datetime import date
from typing import Any

from hht.errors import UsageError


def given_figures(context: Any, preview: Any, day: date, minutes: str | None, loads: list[str]) -> dict[str, Any]:
    """The values to save: `sitting_minutes` and `loads` (by exercise id), where given."""
    from hht.rules.outcomes.figures import parse_minutes

    values: dict[str, Any] = {}
    parsed = parse_minutes(minutes)
    if parsed is not None:
        values["sitting_minutes"] = parsed
    if not loads:
        return values
    from hht.rules.outcomes.loads import parse_load, resistance_exercises

    protocol = (preview or context.timeline()).at(day)
    choices = resistance_exercises(protocol)
    if not choices:
        raise UsageError(
            f"The protocol in force on {day} ({protocol.name} {protocol.version}) marks no stage as heavy slow "
            "resistance: leave out --load (`hht protocol show` lists its stages)."
        )
    lifts: dict[str, Any] = {}
    for text in loads:
        exercise, lift = parse_load(text, choices)
        if exercise in lifts:
            raise UsageError(f"--load names {exercise} twice: give each exercise's last set once.")
        lifts[exercise] = lift
    values["loads"] = lifts
    return values
