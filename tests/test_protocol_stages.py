"""The protocol schema's stages: exercises with their doses, a frequency with
the rest days the walk enforces, each stage's own count, and a check that
names every problem in a file at once."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hht.errors import ProtocolError
from hht.plan.day import day_plan
from hht.rules.protocol import load as protocols
from hht.rules.protocol.model import Protocol
from hht.rules.records import NOT_COUNTED, Day
from hht.rules.timeline import Timeline

SHIPPED = protocols.default_path().read_text(encoding="utf-8")
D0 = date(2026, 3, 2)


def d(n: int) -> date:
    return D0 + timedelta(days=n)


def first_rung(**keys: str) -> Protocol:
    """The shipped protocol with keys set on its first rung."""
    text = SHIPPED
    for key, value in keys.items():
        if key == "frequency":
            text = text.replace('frequency = "daily"', f"frequency = {value}", 1)
        else:
            text = text.replace('id = "bridge_hold"\n', f'id = "bridge_hold"\n{key} = {value}\n', 1)
    return protocols.parse(text)


def test_check_names_every_problem_in_a_file_at_once(cli, tmp_path):
    text = (
        SHIPPED.replace("advance_threshold = 0", "advance_threshold = 11", 1)
        .replace('id = "front_plank"', 'id = "bridge_hold"', 1)
        .replace("max_run_days_in_7 = 5", "max_run_days_in_7 = 5\nrest_days = 2", 1)
        .replace('frequency = "daily"', 'frequency = "weekly"', 1)
    )
    path = tmp_path / "p.toml"
    path.write_text(text, encoding="utf-8")
    result = cli("protocol", "check", str(path))
    assert result.exit_code == 2
    for problem in (
        "4 problems",
        "pain.advance_threshold must be a whole number from 0 to 10, got 11",
        "ladder[1].id repeats the id 'bridge_hold'",
        "run_plan.rest_days is not a known key",
        "ladder[0].frequency must be one of daily, every_second_day, got 'weekly'",
    ):
        assert problem in result.stderr, problem


@pytest.mark.parametrize(
    "change, key, problem",
    [
        (('dose = "3-4 sets of 10-15 holds of 10 seconds, once a day"\n', ""), "ladder[0].dose", "is missing"),
        (
            (
                '[[ladder]]\nid = "front_plank"',
                '[[ladder.exercises]]\nname = "x"\ndose = "y"\nhow = "z"\n[[ladder]]\nid = "front_plank"',
            ),
            "ladder[0].hold_seconds",
            "belongs to each of the stage's exercises",
        ),
        (
            ('id = "bridge_hold"\n', 'id = "bridge_hold"\npain_free_sessions_needed = 0\n'),
            "ladder[0].pain_free_sessions_needed",
            "from 1 to 30",
        ),
    ],
)
def test_a_stage_is_one_exercise_or_a_list_of_them(change, key, problem):
    with pytest.raises(ProtocolError) as caught:
        protocols.parse(SHIPPED.replace(*change, 1), "p.toml")
    assert key in str(caught.value) and problem in str(caught.value)


def test_a_stage_can_need_its_own_number_of_pain_free_sessions():
    quick = first_rung(pain_free_sessions_needed="1")
    days = [Day(d(0), exercise=0), Day(d(1), morning=0)]
    plan = day_plan(Timeline(quick), days, d(1), ()).to_json()
    assert plan["ladder"]["rung"] == 2 and plan["ladder"]["needed"] == 3
    assert "1 pain-free sessions in a row at rung 1" in plan["why"][0]["reason"]


def test_heavy_work_rests_the_day_after_each_session():
    heavy = first_rung(frequency='"every_second_day"')
    session = [Day(d(0), exercise=0)]
    plan = day_plan(Timeline(heavy), session + [Day(d(1), morning=0)], d(1), ()).to_json()
    assert plan["ladder"]["rest_day"] is True
    assert any("Rest day: you did a heavy session yesterday (2026-03-02)" in r for r in plan["reasons"])
    assert day_plan(Timeline(heavy), session, d(2), ()).to_json()["ladder"]["rest_day"] is False
    # A session done on the rest day is kept but never counts.
    days = [*session, Day(d(1), morning=0, exercise=0), Day(d(2), morning=0)]
    shown = day_plan(Timeline(heavy), days, d(2), ())
    assert shown.progress.ladder.pain_free_sessions == 1
    assert any(x.kind == NOT_COUNTED and x.date == d(1) for x in shown.progress.decisions)
    # Every second day, three pain-free sessions move up a rung.
    alternate = [Day(d(i), morning=0 if i else None, exercise=0 if i % 2 == 0 else None) for i in range(6)]
    assert day_plan(Timeline(heavy), alternate, d(5), ()).to_json()["ladder"]["rung"] == 2


def test_the_shipped_default_is_daily_everywhere(protocol):
    assert all(r.frequency == "daily" and r.needed == 3 and len(r.exercises) == 1 for r in protocol.ladder)
    days = [Day(d(i), morning=0, exercise=0) for i in range(3)]
    assert day_plan(Timeline(protocol), days, d(2), ()).to_json()["ladder"]["rest_day"] is False
