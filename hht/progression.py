"""The progression rule: logged history in, today's ladder and the dated
decisions (with their reasons) out.

Nothing here is stored. The rung for any day is derived by folding the
logged days in date order, so correcting a past day re-derives everything
after it. The rule (see DOMAIN.md):

- A full-dose session counts as pain-free once its own pain is within the
  advance threshold *and* the next morning's pain has been logged and is
  within it too. A session whose next morning is not logged does not count.
- `needed` consecutive pain-free sessions at a rung move the runner up one.
- Pain above the threshold in a session or a morning resets the count (hold).
- Pain at or above the step-back threshold in any rating of the day steps back
  one rung (never below rung 1); at most one step back a day.
- A partial (short of the full dose) pain-free session neither counts nor
  resets. A painful partial session holds like any other painful session.
- While a red flag from the latest assessment pauses progression, nothing
  advances; pain still holds and steps back.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Iterable, NamedTuple, Sequence

from hht.protocol import Protocol

ONE_DAY = timedelta(days=1)

# Decision kinds.
ADVANCE = "advance"
COMPLETE = "complete"  # the last rung is done: maintenance from here
HOLD = "hold"
STEP_BACK = "step_back"
COUNTED = "counted"  # a pain-free session confirmed by its next morning
NOT_COUNTED = "not_counted"  # partial, unconfirmed or paused: no effect
PAUSE = "pause"
RESUME = "resume"


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

    def at_least(self, threshold: int, names: tuple[str, ...]) -> dict[str, int]:
        """The named ratings at or above `threshold`, in the order named."""
        found = {}
        for name in names:
            value = getattr(self, name)
            if value is not None and value >= threshold:
                found[name] = value
        return found

    def ratings(self) -> dict[str, int]:
        names = ("morning", "exercise", "run", "sitting")
        return {n: getattr(self, n) for n in names if getattr(self, n) is not None}


@dataclass(frozen=True)
class AssessmentSummary:
    """What the progression needs to know of one assessment."""

    date: date
    red_flag: bool
    advice: str = ""  # the clinician advice shown while paused
    rom_normal: bool | None = None
    bent_knee_pain_free: bool | None = None


@dataclass(frozen=True)
class Decision:
    date: date
    track: str  # "ladder" (the run plan adds "run" and "gate")
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


@dataclass(frozen=True)
class Ladder:
    rung: int  # 1-based
    complete: bool
    pain_free_sessions: int
    needed: int
    awaiting: date | None  # a pain-free session waiting for its next morning
    unconfirmed: date | None  # a session whose next morning was never logged


@dataclass(frozen=True)
class Progress:
    on: date
    ladder: Ladder
    decisions: tuple[Decision, ...]
    assessed: bool
    paused: bool
    latest_assessment: AssessmentSummary | None
    reasons: tuple[str, ...] = field(default=())


def day_to_json(day: Day) -> list:
    """A Day as plain JSON: [date, morning, exercise, partial, run, sitting, note]."""
    return [day.date.isoformat(), day.morning, day.exercise, day.partial, day.run, day.sitting, day.note]


def day_from_json(value: list) -> Day:
    d, morning, exercise, partial, run, sitting, note = value
    for rating in (morning, exercise, run, sitting):
        if rating is not None and (type(rating) is not int or not 0 <= rating <= 10):
            raise ValueError(f"not a pain rating: {rating!r}")
    if type(partial) is not bool or not (note is None or isinstance(note, str)):
        raise ValueError("malformed day")
    return Day(date.fromisoformat(d), morning, exercise, partial, run, sitting, note)


def decision_to_json(decision: Decision) -> list:
    """A Decision as plain JSON: [date, track, kind, before, after, reason]."""
    d = decision
    return [d.date.isoformat(), d.track, d.kind, d.before, d.after, d.reason]


def decision_from_json(value: list) -> Decision:
    d, track, kind, before, after, reason = value
    if type(track) is not str or type(kind) is not str or type(reason) is not str \
            or type(before) is not int or type(after) is not int:
        raise ValueError("malformed decision")
    return Decision(date.fromisoformat(d), track, kind, before, after, reason)


def summary_to_json(a: AssessmentSummary) -> list:
    """An AssessmentSummary as plain JSON."""
    return [a.date.isoformat(), a.red_flag, a.advice, a.rom_normal, a.bent_knee_pain_free]


def summary_from_json(value: list) -> AssessmentSummary:
    d, red_flag, advice, rom, bent = value
    return AssessmentSummary(date.fromisoformat(d), bool(red_flag), advice, rom, bent)


def _date_or_none(value: str | None) -> date | None:
    return None if value is None else date.fromisoformat(value)


def _iso_or_none(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def _int(value: object, low: int, high: int) -> int:
    if type(value) is not int or not low <= value <= high:
        raise ValueError(f"out of range: {value!r}")
    return value


def _bool(value: object) -> bool:
    if type(value) is not bool:
        raise ValueError(f"not a boolean: {value!r}")
    return value


def _pain(value: int) -> str:
    return f"{value}/10"


def _describe(ratings: dict[str, int]) -> str:
    return ", ".join(f"{name} pain {_pain(v)}" for name, v in ratings.items())


class _LadderFold:
    """The ladder's state as the days go by. Internal to `progress`."""

    def __init__(self, protocol: Protocol):
        self.rules = protocol.pain
        self.top = len(protocol.ladder)
        self.names = {r.number: r.name for r in protocol.ladder}
        self.rung = 1
        self.complete = False
        self.count = 0
        self.pending: Day | None = None
        self.unconfirmed: date | None = None
        self.paused = False
        self.decisions: list[Decision] = []

    def _decide(self, on: date, kind: str, before: int, reason: str) -> None:
        self.decisions.append(Decision(on, "ladder", kind, before, self.rung, reason))

    # -- a checkpoint ------------------------------------------------------

    def to_state(self) -> dict:
        """Every field that changes as the days go by, as plain JSON."""
        return {
            "rung": self.rung,
            "complete": self.complete,
            "count": self.count,
            "pending": None if self.pending is None else day_to_json(self.pending),
            "unconfirmed": _iso_or_none(self.unconfirmed),
            "paused": self.paused,
            "decisions": [decision_to_json(d) for d in self.decisions],
        }

    @classmethod
    def from_state(cls, protocol: Protocol, state: dict) -> "_LadderFold":
        """The fold `to_state` saw. Raises ValueError (or KeyError, TypeError) on a malformed state."""
        fold = cls(protocol)
        fold.rung = _int(state["rung"], 1, fold.top)
        fold.complete = _bool(state["complete"])
        fold.count = _int(state["count"], 0, protocol.pain.pain_free_sessions_needed)
        fold.pending = None if state["pending"] is None else day_from_json(state["pending"])
        fold.unconfirmed = _date_or_none(state["unconfirmed"])
        fold.paused = _bool(state["paused"])
        fold.decisions = [decision_from_json(d) for d in state["decisions"]]
        return fold

    def _at(self) -> str:
        return "maintenance" if self.complete else f"rung {self.rung}"

    # -- events ------------------------------------------------------------

    def step_back(self, on: date, why: str) -> None:
        before = self.rung
        self.count = 0
        self.pending = None
        if self.complete:
            self.complete = False
            self._decide(on, STEP_BACK, before, f"{why} is at or above the step-back threshold "
                         f"{_pain(self.rules.step_back_threshold)}: back from maintenance to rung "
                         f"{self.rung} ({self.names[self.rung]}).")
        elif self.rung > 1:
            self.rung -= 1
            self._decide(on, STEP_BACK, before, f"{why} is at or above the step-back threshold "
                         f"{_pain(self.rules.step_back_threshold)}: back one rung to rung {self.rung} "
                         f"({self.names[self.rung]}).")
        else:
            self._decide(on, STEP_BACK, before, f"{why} is at or above the step-back threshold "
                         f"{_pain(self.rules.step_back_threshold)}: staying on rung 1, the first, "
                         "with the count back to 0.")

    def hold(self, on: date, why: str) -> None:
        had = self.count
        self.count = 0
        self.pending = None
        lost = f"; {had} pain-free session{'s' if had != 1 else ''} no longer count" if had else ""
        self._decide(on, HOLD, self.rung, f"{why} is above the advance threshold "
                     f"{_pain(self.rules.advance_threshold)}: held on {self._at()}{lost}.")

    def confirm(self, on: date, session: Day) -> None:
        """The morning after a pain-free session was pain-free too."""
        if self.paused:
            self._decide(on, NOT_COUNTED, self.rung, f"The session on {session.date} was pain-free "
                         "but does not count: progression is paused by a red flag.")
            return
        if self.complete:
            return
        self.count += 1
        needed = self.rules.pain_free_sessions_needed
        confirmed = (f"the session on {session.date} ({_pain(session.exercise or 0)}) and the "
                     f"morning after ({_pain(self.rules.advance_threshold)} or less)")
        if self.count < needed:
            self._decide(on, COUNTED, self.rung, f"Pain-free: {confirmed}; "
                         f"{self.count} of {needed} at rung {self.rung}.")
            return
        before = self.rung
        self.count = 0
        if self.rung < self.top:
            self.rung += 1
            self._decide(on, ADVANCE, before, f"{needed} pain-free sessions in a row at rung "
                         f"{before}, the last confirmed by the morning of {on}: up to rung "
                         f"{self.rung} ({self.names[self.rung]}).")
        else:
            self.complete = True
            self._decide(on, COMPLETE, before, f"{needed} pain-free sessions in a row at rung "
                         f"{before}, the last rung: the ladder is complete; maintenance from here.")

    # -- a day -------------------------------------------------------------

    def morning(self, day: Day) -> bool:
        """Apply a day's morning pain. Returns True if it stepped back."""
        pending, self.pending = self.pending, None
        morning = day.morning
        if pending is not None:
            if pending.date + ONE_DAY == day.date and morning is not None:
                if morning <= self.rules.advance_threshold:
                    self.confirm(day.date, pending)
            else:
                self.unconfirmed = pending.date
                self._decide(day.date, NOT_COUNTED, self.rung,
                             f"The session on {pending.date} does not count: the next morning's "
                             "pain was not logged.")
        if morning is None:
            return False
        after = f" after the session on {pending.date}" if pending and pending.date + ONE_DAY == day.date else ""
        if morning >= self.rules.step_back_threshold:
            self.step_back(day.date, f"Morning pain {_pain(morning)}{after}")
            return True
        if morning > self.rules.advance_threshold:
            self.hold(day.date, f"Morning pain {_pain(morning)}{after}")
        return False

    def rest_of_day(self, day: Day, stepped_back: bool) -> None:
        """Apply a day's session and its other ratings."""
        rules = self.rules
        if day.exercise is not None:
            pain = day.exercise
            if pain >= rules.step_back_threshold and not stepped_back:
                self.step_back(day.date, f"Exercise pain {_pain(pain)}")
                stepped_back = True
            elif pain > rules.advance_threshold:
                self.hold(day.date, f"Exercise pain {_pain(pain)}")
            elif day.partial:
                self._decide(day.date, NOT_COUNTED, self.rung, f"The session on {day.date} was "
                             "short of the full dose: it neither counts nor resets the count.")
            else:
                self.pending = day
                self.unconfirmed = None
        worst = day.at_least(rules.step_back_threshold, ("run", "sitting"))
        if worst and stepped_back:  # one step back a day, but the count still resets
            self.hold(day.date, _describe(worst).capitalize())
        elif worst:
            self.step_back(day.date, _describe(worst).capitalize())


