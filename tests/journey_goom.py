"""A twelve-week goom-2016 journey through heavy slow resistance, written through
the store and the CLI, for the outcome report's tests and to look at by hand
(`python -m tests.journey_goom /tmp/journey.db`, then `hht --db /tmp/journey.db report`).

- 12-07 a first logged morning under the shipped default; 12-08 the physio's
  copy of goom-2016 adopted at stage 2, with 20 pain-free sessions a stage
  (so each stage of heavy slow resistance lasts about six weeks), and the
  first assessment: the baseline of the outcome measures.
- a session every second day, each pain-free, each morning and load test
  0/10; stage 2's bridge, leg curl and hip extension until stage 3 opens,
  then the Romanian deadlift, the walking lunge and the Nordic.
- each exercise's last set: the runner follows the load steps hht suggests,
  working at 15 repetitions in weeks 1-3, then 12, 10 and 8 (a heavier load
  for fewer repetitions): loads rise from near 15RM toward 8RM. In weeks 1-3
  the last set reaches the top of the range (15) twice at a load, and `hht
  today --date` on the day after shows the step (2025-12-15: 20 kg to 21-22 kg).
- sitting tolerance on three days a week, from 15 minutes to about an hour.
- VISA-H and the PSFS at the baseline, at week 4 (with GROC) and at week 12
  (today, 2026-03-02, with GROC).
"""

from __future__ import annotations

import json
import os
import sys
from datetime import date, timedelta
from pathlib import Path

from hht.rules.outcomes.loads import stepped
from hht.rules.protocol import load as protocols
from hht.store.opening import open_store

START = date(2025, 12, 8)
TODAY = date(2026, 3, 2)  # the suite's fixed clock: day 84, week 12
OUTCOMES = {
    START: {
        "visa-h": {
            "1": 4,
            "2": 6,
            "3": 5,
            "4": 4,
            "5": 5,
            "6": 2,
            "7": 4,
            "8": {"branch": "pain_stopping", "points": 5},
        },
        "psfs": [("Sitting an hour", 3), ("Running 30 minutes", 2), ("Sprinting", 0)],
    },
    START + timedelta(weeks=4): {
        "visa-h": {
            "1": 5,
            "2": 7,
            "3": 6,
            "4": 6,
            "5": 6,
            "6": 3,
            "7": 4,
            "8": {"branch": "pain_not_stopping", "points": 10},
        },
        "psfs": [("Sitting an hour", 4), ("Running 30 minutes", 4), ("Sprinting", 0)],
        "groc": 1,
    },
    TODAY: {
        "visa-h": {"1": 7, "2": 9, "3": 8, "4": 8, "5": 8, "6": 5, "7": 7, "8": {"branch": "no_pain", "points": 14}},
        "psfs": [("Sitting an hour", 7), ("Running 30 minutes", 6), ("Sprinting", 3)],
        "groc": 2,
    },
}
STAGE_2 = {"bridge": None, "leg_curl": 20.0, "hip_extension": 8.0}  # the first load; None: bodyweight
STAGE_3 = {"romanian_deadlift": 30.0, "walking_lunge": 10.0, "nordic": None}


def clinic_protocol() -> str:
    """goom-2016 as a physio copies it: 20 and 24 pain-free sessions for the stages of heavy slow resistance."""
    text = protocols.find("goom-2016").read_text(encoding="utf-8")
    text = text.replace('name = "goom-2016"', 'name = "goom-2016-clinic"', 1)
    for before, count in (
        ("pain_free_sessions_needed = 6\nresistance", "20"),
        ("pain_free_sessions_needed = 6\nrun_gate = true\nresistance", "24"),
    ):
        text = text.replace(before, before.replace("6", count, 1), 1)
    return text


def target(day: date) -> int:
    """The repetitions the runner works at: 15 in weeks 1-3, then 12, 10 and 8."""
    week = (day - START).days // 7 + 1
    return 15 if week <= 3 else 12 if week <= 6 else 10 if week <= 9 else 8


