"""Protocols as data: find, load and validate a protocol TOML file.

A protocol holds the clinical rules (the ladder, the pain thresholds, the
self-tests, the red flags, the run plan). The code applies them; it never
hard-codes them. `load(path)` returns a `Protocol` or raises `ProtocolError`
naming the file, the key and the problem.
"""

# Annotations are evaluated, not postponed: a NamedTuple turns each postponed one
# into a ForwardRef, which doubles the cost of defining it at start-up.

import os
import re
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

from hht.errors import ProtocolError
from hht.inputs import first_control, read_text

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
    package = Path(__file__).resolve().parents[1]  # hht/
    packaged = package / "_protocols"
    if packaged.is_dir():
        return packaged
    return package.parent / "protocols"


def default_path() -> Path:
    return protocols_dir() / DEFAULT_NAME


class Exercise(NamedTuple):
    """One exercise of a stage (or of the maintenance work), with its dose."""

    name: str
    dose: str
    how: str
    hold_seconds: int | None = None


FREQUENCIES = ("daily", "every_second_day")


# The parts of a protocol are NamedTuples: a file is read on every command, and
# a NamedTuple class is built several times faster than a dataclass when the
# module is imported (about 0.07 ms against 0.5 ms). Nothing hashes a protocol
# or its parts, and only parts of the same kind are compared.


class Rung(NamedTuple):
    """One stage of the ladder (a rung, in the shipped protocol): one or more
    exercises, how often they are done, and what moves the runner on."""

    number: int  # 1-based
    id: str
    name: str
    dose: str  # the stage's dose in one text (each exercise's, when there are several)
    how: str
    hold_seconds: int | None = None  # a stage of one held exercise: how long each hold lasts
    run_gate: bool = False
    exercises: tuple[Exercise, ...] = ()
    frequency: str = "daily"  # or "every_second_day": heavy work, a rest day after each session
    needed: int = 3  # pain-free sessions in a row that move the runner on

    @property
    def heavy(self) -> bool:
        """Heavy work: never on two days in a row."""
        return self.frequency == "every_second_day"


Stage = Rung


class PainRules(NamedTuple):
    advance_threshold: int
    pain_free_sessions_needed: int
    step_back_threshold: int


class RunWeek(NamedTuple):
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


class HoldTimer(NamedTuple):
    sets: int
    reps: int
    rest_seconds: int
    set_rest_seconds: int


# For protocol files written before [assessment] existed: every two weeks.
REASSESS_EVERY_DAYS = 14
# For protocol files written before [hold_timer] existed: the shipped values.
HOLD_TIMER_DEFAULTS = {"sets": 3, "reps": 10, "rest_seconds": 5, "set_rest_seconds": 60}


class SelfTest(NamedTuple):
    id: str
    name: str
    label: str  # a short name for tables
    how_alone: str
    sensitivity: float
    specificity: float
    lr_positive: float
    source: str
    skip_if_bent_knee_pain_at_least: int | None = None

    @property
    def short_name(self) -> str:
        """`assisted bent-knee stretch`: the name without its bracket, in lower case."""
        return self.name.split(" (")[0].lower()


class RedFlag(NamedTuple):
    id: str
    urgency: str  # emergency, urgent or soon
    question: str
    label: str  # a few words for reports


class Sign(NamedTuple):
    id: str
    question: str
    label: str
    hint: str | None = None  # said plainly in the result when the answer is yes


class Stretching(NamedTuple):
    summary: str
    how: str
    times_per_day: str | None = None


class Maintenance(NamedTuple):
    summary: str
    exercises: tuple[Exercise, ...]


class CrossTraining(NamedTuple):
    ideas: tuple[str, ...]
    gate: str


class LoadTest(NamedTuple):
    """The daily load test (the 24-hour response's "meaningful task"): rated
    0-10 at the same time each day, it counts like the morning pain."""

    name: str
    how: str
    source: str | None = None


