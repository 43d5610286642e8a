"""`hht status`: one short line of what is still to do today, as `hht today` has it."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
from hht.cli import status_line
from hht.plan import status as statusline
from hht.plan.day import day_plan
from hht.rules.records import AssessmentSummary, Day
from hht.rules.timeline import Timeline
from hht.store.schema import SCHEMA_VERSION

from tests.runner import Runner, assessed

ONE_DAY = timedelta(days=1)
CLEAR = AssessmentSummary(date(2026, 2, 20), False, "", True, True)


def run_status(*args: str) -> subprocess.CompletedProcess:
    """The real entry point in a fresh interpreter, as a shell prompt runs it."""
    return subprocess.run(
        [sys.executable, "-c", "from hht.launch import main; main()", *args],
        capture_output=True,
        text=True,
        timeout=60,
        env=os.environ,
    )


def line(protocol, days, on, assessments=()):
    return statusline.status(Timeline(protocol), days, assessments, on)["line"]


def test_no_database_yet_is_silent_and_creates_nothing(db_path):
    result = run_status("status")
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")
    result = run_status("status", "--json")
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")
    assert not db_path.exists()


def test_the_line_lists_what_is_left_and_then_says_the_day_is_done(cli):
    cli.ok("log", "--date", "yesterday", "--morning", "0", "--exercise", "0")
    result = run_status("status")
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == "morning pain · rung 1 bridge hold · first assessment\n"
    cli.ok("log", "--morning", "0", "--exercise", "0")
    assert run_status("status").stdout == "first assessment\n"
    data = json.loads(run_status("status", "--json").stdout)
    assert data["todo"] == [{"kind": "assessment", "text": "first assessment"}]
    assert data["done"] is False and data["assessment_due"] is None
    assert cli.ok("status").stdout == "first assessment\n"  # the CLI's own path says the same


def test_the_day_done(protocol):
    on = date(2026, 2, 24)
    assert line(protocol, [Day(on, morning=0, exercise=0)], on, [CLEAR]) == statusline.ALL_DONE


def test_an_urgent_red_flag_says_see_a_clinician_and_no_exercise(protocol):
    on = date(2026, 3, 2)
    urgent = AssessmentSummary(date(2026, 2, 27), True, "See a doctor within days.", urgency="urgent")
    result = statusline.status(Timeline(protocol), [], [CLEAR, urgent], on)
    plan = day_plan(Timeline(protocol), [], on, [CLEAR, urgent]).to_json()
    assert plan["paused"] is True and plan["loading"] is False  # `hht today`: no exercise dose
    assert result["line"] == "see a clinician · morning pain · no exercise or running"
    assert [item["kind"] for item in result["todo"]] == ["clinician", "morning"]


def test_a_soon_red_flag_keeps_the_ladder_work_and_pauses_running(protocol):
    gate = date(2026, 2, 24)
    soon = AssessmentSummary(date(2026, 3, 1), True, "Book an appointment.", urgency="soon")
    runner = Runner(protocol, gate, [assessed(gate), soon])
    on = gate
    while on < date(2026, 3, 2):
        runner.live(on, exercise=0)
        on += ONE_DAY
    history = sorted(runner.days.values(), key=lambda d: d.date)
    result = statusline.status(Timeline(protocol), history, runner.assessments, on)
    plan = day_plan(Timeline(protocol), history, on, runner.assessments).to_json()
    assert plan["loading"] is True and plan["run"]["paused"] is True
    rung = plan["ladder"]["rung"]
    assert not plan["ladder"]["complete"]
    assert result["line"].startswith(f"see a clinician · morning pain · rung {rung} ")
    assert result["line"].endswith(" · running paused")


def test_the_run_plan_locked_says_nothing_about_running(protocol):
    on = date(2026, 2, 24)
    text = line(protocol, [Day(on - ONE_DAY, morning=0, exercise=0)], on, [CLEAR])
    assert "run" not in text.replace("rung", "")


def test_run_days_and_rest_days_are_the_plan_s(protocol):
    gate = date(2026, 1, 5)
    runner = Runner(protocol, gate)
    seen = {"run": 0, "rest": 0}
    on = gate
    for _ in range(6):
        state = runner.morning(on)
        history = sorted(runner.days.values(), key=lambda d: d.date)
        result = statusline.status(Timeline(protocol), history, runner.assessments, on)
        plan = day_plan(Timeline(protocol), history, on, runner.assessments).to_json()
        kinds = [item["kind"] for item in result["todo"]]
        assert ("run" in kinds) == state.runs_today == (not plan["run"]["rest_day"])
        if state.runs_today:
            seen["run"] += 1
            week = plan["run"]
            assert f"run week {week['week']}, {week['sets']} sets" in result["line"]
        else:
            seen["rest"] += 1
            assert result["line"].endswith(statusline.REST_DAY)
        runner.rest_of_day(on)
        on += ONE_DAY
    assert seen["run"] and seen["rest"]


def test_a_re_assessment_due_is_on_the_line(protocol):
    on = date(2026, 3, 6)  # 14 days after CLEAR
    days = [Day(on, morning=0, exercise=0)]
    result = statusline.status(Timeline(protocol), days, [CLEAR], on)
    assert result["line"] == "re-assess"
    assert result["assessment_due"] == "2026-03-06"
    assert line(protocol, days, on - ONE_DAY, [CLEAR]) != "re-assess"


def test_status_never_writes_nor_upgrades(cli, db_path):
    cli.ok("log", "--morning", "2")
    before = db_path.read_bytes()
    assert run_status("status").returncode == 0
    assert db_path.read_bytes() == before
    conn = sqlite3.connect(db_path)
    conn.execute("PRAGMA user_version = 3")  # as an older hht left it
    conn.close()
    before = db_path.read_bytes()
    result = run_status("status")
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr == f"hht: {db_path} needs an upgrade to schema {SCHEMA_VERSION}: run `hht today` once.\n"
    assert db_path.read_bytes() == before


@pytest.mark.parametrize("damage", ["not a database", "torn pages"])
def test_a_damaged_database_is_one_line_and_no_traceback(cli, db_path, damage):
    if damage == "not a database":
        db_path.write_text("hello")
    else:
        for n in range(8):
            cli.ok("log", "--date", (date(2026, 1, 1) + n * ONE_DAY).isoformat(), "--note", "x" * 2000)
        data = bytearray(db_path.read_bytes())
        data[4096 : len(data)] = b"\xff" * (len(data) - 4096)
        db_path.write_bytes(bytes(data))
    result = run_status("status")
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr.startswith("hht: ") and result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr and "unexpected" not in result.stderr
    assert ("not an hht database" if damage == "not a database" else "is damaged") in result.stderr


def test_an_unexpected_error_is_one_line(monkeypatch, capsys, cli):
    cli.ok("log", "--morning", "0")

    def broken(*args, **kwargs):
        raise RuntimeError("a bug\nover two lines")

    monkeypatch.setattr(status_line, "status", broken)
    assert status_line.fast(["status"]) == 1
    out, err = capsys.readouterr()
    assert out == "" and err == "hht: status could not be read (RuntimeError: a bug over two lines).\n"


@pytest.mark.parametrize(
    "argv, parsed",
    [
        (["status"], (None, None, False)),
        (["status", "--json"], (None, None, True)),
        (["--db", "x.db", "status"], ("x.db", None, False)),
        (["--db=x.db", "--protocol", "p.toml", "status", "--json"], ("x.db", "p.toml", True)),
        (["status", "--help"], None),
        (["status", "--jsn"], None),
        (["log", "--note", "status"], None),
        (["--db", "status"], None),
    ],
)
def test_only_a_plain_status_call_takes_the_fast_path(argv, parsed):
    assert status_line.parse(argv) == parsed


def test_options_the_fast_path_leaves_to_the_cli_get_its_usage_error(cli):
    result = run_status("status", "--jsn")
    assert result.returncode == 2 and "No such option: --jsn" in result.stderr
    assert result.stdout == ""


def test_the_db_option_is_honoured(cli, isolated: Path):
    other = isolated / "other.db"
    cli.ok("--db", str(other), "log", "--morning", "0", "--exercise", "0")
    assert run_status("--db", str(other), "status").stdout == "first assessment\n"
    assert run_status("status").stdout == ""  # $HHT_DB: none there yet


def test_under_an_adopted_protocol_it_says_what_today_says(cli, db_path):
    cli.ok("log", "--morning", "0")
    cli.ok("protocol", "use", "goom-2016", "--from", "2026-03-01")
    result = run_status("status")
    assert result.returncode == 0, result.stderr
    plan = cli.json("today")
    assert plan["protocol"]["name"] == "goom-2016" and plan["ladder"]["rung"] == 1
    # a stage, as `hht today` calls it, not a rung; the load test the protocol asks each morning comes first
    assert result.stdout.startswith("load test · stage 1 isometrics")