def summarize_reasons(protocol: Protocol, progress: Progress) -> tuple[str, ...]:
    """Why the runner is where they are today, most important first."""
    on = progress.on
    ladder = progress.ladder
    reasons: list[str] = []
    if progress.paused and progress.latest_assessment is not None:
        a = progress.latest_assessment
        reasons.append(f"Progression is paused: the assessment on {a.date} found a red flag. {a.advice}".strip())
    if not progress.assessed:
        reasons.append("No assessment yet: run `hht assess` to screen for red flags and check "
                       "the tendon before you load it.")
    moves = [d for d in progress.decisions if d.kind in (ADVANCE, COMPLETE, STEP_BACK, HOLD)]
    if moves:
        last = moves[-1]
        label = {ADVANCE: "Advanced", COMPLETE: "Completed the ladder", STEP_BACK: "Stepped back",
                 HOLD: "Held"}[last.kind]
        reasons.append(f"{label} on {last.date}: {last.reason}")
    if ladder.complete:
        reasons.append("The ladder is complete: keep up the maintenance exercises.")
    else:
        more = ladder.needed - ladder.pain_free_sessions
        reasons.append(f"{ladder.pain_free_sessions} of {ladder.needed} pain-free sessions at rung "
                       f"{ladder.rung}: {more} more to move up.")
    reasons += morning_after_reasons("session", on, ladder.awaiting, ladder.unconfirmed,
                                     protocol.pain.advance_threshold)
    return tuple(reasons)


