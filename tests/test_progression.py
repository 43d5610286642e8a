"""The progression rule, as a pure function: unit cases and properties."""

from __future__ import annotations

from datetime import date, timedelta

from hht.plan.views import states
from hht.rules.protocol import load as protocols
from hht.rules.records import ADVANCE, COMPLETE, HOLD, NOT_COUNTED, PAUSE, RESUME, STEP_BACK, AssessmentSummary, Day
from hht.rules.timeline import Timeline
from hypothesis import given, settings
from hypothesis import strategies as st

D0 = date(2026, 1, 5)
PROTOCOL = protocols.load()


def d(n: int) -> date:
    return D0 + timedelta(days=n)


def clean(n: int, **extra) -> Day:
    """Day n: pain-free morning and a pain-free, full-dose session."""
    return Day(d(n), **{"morning": 0, "exercise": 0, **extra})


def progress(protocol, days, on, assessments=()):
    """The ladder on the morning of `on`."""
    return states(Timeline(protocol), days, on, assessments)[0]


def kinds(result, kind):
    return [x for x in result.decisions if x.kind == kind]


# --- the rule, case by case ----------------------------------------------


def test_three_confirmed_sessions_advance_on_the_fourth_morning(protocol):
    days = [clean(0), clean(1), clean(2), Day(d(3), morning=0)]
    assert progress(protocol, days, d(2)).ladder.pain_free_sessions == 2
    result = progress(protocol, days, d(3))
    assert result.ladder.rung == 2 and result.ladder.pain_free_sessions == 0
    (advance,) = kinds(result, ADVANCE)
    assert advance.date == d(3) and (advance.before, advance.after) == (1, 2)
    assert "3 pain-free sessions in a row at rung 1" in advance.reason


def test_the_plan_for_a_day_uses_its_morning_but_not_its_session(protocol):
    days = [clean(0), clean(1), clean(2), clean(3)]
    assert progress(protocol, days, d(3)).ladder.rung == 2  # d3's morning confirmed d2
    assert progress(protocol, days[:3] + [Day(d(3), exercise=0)], d(3)).ladder.rung == 1


def test_a_session_counts_only_once_its_next_morning_is_logged(protocol):
    days = [Day(d(0), exercise=0)]
    awaiting = progress(protocol, days, d(1))
    assert awaiting.ladder.pain_free_sessions == 0 and awaiting.ladder.awaiting == d(0)
    assert any("counts once this morning's pain is logged" in r for r in awaiting.reasons)
    assert progress(protocol, days + [Day(d(1), morning=0)], d(1)).ladder.pain_free_sessions == 1
    missed = progress(protocol, days + [Day(d(1), sitting=1)], d(2))
    assert missed.ladder.pain_free_sessions == 0 and missed.ladder.unconfirmed == d(0)
    assert any(f"no morning pain was logged for {d(1)}" in r for r in missed.reasons)


def test_an_unconfirmed_session_neither_counts_nor_resets(protocol):
    days = [clean(0), clean(1), clean(2), Day(d(4), morning=0, exercise=0), Day(d(5), morning=0)]
    result = progress(protocol, days, d(5))
    assert result.ladder.rung == 2  # d0, d1 and d4 counted; d2 never confirmed
    # dated the morning that passed unlogged, d3
    assert [x.date for x in kinds(result, NOT_COUNTED)] == [d(3)]


def test_morning_pain_above_the_threshold_holds_and_resets(protocol):
    days = [clean(0), clean(1), clean(2, morning=1), Day(d(3), morning=0)]
    result = progress(protocol, days, d(3))
    assert result.ladder.rung == 1 and result.ladder.pain_free_sessions == 1  # only d2's session
    (hold,) = kinds(result, HOLD)
    assert hold.date == d(2)
    assert "Morning pain 1/10 after the session on 2026-01-06" in hold.reason
    assert "1 pain-free session no longer count" in hold.reason


def test_session_pain_above_the_threshold_holds(protocol):
    result = progress(protocol, [clean(0), clean(1, exercise=2), Day(d(2), morning=0)], d(2))
    assert result.ladder.pain_free_sessions == 0
    assert [h.reason.split(" is ")[0] for h in kinds(result, HOLD)] == ["Exercise pain 2/10"]


def test_a_partial_session_neither_counts_nor_resets(protocol):
    days = [clean(0), clean(1, partial=True), clean(2), clean(3), Day(d(4), morning=0)]
    result = progress(protocol, days, d(4))
    assert result.ladder.rung == 2
    assert any("short of the full dose" in x.reason for x in kinds(result, NOT_COUNTED))


