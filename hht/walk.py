"""The one walk through the days: the library's pure entry point.

`walk(protocol, days, assessments, through)` goes through the calendar, one
day at a time, from the first logged day or assessment to `through`, and
yields for each day the state of both tracks (the exercise ladder and the
return-to-run plan) on its morning and at its end, with the decisions made
that day. Everything hht says about the plan (`hht today`, `hht log`, the
report) is read from it; nothing about the plan is stored.

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

from datetime import date
from typing import Iterable, Iterator, NamedTuple, Sequence

from hht.ladder import LadderState, LadderTrack
from hht.protocol import Protocol
from hht.records import ONE_DAY, PAUSE, RESUME, AssessmentSummary, Day, Decision
from hht.runplan import RunSnapshot, RunTrack


class Snapshot(NamedTuple):
    """Both tracks at one moment of a day."""

    ladder: LadderState
    run: RunSnapshot
    latest: AssessmentSummary | None  # the latest assessment taken so far
    paused: bool  # a red flag in it pauses progression (and running)
    loading: bool  # False while a red flag stops all loading
    protocol: Protocol | None = None  # the protocol in force


class ProtocolChange(NamedTuple):
    """Another protocol applies from `date` on (`hht protocol use`)."""

    date: date
    protocol: Protocol
    reason: str
    start: int | None = None  # the stage to start at, for a protocol of another name (default 1)


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
    protocol: Protocol,
    days: Iterable[Day],
    assessments: Iterable[AssessmentSummary],
    through: date,
    changes: Sequence[ProtocolChange] = (),
) -> Iterator[DayStates]:
    """Each calendar day up to `through`, in order. Later days and assessments are ignored.

    `protocol` applies from the start; each of `changes` (in date order) from its date on.
    """
    changes = sorted(changes, key=lambda c: c.date)
    by_date = {d.date: d for d in days if d.date <= through}
    taken = sorted((a for a in assessments if a.date <= through), key=lambda a: a.date)
    starts = [*by_date, *(a.date for a in taken[:1])]
    on = min(starts, default=through)
    ladder = LadderTrack(protocol)
    run = RunTrack(protocol, ladder)
    latest: AssessmentSummary | None = None
    next_assessment = 0
    next_change = 0
    while on <= through:
        marks = len(ladder.decisions), len(run.decisions)
        while next_change < len(changes) and changes[next_change].date <= on:
            change = changes[next_change]
            next_change += 1
            if change.protocol is not protocol:
                ladder.switch(change.protocol, on, change.reason, change.start)
                run.switch(change.protocol)
                protocol = change.protocol
        while next_assessment < len(taken) and taken[next_assessment].date <= on:
            latest = taken[next_assessment]
            next_assessment += 1
            _take(protocol, ladder, latest)
            run.take(latest)
        run.latest = latest
        entry = by_date.get(on)
        if entry is not None and entry.load_test is not None and protocol.load_test is None:
            entry = entry._replace(load_test=None)  # a protocol without a load test does not read one
        logged = entry is not None and entry.response is not None
        stepped_back = False
        if logged:
            stepped_back = ladder.morning(entry)
        elif on < through:
            ladder.settle_unlogged(on)
        run.open_gate(on)
        if logged or on < through:
            run.morning(on, entry)
        else:
            run.keep_waiting()
        run.finish_week(on)
        morning = Snapshot(ladder.state(on), run.snapshot(on), latest, ladder.paused, ladder.loading, protocol)
        middle = len(ladder.decisions), len(run.decisions)
        if not logged and on == through:  # the end of the day: its morning did not come
            ladder.settle_unlogged(on)
            run.morning(on, entry)
            run.finish_week(on)
        settled = len(ladder.decisions), len(run.decisions)
        if entry is not None:
            ladder.rest_of_day(entry, stepped_back)
            run.rest_of_day(entry)
        evening = Snapshot(ladder.state(on + ONE_DAY), run.snapshot(on + ONE_DAY), latest, ladder.paused,
                           ladder.loading, protocol)
        yield DayStates(
            on, entry, morning, evening,
            (*ladder.decisions[marks[0]:middle[0]], *run.decisions[marks[1]:middle[1]]),
            (*ladder.decisions[settled[0]:], *run.decisions[settled[1]:]),
            (*ladder.decisions[middle[0]:settled[0]], *run.decisions[middle[1]:settled[1]]),
        )
        on += ONE_DAY


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
            ladder.decide(a.date, PAUSE, ladder.rung, f"{found}: progression is paused and running stops "
                          f"until an assessment has none; the ladder work goes on at {ladder.at()}.")
        else:
            ladder.decide(a.date, PAUSE, ladder.rung, f"{found}: all loading stops (no exercise dose, no "
                          "running, no stretching into the ache) until an assessment has none.")
    elif ladder.paused:
        what = "progression resumes" if ladder.loading else "loading and progression resume"
        ladder.paused, ladder.loading = False, True
        ladder.decide(a.date, RESUME, ladder.rung, f"The assessment on {a.date} found no red flag: {what}, "
                      f"at {ladder.at()}.")


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
    protocol: Protocol, days: Iterable[Day], assessments: Iterable[AssessmentSummary], on: date,
    changes: Sequence[ProtocolChange] = (),
) -> Moment:
    """The day `on`: the walk up to it, folded once."""
    decisions: list[Decision] = []
    last = None
    for last in walk(protocol, days, assessments, on, changes):
        decisions += last.morning_decisions
        if last.date < on:
            decisions += last.unlogged + last.evening_decisions
    assert last is not None and last.date == on
    return Moment(on, last.entry, last.morning, last.evening, tuple(decisions), last.evening_decisions)
