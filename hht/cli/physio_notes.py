"""The physio's numbers in the daily outlets: the outcome scores due (the
schedule, hht/rules/outcomes/schedule.py) and the load steps suggested (the
rule, hht/rules/outcomes/loads.py), for `hht today`, `hht status` and `hht
calendar`. Each outlet reads what it needs inside its own read of the
database (`read`) and hands it, with the day's plan, to one call here; the
day's plan itself knows nothing of them."""

# Annotations are evaluated, not postponed: a NamedTuple turns each postponed one
# into a ForwardRef, which doubles the cost of defining it at start-up (`hht status` reads this).

from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any, NamedTuple

from hht.rules.outcomes.schedule import TimePoint, due, time_points


class Stored(NamedTuple):
    first_assessment: date | None
    taken: list[tuple[str, date]]
    loads: dict[date, dict[str, Any]]


def read(store: Any, until: "date | None" = None, loads: bool = True) -> Stored:
    """What the notes need from the database: the baseline's day, the measures taken, the loads."""
    figures = store.day_figures(until) if loads else []
    return Stored(store.first_assessment(), store.outcome_days(), {d: lifts for d, _, lifts in figures if lifts})


def due_json(point: "TimePoint | None") -> dict[str, Any] | None:
    if point is None:
        return None
    from hht.rules.records import OUTCOME_NAMES

    name = OUTCOME_NAMES.get
    return {
        "time_point": point.label,
        "from": point.on.isoformat(),
        "measures": list(point.missing),
        "reason": f"Outcome scores due ({point.label}, from {point.on}): "
        + ", ".join(name(m, m) for m in point.missing)
        + "; take them with "
        + ", ".join(f"`hht outcome {m}`" for m in point.missing)
        + ".",
    }


def today_notes(stored: Stored, plan: dict[str, Any], protocol: Any, days: Sequence[Any], day: date) -> dict[str, Any]:
    """`outcomes_due` and `load_steps`, for the day's plan as `hht today` shows it."""
    from hht.rules.outcomes.loads import load_steps, resistance_exercises

    point = due(stored.first_assessment, stored.taken, day)
    steps: list[Any] = []
    ladder = plan["ladder"]
    if plan.get("loading", True) and not plan["paused"] and not ladder["complete"]:  # never under a red flag
        exercises = resistance_exercises(protocol, ladder["rung"])
        steps = load_steps(exercises, days, stored.loads, protocol.pain.advance_threshold, day)
    return {"outcomes_due": due_json(point), "load_steps": [s.to_json() for s in steps]}


def today_lines(notes: dict[str, Any]) -> list[str]:
    """The lines `hht today` prints under the day's screen."""
    lines = [f"Load step: {s['reason']}" for s in notes["load_steps"]]
    if notes["outcomes_due"]:
        lines.append(notes["outcomes_due"]["reason"])
    return lines


def status_with_outcomes(result: dict[str, Any], stored: Stored, day: date) -> dict[str, Any]:
    """`hht status`'s result with the outcome scores, when they are due, among what is still to do."""
    point = due(stored.first_assessment, stored.taken, day)
    result = {**result, "outcomes_due": due_json(point)}
    if point is None:
        return result
    from hht.plan.status import SEPARATOR

    todo = [*result["todo"], {"kind": "outcomes", "text": f"outcome scores ({point.label})"}]
    words = [item["text"] for item in todo] + list(result["not_today"])
    return {**result, "todo": todo, "done": False, "line": SEPARATOR.join(words)}


def calendar_events(stored: Stored, today: date, count: int, at: Any) -> list[Any]:
    """An all-day event, with a reminder, on each day in the calendar's span that a
    time point falls due (today, for one due already and not done)."""
    from hht.plan.forecast import Event
    from hht.rules.records import OUTCOME_NAMES

    if stored.first_assessment is None:
        return []
    last = today + timedelta(days=count - 1)
    out = []
    for point in time_points(stored.first_assessment, stored.taken):
        if not point.missing or point.until <= today:
            continue
        on = max(point.on, today)
        if on > last:
            continue
        measures = ", ".join(OUTCOME_NAMES[m] for m in point.missing)
        out.append(
            Event(
                f"hht-outcomes-{point.label.replace(' ', '-')}-{stored.first_assessment.isoformat()}@hht",
                "outcomes",
                on,
                f"Outcome scores due (hht): {measures}",
                f"The {point.label} outcome scores for your physio, due from {point.on}: {measures}. "
                "Take each with `hht outcome visa-h`, `hht outcome psfs` and `hht outcome groc`; "
                "once taken, they are not asked again until the next time point.",
                alarm=at,
            )
        )
    return out
