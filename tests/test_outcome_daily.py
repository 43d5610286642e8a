"""The physio's numbers in the daily outlets: `today`, `status` and `calendar`
say when outcome scores are due, on the right days and only then, and `today`
suggests a load step only after two qualifying sessions, never under pain."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from tests.outcome_data import GROC, PSFS, VISA

ASSESSED = date(2026, 3, 1)  # the first assessment: the baseline


def answers(protocol) -> str:
    return json.dumps(
        {
            "sides": ["left"],
            "red_flags": {f.id: False for f in protocol.red_flags},
            "signs": {s.id: False for s in protocol.signs},
            "range_of_motion_normal": True,
            "tests": {"left": {t.id: {"pain": 0} for t in protocol.self_tests}},
        }
    )


@pytest.fixture
def assessed(cli, protocol):
    result = cli("assess", "--answers", "-", "--date", ASSESSED.isoformat(), input=answers(protocol))
    assert result.exit_code == 0, result.stderr


def on(monkeypatch, day: date) -> None:
    monkeypatch.setenv("HHT_NOW", f"{day.isoformat()}T09:00:00+00:00")


def take(cli, measure: str, data: dict, day: date) -> None:
    result = cli("outcome", measure, "--answers", "-", "--date", day.isoformat(), input=json.dumps(data))
    assert result.exit_code == 0, result.stderr


def test_nothing_is_due_before_the_first_assessment(cli):
    cli.ok("log", "--morning", "0")
    assert cli.json("today")["outcomes_due"] is None
    assert cli.json("status")["outcomes_due"] is None
    assert "outcome" not in cli.ok("status").stdout


def test_the_scores_are_asked_on_the_right_days_and_only_then(cli, assessed, monkeypatch):
    day = ASSESSED + timedelta(days=1)
    on(monkeypatch, day)
    assert cli.ok("status").stdout.strip().endswith("outcome scores (baseline)")
    due = cli.json("today")["outcomes_due"]
    assert due["time_point"] == "baseline" and due["measures"] == ["visa-h", "psfs"]
    assert "Outcome scores due (baseline, from 2026-03-01): VISA-H, PSFS" in cli.ok("today").stdout
    take(cli, "visa-h", VISA, day)
    assert cli.json("status")["outcomes_due"]["measures"] == ["psfs"]
    take(cli, "psfs", PSFS, day)
    for later in (day, ASSESSED + timedelta(days=20), ASSESSED + timedelta(days=27)):
        on(monkeypatch, later)
        assert cli.json("status")["outcomes_due"] is None, later
        assert "Outcome scores due" not in cli.ok("today").stdout
    week_4 = ASSESSED + timedelta(weeks=4)
    on(monkeypatch, week_4)
    status = cli.json("status")
    assert status["outcomes_due"]["measures"] == ["visa-h", "psfs", "groc"]
    assert {"kind": "outcomes", "text": "outcome scores (week 4)"} in status["todo"]
    on(monkeypatch, week_4 + timedelta(days=5))  # due until done
    assert cli.json("status")["outcomes_due"]["time_point"] == "week 4"
    for measure, data in (("visa-h", VISA), ("psfs", PSFS), ("groc", GROC)):
        take(cli, measure, data, week_4 + timedelta(days=5))
    assert cli.json("status")["outcomes_due"] is None
    on(monkeypatch, ASSESSED + timedelta(weeks=12))
    assert cli.json("status")["outcomes_due"]["time_point"] == "week 12"


def test_the_calendar_shows_the_next_time_point_on_its_day(cli, assessed, monkeypatch, isolated):
    take(cli, "visa-h", VISA, ASSESSED)
    take(cli, "psfs", PSFS, ASSESSED)
    start = ASSESSED + timedelta(days=20)
    on(monkeypatch, start)
    path = isolated / "plan.ics"
    cli.ok("calendar", "-o", str(path), "--days", "14")
    text = path.read_text()
    assert "SUMMARY:Outcome scores due (hht): VISA-H\\, PSFS\\, GROC" in text
    assert "DTSTART;VALUE=DATE:20260329" in text  # week 4: 28 days after the first assessment
    cli.ok("calendar", "-o", str(path), "--days", "5", "--force")
    assert "Outcome scores due" not in path.read_text()  # not within the five days


GOOM = ("--protocol", "goom-2016")


def session(cli, day: date, pain: int, lift: str, morning_after: int | None = 0) -> None:
    cli.ok(*GOOM, "log", "--date", day.isoformat(), "--exercise", str(pain), "--load", lift)
    if morning_after is not None:
        cli.ok(*GOOM, "log", "--date", (day + timedelta(days=1)).isoformat(), "--morning", str(morning_after))


@pytest.fixture
def stage_2(cli, monkeypatch, protocol):
    """A runner moved to goom-2016's stage 2 (heavy slow resistance) on 2026-02-20."""
    cli.ok("log", "--date", "2026-02-19", "--morning", "0")  # the default keeps the days before
    cli.ok("protocol", "use", "goom-2016", "--from", "2026-02-20", "--stage", "2")
    result = cli("assess", "--answers", "-", "--date", "2026-02-20", input=answers(protocol))
    assert result.exit_code == 0