class Protocol(NamedTuple):
    name: str
    version: str
    title: str
    pain: PainRules
    ladder: tuple[Rung, ...]
    run_weeks: tuple[RunWeek, ...]
    data: dict[str, Any]  # the file as validated: for `protocol show --json`
    red_flag_advice: dict[str, str]
    red_flag_plan: dict[str, str]
    path: str = ""
    sources: tuple[str, ...] = ()
    stage_word: str = "rung"  # what the file calls one step of its ladder: "rung" or "stage"
    self_tests: tuple[SelfTest, ...] = ()
    red_flags: tuple[RedFlag, ...] = ()
    reassess_every_days: int = REASSESS_EVERY_DAYS  # how many days after the latest assessment the next is due
    signs: tuple[Sign, ...] = ()
    stretching: Stretching | None = None
    maintenance: Maintenance | None = None
    cross_training: CrossTraining | None = None
    holds: HoldTimer = HoldTimer(**HOLD_TIMER_DEFAULTS)  # how `hht today --start` times a rung's holds
    max_run_days_in_7: int = 5
    run_plan_after: str = ""  # what the plan says once the run plan is complete
    load_test: LoadTest | None = None
    text: str = ""  # the file's text, as read

    @property
    def run_gate_rung(self) -> int:
        """The rung whose completion opens the return-to-run gate."""
        for rung in self.ladder:
            if rung.run_gate:
                return rung.number
        return len(self.ladder)

    def red_flag_effect(self, urgency: str | None) -> str:
        """What a red flag of this level does to the plan: "stop" or "pause"."""
        plan = {**RED_FLAG_PLAN_DEFAULTS, **self.red_flag_plan}
        return plan.get(urgency or "emergency", "stop")

    def test(self, test_id: str) -> SelfTest:
        return next(t for t in self.self_tests if t.id == test_id)

    def to_json(self) -> dict[str, Any]:
        return {"path": self.path, **self.data}


# --- validation -----------------------------------------------------------
# A spec is a dict key -> (checker, required). A checker takes (value, key,
# problems) and returns the value, or records what is wrong in `problems` and
# returns _BAD; keys are dotted paths. Every problem in a file is found in one
# pass, so `hht protocol check` can name them all at once.


class _Problems(list):
    def add(self, key: str, problem: str) -> "_Bad":
        self.append((key, problem))
        return _BAD


class _Bad:
    """The value of a key that did not validate."""

    def __repr__(self) -> str:
        return "<bad>"


_BAD = _Bad()

Checker = Callable[[Any, str, _Problems], Any]


def _text(value: Any, key: str, problems: _Problems) -> Any:
    if not isinstance(value, str) or not value.strip():
        return problems.add(key, f"must be non-empty text, got {value!r}")
    # hht shows protocol text in a terminal: nothing in it may act on the terminal or on rich.
    bad = first_control(value, allowed="\n")
    if bad is not None:
        return problems.add(key, f"holds a control character (U+{ord(bad):04X}); use plain text")
    if _MARKUP.search(value):
        return problems.add(
            key,
            f"holds {_MARKUP.search(value).group(0)!r}, which a terminal would read "
            "as formatting; leave out the square brackets",
        )
    if len(value) > 4000:
        return problems.add(key, "is longer than 4000 characters")
    return value


# A rich markup tag: "[" then a letter, "#", "/" or "@", up to "]" (rich's own rule).
_MARKUP = re.compile(r"\[[a-zA-Z#/@][^\[\]]*\]")


def _bool(value: Any, key: str, problems: _Problems) -> Any:
    if not isinstance(value, bool):
        return problems.add(key, f"must be true or false, got {value!r}")
    return value


def _int(low: int, high: int) -> Checker:
    def check(value: Any, key: str, problems: _Problems) -> Any:
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            return problems.add(key, f"must be a whole number from {low} to {high}, got {value!r}")
        return value

    return check