def test_a_painful_partial_session_still_holds(protocol):
    result = progress(protocol, [clean(0), clean(1, partial=True, exercise=3), Day(d(2), morning=0)], d(2))
    assert result.ladder.pain_free_sessions == 0 and kinds(result, HOLD)


def _at_rung(protocol, rung: int) -> list[Day]:
    days, n = [], 0
    for _ in range((rung - 1) * 3):
        days.append(clean(n))
        n += 1
    days.append(Day(d(n), morning=0))
    assert progress(protocol, days, d(n)).ladder.rung == rung
    return days


def test_pain_at_the_step_back_threshold_in_any_rating_steps_back_one_rung(protocol):
    for field in ("morning", "exercise", "run", "sitting"):
        days = _at_rung(protocol, 3)  # reached rung 3 on the last day's morning
        n = len(days)
        hurt = Day(d(n), **{"morning": 0, field: 4}) if field != "morning" else Day(d(n), morning=4)
        result = progress(protocol, days + [hurt, Day(d(n + 1), morning=0)], d(n + 1))
        assert result.ladder.rung == 2, field
        (back,) = kinds(result, STEP_BACK)
        assert back.date == d(n) and "step-back threshold 4/10" in back.reason
        assert f"{field.capitalize()} pain 4/10" in back.reason


def test_one_step_back_a_day_however_many_ratings_hurt(protocol):
    days = _at_rung(protocol, 3)
    n = len(days)
    days += [Day(d(n), morning=5, exercise=6, run=7, sitting=8), Day(d(n + 1), morning=0)]
    assert progress(protocol, days, d(n + 1)).ladder.rung == 2


def test_never_below_rung_one(protocol):
    result = progress(protocol, [Day(d(0), morning=9), Day(d(1), morning=9)], d(1))
    assert result.ladder.rung == 1
    assert all("staying on rung 1" in x.reason for x in kinds(result, STEP_BACK))


def test_the_last_rung_completes_the_ladder(protocol):
    days = [clean(n) for n in range(24)] + [Day(d(24), morning=0)]
    result = progress(protocol, days, d(24))
    assert result.ladder.rung == 8 and result.ladder.complete
    assert [x.after for x in kinds(result, ADVANCE)] == [2, 3, 4, 5, 6, 7, 8]
    assert len(kinds(result, COMPLETE)) == 1
    back = progress(protocol, days + [Day(d(25), morning=4), Day(d(26), morning=0)], d(26))
    assert back.ladder.rung == 8 and not back.ladder.complete


def test_in_maintenance_a_session_waits_for_nothing_and_its_morning_still_holds(protocol):
    days = [clean(n) for n in range(25)]  # complete on the morning of day 24, then a maintenance session
    after = progress(protocol, days, d(25))
    assert after.ladder.complete and after.ladder.awaiting is None
    assert not [r for r in after.reasons if "counts once" in r or "did not count" in r]
    assert not kinds(after, NOT_COUNTED)  # an unlogged morning leaves nothing uncounted
    sore = progress(protocol, days + [Day(d(25), morning=2)], d(26))
    assert sore.ladder.complete and kinds(sore, HOLD)[-1].reason == (
        "Morning pain 2/10 is above the advance threshold 0/10: held on maintenance."
    )


def test_correcting_a_past_day_re_derives_everything_after_it(protocol):
    days = [clean(n) for n in range(6)] + [Day(d(6), morning=0)]
    assert progress(protocol, days, d(6)).ladder.rung == 3
    days[1] = Day(d(1), morning=2, exercise=0)
    corrected = progress(protocol, days, d(6))
    assert corrected.ladder.rung == 2
    assert kinds(corrected, HOLD)[0].date == d(1)


def test_a_red_flag_pauses_and_a_clear_assessment_resumes(protocol):
    days = [clean(n) for n in range(8)] + [Day(d(8), morning=0)]
    flag = AssessmentSummary(d(0), red_flag=True, advice="See a doctor within days.")
    paused = progress(protocol, days, d(8), [flag])
    assert paused.paused and paused.ladder.rung == 1
    assert "See a doctor within days." in paused.reasons[0]
    resumed = progress(protocol, days, d(8), [flag, AssessmentSummary(d(4), red_flag=False)])
    assert not resumed.paused and resumed.ladder.rung == 2
    assert [x.kind for x in resumed.decisions if x.kind in (PAUSE, RESUME)] == [PAUSE, RESUME]


