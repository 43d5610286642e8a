"""The second shipped protocol: staged loading after Goom et al. 2016."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

from hht.plan.day import day_plan
from hht.rules.protocol import load as protocols
from hht.rules.protocol.model import Protocol
from hht.rules.records import ADVANCE, NOT_COUNTED, Day
from hht.rules.timeline import Timeline
from hht.rules.walk import walk

D0 = date(2026, 3, 2)


def d(n: int) -> date:
    return D0 + timedelta(days=n)


def goom() -> Protocol:
    return protocols.load("goom-2016")


def test_goom_is_shipped_with_the_mission_threshold_and_says_how_to_raise_it():
    text = (protocols.protocols_dir() / "goom-2016.toml").read_text(encoding="utf-8")
    p = goom()
    assert (p.name, p.pain.advance_threshold, p.pain.step_back_threshold) == ("goom-2016", 0, 4)
    assert "advance_threshold = 3" in text and "Silbernagel" in text and "Goom" in text
    assert p.load_test is not None and "3 repetitions" in p.load_test.name


def test_a_stage_of_several_exercises_gives_each_with_its_dose():
    goom = protocols.load("goom-2016")
    assert [s.id for s in goom.ladder] == [
        "isometrics",
        "heavy_slow_minimal_flexion",
        "heavy_slow_into_flexion",
        "energy_storage",
    ]
    first = goom.ladder[0]
    assert len(first.exercises) == 3 and not first.heavy and first.needed == 5
    assert all(e.hold_seconds == 45 for e in first.exercises)
    assert [s.heavy for s in goom.ladder] == [False, True, True, True]
    assert goom.run_gate_rung == 3 and goom.stage_word == "stage"
    plan = day_plan(Timeline(goom), [], D0, ()).to_json()
    assert [e["name"] for e in plan["ladder"]["exercises"]] == [e.name for e in first.exercises]
    assert plan["ladder"]["hold_seconds"] is None  # three different holds: nothing one timer can time


def test_a_runner_who_trains_every_day_gets_heavy_work_every_second_day():
    """Pain-free every day, a session logged whenever the plan does not rest:
    stage 1 daily, then heavy work on alternate days only."""
    days: dict[date, Day] = {}
    for n in range(40):
        on = d(n)
        day = Day(on, morning=0 if n else None)
        days[on] = day
        plan = day_plan(Timeline(goom()), list(days.values()), on, ()).to_json()
        if not plan["ladder"]["rest_day"]:
            days[on] = day._replace(exercise=0)
    states = list(walk(Timeline(goom()), list(days.values()), [], d(39)))
    heavy = [
        s.date
        for s in states
        if s.entry and s.entry.exercise is not None and goom().ladder[s.morning.ladder.rung - 1].heavy
    ]
    assert heavy and all(b - a >= timedelta(days=2) for a, b in itertools.pairwise(heavy))
    moves = [x for s in states for x in s.morning_decisions if x.kind == ADVANCE]
    assert [(x.before, x.after) for x in moves][:3] == [(1, 2), (2, 3), (3, 4)]
    assert "up to stage 2" in moves[0].reason
    assert not any(x.kind == NOT_COUNTED for s in states for x in (*s.morning_decisions, *s.evening_decisions))
