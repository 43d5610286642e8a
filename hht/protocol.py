"""Protocols as data: find, load and validate a protocol TOML file.

A protocol holds the clinical rules (the ladder, the pain thresholds, the
self-tests, the red flags, the run plan). The code applies them; it never
hard-codes them. `load(path)` returns a `Protocol` or raises `ProtocolError`
naming the file, the key and the problem.
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from hht.errors import ProtocolError
from hht.inputs import is_control, read_text

DEFAULT_NAME = "default.toml"
URGENCIES = ("emergency", "urgent", "soon")
# What a red flag of each level does to the plan: "stop" stops all loading
# (no exercise dose, no run, no stretching into the tendon); "pause" pauses
# progression and running while the ladder work goes on at its rung.
RED_FLAG_EFFECTS = ("stop", "pause")
RED_FLAG_PLAN_DEFAULTS = {"emergency": "stop", "urgent": "stop", "soon": "pause"}
TEST_IDS = ("standing_stretch", "bent_knee", "rapid_extension")


def protocols_dir() -> Path:
    """The shipped protocols: inside the wheel, or the source tree's folder."""
    packaged = Path(__file__).parent / "_protocols"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "protocols"


def default_path() -> Path:
    return protocols_dir() / DEFAULT_NAME


@dataclass(frozen=True)
class Rung:
    number: int  # 1-based
    id: str
    name: str
    dose: str
    how: str
    hold_seconds: int | None = None
    run_gate: bool = False


@dataclass(frozen=True)
class PainRules:
    advance_threshold: int
    pain_free_sessions_needed: int
    step_back_threshold: int


@dataclass(frozen=True)
class RunWeek:
    week: int
    session: str
    guidance: str
    walk_minutes: int | None = None
    jog_minutes: int | None = None
    start_sets: int | None = None
    max_sets: int | None = None
    rest_day_after_run: bool = False
    minutes: int | None = None
    min_days: int | None = None
    min_pain_free_runs: int | None = None

    @property
    def builds_sets(self) -> bool:
        return self.start_sets is not None


@dataclass(frozen=True)
class HoldTimer:
    sets: int
    reps: int
    rest_seconds: int
    set_rest_seconds: int


# For protocol files written before [assessment] existed: every two weeks.
REASSESS_EVERY_DAYS = 14
# For protocol files written before [hold_timer] existed: the shipped values.
HOLD_TIMER_DEFAULTS = {"sets": 3, "reps": 10, "rest_seconds": 5, "set_rest_seconds": 60}


@dataclass(frozen=True)
class Protocol:
    name: str
    version: str
    title: str
    pain: PainRules
    ladder: tuple[Rung, ...]
    run_weeks: tuple[RunWeek, ...]
    data: dict[str, Any] = field(repr=False, compare=False)
    path: str = ""

    @property
    def run_gate_rung(self) -> int:
        """The rung whose completion opens the return-to-run gate."""
        for rung in self.ladder:
            if rung.run_gate:
                return rung.number
        return len(self.ladder)

    @property
    def max_run_days_in_7(self) -> int:
        return self.data["run_plan"]["max_run_days_in_7"]

    def red_flag_effect(self, urgency: str | None) -> str:
        """What a red flag of this level does to the plan: "stop" or "pause"."""
        plan = {**RED_FLAG_PLAN_DEFAULTS, **self.data.get("red_flag_plan", {})}
        return plan.get(urgency or "emergency", "stop")

    @property
    def holds(self) -> HoldTimer:
        """How `hht today --start` times the holds of an isometric rung."""
        return HoldTimer(**{**HOLD_TIMER_DEFAULTS, **self.data.get("hold_timer", {})})

    @property
    def reassess_every_days(self) -> int:
        """How many days after the latest assessment the next one is due."""
        return self.data.get("assessment", {}).get("reassess_every_days", REASSESS_EVERY_DAYS)

    def to_json(self) -> dict[str, Any]:
        return {"path": self.path, **self.data}


# --- validation -----------------------------------------------------------
# A spec is a dict key -> (checker, required). A checker takes (value, key)
# and returns the value or raises _Bad(message); keys are dotted paths.


class _Bad(Exception):
    def __init__(self, key: str, problem: str):
        super().__init__(key, problem)
        self.key = key
        self.problem = problem


Checker = Callable[[Any, str], Any]


