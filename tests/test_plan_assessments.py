"""The day's plan reads the latest assessment dated on or before the day."""

from __future__ import annotations

from datetime import date

from hht.plan.day import day_plan
from hht.rules.records import AssessmentSummary
from hht.rules.timeline import Timeline

FLAG = AssessmentSummary(date(2026, 2, 20), True, "See someone this week.")
CLEAR = AssessmentSummary(date(2026, 2, 25), False, "", True, True)


def test_no_assessment_means_no_cross_training_yet(protocol):
    plan = day_plan(Timeline(protocol), [], date(2026, 3, 2), ()).to_json()
    assert plan["assessed"] is False and plan["paused"] is False
    assert plan["cross_training"]["allowed"] is False
    assert "No assessment yet" in plan["cross_training"]["reason"]


def test_the_latest_assessment_on_or_before_the_day_decides(protocol):
    paused = day_plan(Timeline(protocol), [], date(2026, 2, 24), [FLAG, CLEAR]).to_json()
    assert paused["paused"] is True and paused["cross_training"]["allowed"] is False
    assert paused["reasons"][0].startswith(
        "All loading stops: the assessment on 2026-02-20 found a red flag. See someone this week."
    )
    clear = day_plan(Timeline(protocol), [], date(2026, 2, 25), [FLAG, CLEAR]).to_json()
    assert clear["paused"] is False
    assert clear["cross_training"] == {
        "allowed": True,
        "reason": "The assisted bent-knee stretch was pain-free on every affected side in the assessment "
        "on 2026-02-25: cycling and pool running are allowed, as long as they stay pain-free.",
        "ideas": ["cycling", "pool running"],
    }
