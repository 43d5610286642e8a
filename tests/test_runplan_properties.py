"""Properties of the run plan over random histories (hypothesis)."""

from __future__ import annotations

from datetime import date, timedelta

from hht.rules.protocol import load as protocols
from hht.rules.records import ADVANCE, COMPLETE, COUNTED, GATE, HOLD, NOT_COUNTED, OPEN, RUN, STEP_BACK, Day
from hht.rules.runsteps import steps
from hypothesis import event, given, settings
from hypothesis import strategies as st

from tests.runner import Runner, assessed, run_plan

PROTOCOL = protocols.load()
THRESHOLD = PROTOCOL.pain.advance_threshold
STEP_BACK_AT = PROTOCOL.pain.step_back_threshold
MAX_IN_7 = PROTOCOL.max_run_days_in_7
START = date(2026, 1, 5)
ONE = timedelta(days=1)

# Mostly pain-free, so that histories get somewhere; sometimes missing or
# sore. A calm history is rarely sore, so that it reaches the later weeks.
SORE = (0, 0, 0, 0, 0, 0, 0, None, 1, 2, 3, 4, 6, 9)
CALM = (0,) * 40 + (None, 1, 2, 4, 7)
pain = st.sampled_from(SORE)
side_pain = st.sampled_from((None,) * 12 + (0, 0, 2, 5))


@st.composite
def assessment_lists(draw):
    first = assessed(
        START + timedelta(days=draw(st.integers(0, 6))),
        rom_normal=draw(st.sampled_from((True, True, True, False, None))),
    )
    later = draw(
        st.lists(
            st.builds(
                assessed,
                st.integers(0, 60).map(lambda n: START + timedelta(days=n)),
                red_flag=st.sampled_from((False, False, False, True)),
                rom_normal=st.sampled_from((True, True, False, None)),
            ),
            max_size=3,
        )
    )
    return [first, *later]


