"""The records every part of hht shares: a logged day, an assessment as it is
stored and as the plan sees it, a protocol adopted from a day, and a dated
decision with its reason.

Plain, immutable data. The walk through the days (hht/rules/walk.py) reads `Day`
and `AssessmentSummary` and writes `Decision`s; storage builds the first two
(an assessment's summary from its stored result, with `summary`), and every
renderer reads the third. Scoring an assessment is hht/rules/assessment/scoring.py's.
"""

# Annotations are evaluated, not postponed: a NamedTuple turns each postponed one
# into a ForwardRef, which doubles the cost of defining it at start-up.

from datetime import date, timedelta
from typing import Any, NamedTuple

ONE_DAY = timedelta(days=1)

# The sides an assessment may test, in the order they are shown; what a runner's
# sides may be, in words; and the rule.
SIDES = ("left", "right")
SIDES_WORDS = '["left"], ["right"] or ["left", "right"]'

# The outcome measures hht scores (VISA-H, the patient-specific functional scale, GROC).
OUTCOME_MEASURES = ("visa-h", "psfs", "groc")
OUTCOME_NAMES = {"visa-h": "VISA-H", "psfs": "PSFS", "groc": "GROC"}
AT_BASELINE = ("visa-h", "psfs")  # GROC rates change itself: not at the baseline


def sides_ok(value: Any) -> bool:
    """Whether `value` is a runner's affected sides: one or both, each once."""
    return isinstance(value, list) and bool(value) and all(s in SIDES for s in value) and len(set(value)) == len(value)


class Rating(NamedTuple):
    """One pain rating of a day (0-10), as every outlet names it."""

    id: str  # the day's field, and the key of every format (a CSV column, a JSON key)
    name: str  # before a value: "morning 2/10", "load test 0/10"
    words: str  # what it rates, in a sentence: "morning pain", "load test"
    label: str  # the chart's key: "on waking"
    context: str  # when it is rated, in full (a FHIR Observation's text)

    @property
    def heading(self) -> str:
        """A table's column: "Morning", "Load test"."""
        return self.name[:1].upper() + self.name[1:]


# Every pain rating a day holds, declared once, in the order they are shown:
# each format (the report's tables and chart, the CSV, the FHIR Observations)
# carries every rating listed here.
PAIN_RATINGS = (
    Rating("morning", "morning", "morning pain", "on waking", "on waking"),
    Rating("exercise", "exercise", "exercise pain", "ladder session", "during or after the ladder exercise session"),
    Rating("run", "run", "run pain", "walk/jog", "during or after the walk/jog session"),
    Rating("sitting", "sitting", "sitting pain", "sitting", "when sitting"),
    Rating(
        "load_test",
        "load test",
        "load test",
        "load test",
        "in the protocol's daily load test (the tendon's 24-hour response)",
    ),
)
RATING = {r.id: r for r in PAIN_RATINGS}
# The ratings' ids, and every field a day holds, in the order they are shown and stored.
RATINGS = tuple(RATING)
FIELDS = ("morning", "exercise", "partial", *(r for r in RATINGS if r not in ("morning", "exercise")), "note")
# How a field reads in a sentence, where it is not its own name.
FIELD_NAMES = {r.id: r.name for r in PAIN_RATINGS if r.name != r.id}

# Decision tracks.
LADDER = "ladder"
RUN = "run"
GATE = "gate"

# Decision kinds.
ADVANCE = "advance"
COMPLETE = "complete"  # the last rung (or run week) is done
HOLD = "hold"
STEP_BACK = "step_back"
COUNTED = "counted"  # a pain-free session (or run) confirmed by its next morning
NOT_COUNTED = "not_counted"  # partial, unconfirmed or paused: no effect
PAUSE = "pause"
RESUME = "resume"
OPEN = "open"  # the run plan's gate opened
PROTOCOL = "protocol"  # another protocol applies from this day


def log_morning(day: date) -> str:
    """The command that logs a day's morning pain: `hht log --date 2026-03-02 --morning N`."""
    return f"hht log --date {day} --morning N"


def pain(value: int) -> str:
    """A rating as the runner reads it: `3/10`."""
    return f"{value}/10"


def within(threshold: int) -> str:
    """The advance threshold as a bound: `0/10`, or `3/10 or less`."""
    return pain(threshold) if threshold == 0 else f"{pain(threshold)} or less"


def above_advance(threshold: int) -> str:
    """Why a rating holds: `is above the advance threshold 0/10`."""
    return f"is above the advance threshold {pain(threshold)}"


def at_step_back(threshold: int) -> str:
    """Why a rating steps back: `is at or above the step-back threshold 4/10`."""
    return f"is at or above the step-back threshold {pain(threshold)}"