def morning_after_reasons(
    what: str, on: date, awaiting: date | None, unconfirmed: date | None, threshold: int, effect: str = ""
) -> list[str]:
    """The reasons about a session (or run) waiting for, or missing, its next morning's pain."""
    reasons = []
    if awaiting is not None:
        morning = awaiting + ONE_DAY
        when = "this morning's" if morning == on else f"the morning of {morning}'s"
        within = _pain(threshold) if threshold == 0 else f"{_pain(threshold)} or less"
        reasons.append(f"The {what} on {awaiting} counts once {when} pain is logged at {within}{effect}.")
    if unconfirmed is not None:
        morning = unconfirmed + ONE_DAY
        reasons.append(f"The {what} on {unconfirmed} did not count: no morning pain was logged "
                       f"for {morning} (`hht log --date {morning} --morning N` adds it).")
    return reasons


def _ladder_fold(
    protocol: Protocol,
    days: Iterable[Day],
    on: date,
    assessments: Sequence[AssessmentSummary],
    timeline: dict[date, tuple[int, bool]] | None,
    start: tuple[date, dict] | None,
    stop: date | None = None,
) -> tuple[_LadderFold, AssessmentSummary | None]:
    """Fold the days up to `on` (its morning only), or to the end of the day `stop` (< `on`).

    With `start` = (C, state), begin from the state at the end of the day C
    and take only the days after C.
    """
    found = sorted((a for a in assessments if a.date <= on), key=lambda a: a.date)
    next_assessment = 0
    latest: AssessmentSummary | None = None
    if start is None:
        fold = _LadderFold(protocol)
        by_date = sorted((d for d in days if d.date <= on), key=lambda d: d.date)
    else:
        through, state = start
        if through >= on:
            raise ValueError(f"a state at the end of {through} cannot give the day {on}")
        fold = _LadderFold.from_state(protocol, state)
        by_date = sorted((d for d in days if through < d.date <= on), key=lambda d: d.date)
        while next_assessment < len(found) and found[next_assessment].date <= through:
            latest = found[next_assessment]  # taken before C ended: the state has their effect
            next_assessment += 1

    def take_assessments(through: date) -> None:
        nonlocal next_assessment, latest
        while next_assessment < len(found) and found[next_assessment].date <= through:
            a = found[next_assessment]
            next_assessment += 1
            latest = a
            if a.red_flag and not fold.paused:
                fold.paused = True
                fold._decide(a.date, PAUSE, fold.rung, f"The assessment on {a.date} found a red flag: "
                             "progression is paused until an assessment has none.")
            elif not a.red_flag and fold.paused:
                fold.paused = False
                fold._decide(a.date, RESUME, fold.rung, f"The assessment on {a.date} found no red "
                             "flag: progression resumes.")

    for day in by_date:
        if stop is not None and day.date > stop:
            break
        take_assessments(day.date)
        if day.date == on:
            if day.morning is not None:  # else the session before may still be confirmed today
                fold.morning(day)
            if timeline is not None:
                timeline[day.date] = (fold.rung, fold.complete)
            break
        stepped_back = fold.morning(day)
        if timeline is not None:
            timeline[day.date] = (fold.rung, fold.complete)
        fold.rest_of_day(day, stepped_back)
    take_assessments(on if stop is None else stop)
    return fold, latest