def steps(cli, *args: str) -> list[dict]:
    return cli.json("today", *args)["load_steps"]


def test_a_load_step_appears_only_after_two_qualifying_sessions(cli, stage_2, monkeypatch):
    on(monkeypatch, date(2026, 2, 27))
    cli.ok("log", "--date", "2026-02-21", "--exercise", "0", "--load", "leg=20 x 12")
    cli.ok("log", "--date", "2026-02-22", "--morning", "0")
    cli.ok("log", "--date", "2026-02-23", "--exercise", "0", "--load", "leg=20 x 15")
    cli.ok("log", "--date", "2026-02-24", "--morning", "0")
    assert steps(cli) == []  # once at the top of the range
    cli.ok("log", "--date", "2026-02-25", "--exercise", "0", "--load", "leg=20 x 15")
    assert steps(cli, "--date", "2026-02-25") == []  # its next morning is not in yet
    cli.ok("log", "--date", "2026-02-26", "--morning", "0")
    (step,) = steps(cli)
    assert step["exercise"] == "leg_curl" and step["suggested_kg"] == [21.0, 22.0]
    assert step["sessions"] == ["2026-02-23", "2026-02-25"]
    out = cli.ok("today").stdout
    assert "Load step: Leg curls: the last set reached the top of its range, 15 repetitions, at 20 kg" in out
    assert "try 21-22 kg next session (a load step of 5-10 %)" in out
    cli.ok("log", "--date", "2026-02-27", "--exercise", "0", "--load", "leg=22 x 11")
    assert steps(cli) == []  # the step taken: the count starts again at the new load


def test_a_load_step_never_appears_under_pain(cli, stage_2, monkeypatch):
    on(monkeypatch, date(2026, 2, 27))
    cli.ok("log", "--date", "2026-02-23", "--exercise", "0", "--load", "leg=20 x 15")
    cli.ok("log", "--date", "2026-02-24", "--morning", "0")
    cli.ok("log", "--date", "2026-02-25", "--exercise", "1", "--load", "leg=20 x 15")
    cli.ok("log", "--date", "2026-02-26", "--morning", "0")
    assert steps(cli) == []  # the second session hurt
    cli.ok("log", "--date", "2026-02-25", "--exercise", "0")
    assert len(steps(cli)) == 1
    cli.ok("log", "--date", "2026-02-26", "--morning", "2")
    assert steps(cli) == []  # the morning after hurt
    cli.ok("log", "--date", "2026-02-26", "--morning", "0")
    cli.ok("log", "--date", "2026-02-27", "--sitting", "3")
    assert steps(cli) == []  # pain since


def test_at_bodyweight_the_step_is_to_make_it_heavier(cli, stage_2, monkeypatch):
    on(monkeypatch, date(2026, 2, 27))
    for day in ("2026-02-23", "2026-02-25"):
        cli.ok("log", "--date", day, "--exercise", "0", "--load", "bridge=bodyweight x 15", "--load", "hip=10 x 14")
        cli.ok("log", "--date", (date.fromisoformat(day) + timedelta(days=1)).isoformat(), "--morning", "0")
    (step,) = steps(cli)
    assert step["exercise"] == "bridge" and step["suggested_kg"] is None
    assert "make it a little heavier next session" in step["reason"]
