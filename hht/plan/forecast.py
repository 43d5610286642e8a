"""The next days of the plan, if every day stays pain-free: what `hht calendar` exports.

`forecast` reads the day's plan (hht/plan/day.py's `day_plan`) for today as it
stands, then for each later day after appending a pain-free day to the
history: 0/10 on waking, the ladder session at 0/10, and the run at 0/10 on
a day the plan prescribes one. It decides nothing itself: every rung, run
and rest day is what `hht today` would show on that day after those days.

`events` turns those days into calendar events as plain data, each with a
stable id (its kind and the day it belongs to), so that a calendar that
imports a newer file updates them rather than adding them twice.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, time

from hht.plan import prescription as rx
from hht.plan.day import DayPlan, day_plan
from hht.rules.records import ONE_DAY, AssessmentSummary, Day
from hht.rules.timeline import Timeline

ASSUMED = (
    "This is the plan if every day until then stays pain-free (0/10 on waking, in the session and "
    "in the run); any pain changes it, so check `hht today` on the day."
)
AS_TODAY = "As the plan stands today (`hht today`)."


@dataclass(frozen=True)
class PlannedDay:
    date: date
    assumed: bool  # later days: the plan if the days before it are pain-free
    plan: DayPlan  # the day's plan, as `hht today` shows it


def forecast(
    timeline: Timeline, days: Sequence[Day], assessments: Sequence[AssessmentSummary], start: date, count: int
) -> list[PlannedDay]:
    """`count` days from `start` (today): today as logged, then pain-free days."""
    history = {d.date: d for d in days if d.date <= start}
    out = []
    for n in range(count):
        on = start + n * ONE_DAY
        if n:  # a pain-free morning (and load test), logged before the day's plan is read
            history[on] = Day(on, morning=0, load_test=0 if timeline.at(on).load_test is not None else None)
        plan = day_plan(timeline, sorted(history.values()), on, assessments)
        out.append(PlannedDay(on, bool(n), plan))
        entry = history.get(on, Day(on))
        p = plan.prescription
        history[on] = entry._replace(
            morning=0 if entry.morning is None else entry.morning,
            exercise=0 if entry.exercise is None and p.session_due else entry.exercise,
            run=0 if entry.run is None and p.run_due else entry.run,
        )
    return out


@dataclass(frozen=True)
class Event:
    uid: str  # stable: the kind of event and the day (or assessment) it belongs to
    kind: str  # morning, session, run, rest, clinician, assessment
    day: date
    summary: str
    description: str
    at: time | None = None  # None: an all-day event
    minutes: int = 0  # how long a timed event lasts
    alarm: time | None = None  # when on the day to remind


def events(planned: Sequence[PlannedDay], at: time, assessments: Sequence[AssessmentSummary]) -> list[Event]:
    """The calendar of the planned days: the morning-pain reminder (at `at`, with an
    alarm), the ladder session (or its rest day), the run or the rest day from
    running, and the next assessment (with an alarm at `at` on its day)."""
    out: list[Event] = []
    for day in planned:
        plan, on = day.plan, day.date
        p = plan.prescription
        note = ASSUMED if day.assumed else AS_TODAY
        if plan.paused:
            what = "all loading stops" if p.stopped else "progression is paused"
            out.append(
                Event(
                    _uid("clinician", on),
                    "clinician",
                    on,
                    f"See a clinician (hht: red flag, {what})",
                    f"{plan.reasons[0]}\n\n{note}",
                )
            )
        test = plan.protocol.load_test
        morning = "On waking, rate the deep buttock pain 0-10 (0 is none) and log it: `hht log --morning N`."
        if test is not None:
            morning += f" Do the {test.name.lower()} and log it too: `hht log --load-test N`."
        out.append(
            Event(
                _uid("morning", on),
                "morning",
                on,
                "Log your morning pain (hht)",
                f"{morning} A session or run counts only once the next morning's pain is logged.",
                at=at,
                minutes=5,
                alarm=at,
            )
        )
        out.append(_session(plan, on, note))
        run = plan.run
        if p.run == rx.PAUSED:
            out.append(
                Event(
                    _uid("run", on),
                    "run_paused",
                    on,
                    "No running: the run plan is paused (hht)",
                    f"{run.state.reason}\n\n{note}",
                )
            )
        elif p.run == rx.RUN_REST:
            out.append(
                Event(_uid("run", on), "rest", on, "Rest day from running (hht)", f"{run.state.reason}\n\n{note}")
            )
        elif p.run == rx.RUN:
            out.append(
                Event(
                    _uid("run", on),
                    "run",
                    on,
                    f"Run, week {run.week}: {run.session}",
                    f"{run.guidance}\n\n{note}",
                )
            )
    if planned:
        taken = [a.date for a in assessments if a.date <= planned[0].date]
        out.append(_assessment(planned[0], at, max(taken, default=None)))
    return out


def _session(plan: DayPlan, on: date, note: str) -> Event:
    ladder, p = plan.ladder, plan.prescription
    word = ladder.word.capitalize()
    if p.stopped:
        return Event(
            _uid("session", on),
            "no_dose",
            on,
            "No exercise dose: all loading stops (hht)",
            f"{plan.reasons[0]}\n\n{note}",
        )
    if p.session == rx.REST:
        return Event(
            _uid("session", on),
            "session_rest",
            on,
            f"Rest day from {ladder.word} {ladder.stage} (hht)",
            f"{ladder.rest} A session done today does not count.\n\n{note}",
        )
    if ladder.complete:
        assert ladder.maintenance is not None
        lines = [f"{e.name}: {e.dose}" for e in ladder.maintenance.exercises]
        return Event(
            _uid("session", on),
            "session",
            on,
            "Maintenance exercises (hht)",
            "\n".join([ladder.maintenance.summary, *lines, "", note]),
        )
    return Event(
        _uid("session", on),
        "session",
        on,
        f"{word} {ladder.stage} of {ladder.stages}: {ladder.name}",
        f"{ladder.dose}\n\n{ladder.how}\n\nLog it: `hht log --exercise N`.\n\n{note}",
    )


def _assessment(today: PlannedDay, at: time, latest: date | None) -> Event:
    """The next assessment: its id is the assessment it follows, so a due date that moves
    (after a flare) moves the event, and each new assessment makes a new one."""
    plan = today.plan
    if latest is None or plan.assessment_due is None:
        return Event(
            "hht-assessment-first@hht",
            "assessment",
            today.date,
            "First self-assessment (hht assess)",
            plan.assessment_due_reason,
            alarm=at,
        )
    due = max(plan.assessment_due, today.date)
    return Event(
        f"hht-assessment-after-{latest.isoformat()}@hht",
        "assessment",
        due,
        "Self-assessment due (hht assess)",
        plan.assessment_due_reason,
        alarm=at,
    )


def _uid(kind: str, on: date) -> str:
    return f"hht-{kind}-{on.isoformat()}@hht"
