"""When the next assessment is due: every N days by the protocol, at once after a step back."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hht.plan.day import day_plan
from hht.rules.protocol import load as protocols
from hht.rules.records import AssessmentSummary, Day
from hht.rules.timeline import Timeline

from tests.runner import Runner, assessed

ONE_DAY = timedelta(days=1)
CLEAR = AssessmentSummary(date(2026, 2, 20), False, "", True, True)


def test_no_assessment_means_nothing_due_yet(protocol):
    plan = day_plan(Timeline(protocol), [], date(2026, 3, 2), ()).to_json()
    assert plan["assessment_due"] is None
    assert "No assessment yet" in plan["assessment_due_reason"]


@pytest.mark.parametrize(
    "on, wording",
    [
        (date(2026, 2, 25), "Next assessment due on 2026-03-06"),
        (date(2026, 3, 6), "Assessment due today"),
        (date(2026, 3, 9), "Assessment due since 2026-03-06"),
    ],
)
def test_due_every_two_weeks_after_the_latest(protocol, on, wording):
    plan = day_plan(Timeline(protocol), [Day(on - ONE_DAY, morning=0, exercise=0)], on, [CLEAR]).to_json()
    assert plan["assessment_due"] == "2026-03-06"
    assert plan["assessment_due_reason"].startswith(wording + ": the protocol re-assesses every 14 days")
    assert plan["assessment_due_reason"] in plan["reasons"]


def test_a_flare_makes_it_due_at_once(protocol):
    days = [Day(date(2026, 2, 21), morning=0, exercise=0), Day(date(2026, 2, 22), morning=5)]
    plan = day_plan(Timeline(protocol), days, date(2026, 2, 24), [CLEAR]).to_json()
    assert plan["assessment_due"] == "2026-02-22"
    assert "the ladder (a flare) stepped back on 2026-02-22" in plan["assessment_due_reason"]
    assert plan["assessment_due_reason"].startswith("Assessment due since 2026-02-22")
    # A new assessment after the flare covers it: the cadence counts from it again.
    later = AssessmentSummary(date(2026, 2, 23), False, "", True, True)
    plan = day_plan(Timeline(protocol), days, date(2026, 2, 24), [CLEAR, later]).to_json()
    assert plan["assessment_due"] == "2026-03-09"


def test_a_flare_logged_today_makes_it_due_today(protocol):
    on = date(2026, 2, 24)
    plan = day_plan(Timeline(protocol), [Day(on, morning=0, exercise=6)], on, [CLEAR]).to_json()
    assert plan["assessment_due"] == on.isoformat()
    assert plan["assessment_due_reason"].startswith("Assessment due today: the ladder (a flare) stepped back")


def test_a_step_back_of_the_run_plan_makes_it_due_at_once(protocol):
    gate = date(2026, 1, 5)
    runner = Runner(protocol, gate, [assessed(gate - 3 * ONE_DAY)])
    on = gate
    while not runner.morning(on).runs_today:
        runner.rest_of_day(on)
        on += ONE_DAY
    runner.rest_of_day(on, run_pain=3)  # a run above the threshold, below the ladder's step back
    runner.live(on + ONE_DAY, morning=0)
    runner.live(on + 2 * ONE_DAY, morning=0, run_pain=5)  # the run plan steps back, and the ladder
    on += 2 * ONE_DAY
    history = sorted(runner.days.values(), key=lambda d: d.date)
    plan = day_plan(Timeline(protocol), history, on + ONE_DAY, runner.assessments).to_json()
    assert plan["assessment_due"] == on.isoformat()
    assert f"the ladder (a flare) and the run plan stepped back on {on}" in plan["assessment_due_reason"]


def test_the_protocol_sets_the_cadence(tmp_path):
    shipped = protocols.default_path().read_text()
    weekly = tmp_path / "weekly.toml"
    weekly.write_text(shipped.replace("reassess_every_days = 14", "reassess_every_days = 7"))
    plan = day_plan(Timeline(protocols.load(weekly)), [], date(2026, 2, 22), [CLEAR]).to_json()
    assert plan["assessment_due"] == "2026-02-27"
    assert "every 7 days" in plan["assessment_due_reason"]
    older = tmp_path / "older.toml"  # written before [assessment] existed
    older.write_text(shipped.replace("[assessment]\nreassess_every_days = 14\n", ""))
    assert protocols.load(older).reassess_every_days == 14


def test_a_flare_after_the_date_it_was_due_keeps_the_earlier_date(protocol):
    on = date(2026, 3, 9)
    plan = day_plan(Timeline(protocol), [Day(on, morning=0, exercise=6)], on, [CLEAR]).to_json()
    assert plan["assessment_due"] == "2026-03-06"
    assert plan["assessment_due_reason"].startswith("Assessment due since 2026-03-06: the protocol re-assesses")
    assert plan["assessment_due_reason"].endswith("since then the ladder (a flare) stepped back on 2026-03-09.")
