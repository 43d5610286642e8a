"""The exercise ladder's rules, one day at a time.

`LadderTrack` holds the ladder's state as the walk (hht/rules/walk.py) takes it
through the calendar; each method applies one part of a day and records
the dated decisions it makes, with their reasons. The rules
(docs/clinical-rules.md):

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
- A stage of heavy work (frequency "every_second_day") rests the day after
  each session done at it: a session on that rest day is kept, its pain
  holds and steps back, but it never counts.
- Each stage may need its own number of pain-free sessions.
"""

from __future__ import annotations

import copy
from datetime import date
from typing import NamedTuple

from hht.rules.protocol.model import Protocol
from hht.rules.records import (
    ADVANCE,
    COMPLETE,
    COUNTED,
    HOLD,
    LADDER,
    NOT_COUNTED,
    ONE_DAY,
    PROTOCOL,
    STEP_BACK,
    Day,
    Decision,
    above_advance,
    at_step_back,
    describe_ratings,
    log_morning,
    pain,
)


class LadderState(NamedTuple):
    """The ladder at one moment of the walk."""

    rung: int  # 1-based
    complete: bool
    pain_free_sessions: int
    pending: date | None  # a pain-free session waiting for its next morning
    unconfirmed: date | None  # the last session whose next morning was never logged
    rest: str | None = None  # why the day is a rest day for the stage's heavy work, or None