def test_days_after_the_day_and_input_order_do_not_matter(protocol):
    days = [clean(n) for n in range(5)]
    later = days + [Day(d(9), morning=9)]
    assert progress(protocol, later, d(4)) == progress(protocol, list(reversed(days)), d(4))


# --- properties ------------------------------------------------------------

pain = st.one_of(st.none(), st.just(0), st.just(0), st.integers(0, 10))


@st.composite
def histories(draw, max_days: int = 60) -> list[Day]:
    n = draw(st.integers(0, max_days))
    days, current = [], D0
    for _ in range(n):
        current += timedelta(days=draw(st.sampled_from([1, 1, 1, 1, 2, 3])))
        exercise = draw(pain)
        days.append(
            Day(
                current,
                morning=draw(pain),
                exercise=exercise,
                partial=exercise is not None and draw(st.booleans()) and draw(st.booleans()),
                run=draw(st.one_of(st.none(), pain)),
                sitting=draw(st.one_of(st.none(), pain)),
            )
        )
    return days


def by_date(days):
    return {x.date: x for x in days}


@settings(max_examples=150, deadline=None)
@given(histories())
def test_it_never_advances_across_a_painful_session(days):
    protocol = PROTOCOL
    thr, back, needed = 0, 4, 3
    log = by_date(days)
    end = (days[-1].date + timedelta(days=1)) if days else D0
    result = progress(protocol, days, end)
    for advance in [x for x in result.decisions if x.kind in (ADVANCE, COMPLETE)]:
        confirmed = [
            x.date
            for x in days
            if x.date < advance.date
            and x.exercise is not None
            and not x.partial
            and x.exercise <= thr
            and (nxt := log.get(x.date + timedelta(days=1)))
            and nxt.morning is not None
            and nxt.morning <= thr
        ][-needed:]
        assert len(confirmed) == needed
        for x in days:
            if confirmed[0] <= x.date < advance.date:  # the first morning came before the count began
                assert x.exercise is None or x.exercise <= thr, (advance, x)
                assert all(v < back for k, v in x.ratings().items() if k != "morning"), (advance, x)
            if confirmed[0] < x.date <= advance.date:
                assert x.morning is None or x.morning <= thr, (advance, x)


@settings(max_examples=120, deadline=None)
@given(histories(max_days=40))
def test_it_always_advances_after_the_needed_clean_sessions(days):
    protocol = PROTOCOL
    start = (days[-1].date if days else D0) + timedelta(days=1)
    block = [Day(start + timedelta(days=i), morning=0, exercise=0) for i in range(3)]
    block.append(Day(start + timedelta(days=3), morning=0))
    before = progress(protocol, days + block, start)  # after the block's first morning
    after = progress(protocol, days + block, block[-1].date)
    if before.ladder.complete or before.ladder.rung == len(protocol.ladder):
        assert after.ladder.complete
    else:
        assert after.ladder.rung == before.ladder.rung + 1


@settings(max_examples=150, deadline=None)
@given(histories())
def test_steps_back_stay_within_the_ladder(days):
    protocol = PROTOCOL
    end = (days[-1].date + timedelta(days=1)) if days else D0
    result = progress(protocol, days, end)
    top = len(protocol.ladder)
    assert 1 <= result.ladder.rung <= top
    for x in result.decisions:
        assert 1 <= x.before <= top and 1 <= x.after <= top
        if x.kind == STEP_BACK:
            assert x.after == max(x.before - 1, 1) or (x.after == x.before == top)
        elif x.kind == ADVANCE:
            assert x.after == x.before + 1
        else:
            assert x.after == x.before
    per_day = {}
    for x in result.decisions:
        if x.kind == STEP_BACK:
            per_day[x.date] = per_day.get(x.date, 0) + 1
    assert all(count == 1 for count in per_day.values())


@settings(max_examples=100, deadline=None)
@given(histories(max_days=30))
def test_every_decision_is_dated_within_the_history_and_has_a_reason(days):
    protocol = PROTOCOL
    end = (days[-1].date + timedelta(days=2)) if days else D0
    result = progress(protocol, days, end)
    assert all(x.reason.strip() and x.date <= end for x in result.decisions)
    assert list(result.decisions) == sorted(result.decisions, key=lambda x: x.date)
