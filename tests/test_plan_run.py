"""The run in the day's plan: what --start times, the rich view's run rows,
and the protocol's [hold_timer] table."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hht.cli.commands.today import run_rows
from hht.errors import ProtocolError
from hht.plan.day import day_plan
from hht.plan.session import timed_session
from hht.rules.protocol import load as protocols
from hht.rules.records import Day
from hht.rules.timeline import Timeline
from hht.term.screen import plain

from tests.runner import Runner, assessed

MON = date(2026, 3, 2)


def ladder_days(until_rung_done: bool = True) -> list[Day]:
    """Ladder sessions at 0/10 from 15 February: rung 5 is done on the morning of 2 March."""
    days = [Day(date(2026, 2, 15) + timedelta(days=n), morning=0, exercise=0) for n in range(15)]
    return days + [Day(MON, morning=0)] if until_rung_done else days[:4]  # else rung 2


def test_start_times_the_run_on_a_run_day(protocol):
    plan = day_plan(Timeline(protocol), ladder_days(), MON, [assessed(date(2026, 2, 15))])
    run = plan.run.state
    session, why = timed_session(plan)
    assert session.logs == "run" and session.title == "Week 1 · 2 x (walk 5:00, jog 1:00), 12 min"
    assert [i.kind for i in session.intervals] == ["walk", "jog", "walk", "jog"]
    assert why == run.reason


def test_start_does_not_time_a_run_already_logged(protocol):
    days = ladder_days()
    days[-1] = days[-1]._replace(run=0)
    session, why = timed_session(day_plan(Timeline(protocol), days, MON, [assessed(date(2026, 2, 15))]))
    assert session is None
    assert why == (
        "Today's run is already logged (0/10). No run to time today, and rung 6 (Standing hamstring "
        "catch) has no holds: nothing to time."
    )


def test_start_times_the_holds_before_the_gate(protocol):
    session, why = timed_session(day_plan(Timeline(protocol), ladder_days(False), MON, ()))
    assert session.logs == "exercise" and session.title.startswith("Rung 2 · Front plank")
    holds = [i for i in session.intervals if i.kind == "hold"]
    assert len(holds) == 30 and {i.seconds for i in holds} == {10}
    assert sum(i.seconds for i in session.intervals) == 30 * 10 + 27 * 5 + 2 * 60
    assert why.startswith("The run plan is locked: ") and why.endswith(
        "Timing the holds of rung 2 (Front plank) instead."
    )


def test_the_view_of_a_complete_plan_and_of_a_paused_one(protocol):
    runner = Runner(protocol, MON)
    on = runner.live_until(MON, lambda s: s.complete)
    shown = runner.plan(on)
    plan = shown.to_json()
    assert plan["run"]["complete"] and plan["run"]["week"] is None and plan["run"]["session"] is None
    assert [(label, plain(text)) for label, text in run_rows(shown)] == [
        ("Run", f"plan complete: {protocol.data['run_plan']['after']}")
    ]

    soon = assessed(MON + timedelta(days=1), red_flag=True)._replace(urgency="soon")
    paused = Runner(protocol, MON, [assessed(date(2026, 2, 20)), soon])
    paused.live(MON)
    shown = paused.plan(MON + timedelta(days=2))
    plan = shown.to_json()
    rows = run_rows(shown)
    assert plan["run"]["paused"] is True and "paused" in plain(rows[0][1]) and plan["run"]["session"] is None
    assert plan["run"]["rest_day"] is True  # a red flag means no running, not just no advancing
    assert plan["run"]["reason"].startswith(
        "No run while the red flag from the assessment on 2026-03-03 pauses progression: see a clinician"
    )


def test_a_rest_day_from_running_says_so_and_leaves_cross_training_to_its_own_row(protocol):
    runner = Runner(protocol, MON)
    runner.live(MON)
    shown = runner.plan(MON + timedelta(days=1))
    assert [label for label, _ in run_rows(shown)] == ["Run"] and "rest day" in plain(run_rows(shown)[0][1])


def test_the_hold_timer_is_checked_and_optional():
    text = protocols.default_path().read_text(encoding="utf-8")
    assert protocols.parse(text).holds.reps == 10
    with pytest.raises(ProtocolError, match=r"hold_timer\.reps must be a whole number from 1 to 50, got 0"):
        protocols.parse(text.replace("reps = 10", "reps = 0"))
    start = text.index("[hold_timer]")
    without = text[:start] + text[text.index("[maintenance]") :]
    assert protocols.parse(without).holds == protocols.parse(text).holds


def test_while_loading_is_stopped_the_run_row_prescribes_nothing_and_keeps_the_plan_s_place(protocol):
    urgent = assessed(MON + timedelta(days=1), red_flag=True)._replace(urgency="urgent")
    runner = Runner(protocol, MON, [assessed(date(2026, 2, 20)), urgent])
    runner.live(MON)
    shown = runner.plan(MON + timedelta(days=2))
    assert shown.run.state.unlocked and shown.run.week == 1 and shown.prescription.stopped
    assert [(label, plain(text)) for label, text in run_rows(shown)] == [
        ("Run", "none while loading is stopped (the plan stays at week 1 of 8)")
    ]
    before = day_plan(Timeline(protocol), [], MON, [urgent._replace(date=MON)])
    assert plain(run_rows(before)[0][1]) == "none while loading is stopped"
