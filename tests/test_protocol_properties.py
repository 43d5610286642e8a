"""Random histories under both shipped protocols hold the invariants: never
an advance across pain, heavy sessions never on consecutive days, and a
protocol change never alters a decision dated before it."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

from hht.rules.protocol import load as protocols
from hht.rules.records import ADVANCE, COMPLETE, COUNTED, LADDER, AssessmentSummary, Day
from hht.rules.timeline import ProtocolChange, Timeline
from hht.rules.walk import walk
from hypothesis import given, settings
from hypothesis import strategies as st

DEFAULT = protocols.load()
GOOM = protocols.load("goom-2016")
START = date(2026, 1, 5)
ONE = timedelta(days=1)
ASSESSED = [AssessmentSummary(START, red_flag=False, rom_normal=True, bent_knee_pain_free=True)]

mostly_free = st.sampled_from([0] * 20 + [1, 2, 4, 6])  # mostly pain-free: the ladder moves


@st.composite
def histories(draw, length=st.integers(20, 60)):
    """Days, most of them logged and pain-free, so that the ladder moves."""

    def rating(none_one_in: int):
        return None if draw(st.integers(0, none_one_in - 1)) == 0 else draw(mostly_free)

    days = []
    for i in range(draw(length)):
        if draw(st.integers(0, 9)) == 0:
            continue  # a day not logged
        days.append(
            Day(
                START + ONE * i,
                morning=rating(10),
                exercise=rating(6),
                partial=draw(st.integers(0, 9)) == 0,
                run=rating(2),
                load_test=rating(3),
            )
        )
    return days


def decisions(states):
    return [d for s in states for d in (*s.morning_decisions, *s.unlogged, *s.evening_decisions)]


def check_invariants(protocol, days, through):
    logged = {d.date: d for d in days}
    states = list(walk(Timeline(protocol), days, ASSESSED, through))
    threshold = protocol.pain.advance_threshold
    for decision in decisions(states):
        if decision.track != LADDER or decision.kind not in (ADVANCE, COMPLETE, COUNTED):
            continue
        # never across pain: the session before and this morning's response were within the threshold
        session, morning = logged[decision.date - ONE], logged[decision.date]
        assert session.exercise is not None and session.exercise <= threshold and not session.partial
        response = [v for v in (morning.morning, morning.load_test if protocol.load_test else None) if v is not None]
        assert response and max(response) <= threshold
    # heavy work: never a counted session, nor a day without rest, the day after a heavy session
    heavy_days = {
        s.date
        for s in states
        if s.entry is not None
        and s.entry.exercise is not None
        and s.morning.protocol.ladder[s.morning.ladder.rung - 1].heavy
        and not s.morning.ladder.complete
    }
    for s in states:
        stage = s.morning.protocol.ladder[s.morning.ladder.rung - 1]
        if stage.heavy and not s.morning.ladder.complete and s.date - ONE in heavy_days:
            assert s.morning.ladder.rest is not None
    counted = sorted(
        d.date - ONE
        for d in decisions(states)
        if d.track == LADDER and d.kind in (ADVANCE, COMPLETE, COUNTED) and d.date - ONE in heavy_days
    )
    assert all(b - a > ONE for a, b in itertools.pairwise(counted))


@settings(max_examples=40, deadline=None)
@given(histories())
def test_the_invariants_hold_under_the_shipped_default(days):
    check_invariants(DEFAULT, days, START + ONE * 62)


@settings(max_examples=40, deadline=None)
@given(histories())
def test_the_invariants_hold_under_goom_2016(days):
    check_invariants(GOOM, days, START + ONE * 62)


@settings(max_examples=40, deadline=None)
@given(histories(), st.integers(1, 60), st.booleans())
def test_a_protocol_change_never_alters_a_decision_dated_before_it(days, offset, to_goom):
    first, second = (DEFAULT, GOOM) if to_goom else (GOOM, DEFAULT)
    on = START + ONE * offset
    through = START + ONE * 62
    plain = [d for d in decisions(walk(Timeline(first), days, ASSESSED, through)) if d.date < on]
    changed = list(
        walk(Timeline(first, tuple([ProtocolChange(on, second, "a physio's review")])), days, ASSESSED, through)
    )
    assert [d for d in decisions(changed) if d.date < on] == plain
    assert all(s.morning.protocol is (second if s.date >= on else first) for s in changed)
    assert any(d.kind == "protocol" and d.date == on for d in decisions(changed))