def ladder_state(
    protocol: Protocol, days: Iterable[Day], through: date, assessments: Sequence[AssessmentSummary] = ()
) -> dict:
    """The ladder's fold at the end of the day `through` (its session included), as plain JSON.

    `progress(..., start=(through, state))` for any later day gives exactly
    what the full fold gives.
    """
    fold, _ = _ladder_fold(protocol, days, through + ONE_DAY, assessments, None, None, stop=through)
    return fold.to_state()


def progress(
    protocol: Protocol,
    days: Iterable[Day],
    on: date,
    assessments: Sequence[AssessmentSummary] = (),
    timeline: dict[date, tuple[int, bool]] | None = None,
    start: tuple[date, dict] | None = None,
) -> Progress:
    """The ladder on the day `on`: everything logged before it, and its morning.

    `days` need not be sorted; days after `on` are ignored, as are
    assessments dated after it. Pass a dict as `timeline` to have it filled
    with each logged day's prescribed (rung, complete), in the same pass.
    Pass `start` = (C, `ladder_state(..., C)`), C before `on`, to resume from
    the end of the day C: days up to C are then ignored.
    """
    fold, latest = _ladder_fold(protocol, days, on, assessments, timeline, start)
    awaiting = None
    if fold.pending is not None:
        if fold.pending.date + ONE_DAY >= on:
            awaiting = fold.pending.date
        else:  # the morning after has passed unlogged
            fold.unconfirmed = fold.pending.date
            fold._decide(fold.pending.date + ONE_DAY, NOT_COUNTED, fold.rung,
                         f"The session on {fold.pending.date} does not count: the next morning's "
                         "pain was not logged.")
    ladder = Ladder(
        rung=fold.rung,
        complete=fold.complete,
        pain_free_sessions=fold.count,
        needed=protocol.pain.pain_free_sessions_needed,
        awaiting=awaiting,
        unconfirmed=fold.unconfirmed,
    )
    result = Progress(
        on=on,
        ladder=ladder,
        decisions=tuple(fold.decisions),
        assessed=latest is not None,
        paused=fold.paused,
        latest_assessment=latest,
    )
    return Progress(**{**result.__dict__, "reasons": summarize_reasons(protocol, result)})
