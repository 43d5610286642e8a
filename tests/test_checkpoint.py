"""The folds resume from a checkpoint exactly as they would have gone on (hypothesis).

A checkpoint is both folds' state at the end of a day C, as plain JSON. For
random histories and a random C, resuming from it (given only the days after
C) must give exactly what the full fold gives: the same Progress, RunState
and decisions, and the same plan.
"""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.runner import ladder_done
from tests.test_progression import histories as ladder_histories
from tests.test_runplan_properties import assessment_lists, gate_days
from tests.test_runplan_properties import histories as run_histories

from hht import checkpoint
from hht import protocol as protocols
from hht.checkpoint import Checkpoint
from hht.plan import states, today_plan
from hht.progression import AssessmentSummary, ladder_state, progress
from hht.runplan import run_plan, run_state

PROTOCOL = protocols.load()
ONE = timedelta(days=1)


def round_trip(state: dict) -> dict:
    """Through JSON text and back, as the database keeps it."""
    return json.loads(json.dumps(state))


def span(days, assessments=()) -> tuple[date, date]:
    dates = [d.date for d in days] + [a.date for a in assessments]
    return (min(dates), max(dates)) if dates else (date(2026, 1, 5), date(2026, 1, 5))


@st.composite
def cut_and_day(draw, days, assessments=()):
    """A checkpoint day C anywhere around the history, and a later day to ask about."""
    first, last = span(days, assessments)
    c = first + timedelta(days=draw(st.integers(-3, (last - first).days + 3)))
    on = c + timedelta(days=draw(st.integers(1, 12)))
    return c, on


ladder_assessments = st.lists(st.builds(
    AssessmentSummary,
    st.integers(-2, 70).map(lambda n: date(2026, 1, 5) + timedelta(days=n)),
    red_flag=st.booleans(),
    advice=st.just("See a clinician."),
), max_size=4)


@settings(max_examples=150, deadline=None)
@given(st.data(), ladder_histories(), ladder_assessments)
def test_the_ladder_resumes_exactly(data, days, assessments):
    c, on = data.draw(cut_and_day(days, assessments))
    state = round_trip(ladder_state(PROTOCOL, days, c, assessments))
    later = [d for d in days if d.date > c]
    full = progress(PROTOCOL, days, on, assessments)
    assert progress(PROTOCOL, later, on, assessments, start=(c, state)) == full
    assert progress(PROTOCOL, days, on, assessments, start=(c, state)) == full  # days up to C are ignored


@settings(max_examples=100, deadline=None)
@given(st.data(), run_histories(), gate_days, assessment_lists())
def test_the_run_plan_resumes_exactly(data, days, gate, assessments):
    ladder = ladder_done(gate, PROTOCOL)
    c, on = data.draw(cut_and_day(days, assessments))
    state = round_trip(run_state(PROTOCOL, days, c, ladder, assessments))
    later = [d for d in days if d.date > c]
    assert run_plan(PROTOCOL, later, on, ladder, assessments, start=(c, state)) == run_plan(
        PROTOCOL, days, on, ladder, assessments)


@settings(max_examples=80, deadline=None)
@given(st.data(), st.one_of(run_histories(), ladder_histories()), assessment_lists())
def test_both_folds_and_the_day_plan_resume_exactly(data, days, assessments):
    c, on = data.draw(cut_and_day(days, assessments))
    made = checkpoint.make(PROTOCOL, days, c, assessments)
    stored = Checkpoint.from_json(c.isoformat(), made.to_json())
    assert stored == made
    later = [d for d in days if d.date > c]
    assert states(PROTOCOL, later, on, assessments, stored) == states(PROTOCOL, days, on, assessments)
    assert today_plan(PROTOCOL, later, on, assessments, stored) == today_plan(PROTOCOL, days, on, assessments)


def test_a_state_at_or_after_the_day_is_refused():
    state = ladder_state(PROTOCOL, [], date(2026, 1, 5))
    with pytest.raises(ValueError):
        progress(PROTOCOL, [], date(2026, 1, 5), start=(date(2026, 1, 5), state))


