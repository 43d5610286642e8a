"""`hht log`'s questions for a day's figures, in a terminal: the sitting
minutes, and on a day of heavy slow resistance each exercise's last set."""

from __future__ import annotations

from typing import Any

from hht.errors import UsageError
from hht.rules.protocol.model import Protocol, Rung


def ask_figures(protocol: Protocol, rung: Rung) -> dict[str, Any]:
    """The answers as `hht log` saves them. Ctrl-C raises KeyboardInterrupt: nothing saved."""
    import questionary

    from hht.rules.outcomes.figures import SITTING_MINUTES, parse_minutes
    from hht.rules.outcomes.loads import parse_load, resistance_exercises
    from hht.term.console import question

    def valid(check: Any) -> Any:
        def validate(text: str) -> bool | str:
            if not text.strip():
                return True
            try:
                check(text)
            except UsageError as exc:  # said without the option's name: "the load must be a number ..."
                words = str(exc)
                return words.partition("': ")[2] or words if words.startswith("--load") else words
            return True

        return validate

    values: dict[str, Any] = {}
    low, high = SITTING_MINUTES
    minutes = questionary.text(
        question(
            f"Minutes you can sit on a hard chair before the familiar pain ({low}-{high}, blank to skip)",
            "Sitting tolerance: a figure your physio follows over the weeks.",
        ),
        validate=valid(lambda t: parse_minutes(t, "The minutes")),
    ).unsafe_ask()
    if minutes.strip():
        values["sitting_minutes"] = parse_minutes(minutes, "The minutes")
    if not rung.resistance:
        return values
    exercises = resistance_exercises(protocol, rung.number)
    lifts: dict[str, Any] = {}
    for exercise in exercises:
        low_reps, high_reps = exercise.reps
        answer = questionary.text(
            question(
                f"{exercise.name}, the last set: its load and repetitions, such as 20 x 12 or bodyweight x 8 "
                "(blank if not done)",
                f"The range is {low_reps}-{high_reps} repetitions; at the top of it, pain-free, twice running, "
                "hht suggests a heavier load.",
            ),
            validate=valid(lambda t, e=exercise: parse_load(f"{e.id}={t}", [e])),
        ).unsafe_ask()
        if answer.strip():
            exercise_id, lift = parse_load(f"{exercise.id}={answer}", [exercise])
            lifts[exercise_id] = lift
    if lifts:
        values["loads"] = lifts
    return values