@st.composite
def histories(draw, length=st.integers(1, 70)):
    n = draw(length)
    pains = draw(st.sampled_from((SORE, CALM)))
    pain, run = st.sampled_from(pains), st.sampled_from(pains + (None,) * (len(pains) // 2))
    days = []
    for i in range(n):
        days.append(
            Day(
                START + timedelta(days=i),
                morning=draw(pain),
                exercise=draw(side_pain),
                partial=draw(st.booleans()),
                run=draw(run),
                sitting=draw(side_pain),
            )
        )
    return days


def note_reach(state) -> None:
    event("reached week %s" % (state.step.week.week if state.step else "-" if not state.complete else "done"))


# The ladder moves past the run-gate rung on a day before the history starts
# (tests.runner.climb); the assessments then decide when the gate opens.
gate_days = st.integers(1, 10).map(lambda n: START - timedelta(days=n))


def each_day(days, ladder, assessments, extra=3):
    last = days[-1].date if days else START
    on = START
    while on <= last + timedelta(days=extra):
        yield on, run_plan(PROTOCOL, days, on, ladder, assessments)
        on += ONE


def latest_on(assessments, on):
    """The latest assessment on or before `on`; of two on one day, the later listed."""
    found = sorted((a for a in assessments if a.date <= on), key=lambda a: a.date)
    return found[-1] if found else None


def runs_on(days) -> dict[date, int]:
    return {d.date: d.run for d in days if d.run is not None}


@settings(max_examples=60, deadline=None)
@given(histories(), gate_days, assessment_lists())
def test_a_prescribed_run_never_breaks_the_rest_rules(days, gate, assessments):
    """Whatever was logged: never a run the day after a run in weeks 1-2, never a 6th run in 7 days."""
    runs = runs_on(days)
    for on, state in each_day(days, gate, assessments):
        if not state.runs_today:
            continue
        if state.step.week.rest_day_after_run:
            assert on - ONE not in runs
        window = [r for r in runs if on - timedelta(days=6) <= r < on]
        assert len(window) < MAX_IN_7


@settings(max_examples=40, deadline=None)
@given(
    st.sampled_from((SORE, CALM)).flatmap(
        lambda p: st.lists(st.tuples(st.sampled_from(p), st.sampled_from(p)), min_size=70, max_size=70)
    ),
    st.lists(side_pain, min_size=70, max_size=70),
    gate_days,
    assessment_lists(),
)
def test_a_runner_who_follows_the_plan_never_runs_two_days_running_in_weeks_1_2(pains, sittings, gate, assessments):
    runner = Runner(PROTOCOL, gate, assessments)
    on = START
    for (morning, run_pain), sitting in zip(pains, sittings):
        runner.morning(on, morning)
        runner.rest_of_day(on, run_pain=0 if run_pain is None else run_pain, sitting=sitting)
        on += ONE
    final = runner.state(on)
    note_reach(final)
    assert_no_advance_across_pain(list(runner.days.values()), final, assessments)
    ran = sorted(day for day, d in runner.days.items() if d.run is not None)
    for day in ran:
        state = runner.prescribed[day]
        assert state.runs_today  # only prescribed runs
        if state.step.week.rest_day_after_run:
            assert day - ONE not in ran
    for first in ran:  # any 7 days hold at most 5 runs
        assert len([r for r in ran if first <= r < first + timedelta(days=7)]) <= MAX_IN_7


@settings(max_examples=60, deadline=None)
@given(histories(), gate_days, assessment_lists())
def test_never_an_advance_across_a_painful_run(days, gate, assessments):
    final = run_plan(PROTOCOL, days, days[-1].date + ONE * 2, gate, assessments)
    note_reach(final)
    assert_no_advance_across_pain(days, final, assessments)


def assert_no_advance_across_pain(days, final, assessments) -> None:
    logged = {d.date: d for d in days}
    plan = steps(PROTOCOL)
    for decision in final.decisions:
        if decision.track != RUN or decision.kind not in (ADVANCE, COMPLETE, COUNTED):
            continue
        on = decision.date
        # nothing moves on while a red flag pauses progression
        latest = latest_on(assessments, on)
        assert latest is not None and not latest.red_flag
        if decision.kind == COUNTED or plan[decision.before - 1].builds_sets:
            # the run the day before and this morning were both pain-free
            assert logged[on - ONE].run <= THRESHOLD
            assert logged[on].morning is not None and logged[on].morning <= THRESHOLD
            continue
        # a week without sets: the 7 days before hold no painful run, no painful
        # morning after a run, and no rating at the step-back threshold. The
        # week's first day may open with the morning after a painful run: that
        # run restarted the week from this day, and is not part of it.
        for back in range(1, 8):
            day = logged.get(on - ONE * back)
            if day is None or day.date < final.opened:
                continue
            if day.run is not None:
                assert day.run <= THRESHOLD
                after = logged.get(day.date + ONE)
                assert after is None or after.morning is None or after.morning <= THRESHOLD
            ratings = day.ratings()
            before = logged.get(day.date - ONE)
            if back == 7 and before is not None and before.run is not None:
                ratings.pop("morning", None)  # the response to the run that restarted the week
            assert all(v < STEP_BACK_AT for v in ratings.values())


@settings(max_examples=60, deadline=None)
@given(histories(length=st.integers(1, 40)), gate_days, assessment_lists())
def test_the_plan_never_starts_before_the_gate(days, gate, assessments):
    # The gate, worked out independently: the first day from the ladder's
    # move on which the latest assessment has normal range of motion and no red flag.
    expected = None
    on = gate
    while on <= days[-1].date + ONE * 3:
        latest = latest_on(assessments, on)
        if latest is not None and latest.rom_normal and not latest.red_flag:
            expected = on
            break
        on += ONE
    for on, state in each_day(days, gate, assessments):
        opened = expected is not None and on >= expected
        assert state.unlocked == opened
        if not opened:
            assert state.step is None and not state.runs_today and not state.rest_day
            assert all(d.kind == NOT_COUNTED for d in state.decisions)
    final = state
    gates = [d for d in final.decisions if d.track == GATE]
    assert [(d.date, d.kind) for d in gates] == ([(expected, OPEN)] if expected is not None else [])
    for decision in final.decisions:
        if decision.kind in (ADVANCE, COMPLETE, HOLD, STEP_BACK, COUNTED):
            assert expected is not None and decision.date >= expected
