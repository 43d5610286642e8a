"""The loads of heavy slow resistance: what `hht log --load` reads, and the
load-step rule.

For each exercise of a stage the protocol marks as resistance work
(`resistance = true`, each exercise with its `id` and its prescribed `reps`
range), the runner may log the load (kg, or bodyweight) and the repetitions
of the last set: `--load "leg_curl=20 x 12"`, `--load "nordic=bodyweight x 6"`.
A day keeps them as one JSON object by exercise id: {"leg_curl": {"kg": 20,
"reps": 12}, "nordic": {"bodyweight": true, "reps": 6}}.

The load step: when the last set reached the top of the prescribed range
pain-free, at the same load, on the exercise's last two sessions running,
the next session may carry the protocol's load step (default 5-10 %). A
session is pain-free when its own pain was logged and within the advance
threshold and the next morning's response was too; any rating above the
threshold from the first of the two sessions to the day asked, and any red
flag, suggests nothing.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from typing import Any, NamedTuple

from hht.errors import UsageError
from hht.rules.protocol.model import Protocol, Rung
from hht.rules.records import Day

KG_MAX = 500
REPS = (1, 100)
DEFAULT_STEP = (5, 10)  # percent
_LOAD = re.compile(
    r"^\s*(?P<load>[^xX\u00d7*]+?)\s*(?:kg)?\s*[xX\u00d7*]\s*(?P<reps>\S+)\s*$"
)  # x, X, the times sign or *
_NUMBER = re.compile(r"^[0-9]{1,4}(?:[.,][0-9]{1,2})?$")
SHAPE = 'EXERCISE=KG x REPS (such as "leg_curl=20 x 12", or "nordic=bodyweight x 6")'


class ResistanceExercise(NamedTuple):
    """An exercise of heavy slow resistance as the protocol prescribes it."""

    id: str
    name: str
    reps: tuple[int, int]  # the prescribed range of the last set's repetitions
    step: tuple[int, int]  # the load step, in percent
    stage: int  # the stage's number


def resistance_exercises(protocol: Protocol, stage: int | None = None) -> list[ResistanceExercise]:
    """The protocol's exercises of resistance work, in its order: every stage's, or one stage's."""
    out = []
    for rung in protocol.ladder:
        if rung.resistance and (stage is None or rung.number == stage):
            out += [_exercise(rung, e) for e in rung.exercises]
    return out


def _exercise(rung: Rung, exercise: Any) -> ResistanceExercise:
    return ResistanceExercise(exercise.id, exercise.name, exercise.reps, rung.load_step, rung.number)


def lift_words(lift: Mapping[str, Any]) -> str:
    """`20 kg x 12`, or `bodyweight x 6`."""
    load = "bodyweight" if lift.get("bodyweight") else f"{lift['kg']:g} kg"
    return f"{load} x {lift['reps']}"


def find_exercise(word: str, choices: Sequence[ResistanceExercise], given: str) -> ResistanceExercise:
    """The exercise named by its id or an unambiguous start of it. Raises UsageError."""
    key = word.strip().lower().replace("-", "_").replace(" ", "_")
    exact = [c for c in choices if c.id == key]
    if exact:
        return exact[0]
    found = [c for c in choices if key and c.id.startswith(key)]
    ids = ", ".join(c.id for c in choices)
    if not found:
        raise UsageError(
            f"--load {given!r} names {word.strip()!r}, which is not an exercise of heavy slow resistance here "
            f"(the ids: {ids})."
        )
    if len(found) > 1:
        raise UsageError(
            f"--load {given!r}: {word.strip()!r} could be {' or '.join(c.id for c in found)}; give more of the id."
        )
    return found[0]


def parse_load(text: str, choices: Sequence[ResistanceExercise]) -> tuple[str, dict[str, Any]]:
    """`EXERCISE=KG x REPS` as (the exercise's id, its last set). Raises UsageError in one sentence."""
    name, eq, rest = text.partition("=")
    if not eq or not name.strip():
        raise UsageError(f"--load {text!r} must be {SHAPE}.")
    exercise = find_exercise(name, choices, text)
    match = _LOAD.match(rest)
    if match is None:
        raise UsageError(f"--load {text!r} must be {SHAPE}.")
    load, reps = match["load"].strip(), match["reps"]
    if not (reps.isascii() and reps.isdigit()) or len(reps) > 3 or not REPS[0] <= int(reps) <= REPS[1]:
        raise UsageError(
            f"--load {text!r}: the repetitions must be a whole number from {REPS[0]} to {REPS[1]}, not {reps!r}."
        )
    if load.lower() in ("bodyweight", "bw", "body weight"):
        return exercise.id, {"bodyweight": True, "reps": int(reps)}
    if not _NUMBER.match(load):
        raise UsageError(f"--load {text!r}: the load must be a number of kg or bodyweight, not {load!r}.")
    kg = float(load.replace(",", "."))
    if not 0 < kg <= KG_MAX:
        raise UsageError(f"--load {text!r}: the load must be more than 0 and at most {KG_MAX} kg, not {load}.")
    return exercise.id, {"kg": int(kg) if kg.is_integer() else kg, "reps": int(reps)}


