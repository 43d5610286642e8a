"""The day's plan as plain data: what `hht today` shows and `--json` prints."""

from __future__ import annotations

from datetime import date
from typing import Any, Sequence

from hht.progression import AssessmentSummary, Day, Progress, progress
from hht.protocol import Protocol


def today_plan(
    protocol: Protocol,
    days: Sequence[Day],
    on: date,
    assessments: Sequence[AssessmentSummary] = (),
) -> tuple[Progress, dict[str, Any]]:
    state = progress(protocol, days, on, assessments)
    ladder = state.ladder
    rung = protocol.ladder[ladder.rung - 1]
    maintenance = protocol.data["maintenance"]
    recent = [d.to_json() for d in state.decisions[-5:]]
    plan: dict[str, Any] = {
        "date": on.isoformat(),
        "assessed": state.assessed,
        "paused": state.paused,
        "protocol": {"name": protocol.name, "version": protocol.version},
        "ladder": {
            "rung": ladder.rung,
            "rungs": len(protocol.ladder),
            "exercise": rung.name,
            "dose": rung.dose,
            "how": rung.how,
            "hold_seconds": rung.hold_seconds,
            "pain_free_sessions": ladder.pain_free_sessions,
            "needed": ladder.needed,
            "complete": ladder.complete,
            "awaiting_morning_after": ladder.awaiting.isoformat() if ladder.awaiting else None,
            "maintenance": maintenance if ladder.complete else None,
        },
        "stretching": {
            "summary": protocol.data["stretching"]["summary"],
            "how": protocol.data["stretching"]["how"],
        },
        "reasons": list(state.reasons),
        "recent_decisions": recent,
    }
    return state, plan


_PAIN_FIELDS = ("morning", "exercise", "run", "sitting")
_FIELDS = ("morning", "exercise", "partial", "run", "sitting", "note")


def _show(name: str, value: Any) -> str:
    if name in _PAIN_FIELDS:
        return f"{value}/10"
    if name == "partial":
        return "partial dose" if value else "full dose"
    return repr(value)


def day_parts(day: Day) -> list[str]:
    """A logged day's values, in words: "morning 2/10", "exercise 0/10", "full dose"."""
    parts = []
    for n in _FIELDS:
        if n == "partial":
            if day.exercise is not None:
                parts.append(_show(n, day.partial))
        elif getattr(day, n) is not None:
            parts.append(f"{n} {_show(n, getattr(day, n))}")
    return parts


def change_parts(old: Day, new: Day) -> list[str]:
    """What differs between two versions of a day: "morning 2/10 -> 0/10"."""

    def value(day: Day, name: str) -> Any:
        if name == "partial":  # the dose means something only with a session
            return None if day.exercise is None else day.partial
        return getattr(day, name)

    def label(name: str, v: Any) -> str:
        return _show(name, v) if name == "partial" else f"{name} {_show(name, v)}"

    changes = []
    for n in _FIELDS:
        before, after = value(old, n), value(new, n)
        if before == after:
            continue
        if before is None:
            changes.append(f"{label(n, after)} (new)")
        elif after is None:
            changes.append(f"{label(n, before)} (removed)")
        elif n == "partial":
            changes.append(f"{_show(n, before)} -> {_show(n, after)}")
        else:
            changes.append(f"{n} {_show(n, before)} -> {_show(n, after)}")
    return changes


def describe_change(old: Day | None, new: Day) -> str:
    """One line saying what a log wrote: the new day, or old -> new values."""
    if old is None:
        return f"Logged {new.date}: " + ", ".join(day_parts(new)) + "."
    changes = change_parts(old, new)
    if not changes:
        return f"{new.date} already had these values; nothing changed."
    return f"Updated {new.date}: " + "; ".join(changes) + "."


def describe_effect(before: Progress, after: Progress, since: date) -> list[str]:
    """What a change to the log did to the plan, from `since` on."""
    from hht.progression import ADVANCE, COMPLETE, COUNTED, HOLD, NOT_COUNTED, STEP_BACK

    labels = {ADVANCE: "Advanced", COMPLETE: "Ladder complete", STEP_BACK: "Stepped back",
              HOLD: "Held", COUNTED: "Counted", NOT_COUNTED: "Not counted"}
    old = {d for d in before.decisions if d.date >= since}
    new = [d for d in after.decisions if d.date >= since and d not in old]
    gone = [d for d in before.decisions if d.date >= since and d not in set(after.decisions)]
    lines = [f"{labels.get(d.kind, d.kind.title())} ({d.date}): {d.reason}" for d in new]
    lines += [f"No longer ({d.date}): {d.reason}" for d in gone if d.kind in labels]
    ladder = after.ladder
    if ladder.awaiting is not None:
        lines.append(f"The session on {ladder.awaiting} counts once the next morning's pain is logged "
                     f"(hht log --date {ladder.awaiting.fromordinal(ladder.awaiting.toordinal() + 1)} --morning N).")
    if not lines:
        lines.append(f"No change to the plan: rung {ladder.rung}, {ladder.pain_free_sessions} of "
                     f"{ladder.needed} pain-free sessions.")
    return lines
