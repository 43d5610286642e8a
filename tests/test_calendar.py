"""`hht calendar`: the next days of the plan as an iCalendar file, parsed back with icalendar."""

from __future__ import annotations

import json
import stat
from datetime import date, time, timedelta

import pytest
from hht.plan.forecast import ASSUMED, events, forecast
from hht.plan.views import states
from hht.rules.protocol.model import TEST_IDS
from hht.rules.records import AssessmentSummary, Day
from hht.rules.timeline import Timeline
from icalendar import Calendar

from tests.runner import Runner, assessed

ONE_DAY = timedelta(days=1)


def by_kind(found) -> dict[str, dict[date, object]]:
    out: dict[str, dict[date, object]] = {}
    for e in found:
        out.setdefault(e.kind, {})[e.day] = e
    return out


def test_the_forecast_is_what_a_pain_free_runner_would_be_told(protocol):
    """A runner who logs a pain-free morning, session and run (when prescribed) each day
    is told, on each day, what the calendar said that day would be."""
    gate = date(2026, 2, 25)
    runner = Runner(protocol, gate)
    today = date(2026, 3, 2)
    on = gate
    while on < today:
        runner.live(on, exercise=0)
        on += ONE_DAY
    runner.morning(today)
    history = sorted(runner.days.values(), key=lambda d: d.date)
    found = by_kind(
        events(forecast(Timeline(protocol), history, runner.assessments, today, 14), time(7, 30), runner.assessments)
    )
    assert set(found["morning"]) == {today + n * ONE_DAY for n in range(14)}
    runs = rests = 0
    for n in range(14):
        on = today + n * ONE_DAY
        state = runner.prescribed[on] if n == 0 else runner.morning(on)
        ladder = states(Timeline(protocol), runner.days.values(), on, runner.assessments)[0].ladder
        expected = "Maintenance exercises (hht)" if ladder.complete else f"Rung {ladder.rung} of 8: "
        assert found["session"][on].summary.startswith(expected)
        if state.runs_today:
            runs += 1
            assert on in found["run"] and on not in found.get("rest", {})
            assert found["run"][on].summary.startswith(f"Run, week {state.step.week.week}: ")
        else:
            rests += 1
            assert on in found["rest"] and on not in found.get("run", {})
        assert (ASSUMED in found["session"][on].description) == (n > 0)
        runner.rest_of_day(on, exercise=0)
    assert runs and rests


def test_a_locked_run_plan_puts_no_running_in_the_calendar(protocol):
    today = date(2026, 3, 2)
    found = by_kind(
        events(
            forecast(Timeline(protocol), [Day(today - ONE_DAY, morning=0, exercise=0)], [], today, 14), time(7, 30), []
        )
    )
    assert "run" not in found and "rest" not in found
    rungs = [found["session"][today + n * ONE_DAY].summary for n in range(14)]
    assert rungs[0].startswith("Rung 1 of 8") and rungs[-1].startswith("Rung 5 of 8")  # 3 pain-free sessions a rung
    assert next(iter(found["assessment"].values())).summary == "First self-assessment (hht assess)"


@pytest.mark.parametrize("urgency", ["soon", "urgent"])
def test_a_red_flag_says_see_a_clinician_and_no_run(protocol, urgency):
    gate = date(2026, 2, 10)
    flag = AssessmentSummary(date(2026, 3, 1), True, "See someone.", urgency=urgency)
    runner = Runner(protocol, gate, [assessed(gate), flag])
    on = gate
    while on < date(2026, 3, 2):
        runner.live(on, exercise=0)
        on += ONE_DAY
    found = by_kind(
        events(
            forecast(Timeline(protocol), list(runner.days.values()), runner.assessments, on, 14),
            time(7, 30),
            runner.assessments,
        )
    )
    assert set(found["clinician"]) == {on + n * ONE_DAY for n in range(14)}
    assert "found a red flag" in found["clinician"][on].description
    assert "run" not in found and "rest" not in found
    if urgency == "soon":  # the ladder work goes on; running is paused
        assert len(found["session"]) == 14 and len(found["run_paused"]) == 14
    else:  # all loading stops: no dose, nothing about a run
        assert "session" not in found and len(found["no_dose"]) == 14 and "run_paused" not in found