def test_the_state_is_plain_json_with_days_and_decisions():
    from tests.test_progression import clean

    note = 'ball curls felt "odd"; 5 km bike ✓'
    days = [clean(0), clean(1), clean(2, note=note)]
    made = checkpoint.make(PROTOCOL, days, days[-1].date, [AssessmentSummary(days[0].date, False)])
    text = made.to_json()
    assert json.loads(text) == {"ladder": made.ladder, "run": made.run}
    assert Checkpoint.from_json(days[-1].date.isoformat(), text) == made
    assert made.ladder["pending"] == [days[-1].date.isoformat(), 0, 0, False, None, None, note]
    assert made.ladder["decisions"][0][:3] == [days[1].date.isoformat(), "ladder", "counted"]


@pytest.mark.parametrize("text", ["", "not json", "[]", '{"ladder": {}}', '{"ladder": [], "run": {}}'])
def test_a_malformed_checkpoint_is_not_one(text):
    assert Checkpoint.from_json("2026-01-05", text) is None


@pytest.mark.parametrize("change", [
    {"rung": 99}, {"rung": "2"}, {"count": -1}, {"complete": 1}, {"pending": [1, 2]},
    {"decisions": [["2026-01-05", "ladder", "hold", "1", 1, "x"]]}, {"unconfirmed": "yesterday"},
])
def test_a_malformed_ladder_state_is_refused(change):
    state = {**ladder_state(PROTOCOL, [], date(2026, 1, 5)), **change}
    with pytest.raises((ValueError, TypeError, KeyError)):
        progress(PROTOCOL, [], date(2026, 1, 9), start=(date(2026, 1, 5), state))


def test_the_key_changes_with_the_protocol_version_and_fold_format(monkeypatch):
    import dataclasses

    base = checkpoint.key(PROTOCOL)
    other = dataclasses.replace(PROTOCOL, data={**PROTOCOL.data, "pain": {**PROTOCOL.data["pain"], "advance_threshold": 1}})
    assert checkpoint.key(other) != base
    assert checkpoint.key(protocols.load()) == base  # stable for the same protocol
    monkeypatch.setattr(checkpoint, "__version__", "9.9.9")
    assert checkpoint.key(PROTOCOL) != base
    monkeypatch.undo()
    monkeypatch.setattr(checkpoint, "FOLD_FORMAT", checkpoint.FOLD_FORMAT + 1)
    assert checkpoint.key(PROTOCOL) != base


# The fold code each FOLD_FORMAT was written for: sha256 of hht/progression.py
# and hht/runplan.py. Changed either file? Bump FOLD_FORMAT in
# hht/checkpoint.py (so no checkpoint an older fold wrote is resumed) and
# record the new hashes here under the new number.
FOLD_CODE = {
    1: ("54e32cb76514c5b6bfa59945bb54d14b61749cb37efe54dbdaccc2b0a0514181",
        "858044b922a9e2977fd0ab64b38e6f1e0815280d2d1fcbaf2f11043708a8948c"),
}


def test_the_fold_format_is_bumped_with_the_fold_code():
    import hashlib
    from pathlib import Path

    import hht

    root = Path(hht.__file__).parent
    found = tuple(hashlib.sha256((root / name).read_bytes()).hexdigest() for name in ("progression.py", "runplan.py"))
    assert FOLD_CODE.get(checkpoint.FOLD_FORMAT) == found, (
        "the fold code changed: bump FOLD_FORMAT and record the new hashes in FOLD_CODE")


def test_the_key_is_the_sha256_of_the_canonical_protocol_the_version_and_the_fold_format():
    import hashlib

    from hht import __version__

    canonical = json.dumps(PROTOCOL.data, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    text = json.dumps([canonical, __version__, checkpoint.FOLD_FORMAT], separators=(",", ":"), ensure_ascii=False)
    assert checkpoint.key(PROTOCOL) == hashlib.sha256(text.encode()).hexdigest()