class Day(NamedTuple):
    """One logged day. Pain ratings are 0-10 or None when not logged.

    A NamedTuple rather than a dataclass: a long history builds thousands of
    these on every command, and a tuple is built over twice as fast.
    """

    date: date
    morning: int | None = None
    exercise: int | None = None
    partial: bool = False
    run: int | None = None
    sitting: int | None = None
    note: str | None = None
    load_test: int | None = None  # the protocol's daily load test, 0-10 (its 24-hour response)

    def at_least(self, threshold: int, names: tuple[str, ...]) -> dict[str, int]:
        """The named ratings at or above `threshold`, in the order named."""
        found = {}
        for name in names:
            value = getattr(self, name)
            if value is not None and value >= threshold:
                found[name] = value
        return found

    def ratings(self) -> dict[str, int]:
        return {n: getattr(self, n) for n in RATINGS if getattr(self, n) is not None}

    @property
    def response(self) -> int | None:
        """The day's 24-hour response to the day before: the worse of the morning
        pain and the load test, or None when neither is logged."""
        morning, test = self.morning, self.load_test
        if test is None:
            return morning
        return test if morning is None or test > morning else morning

    def response_words(self) -> str:
        """`Morning pain 2/10`, or `Load test 3/10` when the load test was the worse."""
        if self.load_test is not None and (self.morning is None or self.load_test > self.morning):
            return f"Load test {pain(self.load_test)}"
        return f"Morning pain {pain(self.morning or 0)}"


def describe_ratings(ratings: dict[str, int]) -> str:
    """`Exercise pain 4/10, sitting pain 5/10`."""
    text = ", ".join(f"{RATING[name].words if name in RATING else name} {pain(v)}" for name, v in ratings.items())
    return text[:1].upper() + text[1:]


class AssessmentSummary(NamedTuple):
    """What the plan needs to know of one assessment."""

    date: date
    red_flag: bool
    advice: str = ""  # the clinician advice shown while paused
    rom_normal: bool | None = None
    bent_knee_pain_free: bool | None = None  # on every affected side: opens cross-training and running
    urgency: str | None = None  # the most urgent red flag's level: emergency, urgent or soon
    bent_knee: tuple[tuple[str, int], ...] = ()  # (side, pain) of the assisted bent-knee stretch


def summary(on: date, red_flag: bool, result: dict[str, Any]) -> AssessmentSummary:
    """A stored assessment's result as the plan reads it."""
    per_side = result.get("per_side") or {}
    bent_knee = tuple(
        (side, scored["tests"]["bent_knee"]["pain"])
        for side, scored in per_side.items()
        if "bent_knee" in scored.get("tests", {})
    )
    return AssessmentSummary(
        date=on,
        red_flag=red_flag,
        advice=result.get("advice") or "",
        rom_normal=result.get("range_of_motion_normal"),
        bent_knee_pain_free=None if red_flag else result["unlocks"]["cross_training"]["allowed"],
        urgency=result.get("urgency") if red_flag else None,
        bent_knee=bent_knee,
    )


class StoredAssessment(NamedTuple):
    """One assessment as the database keeps it."""

    id: int
    date: date
    taken_at: str  # UTC, ISO 8601
    protocol_name: str
    protocol_version: str
    sides: list[str]
    answers: dict[str, Any]
    result: dict[str, Any]
    red_flag: bool

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "date": self.date.isoformat(),
            "taken_at": self.taken_at,
            "protocol": {"name": self.protocol_name, "version": self.protocol_version},
            "sides": self.sides,
            "red_flag": self.red_flag,
            "answers": self.answers,
            "result": self.result,
        }


class ProtocolUse(NamedTuple):
    """A protocol adopted from a day, with the file's content as adopted."""

    id: int
    from_date: date
    name: str
    version: str
    source: str  # a shipped protocol's name, or the file's path, as given
    content: str
    reason: str
    start_stage: int | None
    adopted_at: str
    noticed: str | None  # the source's later content, already said to differ


class Decision(NamedTuple):
    """A dated decision of one track, with its reason.

    `before` and `after` are the track's position: the rung on the ladder;
    the step of the run plan (1 is its first step, one past the last is the
    plan complete; the gate goes from 0, locked, to 1).
    """

    date: date
    track: str
    kind: str
    before: int
    after: int
    reason: str

    def to_json(self) -> dict:
        return {
            "date": self.date.isoformat(),
            "track": self.track,
            "kind": self.kind,
            "from": self.before,
            "to": self.after,
            "reason": self.reason,
        }


def show_value(name: str, value: Any) -> str:
    if name in RATINGS:
        return f"{value}/10"
    if name == "partial":
        return "partial dose" if value else "full dose"
    return repr(value)


def day_parts(day: Day) -> list[str]:
    """A logged day's values, in words: "morning 2/10", "exercise 0/10", "full dose"."""
    parts = []
    for n in FIELDS:
        if n == "partial":
            if day.exercise is not None:
                parts.append(show_value(n, day.partial))
        elif getattr(day, n) is not None:
            parts.append(f"{FIELD_NAMES.get(n, n)} {show_value(n, getattr(day, n))}")
    return parts