def lift_problem(lift: Any) -> str | None:
    """What makes a stored last set one `hht log --load` would not have written, or None."""
    if not isinstance(lift, dict):
        return "is not an object"
    reps = lift.get("reps")
    if isinstance(reps, bool) or not isinstance(reps, int) or not REPS[0] <= reps <= REPS[1]:
        return f"has reps that are not a whole number from {REPS[0]} to {REPS[1]}"
    if set(lift) == {"bodyweight", "reps"}:
        return None if lift["bodyweight"] is True else "has bodyweight that is not true"
    if set(lift) != {"kg", "reps"}:
        return 'is not {"kg": N, "reps": N} or {"bodyweight": true, "reps": N}'
    kg = lift["kg"]
    if isinstance(kg, bool) or not isinstance(kg, (int, float)) or not (math.isfinite(kg) and 0 < kg <= KG_MAX):
        return f"has kg that is not a number above 0 and at most {KG_MAX}"
    return None


class LoadStep(NamedTuple):
    """A load step suggested for an exercise's next session, with its causes."""

    exercise: str
    name: str
    lift: dict[str, Any]  # the last set of both sessions
    sessions: tuple[date, date]
    top: int  # the top of the prescribed range
    step: tuple[int, int]
    suggested: tuple[float, float] | None  # kg, low and high; None at bodyweight

    @property
    def words(self) -> str:
        first, second = self.sessions
        done = (
            f"{self.name}: the last set reached the top of its range, {self.lift['reps']} repetitions, at "
            f"{'bodyweight' if self.lift.get('bodyweight') else format(self.lift['kg'], 'g') + ' kg'}, pain-free, "
            f"on {first} and {second}"
        )
        if self.suggested is None:
            return f"{done}: make it a little heavier next session (hold a light weight, or the next progression)."
        low, high = self.suggested
        load = f"{low:g} kg" if low == high else f"{low:g}-{high:g} kg"
        return f"{done}: try {load} next session (a load step of {self.step[0]}-{self.step[1]} %)."

    def to_json(self) -> dict[str, Any]:
        return {
            "exercise": self.exercise,
            "name": self.name,
            "lift": self.lift,
            "sessions": [d.isoformat() for d in self.sessions],
            "top": self.top,
            "step_percent": list(self.step),
            "suggested_kg": list(self.suggested) if self.suggested else None,
            "reason": self.words,
        }


def stepped(kg: float, step: tuple[int, int]) -> tuple[float, float]:
    """The load after a step of `step` percent, to the half kilogram: at least half a kilogram more."""
    low = max(math.ceil(kg * (100 + step[0]) / 100 * 2) / 2, kg + 0.5)
    high = max(math.floor(kg * (100 + step[1]) / 100 * 2) / 2, low)
    return low, high


def load_steps(
    exercises: Sequence[ResistanceExercise],
    days: Sequence[Day],
    loads: Mapping[date, Mapping[str, Any]],
    threshold: int,
    today: date,
) -> list[LoadStep]:
    """The load steps due for the next session of each exercise, as of `today`."""
    by_date = {d.date: d for d in days if d.date <= today}
    out = []
    for exercise in exercises:
        sessions = sorted(d for d, lifts in loads.items() if d <= today and exercise.id in lifts)[-2:]
        if len(sessions) < 2:
            continue
        lifts = [dict(loads[d][exercise.id]) for d in sessions]
        if lifts[0] != lifts[1] or lifts[1]["reps"] < exercise.reps[1]:
            continue  # not twice at the top of the range, at one load
        if not all(_pain_free_session(by_date, d, threshold) for d in sessions):
            continue
        if any(v > threshold for d, day in by_date.items() if d >= sessions[0] for v in day.ratings().values()):
            continue  # never under pain
        lift = lifts[1]
        suggested = None if lift.get("bodyweight") else stepped(lift["kg"], exercise.step)
        out.append(
            LoadStep(
                exercise.id, exercise.name, lift, (sessions[0], sessions[1]), exercise.reps[1], exercise.step, suggested
            )
        )
    return out


def _pain_free_session(by_date: Mapping[date, Day], on: date, threshold: int) -> bool:
    """The session's pain logged and within the threshold, and the next morning's response too."""
    day, after = by_date.get(on), by_date.get(on + timedelta(days=1))
    if day is None or day.exercise is None or day.partial:
        return False
    response = after.response if after is not None else None
    return response is not None and response <= threshold
