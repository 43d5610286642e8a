"""The one walk through the days: the library's pure entry point.

`walk(timeline, days, assessments, through)` goes through the calendar, one
day at a time, from the first logged day or assessment to `through`, and
yields for each day the state of both tracks (the exercise ladder and the
return-to-run plan) on its morning and at its end, with the decisions made
that day. Everything hht says about the plan (`hht today`, `hht log`, the
report) is read from it; nothing about the plan is stored.

`day_of` is the same walk for one day (`hht today`): the days before it are
applied without drawing their states. `day_of_each` is the walk for one day
under the log before and after a write (`hht log`): one walk up to the day
written, then one on each.

A day, in order:
0. a protocol adopted from that day (`hht protocol use`) starts to apply:
   the days before keep the rules they were lived under;
1. the assessments dated that day are taken: the latest one decides whether
   a red flag pauses progression, and gates the run plan;
2. the morning: a logged morning pain confirms (or holds, or steps back) the
   session and the run of the day before; a morning left unlogged means
   they do not count, except on `through`, whose morning may still come;
3. the run plan's gate opens if it now may, and a week of runs may finish:
   this is the state "on the morning" (what `hht today` shows for the day);
4. the rest of the day: the ladder session, the run, the other ratings;
   this is the state "at the end of the day".
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from typing import NamedTuple

from hht.rules.ladder import LadderState, LadderTrack
from hht.rules.protocol.model import Protocol
from hht.rules.records import ONE_DAY, PAUSE, RESUME, AssessmentSummary, Day, Decision
from hht.rules.runplan import RunSnapshot, RunTrack
from hht.rules.timeline import Timeline


class Snapshot(NamedTuple):
    """Both tracks at one moment of a day."""

    ladder: LadderState
    run: RunSnapshot
    latest: AssessmentSummary | None  # the latest assessment taken so far
    paused: bool  # a red flag in it pauses progression (and running)
    loading: bool  # False while a red flag stops all loading
    protocol: Protocol | None = None  # the protocol in force


class DayStates(NamedTuple):
    """One calendar day of the walk."""

    date: date
    entry: Day | None  # what was logged for the day
    morning: Snapshot
    evening: Snapshot
    morning_decisions: tuple[Decision, ...]  # made by the assessments and the morning
    evening_decisions: tuple[Decision, ...]  # made by the rest of the day
    unlogged: tuple[Decision, ...] = ()  # on `through`: what its missing morning would settle by the end


def walk(
    timeline: Timeline,
    days: Iterable[Day],
    assessments: Iterable[AssessmentSummary],
    through: date,
) -> Iterator[DayStates]:
    """Each calendar day up to `through`, in order. Later days and assessments are ignored.

    The timeline's first protocol applies from the start; each change from its date on.
    """
    tracks = _Tracks(timeline, days, assessments, through)
    on = tracks.next_day
    while on <= through:
        yield tracks.day(on)
        on += ONE_DAY


class _Tracks:
    """Both tracks, taken through the calendar one day at a time by `day`
    (which says what the day was) or `apply` (which only applies it)."""

    def __init__(
        self,
        timeline: Timeline,
        days: Iterable[Day],
        assessments: Iterable[AssessmentSummary],
        through: date,
    ):
        protocol = self.protocol = timeline.initial
        self.through = through
        self.changes = sorted(timeline.changes, key=lambda c: c.date)
        self.by_date = {d.date: d for d in days if d.date <= through}
        self.taken = sorted((a for a in assessments if a.date <= through), key=lambda a: a.date)
        # the first day not yet applied: the walk starts at the first day logged or assessed
        self.next_day = min([*self.by_date, *(a.date for a in self.taken[:1])], default=through)
        self.ladder = LadderTrack(protocol)
        self.run = RunTrack(protocol, self.ladder)
        self.latest: AssessmentSummary | None = None
        self.next_assessment = 0
        self.next_change = 0

    def fork(self, days: Iterable[Day]) -> _Tracks:
        """A copy of the tracks as they stand, to walk on over another history
        (`days`, the same as this one's before the day the walk has reached)."""
        twin = copy.copy(self)
        twin.by_date = {d.date: d for d in days if d.date <= self.through}
        twin.ladder = self.ladder.copy()
        twin.run = self.run.copy(twin.ladder)
        return twin

    def marks(self) -> tuple[int, int]:
        return len(self.ladder.decisions), len(self.run.decisions)

    def since(self, start: tuple[int, int], stop: tuple[int, int] | None = None) -> tuple[Decision, ...]:
        """The decisions made between two marks, the ladder's first."""
        stop = stop or self.marks()
        return (*self.ladder.decisions[start[0] : stop[0]], *self.run.decisions[start[1] : stop[1]])

    def snapshot(self, on: date) -> Snapshot:
        ladder = self.ladder
        return Snapshot(
            ladder.state(on), self.run.snapshot(on), self.latest, ladder.paused, ladder.loading, self.protocol
        )

    def day(self, on: date) -> DayStates:
        """Apply the day `on`, and say what it was: its states and decisions."""
        start = self.marks()
        entry, logged, stepped_back = self.morning(on)
        morning = self.snapshot(on)
        middle = self.marks()
        self.morning_missed(on, entry, logged)
        settled = self.marks()
        self.rest_of_day(entry, stepped_back)
        evening = self.snapshot(on + ONE_DAY)
        return DayStates(
            on, entry, morning, evening, self.since(start, middle), self.since(settled), self.since(middle, settled)
        )

    def apply(self, on: date, decisions: list[Decision]) -> None:
        """Apply the day `on` (not the last), adding its decisions to `decisions` in
        the walk's order: the morning's (the ladder's, then the run plan's), then
        the rest of the day's."""
        ladder, run = self.ladder.decisions, self.run.decisions
        start_ladder, start_run = len(ladder), len(run)
        entry, _, stepped_back = self.morning(on)
        middle_ladder, middle_run = len(ladder), len(run)
        self.rest_of_day(entry, stepped_back)
        if len(ladder) != start_ladder or len(run) != start_run:
            decisions += ladder[start_ladder:middle_ladder]
            decisions += run[start_run:middle_run]
            decisions += ladder[middle_ladder:]
            decisions += run[middle_run:]

    def morning(self, on: date) -> tuple[Day | None, bool, bool]:
        """Steps 0-3: the protocol, the assessments, the morning, the gate and the
        week. Returns the day's entry, whether its morning is logged, and whether
        the morning stepped back."""
        ladder, run, changes = self.ladder, self.run, self.changes
        while self.next_change < len(changes) and changes[self.next_change].date <= on:
            change = changes[self.next_change]
            self.next_change += 1
            if change.protocol is not self.protocol:
                ladder.switch(change.protocol, on, change.reason, change.start)
                run.switch(change.protocol)
                self.protocol = change.protocol
        taken = self.taken
        while self.next_assessment < len(taken) and taken[self.next_assessment].date <= on:
            self.latest = taken[self.next_assessment]
            self.next_assessment += 1
            _take(self.protocol, ladder, self.latest)
            run.take(self.latest)
        run.latest = self.latest
        entry = self.by_date.get(on)
        if entry is not None and entry.load_test is not None and self.protocol.load_test is None:
            entry = entry._replace(load_test=None)  # a protocol without a load test does not read one
        logged = entry is not None and entry.response is not None
        stepped_back = False
        last = on == self.through
        if logged:
            stepped_back = ladder.morning(entry)  # type: ignore[arg-type]
        elif not last:
            ladder.settle_unlogged(on)
        run.open_gate(on)
        if logged or not last:
            run.morning(on, entry)
        else:
            run.keep_waiting()
        run.finish_week(on)
        return entry, logged, stepped_back

    def morning_missed(self, on: date, entry: Day | None, logged: bool) -> None:
        """On `through`, by the end of the day: its morning did not come."""
        if not logged and on == self.through:
            self.ladder.settle_unlogged(on)
            self.run.morning(on, entry)
            self.run.finish_week(on)

    def rest_of_day(self, entry: Day | None, stepped_back: bool) -> None:
        """Step 4: the session, the run, the other ratings."""
        if entry is not None:
            self.ladder.rest_of_day(entry, stepped_back)
            self.run.rest_of_day(entry)


def _take(protocol: Protocol, ladder: LadderTrack, a: AssessmentSummary) -> None:
    """An assessment: a red flag stops loading or pauses progression, as the
    protocol says for its level; one without lifts either."""
    if a.red_flag:
        effect = protocol.red_flag_effect(a.urgency)
        loading = effect != "stop"
        if ladder.paused and ladder.loading == loading:
            return
        ladder.paused, ladder.loading = True, loading
        found = f"The assessment on {a.date} found a red flag ({a.urgency or 'unrated'})"
        if loading:
            ladder.decide(
                a.date,
                PAUSE,
                ladder.rung,
                f"{found}: progression is paused and running stops "
                f"until an assessment has none; the ladder work goes on at {ladder.at()}.",
            )
        else:
            ladder.decide(
                a.date,
                PAUSE,
                ladder.rung,
                f"{found}: all loading stops (no exercise dose, no "
                "running, no stretching into the ache) until an assessment has none.",
            )
    elif ladder.paused:
        what = "progression resumes" if ladder.loading else "loading and progression resume"
        ladder.paused, ladder.loading = False, True
        ladder.decide(
            a.date, RESUME, ladder.rung, f"The assessment on {a.date} found no red flag: {what}, at {ladder.at()}."
        )


class Moment(NamedTuple):
    """A day as `hht today` and `hht log` read it: its morning, its end, and
    every decision up to each."""

    date: date
    entry: Day | None
    morning: Snapshot
    evening: Snapshot
    decisions: tuple[Decision, ...]  # every decision up to the morning
    today: tuple[Decision, ...]  # the decisions the rest of the day made


def day_of(
    timeline: Timeline,
    days: Iterable[Day],
    assessments: Iterable[AssessmentSummary],
    on: date,
) -> Moment:
    """The day `on`: the walk up to it, with the states of its own day only."""
    tracks = _Tracks(timeline, days, assessments, on)
    decisions: list[Decision] = []
    _apply_until(tracks, on, decisions)
    return _moment(tracks, on, decisions)


def day_of_each(
    timeline: Timeline,
    before: Sequence[Day],
    after: Sequence[Day],
    since: date,
    assessments: Iterable[AssessmentSummary],
    on: date,
) -> tuple[Moment, Moment]:
    """The day `on` under two histories that are the same before `since` (the
    log before and after a write to the day `since`): one walk up to `since`,
    then one walk on each. The same as `day_of` on each history."""
    tracks = _Tracks(timeline, before, assessments, on)
    tracks.next_day = min(tracks.next_day, since)  # both walks start at the first day of either
    decisions: list[Decision] = []
    _apply_until(tracks, min(since, on), decisions)
    other, other_decisions = tracks.fork(after), list(decisions)
    _apply_until(tracks, on, decisions)
    _apply_until(other, on, other_decisions)
    return _moment(tracks, on, decisions), _moment(other, on, other_decisions)


def _apply_until(tracks: _Tracks, stop: date, decisions: list[Decision]) -> None:
    """Apply the days from where the tracks are to the day before `stop`."""
    while tracks.next_day < stop:
        tracks.apply(tracks.next_day, decisions)
        tracks.next_day += ONE_DAY


def _moment(tracks: _Tracks, on: date, decisions: list[Decision]) -> Moment:
    last = tracks.day(on)
    return Moment(
        on, last.entry, last.morning, last.evening, (*decisions, *last.morning_decisions), last.evening_decisions
    )
