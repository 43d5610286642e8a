"""Every outlet tells the same day: a property over random histories under
both shipped protocols, with random adoptions, pauses and stops.

On every day checked, what `today`'s plan prescribes (its Prescription) is
what `hht status` lists, what the calendar exports for the day, what
`today --start` would time, and what the report's day-by-day plan holds:
the session due, a rest day or stopped; the run due, a rest day, paused,
stopped, not open or complete; and under goom-2016 nothing says "rung".
"""

from __future__ import annotations

from datetime import date, time, timedelta

from hht.plan import prescription as rx
from hht.plan.day import day_plan
from hht.plan.forecast import events, forecast
from hht.plan.session import timed_session
from hht.plan.status import status
from hht.report.daily_plan import derive
from hht.rules.protocol import load
from hht.rules.records import AssessmentSummary, Day
from hht.rules.timeline import ProtocolChange, Timeline
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

START = date(2026, 3, 2)
DEFAULT, GOOM = load.load(), load.load("goom-2016")

# mostly pain-free, so that runners climb to the heavy stages and open the run plan
pain = st.integers(0, 19).map(lambda n: 0 if n < 16 else n - 13)


def assessment(on: date, kind: str) -> AssessmentSummary:
    if kind in ("soon", "urgent"):
        return AssessmentSummary(on, True, advice="See a clinician.", urgency=kind)
    bent = 3 if kind == "bent_knee" else 0
    return AssessmentSummary(on, False, rom_normal=True, bent_knee_pain_free=bent == 0, bent_knee=(("left", bent),))


@st.composite
def histories(draw):
    first = draw(st.sampled_from([DEFAULT, GOOM]))
    length = draw(st.integers(20, 75))
    changes: tuple[ProtocolChange, ...] = ()
    if draw(st.booleans()):  # a physio's switch, at a stage of their choosing
        on = START + timedelta(days=draw(st.integers(1, length - 2)))
        other = GOOM if first is DEFAULT else DEFAULT
        stage = draw(st.integers(1, len(other.ladder)))
        changes = (ProtocolChange(on, other, "a physio's review", stage),)
    timeline = Timeline(first, changes)
    days = []
    for n in range(length):
        on = START + timedelta(days=n)
        protocol = timeline.at(on)
        test = draw(pain) if protocol.load_test is not None else None
        days.append(
            Day(
                on,
                morning=draw(pain) if n else None,
                exercise=draw(st.one_of(pain, pain, pain, st.none())),
                run=draw(st.one_of(st.none(), pain)),
                load_test=test,
            )
        )
    assessments = [assessment(START, "clear")]
    for _ in range(draw(st.integers(0, 3))):
        on = START + timedelta(days=draw(st.integers(1, length - 1)))
        assessments.append(assessment(on, draw(st.sampled_from(["clear", "clear", "soon", "urgent", "bent_knee"]))))
    assessments.sort(key=lambda a: a.date)
    checked = sorted(draw(st.sets(st.integers(0, length - 1), min_size=1, max_size=4)))
    return timeline, days, assessments, [START + timedelta(days=n) for n in checked]


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(histories())
def test_every_outlet_tells_the_day_as_today_does(history):
    timeline, days, assessments, checked = history
    _, _, per_day, _ = derive(timeline, days, assessments, checked[-1])
    for on in checked:
        lived = [d for d in days if d.date <= on]
        plan = day_plan(timeline, lived, on, assessments)
        p = plan.prescription
        assert plan.protocol is timeline.at(on)

        # the prompt line
        told = status(timeline, lived, assessments, on)
        kinds = {item["kind"] for item in told["todo"]}
        if p.stopped:
            assert "no exercise or running" in told["not_today"] and not kinds & {"session", "run"}
        if p.session != rx.DUE:
            assert "session" not in kinds
        elif plan.ladder.logged is None:
            assert "session" in kinds
        assert ("run" in kinds) == (p.run == rx.RUN and plan.run.logged is None)
        assert (p.session == rx.REST) == any(
            n.startswith("rest day from ") and "running" not in n for n in told["not_today"]
        )
        if p.run == rx.RUN_REST:
            assert "rest day from running" in told["not_today"]
        if p.run == rx.PAUSED:
            assert "running paused" in told["not_today"]

        # the calendar's events of the day
        found = {e.kind for e in events(forecast(timeline, lived, assessments, on, 1), time(7, 30), assessments)}
        session_kind = {rx.DUE: "session", rx.REST: "session_rest", rx.STOPPED: "no_dose"}[p.session]
        assert session_kind in found and not ({"session", "session_rest", "no_dose"} - {session_kind}) & found
        run_kind = {rx.RUN: "run", rx.RUN_REST: "rest", rx.PAUSED: "run_paused"}.get(p.run)
        assert {k for k in found if k in ("run", "rest", "run_paused")} == ({run_kind} if run_kind else set())
        assert ("clinician" in found) == plan.paused

        # what `today --start` would time
        session, why = timed_session(plan)
        if session is not None:
            if session.logs == "run":
                assert p.run == rx.RUN and plan.run.logged is None
            else:
                assert p.session == rx.DUE and not p.complete and (p.run != rx.RUN or plan.run.logged is not None)
        if p.stopped:
            assert session is None

        # the report's plan of the day
        if on in per_day:
            assert (per_day[on]["session"], per_day[on]["run"], per_day[on]["pause"]) == (p.session, p.run, p.pause)
            assert per_day[on]["rung"] == p.stage

        # the protocol's own word
        if plan.protocol.stage_word != "rung":
            for text in (told["line"], why, *plan.reasons):
                assert "rung" not in text.lower(), text
