"""Fixed rehab histories for the report tests, written through the store.

`ten_weeks` is a typical 8-12 week rehab: a baseline assessment two days
before the first logged day; holds for different reasons; a flare that steps
back; a red flag that pauses and a clean assessment that resumes; the run
gate opening; runs held, a run on a rest day; a red flag while the run plan
is open; a few unlogged days; notes; one corrected entry.

The effects, worked out by hand from the rules (3 pain-free sessions a rung,
advance threshold 0, step back at 4):
- 12-20 baseline assessment (bent-knee 2/10 familiar: positive; ROM normal).
- 12-22 .. 12-24 clean; 12-25 morning 0 confirms the 3rd: rung 2 on 12-25.
- 12-26 exercise 2/10: hold; 12-27 morning 1/10: hold (a run of two holds,
  two different causes).
- rungs 3, 4 ... by clean sessions; 01-06 sitting 5/10: step back.
- 01-12 red flag (night pain, "soon"): pause; 01-14 clean assessment: resume.
- the ladder moves past rung 5 and the gate opens (ROM normal) on 01-16: the
  sessions of 01-12 and 01-13, done while paused, do not count.
- runs every other day, a run the day after a run (a rest day), a run held,
  02-16 red flag while the plan is open: run plan paused; 02-18 resume.
- 02-01 .. 02-03 unlogged (a gap in the chart).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from hht.rules.assessment import scoring
from hht.rules.protocol.model import Protocol
from hht.store.opening import open_store

START = date(2025, 12, 22)
UNTIL = date(2026, 3, 1)
BASELINE = date(2025, 12, 20)


def _assess(store, protocol: Protocol, on: date, *, red_flag: str | None = None, bent_knee: int = 0) -> None:
    answers = {
        "sides": ["left"],
        "red_flags": {f["id"]: f["id"] == red_flag for f in protocol.data["red_flags"]},
        "signs": {s["id"]: s["id"] in ("sitting_pain", "sit_bone_tender") for s in protocol.data["signs"]},
        "range_of_motion_normal": True,
        "tests": {
            "left": {
                "standing_stretch": {"pain": 1, "familiar": True},
                "bent_knee": {"pain": bent_knee, "familiar": bent_knee > 0},
                "rapid_extension": {"pain": 0, "familiar": False},
            }
        },
    }
    checked, result = scoring.assess(protocol, answers, on)
    store.add_assessment(
        on=on,
        taken_at=datetime(on.year, on.month, on.day, 8, tzinfo=UTC),
        protocol_name=protocol.name,
        protocol_version=protocol.version,
        sides=checked["sides"],
        answers=checked,
        result=result,
        red_flag=bool(red_flag),
    )


SPECIAL = {  # day -> values that differ from a clean day (morning 0, exercise 0)
    date(2025, 12, 22): {"note": "first day back"},
    date(2025, 12, 26): {"exercise": 2},
    date(2025, 12, 27): {"morning": 1},
    date(2026, 1, 6): {"sitting": 5, "note": "long drive"},
    date(2026, 1, 10): {"sitting": 2},
    date(2026, 1, 11): {"exercise": 0, "partial": True},
}
ASSESSMENTS = [  # day, red flag
    (BASELINE, None, 2),
    (date(2026, 1, 12), "night_pain", 0),
    (date(2026, 1, 14), None, 0),
    (date(2026, 2, 16), "night_pain", 0),
    (date(2026, 2, 18), None, 0),
]
GAP = {date(2026, 2, 1), date(2026, 2, 2), date(2026, 2, 3)}


def ten_weeks(path: Path, protocol: Protocol) -> None:
    """Write the ten-week history into the database at `path`."""
    with open_store(path) as store, store.write():
        for on, flag, bent in ASSESSMENTS:
            _assess(store, protocol, on, red_flag=flag, bent_knee=bent)
        day = START
        while day <= UNTIL:
            if day not in GAP:
                values = {"morning": 0, "exercise": 0, **SPECIAL.get(day, {})}
                if day >= date(2026, 1, 25):
                    values.update(_run(day))
                store.save_day(day, values)
            day += timedelta(days=1)
        # a correction: 01-10's sitting pain, first logged as 2, is 1
    with open_store(path) as store, store.write():
        store.save_day(date(2026, 1, 10), {"sitting": 1})


def _run(day: date) -> dict:
    """Runs from the gate: every other day; 02-09 also, the day after 02-08's; 02-12 hurts 2/10."""
    n = (day - date(2026, 1, 25)).days
    if day == date(2026, 2, 9):
        return {"run": 0, "note": "felt good, ran again"}
    if day == date(2026, 2, 12):
        return {"run": 2}
    return {"run": 0} if n % 2 == 0 else {}