class LadderTrack:
    """The ladder's state as the days go by."""

    def __init__(self, protocol: Protocol):
        self._rules_of(protocol)
        self.heavy_days: set[date] = set()  # days a session was done at a stage of heavy work
        self.rung = 1
        self.complete = False
        self.count = 0
        self.pending: Day | None = None
        self.unconfirmed: date | None = None
        self.paused = False  # a red flag pauses progression
        self.loading = True  # False while a red flag stops all loading
        self.passed: dict[int, date] = {}  # rung -> the first day the ladder moved past it
        self.decisions: list[Decision] = []

    def copy(self) -> LadderTrack:
        """A copy to walk on separately: nothing it changes is shared."""
        twin = copy.copy(self)
        twin.heavy_days, twin.passed, twin.decisions = set(self.heavy_days), dict(self.passed), list(self.decisions)
        return twin

    def _rules_of(self, protocol: Protocol) -> None:
        self.protocol = protocol
        self.rules = protocol.pain
        self.top = len(protocol.ladder)
        self.names = {r.number: r.name for r in protocol.ladder}
        self.needed = {r.number: r.needed for r in protocol.ladder}
        self.heavy = {r.number: r.heavy for r in protocol.ladder}
        self.any_heavy = any(self.heavy.values())
        self.word = protocol.stage_word  # "rung" or "stage"

    def switch(self, protocol: Protocol, on: date, reason: str, start: int | None = None) -> None:
        """Another protocol applies from `on`. A new version of the same protocol
        keeps the runner where they are; another protocol starts at `start`
        (default its first stage), with the count at 0."""
        old, before = self.protocol, self.rung
        self._rules_of(protocol)
        if protocol.name == old.name and start is None:
            self.rung = min(self.rung, self.top)
            self.complete = self.complete and self.rung == self.top
            self.count = min(self.count, self.needed[self.rung] - 1)
            where = f"staying at {self.at()}"
        else:
            self.rung, self.complete, self.count, self.pending = min(start or 1, self.top), False, 0, None
            self.passed = {}  # another protocol's stages: its run gate is its own
            where = f"starting at {self.word} {self.rung} ({self.names[self.rung]})"
        self.decide(
            on,
            PROTOCOL,
            before,
            f"From {on} the protocol is {protocol.name} {protocol.version} "
            f"(until then {old.name} {old.version}): {reason.rstrip('.')}; {where}.",
        )

    def state(self, on: date | None = None) -> LadderState:
        """The ladder now; with `on`, whether `on` is a rest day for it."""
        pending = self.pending.date if self.pending is not None else None
        rest = self.rest_reason(on) if on is not None and self.any_heavy else None
        return LadderState(self.rung, self.complete, self.count, pending, self.unconfirmed, rest)

    def rest_reason(self, on: date) -> str | None:
        """Why `on` is a rest day for the stage (heavy work every second day), or None."""
        if self.complete or not self.heavy[self.rung]:
            return None
        yesterday = on - ONE_DAY
        if yesterday not in self.heavy_days:
            return None
        return (
            f"Rest day: you did a heavy session yesterday ({yesterday}), and {self.word} {self.rung} "
            "is every second day, so the tendon has 48 hours between heavy sessions."
        )

    def decide(self, on: date, kind: str, before: int, reason: str) -> None:
        self.decisions.append(Decision(on, LADDER, kind, before, self.rung, reason))

    def at(self) -> str:
        return "maintenance" if self.complete else f"{self.word} {self.rung}"

    # -- events ------------------------------------------------------------

    def step_back(self, on: date, why: str) -> None:
        before = self.rung
        self.count = 0
        self.pending = None
        limit = f"{why} {at_step_back(self.rules.step_back_threshold)}"
        if self.complete:
            self.complete = False
            self.decide(
                on,
                STEP_BACK,
                before,
                f"{limit}: back from maintenance to {self.word} {self.rung} ({self.names[self.rung]}).",
            )
        elif self.rung > 1:
            self.rung -= 1
            self.decide(
                on,
                STEP_BACK,
                before,
                f"{limit}: back one {self.word} to {self.word} {self.rung} ({self.names[self.rung]}).",
            )
        else:
            self.decide(
                on, STEP_BACK, before, f"{limit}: staying on {self.word} 1, the first, with the count back to 0."
            )

    def hold(self, on: date, why: str, limit: str = "") -> None:
        """Pain above the advance threshold (or, after a step back the same day,
        at the step-back threshold: `limit` says which): the count starts again."""
        had = self.count
        self.count = 0
        self.pending = None
        lost = f"; {had} pain-free session{' no longer counts' if had == 1 else 's no longer count'}" if had else ""
        limit = limit or above_advance(self.rules.advance_threshold)
        self.decide(on, HOLD, self.rung, f"{why} {limit}: held on {self.at()}{lost}.")

    def confirm(self, on: date, session: Day, morning: int) -> None:
        """The morning after a pain-free session was pain-free too."""
        if self.paused:
            self.decide(
                on,
                NOT_COUNTED,
                self.rung,
                f"The session on {session.date} was pain-free but does not count: progression is paused by a red flag.",
            )
            return
        if self.complete:
            return
        self.count += 1
        needed = self.needed[self.rung]
        confirmed = (
            f"the session on {session.date} ({pain(session.exercise or 0)}) and the morning after ({pain(morning)})"
        )
        if self.count < needed:
            self.decide(
                on, COUNTED, self.rung, f"Pain-free: {confirmed}; {self.count} of {needed} at {self.word} {self.rung}."
            )
            return
        before = self.rung
        self.count = 0
        self.passed.setdefault(before, on)
        if self.rung < self.top:
            self.rung += 1
            self.decide(
                on,
                ADVANCE,
                before,
                f"{needed} pain-free sessions in a row at {self.word} "
                f"{before}, the last confirmed by the morning of {on}: up to {self.word} "
                f"{self.rung} ({self.names[self.rung]}).",
            )
        else:
            self.complete = True
            self.decide(
                on,
                COMPLETE,
                before,
                f"{needed} pain-free sessions in a row at {self.word} "
                f"{before}, the last {self.word}: the ladder is complete; maintenance from here.",
            )

    # -- a day -------------------------------------------------------------

    def settle_unlogged(self, on: date) -> None:
        """The morning of `on` passed without a pain rating: a session waiting for it does not count."""
        pending, self.pending = self.pending, None
        if pending is not None:
            self.unconfirmed = pending.date
            self.decide(
                on,
                NOT_COUNTED,
                self.rung,
                f"The session on {pending.date} does not count "
                f"(yet): no pain was logged for the morning of {on} (`{log_morning(on)}` adds it).",
            )

    def morning(self, day: Day) -> bool:
        """Apply a day's logged morning pain (the worse of it and the load test,
        where the protocol has one). Returns True if it stepped back."""
        morning = day.response
        assert morning is not None
        pending, self.pending = self.pending, None
        if pending is not None and morning <= self.rules.advance_threshold:
            self.confirm(day.date, pending, morning)
        if morning <= self.rules.advance_threshold:
            return False
        after = f" after the session on {pending.date}" if pending is not None else ""
        if morning >= self.rules.step_back_threshold:
            self.step_back(day.date, f"{day.response_words()}{after}")
            return True
        self.hold(day.date, f"{day.response_words()}{after}")
        return False

    def rest_of_day(self, day: Day, stepped_back: bool) -> None:
        """Apply a day's session and its other ratings."""
        rules = self.rules
        if day.exercise is not None:
            rest = self.rest_reason(day.date)
            if self.heavy[self.rung] and not self.complete:
                self.heavy_days.add(day.date)
            level = day.exercise
            if level >= rules.step_back_threshold and not stepped_back:
                self.step_back(day.date, f"Exercise pain {pain(level)}")
                stepped_back = True
            elif level > rules.advance_threshold:
                self.hold(day.date, f"Exercise pain {pain(level)}")
            elif day.partial:
                self.decide(
                    day.date,
                    NOT_COUNTED,
                    self.rung,
                    f"The session on {day.date} was short of the full dose: it neither counts nor resets the count.",
                )
            elif rest is not None:
                self.decide(
                    day.date,
                    NOT_COUNTED,
                    self.rung,
                    f"The session on {day.date} does not count: {rest[0].lower()}{rest[1:]}",
                )
            elif self.paused:
                what = "progression was paused" if self.loading else "all loading was stopped"
                self.decide(
                    day.date,
                    NOT_COUNTED,
                    self.rung,
                    f"The session on {day.date} does not count: {what} by a red flag when it was done.",
                )
            elif not self.complete:  # in maintenance a pain-free session has nothing to count toward
                self.pending = day
                self.unconfirmed = None
        worst = day.at_least(rules.step_back_threshold, ("run", "sitting"))
        if worst and stepped_back:  # one step back a day, but the count still resets
            self.hold(
                day.date,
                describe_ratings(worst),
                f"{at_step_back(rules.step_back_threshold)}, after a step back earlier the same day",
            )
        elif worst:
            self.step_back(day.date, describe_ratings(worst))
