"""The return-to-run plan: the gate, the steps, holds, step backs and rest
days, on the pure fold (no database, no CLI)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hht.plan.views import states
from hht.rules.records import ADVANCE, COMPLETE, COUNTED, GATE, HOLD, NOT_COUNTED, OPEN, RUN, STEP_BACK, Day
from hht.rules.runsteps import steps
from hht.rules.timeline import Timeline

from tests.runner import Runner, assessed, climb, merged, run_plan

MON = date(2026, 3, 2)


def d(offset: int) -> date:
    return MON + timedelta(days=offset)


def run_moves(state, kinds=(ADVANCE, COMPLETE, HOLD, STEP_BACK)):
    return [x for x in state.decisions if x.track == RUN and x.kind in kinds]


# -- the fastest pain-free path, day for day -------------------------------------

# The runner starts the ladder on Sunday 15 February with an assessment that
# finds the range of motion normal, logs every morning and every ladder
# session at 0/10 and runs exactly when `today` says so. Rung 5's third
# pain-free session is confirmed on the morning of Monday 2 March: the gate
# opens. Weeks 1-2 run every other day, building 2, 3, 4, 5 sets; weeks 3-8
# run at most 5 days in any 7 and last 7 days each.
FASTEST_RUNS = [
    # (date, week, sets)
    ("2026-03-02", 1, 2),
    ("2026-03-04", 1, 3),
    ("2026-03-06", 1, 4),
    ("2026-03-08", 1, 5),
    ("2026-03-10", 2, 2),
    ("2026-03-12", 2, 3),
    ("2026-03-14", 2, 4),
    ("2026-03-16", 2, 5),
    ("2026-03-17", 3, None),
    ("2026-03-18", 3, None),
    ("2026-03-19", 3, None),
    ("2026-03-21", 3, None),
    ("2026-03-23", 3, None),
    ("2026-03-24", 4, None),
    ("2026-03-25", 4, None),
    ("2026-03-26", 4, None),
    ("2026-03-28", 4, None),
    ("2026-03-30", 4, None),
    ("2026-03-31", 5, None),
    ("2026-04-01", 5, None),
    ("2026-04-02", 5, None),
    ("2026-04-04", 5, None),
    ("2026-04-06", 5, None),
    ("2026-04-07", 6, None),
    ("2026-04-08", 6, None),
    ("2026-04-09", 6, None),
    ("2026-04-11", 6, None),
    ("2026-04-13", 6, None),
    ("2026-04-14", 7, None),
    ("2026-04-15", 7, None),
    ("2026-04-16", 7, None),
    ("2026-04-18", 7, None),
    ("2026-04-20", 7, None),
    ("2026-04-21", 8, None),
    ("2026-04-22", 8, None),
    ("2026-04-23", 8, None),
    ("2026-04-25", 8, None),
    ("2026-04-27", 8, None),
]
FASTEST_WEEK_STARTS = {
    1: "2026-03-02",
    2: "2026-03-09",
    3: "2026-03-17",
    4: "2026-03-24",
    5: "2026-03-31",
    6: "2026-04-07",
    7: "2026-04-14",
    8: "2026-04-21",
}
FASTEST_COMPLETE = "2026-04-28"


def test_the_fastest_pain_free_path_matches_the_plan_day_for_day(protocol):
    start = date(2026, 2, 15)
    assessments = [assessed(start)]
    days: list[Day] = []
    runs, week_starts, week_of_day = [], {}, {}
    on = start
    while on < date(2026, 6, 1):
        days.append(Day(on, morning=0))  # the morning is logged first, then `today` read
        _ladder, run = states(Timeline(protocol), days, on, assessments)
        if run.complete:
            break
        if run.unlocked:
            week = run.step.week.week
            week_starts.setdefault(week, on.isoformat())
            week_of_day[on] = week
            assert run.rest_day != run.runs_today
        if run.runs_today:
            runs.append((on.isoformat(), run.step.week.week, run.step.sets))
            assert run.step.session == (
                f"{run.step.sets} x (walk 5:00, jog {run.step.week.jog_minutes}:00), {run.step.minutes} min"
                if run.step.sets
                else run.step.week.session
            )
        days[-1] = Day(on, morning=0, exercise=0, run=0 if run.runs_today else None)
        on += timedelta(days=1)
    assert runs == [(day, week, sets) for day, week, sets in FASTEST_RUNS]
    assert week_starts == FASTEST_WEEK_STARTS
    assert on.isoformat() == FASTEST_COMPLETE
    assert run.reason == protocol.data["run_plan"]["after"]
    gate = [x for x in run.decisions if x.track == GATE]
    assert [(x.date.isoformat(), x.kind) for x in gate] == [("2026-03-02", OPEN)]
    assert not run_moves(run, (HOLD, STEP_BACK, NOT_COUNTED))
    # The rest days in between, with their reasons: the day after each run
    # in weeks 1-2, and the day a 6th run in 7 would fall in weeks 3-8.
    rest = [day for day in week_of_day if day.isoformat() not in {r[0] for r in FASTEST_RUNS}]
    assert [x.isoformat() for x in rest[:9]] == [
        "2026-03-03",
        "2026-03-05",
        "2026-03-07",
        "2026-03-09",
        "2026-03-11",
        "2026-03-13",
        "2026-03-15",
        "2026-03-20",
        "2026-03-22",
    ]


def test_the_steps_of_the_shipped_plan(protocol):
    plan = steps(protocol)
    assert [(s.week.week, s.sets) for s in plan] == [
        (1, 2),
        (1, 3),
        (1, 4),
        (1, 5),
        (2, 2),
        (2, 3),
        (2, 4),
        (2, 5),
        (3, None),
        (4, None),
        (5, None),
        (6, None),
        (7, None),
        (8, None),
    ]
    assert plan[1].session == "3 x (walk 5:00, jog 1:00), 18 min"
    assert plan[6].session == "4 x (walk 5:00, jog 5:00), 40 min"
    assert plan[8].session == "20 min continuous jog" and plan[8].minutes == 20
    assert [i.kind for i in plan[0].intervals] == ["walk", "jog", "walk", "jog"]
    assert [(i.kind, i.seconds) for i in plan[9].intervals] == [("run", 20 * 60)]


# -- the gate --------------------------------------------------------------------


def test_the_gate_says_each_thing_that_is_missing(protocol):
    # Six pain-free sessions, each confirmed the next morning: rung 3 from d(-6).
    rung3 = [Day(d(-12 + i), morning=0 if i else None, exercise=0) for i in range(6)] + [Day(d(-6), morning=0)]
    state = run_plan(protocol, rung3, MON, None, [])
    assert not state.unlocked and state.step is None and not state.rest_day
    assert state.missing == (
        "the ladder has not yet moved past rung 5 (Back plank with leg lifts) on pain-free sessions: you are on rung 3",
        "no assessment has checked your hamstring range of motion yet (run `hht assess`)",
    )
    assert state.reason.startswith("The run plan is locked: the ladder has not yet moved past rung 5")

    not_normal = run_plan(protocol, [], MON, d(-1), [assessed(d(-3), rom_normal=False)])
    assert not_normal.missing == (
        "the latest assessment (2026-02-27) found your hamstring range of motion not yet normal",
    )
    unchecked = run_plan(protocol, [], MON, d(-1), [assessed(d(-3), rom_normal=None)])
    assert unchecked.missing == ("the latest assessment (2026-02-27) did not check your hamstring range of motion",)
    flagged = run_plan(protocol, [], MON, d(-4), [assessed(d(-3), red_flag=True)])
    assert flagged.missing == ("a red flag in the assessment on 2026-02-27 stops all loading",)


def test_the_gate_opens_on_the_first_day_all_three_hold_and_it_is_a_dated_decision(protocol):
    # The ladder is done on Monday, but range of motion is normal only from Thursday.
    assessments = [assessed(d(-10), rom_normal=False), assessed(d(3))]
    ladder = MON
    assert not run_plan(protocol, [], d(2), ladder, assessments).unlocked
    state = run_plan(protocol, [], d(3), ladder, assessments)
    assert state.unlocked and state.opened == d(3)
    gate = state.decisions[-1]
    assert (gate.date, gate.track, gate.kind) == (d(3), GATE, OPEN)
    assert "the assessment on 2026-03-05 found the range of motion normal" in gate.reason
    assert "the plan starts at week 1 at 2 sets, 2 x (walk 5:00, jog 1:00), 12 min" in gate.reason
    assert state.runs_today and state.step.sets == 2


def test_a_red_flag_keeps_the_gate_shut_until_an_assessment_has_none(protocol):
    # The ladder is done on d(-2), before the range of motion was checked; then a red flag.
    assessments = [assessed(d(-20), rom_normal=None), assessed(d(-1), red_flag=True), assessed(d(4))]
    ladder = d(-2)
    assert run_plan(protocol, [], d(3), ladder, assessments).missing == (
        "a red flag in the assessment on 2026-03-01 stops all loading",
    )
    assert run_plan(protocol, [], d(4), ladder, assessments).opened == d(4)


def test_a_later_ladder_step_back_does_not_close_the_gate(protocol):
    ouch = [Day(MON, exercise=5)]  # steps the ladder back from rung 6 to 5
    state = run_plan(protocol, ouch, d(1), d(-1), [assessed(d(-5))])
    assert state.unlocked and state.opened == d(-1)
    assert states(Timeline(protocol), merged(climb(d(-1), protocol), ouch), d(1), [assessed(d(-5))])[0].ladder.rung == 5


# -- weeks 1-2: sets -------------------------------------------------------------


def test_a_pain_free_run_adds_a_set_once_the_next_morning_is_pain_free(protocol):
    runner = Runner(protocol, MON)
    runner.live(MON)
    tomorrow = runner.state(d(1))  # the morning not logged yet
    assert tomorrow.awaiting == MON and tomorrow.step.sets == 2 and tomorrow.rest_day
    state = runner.morning(d(1), 0)
    assert state.step.sets == 3 and state.awaiting is None
    advance = run_moves(state)[-1]
    assert (advance.date, advance.kind, advance.before, advance.after) == (d(1), ADVANCE, 1, 2)
    assert advance.reason == (
        "The run on 2026-03-02 (0/10) and the morning after (0/10) were pain-free: "
        "up to week 1 at 3 sets (3 x (walk 5:00, jog 1:00), 18 min)."
    )


def test_a_run_whose_next_morning_is_never_logged_does_not_count(protocol):
    runner = Runner(protocol, MON)
    runner.live(MON)
    runner.days[d(1)] = Day(d(1), sitting=0)  # the day after, without a morning
    state = runner.state(d(2))
    assert state.step.sets == 2 and state.unconfirmed == MON and state.runs_today
    assert run_moves(state, (NOT_COUNTED,))[-1].reason == (
        "The run on 2026-03-02 does not count (yet): no pain was logged for the morning of 2026-03-03 "
        "(`hht log --date 2026-03-03 --morning N` adds it)."
    )


def test_pain_above_the_threshold_holds_the_same_session(protocol):
    runner = Runner(protocol, MON)
    runner.live(MON, run_pain=2)
    state = runner.morning(d(1), 0)
    assert state.step.sets == 2
    hold = run_moves(state)[-1]
    assert (hold.date, hold.kind) == (MON, HOLD)
    assert hold.reason == (
        "Run pain 2/10 is above the advance threshold 0/10: the same session again, "
        "week 1 at 2 sets (2 x (walk 5:00, jog 1:00), 12 min)."
    )


def test_a_painful_next_morning_holds_too(protocol):
    runner = Runner(protocol, MON)
    runner.live(MON, run_pain=0)
    state = runner.morning(d(1), 3)
    assert state.step.sets == 2
    assert run_moves(state)[-1].reason.startswith(
        "Morning pain 3/10 after the run on 2026-03-02 is above the advance threshold 0/10: the same session again"
    )


def reach(runner: Runner, week: int, sets: int | None = None) -> date:
    return runner.live_until(
        MON, lambda s: s.runs_today and s.step.week.week == week and (sets is None or s.step.sets == sets)
    )


def test_step_back_one_set_in_week_1(protocol):
    runner = Runner(protocol, MON)
    on = reach(runner, 1, 4)
    runner.rest_of_day(on, run_pain=5)
    state = runner.morning(on + timedelta(days=1), 0)
    assert state.step.week.week == 1 and state.step.sets == 3
    back = run_moves(state)[-1]
    assert (back.date, back.kind, back.before, back.after) == (on, STEP_BACK, 3, 2)
    assert back.reason == (
        "Run pain 5/10 is at or above the step-back threshold 4/10: back one step to "
        "week 1 at 3 sets (3 x (walk 5:00, jog 1:00), 18 min)."
    )


def test_step_back_from_the_first_set_of_week_2_goes_to_week_1_at_5_sets(protocol):
    runner = Runner(protocol, MON)
    on = reach(runner, 2, 2)
    runner.rest_of_day(on, run_pain=0)
    state = runner.morning(on + timedelta(days=1), 6)  # the morning after the run
    assert (state.step.week.week, state.step.sets) == (1, 5)
    assert run_moves(state)[-1].reason.startswith("Morning pain 6/10 after the run on ")


def test_step_back_at_the_very_first_step_stays_there(protocol):
    runner = Runner(protocol, MON)
    runner.live(MON, run_pain=7)
    state = runner.state(d(1))
    assert state.step.number == 1
    assert run_moves(state)[-1].reason == (
        "Run pain 7/10 is at or above the step-back threshold 4/10: staying "
        "at the first step, week 1 at 2 sets (2 x (walk 5:00, jog 1:00), 12 min)."
    )


def test_any_rating_of_the_day_at_the_step_back_threshold_steps_back_once(protocol):
    runner = Runner(protocol, MON)
    on = reach(runner, 1, 4)
    runner.rest_of_day(on, run_pain=None, follow=False, sitting=5, exercise=6)  # no run; a bad day
    state = runner.state(on + timedelta(days=1))
    assert state.step.sets == 3
    backs = [x for x in run_moves(state) if x.date == on]
    assert [x.kind for x in backs] == [STEP_BACK]
    assert backs[0].reason.startswith("Exercise pain 6/10, sitting pain 5/10 is at or above")


def test_never_a_run_the_day_after_a_run_in_weeks_1_and_2(protocol):
    runner = Runner(protocol, MON)
    runner.live(MON)
    state = runner.morning(d(1), 0)
    assert state.rest_day and not state.runs_today
    assert state.reason == (
        "Rest day: you ran yesterday (2026-03-02), and week 1 never runs the day after a "
        "run. Next run: 3 x (walk 5:00, jog 1:00), 18 min."
    )


def test_a_run_on_a_rest_day_is_kept_but_does_not_count(protocol):
    runner = Runner(protocol, MON)
    runner.live(MON)
    runner.morning(d(1), 0)
    runner.rest_of_day(d(1), run_pain=0, follow=False)  # ran anyway
    state = runner.morning(d(2), 0)
    assert state.step.sets == 3  # only Monday's run added a set
    assert state.rest_day  # and today rests after yesterday's run
    note = run_moves(state, (NOT_COUNTED,))[-1]
    assert note.date == d(1)
    assert note.reason == (
        "The run on 2026-03-03 does not count toward the plan: rest day: you ran yesterday "
        "(2026-03-02), and week 1 never runs the day after a run."
    )


def test_a_painful_run_on_a_rest_day_still_holds_and_steps_back(protocol):
    runner = Runner(protocol, MON)
    on = reach(runner, 1, 3)
    runner.rest_of_day(on)
    runner.morning(on + timedelta(days=1), 0)
    runner.rest_of_day(on + timedelta(days=1), run_pain=4, follow=False)
    state = runner.state(on + timedelta(days=2))
    assert state.step.sets == 3
    assert run_moves(state)[-1].reason.startswith("Run pain 4/10 on a rest day is at or above the step-back")


def test_a_run_before_the_gate_is_kept_but_does_not_count(protocol):
    runner = Runner(protocol, d(3))
    runner.live(MON, run_pain=0, follow=False)
    state = runner.state(d(1))
    assert not state.unlocked
    assert [(x.date, x.kind, x.reason) for x in state.decisions] == [
        (
            MON,
            NOT_COUNTED,
            "The run on 2026-03-02 does not count: the run plan is not open yet (the ladder "
            "has not yet moved past rung 5 (Back plank with leg lifts) on pain-free sessions: you "
            "are on rung 5; no assessment has checked your hamstring range of motion yet (run "
            "`hht assess`)).",
        ),
    ]


# -- weeks 3-8 ----------------------------------------------------------------------


def test_week_3_needs_seven_days_and_three_pain_free_runs(protocol):
    runner = Runner(protocol, MON)
    start = reach(runner, 3)
    state = runner.state(start)
    # week 3 starts the morning its week-2 run is confirmed, and may run that day: weeks 3-8
    # have no rest day after a run (only never more than 5 run days in any 7)
    assert state.week_started == start and state.pain_free_runs == 0 and state.runs_today
    assert state.reason == (
        f"Week 3: 20 min continuous jog. 0 of 3 pain-free runs since {state.week_started}, day 1 of at least 7."
    )
    on = start
    for _ in range(3):  # three pain-free runs in a row, then rest
        runner.rest_of_day(on)
        on += timedelta(days=1)
        runner.morning(on, 0)
    state = runner.state(on)
    assert state.pain_free_runs == 3 and state.step.week.week == 3
    counted = run_moves(state, (COUNTED,))[-1]
    assert counted.reason.endswith(f"3 pain-free runs in week 3 since {state.week_started} (it needs 3, and 7 days).")
    while on < state.week_started + timedelta(days=7):
        runner.rest_of_day(on, run_pain=None, follow=False)
        on += timedelta(days=1)
        runner.morning(on, 0)
    state = runner.state(on)
    assert on == state.week_started and state.step.week.week == 4
    assert run_moves(state)[-1].reason.startswith("3 pain-free runs and none painful in the 7 days since")


def test_a_painful_run_in_week_3_starts_the_count_again(protocol):
    runner = Runner(protocol, MON)
    on = reach(runner, 3)
    runner.rest_of_day(on)
    on += timedelta(days=1)
    runner.morning(on, 0)
    runner.rest_of_day(on, run_pain=1)
    state = runner.morning(on + timedelta(days=1), 0)
    assert state.step.week.week == 3 and state.pain_free_runs == 0
    assert state.week_started == on + timedelta(days=1)
    assert run_moves(state)[-1].reason == (
        "Run pain 1/10 is above the advance threshold 0/10: the same session again, week 3 (20 min continuous "
        f"jog); the 1 pain-free run this week no longer counts; week 3 counts again from {on + timedelta(days=1)}."
    )


def test_a_painful_morning_after_a_run_starts_week_3_again_the_day_after_that_run(protocol):
    runner = Runner(protocol, MON)
    on = reach(runner, 3)
    runner.rest_of_day(on)  # a pain-free run in week 3
    after = on + timedelta(days=1)
    state = runner.morning(after, 2)  # ... but the morning after it hurts
    assert state.step.week.week == 3 and state.pain_free_runs == 0
    assert state.week_started == after  # the day after the painful run; the run is not part of the new week
    assert run_moves(state)[-1].reason.endswith(f"week 3 counts again from {after}.")


def test_a_second_bad_rating_on_a_day_already_stepped_back_still_resets_the_run(protocol):
    """More pain never gives a better plan: sitting 5/10 after a morning step back cancels the day's run."""
    calm, sore = Runner(protocol, MON), Runner(protocol, MON)
    for runner, sitting in ((calm, None), (sore, 5)):
        on = reach(runner, 1, 3)
        runner.morning(on, 0)
        runner.days[on] = runner.days[on]._replace(morning=5)  # a step back this morning
        runner.rest_of_day(on, run_pain=0, follow=False, sitting=sitting)
        runner.prescribed[on + timedelta(days=1)] = runner.morning(on + timedelta(days=1), 0)
    end = on + timedelta(days=1)
    assert sore.state(end).step.sets < calm.state(end).step.sets  # the run counted only without the sitting pain
    reset = run_moves(sore.state(end), (HOLD,))[-1]
    assert reset.reason.startswith(
        "Sitting pain 5/10 is at or above the step-back threshold 4/10, after a step back earlier the same day"
    )