def _text(value: Any, key: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise _Bad(key, f"must be non-empty text, got {value!r}")
    # hht shows protocol text in a terminal: nothing in it may act on the terminal or on rich.
    bad = next((c for c in value if is_control(c) and c not in "\n"), None)
    if bad is not None:
        raise _Bad(key, f"holds a control character (U+{ord(bad):04X}); use plain text")
    if _MARKUP.search(value):
        raise _Bad(key, f"holds {_MARKUP.search(value).group(0)!r}, which a terminal would read as "
                        "formatting; leave out the square brackets")
    if len(value) > 4000:
        raise _Bad(key, "is longer than 4000 characters")
    return value


# A rich markup tag: "[" then a letter, "#", "/" or "@", up to "]" (rich's own rule).
_MARKUP = re.compile(r"\[[a-zA-Z#/@][^\[\]]*\]")


def _bool(value: Any, key: str) -> bool:
    if not isinstance(value, bool):
        raise _Bad(key, f"must be true or false, got {value!r}")
    return value


def _int(low: int, high: int) -> Checker:
    def check(value: Any, key: str) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise _Bad(key, f"must be a whole number from {low} to {high}, got {value!r}")
        return value

    return check


def _fraction(value: Any, key: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1:
        raise _Bad(key, f"must be a number from 0 to 1, got {value!r}")
    return float(value)


def _positive(value: Any, key: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
        raise _Bad(key, f"must be a positive number, got {value!r}")
    return float(value)


def _one_of(*choices: str) -> Checker:
    def check(value: Any, key: str) -> str:
        if value not in choices:
            raise _Bad(key, f"must be one of {', '.join(choices)}, got {value!r}")
        return value

    return check


def _list_of(item: Checker, min_items: int = 1) -> Checker:
    def check(value: Any, key: str) -> list:
        if not isinstance(value, list):
            raise _Bad(key, f"must be a list, got {type(value).__name__}")
        if len(value) < min_items:
            raise _Bad(key, f"must hold at least {min_items} item(s)")
        return [item(v, f"{key}[{i}]") for i, v in enumerate(value)]

    return check


def _table(spec: dict[str, tuple[Checker, bool]]) -> Checker:
    def check(value: Any, key: str) -> dict:
        if not isinstance(value, dict):
            raise _Bad(key, f"must be a table, got {type(value).__name__}")
        for name in value:
            if name not in spec:
                known = ", ".join(spec)
                raise _Bad(_join(key, name), f"is not a known key here (known: {known})")
        out = {}
        for name, (checker, required) in spec.items():
            if name in value:
                out[name] = checker(value[name], _join(key, name))
            elif required:
                raise _Bad(_join(key, name), "is missing")
        return out

    return check


def _join(key: str, name: str) -> str:
    return f"{key}.{name}" if key else name


_EXERCISE = {"name": (_text, True), "dose": (_text, True), "how": (_text, True)}

_RUNG = {
    "id": (_text, True),
    "name": (_text, True),
    "dose": (_text, True),
    "how": (_text, True),
    "hold_seconds": (_int(1, 600), False),
    "run_gate": (_bool, False),
}

_SELF_TEST = {
    "id": (_one_of(*TEST_IDS), True),
    "name": (_text, True),
    "label": (_text, False),  # a short name for tables
    "how_alone": (_text, True),
    "sensitivity": (_fraction, True),
    "specificity": (_fraction, True),
    "lr_positive": (_positive, True),
    "source": (_text, True),
    "skip_if_bent_knee_pain_at_least": (_int(0, 10), False),
}

_RUN_WEEK = {
    "week": (_int(1, 52), True),
    "session": (_text, True),
    "guidance": (_text, True),
    "walk_minutes": (_int(1, 120), False),
    "jog_minutes": (_int(1, 120), False),
    "start_sets": (_int(1, 20), False),
    "max_sets": (_int(1, 20), False),
    "rest_day_after_run": (_bool, False),
    "minutes": (_int(1, 600), False),
    "min_days": (_int(1, 60), False),
    "min_pain_free_runs": (_int(1, 60), False),
}

_SCHEMA = _table(
    {
        "protocol": (
            _table(
                {
                    "name": (_text, True),
                    "version": (_text, True),
                    "title": (_text, True),
                    "sources": (_list_of(_text), False),
                }
            ),
            True,
        ),
        "pain": (
            _table(
                {
                    "advance_threshold": (_int(0, 10), True),
                    "pain_free_sessions_needed": (_int(1, 30), True),
                    "step_back_threshold": (_int(1, 10), True),
                }
            ),
            True,
        ),
        "stretching": (
            _table({"summary": (_text, True), "how": (_text, True), "times_per_day": (_text, False)}),
            True,
        ),
        "ladder": (_list_of(_table(_RUNG)), True),
        "maintenance": (
            _table({"summary": (_text, True), "exercises": (_list_of(_table(_EXERCISE)), True)}),
            True,
        ),
        "cross_training": (_table({"ideas": (_list_of(_text), True), "gate": (_text, True)}), True),
        "self_tests": (_list_of(_table(_SELF_TEST), min_items=3), True),
        "assessment": (_table({"reassess_every_days": (_int(1, 365), True)}), False),
        "red_flag_advice": (_table({u: (_text, True) for u in URGENCIES}), True),
        "red_flag_plan": (_table({u: (_one_of(*RED_FLAG_EFFECTS), False) for u in URGENCIES}), False),
        "red_flags": (
            _list_of(
                _table(
                    {
                        "id": (_text, True),
                        "urgency": (_one_of(*URGENCIES), True),
                        "question": (_text, True),
                        "label": (_text, False),  # a few words for reports
                    }
                )
            ),
            True,
        ),
        "signs": (
            _list_of(_table({"id": (_text, True), "question": (_text, True), "hint": (_text, False),
                             "label": (_text, False)})),
            True,
        ),
        "hold_timer": (
            _table(
                {
                    "sets": (_int(1, 20), True),
                    "reps": (_int(1, 50), True),
                    "rest_seconds": (_int(0, 600), True),
                    "set_rest_seconds": (_int(0, 1800), True),
                }
            ),
            False,
        ),
        "run_plan": (
            _table(
                {
                    "max_run_days_in_7": (_int(1, 7), True),
                    "after": (_text, True),
                    "weeks": (_list_of(_table(_RUN_WEEK)), True),
                }
            ),
            True,
        ),
    }
)


def _cross_checks(data: dict[str, Any]) -> None:
    """Rules that span keys: ordering, uniqueness, what goes with what."""
    pain = data["pain"]
    if pain["step_back_threshold"] <= pain["advance_threshold"]:
        raise _Bad(
            "pain.step_back_threshold",
            f"must be above pain.advance_threshold ({pain['advance_threshold']})",
        )
    for section in ("ladder", "red_flags", "signs", "self_tests"):
        seen: set[str] = set()
        for i, item in enumerate(data[section]):
            if item["id"] in seen:
                raise _Bad(f"{section}[{i}].id", f"repeats the id {item['id']!r}")
            seen.add(item["id"])
    missing = set(TEST_IDS) - {t["id"] for t in data["self_tests"]}
    if missing:
        raise _Bad("self_tests", f"lacks the test(s) {', '.join(sorted(missing))}")
    if sum(1 for r in data["ladder"] if r.get("run_gate")) > 1:
        raise _Bad("ladder", "marks more than one rung with run_gate = true")
    for i, week in enumerate(data["run_plan"]["weeks"]):
        key = f"run_plan.weeks[{i}]"
        if week["week"] != i + 1:
            raise _Bad(f"{key}.week", f"must be {i + 1}: weeks are numbered in order from 1")
        if "start_sets" in week:
            for name in ("walk_minutes", "jog_minutes", "max_sets"):
                if name not in week:
                    raise _Bad(f"{key}.{name}", "is missing (a week that builds sets needs it)")
            if week["max_sets"] < week["start_sets"]:
                raise _Bad(f"{key}.max_sets", "must not be below start_sets")
        else:
            for name in ("minutes", "min_days", "min_pain_free_runs"):
                if name not in week:
                    raise _Bad(f"{key}.{name}", "is missing (a week without sets needs it)")


def parse(text: str, path: str = "<protocol>") -> Protocol:
    """Validate TOML text as a protocol. Raises ProtocolError."""
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ProtocolError(f"{path}: not valid TOML ({exc}).") from None
    except RecursionError:
        raise ProtocolError(f"{path}: nests its tables or arrays too deeply for hht to read.") from None
    except ValueError:  # a whole number longer than Python converts
        raise ProtocolError(f"{path}: holds a number too large for hht to read.") from None
    try:
        data = _SCHEMA(raw, "")
        _cross_checks(data)
    except _Bad as bad:
        raise ProtocolError(f"{path}: {bad.key} {bad.problem}.") from None
    return Protocol(
        name=data["protocol"]["name"],
        version=data["protocol"]["version"],
        title=data["protocol"]["title"],
        pain=PainRules(**data["pain"]),
        ladder=tuple(Rung(number=i + 1, **r) for i, r in enumerate(data["ladder"])),
        run_weeks=tuple(RunWeek(**w) for w in data["run_plan"]["weeks"]),
        data=data,
        path=path,
    )


def load(path: str | os.PathLike[str] | None = None) -> Protocol:
    """Load a protocol file; the shipped default when path is None."""
    file = Path(path) if path is not None else default_path()
    text = read_text(file, str(file), "protocol file", ProtocolError)
    return parse(text, str(file))