def _fraction(value: Any, key: str, problems: _Problems) -> Any:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1:
        return problems.add(key, f"must be a number from 0 to 1, got {value!r}")
    return float(value)


def _positive(value: Any, key: str, problems: _Problems) -> Any:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
        return problems.add(key, f"must be a positive number, got {value!r}")
    return float(value)


def _one_of(*choices: str) -> Checker:
    def check(value: Any, key: str, problems: _Problems) -> Any:
        if value not in choices:
            return problems.add(key, f"must be one of {', '.join(choices)}, got {value!r}")
        return value

    return check


def _list_of(item: Checker, min_items: int = 1) -> Checker:
    def check(value: Any, key: str, problems: _Problems) -> Any:
        if not isinstance(value, list):
            return problems.add(key, f"must be a list, got {type(value).__name__}")
        if len(value) < min_items:
            return problems.add(key, f"must hold at least {min_items} item(s)")
        return [item(v, f"{key}[{i}]", problems) for i, v in enumerate(value)]

    return check


def _table(spec: dict[str, tuple[Checker, bool]]) -> Checker:
    def check(value: Any, key: str, problems: _Problems) -> Any:
        if not isinstance(value, dict):
            return problems.add(key, f"must be a table, got {type(value).__name__}")
        for name in value:
            if name not in spec:
                problems.add(_join(key, name), f"is not a known key here (known: {', '.join(spec)})")
        out = {}  # what validated: a file with problems is never used, only checked further
        for name, (checker, required) in spec.items():
            if name in value:
                checked = checker(value[name], _join(key, name), problems)
                if checked is not _BAD:
                    out[name] = checked
            elif required:
                problems.add(_join(key, name), "is missing")
        return out

    return check


def _join(key: str, name: str) -> str:
    return f"{key}.{name}" if key else name


_EXERCISE = {"name": (_text, True), "dose": (_text, True), "how": (_text, True), "hold_seconds": (_int(1, 600), False)}

