"""A protocol as the code reads it: the `Protocol` and its parts (the ladder's
rungs and their exercises, the pain rules, the run plan's weeks, the
self-tests, the red flags, the signs and the other sections), each a plain
NamedTuple built from a validated file by `hht.rules.protocol.load.parse`.
"""

# Annotations are evaluated, not postponed: a NamedTuple turns each postponed one
# into a ForwardRef, which doubles the cost of defining it at start-up.

from typing import Any, NamedTuple

# The values some keys may take (hht/rules/protocol/schema.py checks them).
URGENCIES = ("emergency", "urgent", "soon")
TEST_IDS = ("standing_stretch", "bent_knee", "rapid_extension")
FREQUENCIES = ("daily", "every_second_day")
# What a red flag of each level does to the plan: "stop" stops all loading
# (no exercise dose, no run, no stretching into the tendon); "pause" pauses
# progression and running while the ladder work goes on at its rung.
RED_FLAG_EFFECTS = ("stop", "pause")
RED_FLAG_PLAN_DEFAULTS = {"emergency": "stop", "urgent": "stop", "soon": "pause"}
# For protocol files written before [assessment] existed: every two weeks.
REASSESS_EVERY_DAYS = 14
# For protocol files written before [hold_timer] existed: the shipped values.
HOLD_TIMER_DEFAULTS = {"sets": 3, "reps": 10, "rest_seconds": 5, "set_rest_seconds": 60}


# The parts of a protocol are NamedTuples: a file is read on every command, and
# a NamedTuple class is built several times faster than a dataclass when the
# module is imported (about 0.07 ms against 0.5 ms). Nothing hashes a protocol
# or its parts, and only parts of the same kind are compared.


class Exercise(NamedTuple):
    """One exercise of a stage (or of the maintenance work), with its dose."""

    name: str
    dose: str
    how: str
    hold_seconds: int | None = None
    id: str | None = None  # needed by an exercise of resistance work: what `hht log --load` names
    reps: tuple[int, int] | None = None  # resistance work: the prescribed range of the last set's repetitions


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
    resistance: bool = False  # heavy slow resistance: each exercise's load and repetitions may be logged
    load_step: tuple[int, int] = (5, 10)  # resistance work: the load step, in percent

    @property
    def heavy(self) -> bool:
        """Heavy work: never on two days in a row."""
        return self.frequency == "every_second_day"


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
    """A whole protocol: every section a valid file must hold, then those it
    may leave out (hht/rules/protocol/schema.py says which is which)."""

    name: str
    version: str
    title: str
    pain: PainRules
    ladder: tuple[Rung, ...]
    run_weeks: tuple[RunWeek, ...]
    data: dict[str, Any]  # the file as validated: for `protocol show --json`
    red_flag_advice: dict[str, str]
    red_flag_plan: dict[str, str]
    self_tests: tuple[SelfTest, ...]
    red_flags: tuple[RedFlag, ...]
    signs: tuple[Sign, ...]
    stretching: Stretching
    maintenance: Maintenance
    cross_training: CrossTraining
    max_run_days_in_7: int
    run_plan_after: str  # what the plan says once the run plan is complete
    # What a file may leave out, with what applies then:
    path: str = ""
    sources: tuple[str, ...] = ()
    stage_word: str = "rung"  # what the file calls one step of its ladder: "rung" or "stage"
    reassess_every_days: int = REASSESS_EVERY_DAYS  # how many days after the latest assessment the next is due
    holds: HoldTimer = HoldTimer(**HOLD_TIMER_DEFAULTS)  # how `hht today --start` times a rung's holds
    load_test: LoadTest | None = None

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