def test_step_back_from_week_3_goes_to_week_2_at_5_sets(protocol):
    runner = Runner(protocol, MON)
    on = reach(runner, 3)
    runner.rest_of_day(on, run_pain=4)
    state = runner.state(on + timedelta(days=1))
    assert (state.step.week.week, state.step.sets) == (2, 5)


def test_never_more_than_five_run_days_in_seven(protocol):
    runner = Runner(protocol, MON)
    on = reach(runner, 4)
    for _ in range(10):
        state = runner.morning(on, 0)
        window = [x for x in runner.days if on - timedelta(days=6) <= x < on and runner.days[x].run is not None]
        assert state.rest_day == (len(window) >= 5)
        if state.rest_day:
            assert state.reason.startswith(
                f"Rest day: 5 runs in the last 6 days ({min(window)} to {max(window)}); "
                "never more than 5 run days in any 7."
            )
        runner.rest_of_day(on)
        on += timedelta(days=1)


def test_a_red_flag_after_the_gate_pauses_progression(protocol):
    runner = Runner(protocol, MON, [assessed(d(-3)), assessed(d(1), red_flag=True)])
    runner.live(MON)
    state = runner.morning(d(1), 0)
    assert state.unlocked and state.paused and state.step.sets == 2
    assert state.rest_day  # no running at all while a red flag stands
    assert state.reason.startswith("No run: the red flag from the assessment on 2026-03-03 stops all loading")
    assert run_moves(state, (NOT_COUNTED,))[-1].reason == (
        "The run on 2026-03-02 was pain-free but does not count: progression is paused by a red flag."
    )


def test_after_week_8_the_plan_is_complete_and_pain_steps_back_into_week_8(protocol):
    runner = Runner(protocol, MON)
    on = runner.live_until(MON, lambda s: s.complete)
    state = runner.state(on)
    assert state.step is None and not state.rest_day and not state.runs_today
    assert state.reason == protocol.data["run_plan"]["after"]
    runner.rest_of_day(on, run_pain=5, follow=False)
    state = runner.state(on + timedelta(days=1))
    assert not state.complete and state.step.week.week == 8
    assert run_moves(state)[-1].before == len(steps(protocol)) + 1


@pytest.mark.parametrize("threshold", [0, 2])
def test_the_threshold_comes_from_the_protocol(protocol, threshold):
    custom = protocol._replace(pain=protocol.pain._replace(advance_threshold=threshold))
    runner = Runner(custom, MON)
    runner.live(MON, run_pain=2)
    state = runner.morning(d(1), 2)
    assert state.step.sets == (3 if threshold == 2 else 2)