# A stage of the ladder (a rung). A stage of one exercise may give its name,
# dose and how-to itself; a stage of several lists them in `exercises`.
_RUNG = {
    "id": (_text, True),
    "name": (_text, True),
    "dose": (_text, False),
    "how": (_text, False),
    "hold_seconds": (_int(1, 600), False),
    "run_gate": (_bool, False),
    "frequency": (_one_of(*FREQUENCIES), False),
    "pain_free_sessions_needed": (_int(1, 30), False),
    "exercises": (_list_of(_table(_EXERCISE)), False),
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

# The top-level tables: (checker, required).
_TOP = {
    "protocol": (
        _table(
            {
                "name": (_text, True),
                "version": (_text, True),
                "title": (_text, True),
                "sources": (_list_of(_text), False),
                "stage_word": (_one_of("rung", "stage"), False),
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
    "load_test": (_table({"name": (_text, True), "how": (_text, True), "source": (_text, False)}), False),
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
        _list_of(
            _table({"id": (_text, True), "question": (_text, True), "hint": (_text, False), "label": (_text, False)})
        ),
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


def _cross_checks(data: dict[str, Any], problems: _Problems) -> None:
    """Rules that span keys: ordering, uniqueness, what goes with what. Each
    looks only at the values that validated on their own."""
    ok = lambda name: isinstance(data.get(name), (dict, list))  # noqa: E731
    items = lambda name: [x for x in data[name] if isinstance(x, dict)] if ok(name) else []  # noqa: E731
    if ok("pain") and {"step_back_threshold", "advance_threshold"} <= set(data["pain"]):
        pain = data["pain"]
        if pain["step_back_threshold"] <= pain["advance_threshold"]:
            problems.add(
                "pain.step_back_threshold", f"must be above pain.advance_threshold ({pain['advance_threshold']})"
            )
    for section in ("ladder", "red_flags", "signs", "self_tests"):
        seen: set[str] = set()
        for i, item in enumerate(data[section] if ok(section) else []):
            if isinstance(item, dict) and "id" in item:
                if item["id"] in seen:
                    problems.add(f"{section}[{i}].id", f"repeats the id {item['id']!r}")
                seen.add(item["id"])
    if ok("self_tests") and all(isinstance(t, dict) and "id" in t for t in data["self_tests"]):
        missing = set(TEST_IDS) - {t["id"] for t in data["self_tests"]}
        if missing:
            problems.add("self_tests", f"lacks the test(s) {', '.join(sorted(missing))}")
    if ok("ladder"):
        if sum(1 for r in items("ladder") if r.get("run_gate")) > 1:
            problems.add("ladder", "marks more than one rung with run_gate = true")
        for i, rung in enumerate(data["ladder"]):
            if not isinstance(rung, dict):
                continue
            key = f"ladder[{i}]"
            if "exercises" in rung:
                for name in ("dose", "how", "hold_seconds"):
                    if name in rung:
                        problems.add(
                            f"{key}.{name}",
                            "belongs to each of the stage's exercises, not to the "
                            "stage (the stage has an exercises list)",
                        )
            else:
                for name in ("dose", "how"):
                    if name not in rung:
                        problems.add(
                            f"{key}.{name}",
                            "is missing (a stage without exercises is one exercise, with its own dose and how-to)",
                        )
    weeks = data["run_plan"].get("weeks") if ok("run_plan") else None
    if isinstance(weeks, list):
        for i, week in enumerate(weeks):
            if not isinstance(week, dict):
                continue
            key = f"run_plan.weeks[{i}]"
            if "week" in week and week["week"] != i + 1:
                problems.add(f"{key}.week", f"must be {i + 1}: weeks are numbered in order from 1")
            if "start_sets" in week:
                for name in ("walk_minutes", "jog_minutes", "max_sets"):
                    if name not in week:
                        problems.add(f"{key}.{name}", "is missing (a week that builds sets needs it)")
                if "max_sets" in week and week["max_sets"] < week["start_sets"]:  # both validated
                    problems.add(f"{key}.max_sets", "must not be below start_sets")
            else:
                for name in ("minutes", "min_days", "min_pain_free_runs"):
                    if name not in week:
                        problems.add(f"{key}.{name}", "is missing (a week without sets needs it)")


def problems_in(text: str, path: str = "<protocol>") -> tuple[dict[str, Any] | None, list[tuple[str, str]]]:
    """Validate TOML text: the validated data (None if any problem) and every
    problem found, as (key, problem). Raises ProtocolError when the text is
    not TOML at all."""
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ProtocolError(f"{path}: not valid TOML ({exc}).") from None
    except RecursionError:
        raise ProtocolError(f"{path}: nests its tables or arrays too deeply for hht to read.") from None
    except ValueError:  # a whole number longer than Python converts
        raise ProtocolError(f"{path}: holds a number too large for hht to read.") from None
    problems = _Problems()
    data: dict[str, Any] = {}
    for name in raw:
        if name not in _TOP:
            problems.add(name, f"is not a known key here (known: {', '.join(_TOP)})")
    for name, (checker, required) in _TOP.items():
        if name in raw:
            value = checker(raw[name], name, problems)
            if value is not _BAD:
                data[name] = value
        elif required:
            problems.add(name, "is missing")
    _cross_checks(data, problems)
    return (None if problems else data), list(problems)


def describe_problems(path: str, problems: list[tuple[str, str]]) -> str:
    """One sentence for one problem; a count and a list for several."""
    if len(problems) == 1:
        key, problem = problems[0]
        return f"{path}: {key} {problem}."
    lines = [f"{path}: {len(problems)} problems:"] + [f"  - {key} {problem}." for key, problem in problems]
    return "\n".join(lines)


def _stage(number: int, raw: dict[str, Any], needed: int) -> Rung:
    exercises = tuple(Exercise(**e) for e in raw.get("exercises", ()))
    if exercises:
        dose = "\n".join(f"{e.name}: {e.dose}" for e in exercises) if len(exercises) > 1 else exercises[0].dose
        how = "\n".join(f"{e.name}: {e.how}" for e in exercises) if len(exercises) > 1 else exercises[0].how
        hold = exercises[0].hold_seconds if len(exercises) == 1 else None
    else:
        dose, how, hold = raw["dose"], raw["how"], raw.get("hold_seconds")
        exercises = (Exercise(raw["name"], dose, how, hold),)
    return Rung(
        number,
        raw["id"],
        raw["name"],
        dose,
        how,
        hold,
        raw.get("run_gate", False),
        exercises,
        raw.get("frequency", "daily"),
        raw.get("pain_free_sessions_needed", needed),
    )


def parse(text: str, path: str = "<protocol>") -> Protocol:
    """Validate TOML text as a protocol. Raises ProtocolError naming every problem."""
    data, problems = problems_in(text, path)
    if data is None:
        raise ProtocolError(describe_problems(path, problems))
    head = data["protocol"]
    needed = data["pain"]["pain_free_sessions_needed"]
    maintenance = data["maintenance"]
    load = data.get("load_test")
    return Protocol(
        name=head["name"],
        version=head["version"],
        title=head["title"],
        pain=PainRules(**data["pain"]),
        ladder=tuple(_stage(i + 1, r, needed) for i, r in enumerate(data["ladder"])),
        run_weeks=tuple(RunWeek(**w) for w in data["run_plan"]["weeks"]),
        data=data,
        path=path,
        sources=tuple(head.get("sources", ())),
        stage_word=head.get("stage_word", "rung"),
        self_tests=tuple(SelfTest(**{"label": t["name"], **t}) for t in data["self_tests"]),
        red_flags=tuple(RedFlag(**{"label": f["question"], **f}) for f in data["red_flags"]),
        red_flag_advice=dict(data["red_flag_advice"]),
        red_flag_plan=dict(data.get("red_flag_plan", {})),
        reassess_every_days=data.get("assessment", {}).get("reassess_every_days", REASSESS_EVERY_DAYS),
        signs=tuple(Sign(**{"label": s["question"], **s}) for s in data["signs"]),
        stretching=Stretching(**data["stretching"]),
        maintenance=Maintenance(maintenance["summary"], tuple(Exercise(**e) for e in maintenance["exercises"])),
        cross_training=CrossTraining(tuple(data["cross_training"]["ideas"]), data["cross_training"]["gate"]),
        holds=HoldTimer(**{**HOLD_TIMER_DEFAULTS, **data.get("hold_timer", {})}),
        max_run_days_in_7=data["run_plan"]["max_run_days_in_7"],
        run_plan_after=data["run_plan"]["after"],
        load_test=LoadTest(**load) if load else None,
        text=text,
    )


def shipped() -> dict[str, Path]:
    """The protocols that ship with hht, by name: `default` and the file names' stems."""
    return {("default" if f.name == DEFAULT_NAME else f.stem): f for f in sorted(protocols_dir().glob("*.toml"))}


def find(name_or_path: str | os.PathLike[str]) -> Path:
    """A shipped protocol's file, by name (`goom-2016`), or the file named."""
    text = str(name_or_path)
    if os.sep not in text and not text.endswith(".toml"):
        found = shipped().get(text)
        if found is not None:
            return found
    return Path(name_or_path)


def load(path: str | os.PathLike[str] | None = None) -> Protocol:
    """Load a protocol file (or a shipped protocol by name); the shipped default when path is None."""
    file = find(path) if path is not None else default_path()
    text = read_text(file, str(file), "protocol file", ProtocolError)
    return parse(text, str(file))