def many_events(path: Path, protocol: Protocol, weeks: int = 30) -> None:
    """A long, bumpy history: a flare every 11 days, so far more events than a screen holds."""
    start = UNTIL - timedelta(weeks=weeks)
    with open_store(path) as store, store.write():
        _assess(store, protocol, start)
        day, n = start, 0
        while day <= UNTIL:
            values = {"morning": 0, "exercise": 0}
            if n % 11 == 7:
                values["exercise"] = 5  # step back
            elif n % 11 == 9:
                values["morning"] = 1  # hold
            store.save_day(day, values)
            day += timedelta(days=1)
            n += 1


FLARE = {  # a bad week in February: holds and step backs on consecutive days, on both tracks
    date(2026, 2, 9): {"exercise": 2, "run": 2},
    date(2026, 2, 10): {"exercise": 4},
    date(2026, 2, 11): {"morning": 1, "run": 4},
    date(2026, 2, 12): {"exercise": 5},
    date(2026, 2, 13): {"morning": 2, "run": 1},
    date(2026, 2, 14): {"exercise": 4, "run": 0},
    date(2026, 2, 15): {"morning": 1},
}


def flare(path: Path, protocol: Protocol) -> None:
    """Ten clean weeks from a baseline assessment, runs every other day from the gate, and one flare week."""
    with open_store(path) as store, store.write():
        _assess(store, protocol, BASELINE)
        day = START
        while day <= UNTIL:
            values = {"morning": 0, "exercise": 0}
            if day >= date(2026, 1, 10) and (day - START).days % 2 == 0:
                values["run"] = 0
            values.update(FLARE.get(day, {}))
            store.save_day(day, values)
            day += timedelta(days=1)


GOOM_ASSESSMENTS = [  # day, red flag, bent-knee pain: once the run plan is open (01-20)
    (START, None, 0),
    (date(2026, 1, 5), None, 0),
    (date(2026, 1, 19), None, 0),
    (date(2026, 1, 27), None, 3),  # the bent-knee stretch painful again: the run plan paused, no red flag
    (date(2026, 1, 31), None, 0),
    (date(2026, 2, 5), "night_pain", 0),  # soon: progression paused
    (date(2026, 2, 7), None, 0),
    (date(2026, 2, 11), "sudden_pop", 0),  # urgent: all loading stopped
    (date(2026, 2, 14), None, 0),
]


def goom_journey(path: Path, protocol: Protocol, switch: date | None = None) -> None:
    """goom-2016 from the first day (or from `switch`, the days before under `protocol`): a session, the
    morning and the load test every day, runs every other day once the plan is open, then a pause of the
    run plan for the bent-knee stretch, a soon red flag's pause and an urgent one's stop."""
    from hht.rules.protocol import load as protocols

    goom = protocols.load("goom-2016")
    with open_store(path) as store, store.write():
        uses = []
        if switch is not None:
            uses.append(
                dict(
                    on=START,
                    name=protocol.name,
                    version=protocol.version,
                    source="default",
                    content=protocols.default_path().read_text(encoding="utf-8"),
                    reason="the default",
                )
            )
        uses.append(
            dict(
                on=switch or START,
                name=goom.name,
                version=goom.version,
                source="goom-2016",
                content=protocols.find("goom-2016").read_text(encoding="utf-8"),
                reason="physio review",
            )
        )
        store.adopt(uses)
        for on, flag, bent in GOOM_ASSESSMENTS:
            _assess(store, goom if switch is None or on >= switch else protocol, on, red_flag=flag, bent_knee=bent)
        day = START
        while day <= UNTIL:
            values = {"morning": 0}
            if day < date(2025, 12, 27) or (day - START).days % 2 == 1:  # stages 2-4: every second day
                values["exercise"] = 0
            if switch is None or day >= switch:
                values["load_test"] = 0
            if day >= date(2026, 1, 20) and (day - START).days % 2 == 0:
                values["run"] = 0
            store.save_day(day, values)
            day += timedelta(days=1)
