"""One coherent, safe decision a day, over random histories (hypothesis).

- More pain never gives a better plan: raise any one rating of a history and
  neither track is ever further along, on any later day.
- On a day when a red flag stops loading, no dose, no run, no stretching.
- A run is never prescribed while the latest assessment finds the assisted
  bent-knee stretch painful (the condition that closes cross-training), nor
  while any red flag stands.
- `day_of`, which only applies the days before the one it is asked for, says
  of that day exactly what the whole walk says of it; `day_of_each` (the
  plan before and after `hht log` writes a day) what `day_of` says on each
  history.
"""

from __future__ import annotations

from datetime import date, timedelta

from hht.plan.day import day_plan
from hht.rules.protocol import load as protocols
from hht.rules.records import RATINGS, AssessmentSummary, Day
from hht.rules.timeline import Timeline
from hht.rules.walk import day_of, day_of_each, walk
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.runner import climb

PROTOCOL = protocols.load()
GATE = date(2026, 1, 4)  # the ladder moves past the gate rung on this morning
START = GATE + timedelta(days=1)
ONE = timedelta(days=1)

calm = st.sampled_from((0,) * 12 + (None, None, 1, 2, 4, 6))
rarely = st.sampled_from((None,) * 8 + (0, 2, 5))


@st.composite
def histories(draw, length=st.integers(3, 45)):
    days = list(climb(GATE, PROTOCOL))
    for i in range(draw(length)):
        days.append(
            Day(
                START + ONE * i,
                morning=draw(calm),
                exercise=draw(calm),
                partial=draw(st.booleans()) and draw(st.booleans()),
                run=draw(calm),
                sitting=draw(rarely),
            )
        )
    return days


@st.composite
def assessments(draw):
    first = AssessmentSummary(
        GATE - ONE * 20, False, rom_normal=True, bent_knee_pain_free=True, bent_knee=(("left", 0),)
    )
    later = []
    for _ in range(draw(st.integers(0, 3))):
        on = START + ONE * draw(st.integers(0, 40))
        kind = draw(st.sampled_from(("clean", "sore", "emergency", "urgent", "soon")))
        if kind in ("clean", "sore"):
            sore = kind == "sore"
            later.append(
                AssessmentSummary(
                    on, False, rom_normal=True, bent_knee_pain_free=not sore, bent_knee=(("left", 3 if sore else 0),)
                )
            )
        else:
            later.append(AssessmentSummary(on, True, "See a clinician.", rom_normal=True, urgency=kind))
    return [first, *later]


def positions(days, summaries, through):
    """Each day's morning: how far along each track is, as comparable tuples."""
    out = {}
    for state in walk(Timeline(PROTOCOL), days, summaries, through):
        ladder, run = state.morning.ladder, state.morning.run
        out[state.date] = (
            (ladder.complete, ladder.rung, ladder.pain_free_sessions),
            (run.opened is not None, run.step_index, run.pain_free_runs),
        )
    return out


@settings(max_examples=80, deadline=None)
@given(histories(), assessments(), st.data())
def test_more_pain_never_gives_a_better_plan(days, summaries, data):
    logged = [d for d in days if d.date >= START]
    day = data.draw(st.sampled_from(logged))
    name = data.draw(st.sampled_from(RATINGS))
    old = getattr(day, name)
    worse = data.draw(st.integers((old or 0) + 1, 10)) if (old or 0) < 10 else 10
    if name == "exercise" and old is None:
        return  # adding a session is doing more work, not more pain
    if name == "run" and old is None:
        return  # likewise a run
    hurt = [d._replace(**{name: worse}) if d.date == day.date else d for d in days]
    through = days[-1].date + ONE * 2
    before, after = positions(days, summaries, through), positions(hurt, summaries, through)
    for on in before:
        if on > day.date:
            assert after[on][0] <= before[on][0], (on, name, old, worse)
            assert after[on][1] <= before[on][1], (on, name, old, worse)


@settings(max_examples=60, deadline=None)
@given(histories(), assessments(), st.integers(0, 45))
def test_every_day_is_one_safe_decision(days, summaries, offset):
    on = START + ONE * offset
    history = [d for d in days if d.date <= on]
    plan = day_plan(Timeline(PROTOCOL), history, on, summaries).to_json()
    latest = [a for a in sorted(summaries, key=lambda a: a.date) if a.date <= on][-1]
    run = plan["run"]
    if not plan["loading"]:
        assert latest.red_flag and PROTOCOL.red_flag_effect(latest.urgency) == "stop"
        assert plan["ladder"]["dose"] is None and plan["ladder"]["maintenance"] is None
        assert plan["stretching"] is None and run["session"] is None and run["intervals"] == []
    prescribed = run["session"] is not None and not run["rest_day"]
    if latest.red_flag or latest.bent_knee_pain_free is False:
        assert not prescribed and not plan["cross_training"]["allowed"]
    if prescribed:
        assert plan["cross_training"]["allowed"]  # one gate for cycling and running


@settings(max_examples=60, deadline=None)
@given(histories(), assessments(), st.integers(-3, 47))
def test_the_day_alone_is_the_day_of_the_whole_walk(days, summaries, offset):
    on = START + ONE * offset
    decisions = []
    for state in walk(Timeline(PROTOCOL), days, summaries, on):
        decisions += state.morning_decisions
        if state.date < on:
            decisions += state.unlogged + state.evening_decisions
    moment = day_of(Timeline(PROTOCOL), days, summaries, on)
    assert (moment.date, moment.entry, moment.morning, moment.evening, moment.today) == (
        state.date,
        state.entry,
        state.morning,
        state.evening,
        state.evening_decisions,
    )
    assert moment.decisions == tuple(decisions)


@settings(max_examples=100, deadline=None)
@given(histories(), assessments(), st.integers(-25, 47), st.integers(0, 47), st.data())
def test_the_plan_before_and_after_a_write_is_the_plan_of_each_history(days, summaries, since, until, data):
    changed = START + ONE * since
    on = max(changed, START + ONE * until)
    old = next((d for d in days if d.date == changed), None)
    differ = st.sampled_from((None, 0, 0, 3, 6))  # a run or session added, removed, or painful
    new = Day(
        changed,
        morning=data.draw(differ),
        exercise=data.draw(differ),
        run=data.draw(differ),
        sitting=data.draw(rarely),
        partial=data.draw(st.booleans()),
    )
    after = [d for d in days if d.date != changed] + [new]
    assert old is None or old in days
    assert day_of_each(Timeline(PROTOCOL), days, after, changed, summaries, on) == (
        day_of(Timeline(PROTOCOL), days, summaries, on),
        day_of(Timeline(PROTOCOL), after, summaries, on),
    )