class Lifter:
    """One exercise's last set, session by session: the reps climb to the target, two
    sessions at it bring the load step (as hht suggests), a lower target a heavier load."""

    def __init__(self, kg: float | None, most: int):
        self.kg, self.most = kg, most
        self.reps, self.top, self.at_top = min(most, 15) - 2, min(most, 15), 0

    def session(self, day: date) -> dict:
        top = min(target(day), self.most)
        if top < self.top:  # fewer repetitions, a heavier load
            self.kg = stepped(self.kg, (10, 10))[1] if self.kg else self.kg
            self.reps, self.top, self.at_top = top - 1, top, 0
        lift = {"bodyweight": True, "reps": self.reps} if self.kg is None else {"kg": self.kg, "reps": self.reps}
        if self.reps >= self.top:
            self.at_top += 1
        self.reps = min(self.reps + 1, self.top)
        if self.at_top == 2:  # the step hht suggested
            self.at_top = 0
            if self.kg is None:
                self.kg = 2.5  # a light weight held
            else:
                self.kg = stepped(self.kg, (5, 10))[0]
            self.reps = max(self.top - 2, 1)
        return lift


def build(db: Path) -> None:
    """The journey in a new database at `db`, with HHT_NOW pinned to TODAY while it is written."""
    from hht.cli.app import app
    from typer.testing import CliRunner

    folder = db.parent
    protocol_file = folder / "goom-2016-clinic.toml"
    protocol_file.write_text(clinic_protocol(), encoding="utf-8")
    env = {"HHT_DB": str(db), "HHT_NOW": f"{TODAY.isoformat()}T09:00:00+00:00"}
    runner = CliRunner()

    def hht(*args: str, stdin: str | None = None) -> None:
        result = runner.invoke(app, list(args), input=stdin, env=env, catch_exceptions=False)
        assert result.exit_code == 0, result.output + result.stderr

    hht("log", "--date", (START - timedelta(days=1)).isoformat(), "--morning", "1")
    hht(
        "protocol",
        "use",
        str(protocol_file),
        "--from",
        START.isoformat(),
        "--stage",
        "2",
        "--reason",
        "physio: heavy slow resistance",
    )
    protocol = protocols.parse(clinic_protocol())
    answers = {
        "sides": ["right"],
        "red_flags": {f.id: False for f in protocol.red_flags},
        "signs": {s.id: s.id in ("sitting_pain", "sit_bone_tender") for s in protocol.signs},
        "range_of_motion_normal": True,
        "tests": {
            "right": {
                "standing_stretch": {"pain": 3, "familiar": True},
                "bent_knee": {"pain": 2, "familiar": True},
                "rapid_extension": {"pain": 3, "familiar": True},
            }
        },
    }
    for week in range(0, 13, 2):  # every 14 days, as the protocol re-assesses
        hht(
            "assess", "--answers", "-", "--date", (START + timedelta(weeks=week)).isoformat(), stdin=json.dumps(answers)
        )
        answers["tests"]["right"] = {
            t: {"pain": max(p["pain"] - 1, 0), "familiar": p["pain"] > 1} for t, p in answers["tests"]["right"].items()
        }
    lifters = {e: Lifter(kg, 8 if e == "nordic" else 15) for e, kg in {**STAGE_2, **STAGE_3}.items()}
    sessions = 0
    with open_store(db) as store, store.write():
        day = START
        while day <= TODAY:
            n = (day - START).days
            values: dict = {"morning": 0, "load_test": 0}
            if n % 2 == 0 and day < TODAY:
                stage = STAGE_2 if sessions < 20 else STAGE_3
                values.update(exercise=0, partial=False, loads={e: lifters[e].session(day) for e in stage})
                sessions += 1
            if day.weekday() in (0, 2, 4):
                values["sitting_minutes"] = min(15 + n * 45 // 84, 60)
            store.save_day(day, values)
            day += timedelta(days=1)
    for on, measures in OUTCOMES.items():
        for measure, data in measures.items():
            if measure == "psfs":
                data = {"activities": [{"name": name, "rating": rating} for name, rating in data]}
            elif measure == "groc":
                data = {"rating": data}
            hht("outcome", measure, "--answers", "-", "--date", on.isoformat(), stdin=json.dumps(data))


if __name__ == "__main__":
    target_db = Path(sys.argv[1] if len(sys.argv) > 1 else "journey.db").resolve()
    if target_db.exists():
        sys.exit(f"{target_db} exists: give a new file.")
    os.environ.setdefault("HHT_NOW", f"{TODAY.isoformat()}T09:00:00+00:00")
    build(target_db)
    print(f"Wrote the journey to {target_db}; read it with HHT_NOW={TODAY}T09:00:00+00:00 hht --db {target_db} report")