def answers(protocol) -> dict:
    return {
        "sides": ["left"],
        "red_flags": {f["id"]: False for f in protocol.data["red_flags"]},
        "signs": {s["id"]: False for s in protocol.data["signs"]},
        "range_of_motion_normal": True,
        "tests": {"left": {t: {"pain": 0, "familiar": False} for t in TEST_IDS}},
    }


@pytest.fixture
def logged(cli, protocol, isolated, monkeypatch):
    """Ten pain-free days and an assessment, three weeks before a change to summer time."""
    monkeypatch.setenv("HHT_NOW", "2026-03-20T08:00:00+01:00")
    monkeypatch.setenv("TZ", "Europe/Paris")
    path = isolated / "answers.json"
    path.write_text(json.dumps(answers(protocol)))
    cli.ok("assess", "--date", "2026-03-12", "--answers", str(path))
    for n in range(10):
        cli.ok("log", "--date", (date(2026, 3, 10) + n * ONE_DAY).isoformat(), "--morning", "0", "--exercise", "0")
    return isolated


def read(path) -> list:
    return Calendar.from_ical(path.read_bytes()).walk("VEVENT")


def test_the_file_parses_back_in_the_local_zone_with_alarms(cli, logged):
    out = logged / "plan.ics"
    cli.ok("calendar", "--output", str(out), "--at", "06:45")
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    found = read(out)
    mornings = [e for e in found if str(e["uid"]).startswith("hht-morning-")]
    assert [e.decoded("dtstart").date() for e in mornings] == [date(2026, 3, 20) + n * ONE_DAY for n in range(14)]
    for e in mornings:  # 06:45 on the local clock, on both sides of the change to summer time
        start = e.decoded("dtstart")
        assert (start.hour, start.minute, str(start.tzinfo)) == (6, 45, "Europe/Paris")
        assert [a["action"] for a in e.walk("VALARM")] == ["DISPLAY"]
    assert {e.decoded("dtstart").utcoffset() for e in mornings} == {timedelta(hours=1), timedelta(hours=2)}
    plan = cli.json("today")
    due = [e for e in found if str(e["uid"]).startswith("hht-assessment-")]
    assert [e.decoded("dtstart") for e in due] == [date.fromisoformat(plan["assessment_due"])] == [date(2026, 3, 26)]
    assert due[0].walk("VALARM")[0].decoded("trigger") == timedelta(hours=6, minutes=45)
    session = next(e for e in found if str(e["uid"]) == "hht-session-2026-03-20@hht")
    assert str(session["summary"]) == f"Rung {plan['ladder']['rung']} of 8: {plan['ladder']['exercise']}"


def test_a_newer_file_keeps_the_ids_and_is_written_only_with_force(cli, logged, monkeypatch):
    out = logged / "plan.ics"
    cli.ok("calendar", "-o", str(out), "--days", "3")
    first = {str(e["uid"]): e for e in read(out)}
    before = out.read_bytes()
    refused = cli("calendar", "-o", str(out), "--days", "3")
    assert refused.exit_code == 1 and "pass --force" in refused.stderr
    assert out.read_bytes() == before
    monkeypatch.setenv("HHT_NOW", "2026-03-20T19:00:00+01:00")
    cli.ok("log", "--morning", "0", "--exercise", "0")
    cli.ok("calendar", "-o", str(out), "--days", "3", "--force")
    second = {str(e["uid"]): e for e in read(out)}
    assert set(second) == set(first)  # the same events, updated
    assert all(second[u].decoded("sequence") > first[u].decoded("sequence") for u in first)


@pytest.mark.parametrize(
    "args, message",
    [
        (["--at", "7.30"], "--at must be a time of day as HH:MM"),
        (["--at", "24:00"], "--at must be a time of day as HH:MM"),
        (["--days", "0"], "--days must be from 1 to 62"),
    ],
)
def test_bad_options_write_nothing(cli, isolated, args, message):
    out = isolated / "plan.ics"
    result = cli("calendar", "-o", str(out), *args)
    assert result.exit_code == 2 and message in result.stderr
    assert not out.exists()
