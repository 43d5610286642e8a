"""The run plan through the CLI: `today --json`'s run, `log --run` messages,
and `today --start`'s checks (the live timer itself is in test_pty_timer.py)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hht.store.opening import open_store
from hht.store.store import Store

from tests.runner import assessed

GATE_DAY = date(2026, 3, 2)  # the fixed "today" of the suite


@pytest.fixture
def gate_open(db_path, monkeypatch):
    """A runner whose ladder moved past rung 5 this morning, with a normal range of motion.

    Assessments come with issue 3; until then the store's stub is patched.
    """
    monkeypatch.setattr(Store, "assessment_summaries", lambda self: [assessed(date(2026, 2, 15))])
    with open_store(db_path) as store, store.write():
        for n in range(15):
            store.save_day(date(2026, 2, 15) + timedelta(days=n), {"morning": 0, "exercise": 0})
        store.save_day(GATE_DAY, {"morning": 0})
    return db_path


def at(monkeypatch, day: str) -> None:
    monkeypatch.setenv("HHT_NOW", f"{day}T18:00:00+00:00")


def test_today_json_run_before_the_gate(cli):
    run = cli.json("today")["run"]
    assert run["unlocked"] is False and run["week"] is None and run["sets"] is None
    assert run["session"] is None and run["rest_day"] is False and run["intervals"] == []
    assert run["reason"].startswith(
        "The run plan is locked: the ladder has not yet moved past rung 5 (Back "
        "plank with leg lifts) on pain-free sessions: you are on rung 1; no assessment"
    )
    assert len(run["missing"]) == 2


def test_today_json_run_once_the_gate_is_open(cli, gate_open):
    plan = cli.json("today")
    run = plan["run"]
    assert plan["ladder"]["rung"] == 6
    assert {k: run[k] for k in ("unlocked", "opened", "week", "sets", "session", "rest_day")} == {
        "unlocked": True,
        "opened": "2026-03-02",
        "week": 1,
        "sets": 2,
        "session": "2 x (walk 5:00, jog 1:00), 12 min",
        "rest_day": False,
    }
    assert run["reason"] == (
        "Week 1, 2 of 5 sets: 2 x (walk 5:00, jog 1:00), 12 min. Each pain-free run adds "
        "a set; the week is done when its 5-set run is pain-free."
    )
    assert [(i["kind"], i["seconds"]) for i in run["intervals"]] == [("walk", 300), ("jog", 60)] * 2
    assert run["minutes"] == 12 and run["max_sets"] == 5 and run["pain_free_runs"] is None
    assert run["recent_decisions"][-1]["track"] == "gate" and run["recent_decisions"][-1]["kind"] == "open"
    assert run["reason"] in plan["reasons"]


def test_log_run_says_it_awaits_the_next_morning_then_the_morning_advances_it(cli, gate_open, monkeypatch):
    out = cli.ok("log", "--run", "0").stdout
    assert out.startswith("Updated 2026-03-02: run 0/10 (new).")
    assert (
        "The run on 2026-03-02 counts once the next morning's pain is logged (hht log --date 2026-03-03 "
        "--morning N): then week 1 at 3 sets."
    ) in out
    at(monkeypatch, "2026-03-03")
    out = cli.ok("log", "--morning", "0").stdout
    assert (
        "Run advanced (2026-03-03): the run on 2026-03-02 (0/10) and the morning after (0/10) were "
        "pain-free: up to week 1 at 3 sets (3 x (walk 5:00, jog 1:00), 18 min)."
    ) in out
    assert "No longer" not in out
    run = cli.json("today")["run"]
    assert run["sets"] == 3 and run["rest_day"] is True
    assert run["reason"].startswith("Rest day: you ran yesterday (2026-03-02)")
    assert run["rest_day_ideas"] == ["cycling", "pool running"]


def test_log_run_on_a_rest_day_is_stored_but_does_not_count(cli, gate_open, monkeypatch):
    cli.ok("log", "--run", "0")
    at(monkeypatch, "2026-03-03")
    out = cli.ok("log", "--morning", "0", "--run", "0").stdout
    assert (
        "Run not counted (2026-03-03): the run on 2026-03-03 does not count toward the plan: rest day: "
        "you ran yesterday (2026-03-02), and week 1 never runs the day after a run."
    ) in out
    with open_store(gate_open) as store:
        assert store.day(date(2026, 3, 3)).run == 0


def test_log_run_before_the_gate_is_stored_but_does_not_count(cli, db_path):
    out = cli.ok("log", "--run", "0").stdout
    assert "Run not counted (2026-03-02): the run on 2026-03-02 does not count: the run plan is not open yet" in out
    with open_store(db_path) as store:
        assert store.day(date(2026, 3, 2)).run == 0


def test_log_a_sore_run_holds(cli, gate_open):
    out = cli.ok("log", "--run", "2").stdout
    assert (
        "Run held (2026-03-02): run pain 2/10 is above the advance threshold 0/10: the same session again, "
        "week 1 at 2 sets (2 x (walk 5:00, jog 1:00), 12 min)."
    ) in out


def test_log_a_painful_run_steps_back(cli, gate_open, monkeypatch):
    cli.ok("log", "--run", "0")
    at(monkeypatch, "2026-03-04")
    cli.ok("log", "--date", "2026-03-03", "--morning", "0")
    out = cli.ok("log", "--morning", "0", "--run", "5").stdout
    assert (
        "Run stepped back (2026-03-04): run pain 5/10 is at or above the step-back threshold 4/10: back one "
        "step to week 1 at 2 sets (2 x (walk 5:00, jog 1:00), 12 min)."
    ) in out


def test_today_shows_the_run_and_on_rest_days_the_cross_training(cli, gate_open, monkeypatch):
    out = cli.ok("today").stdout
    assert "Week 1 of 8: 2 x (walk 5:00, jog 1:00), 12 min" in out
    assert "hht today --start" in out
    cli.ok("log", "--run", "0")
    at(monkeypatch, "2026-03-03")
    out = cli.ok("today").stdout
    assert "rest day" in out and "allowed: cycling, pool running" in out
    assert out.count("cycling, pool running") == 1  # cross-training is said once


@pytest.mark.parametrize(
    "args, message",
    [
        (("--start", "--json"), "--start runs a live timer and --json prints the plan: use one of them."),
        (("--start", "--date", "yesterday"), "--start times today's session: leave out --date."),
    ],
)
def test_start_refuses_bad_combinations(cli, db_path, args, message):
    result = cli("today", *args)
    assert result.exit_code == 2 and result.stderr.strip() == f"hht: {message}"
    assert not db_path.exists()


def test_start_needs_a_terminal_and_writes_nothing(cli, db_path):
    result = cli("today", "--start")
    assert result.exit_code == 2
    assert "needs a terminal" in result.stderr
    assert "Timing the holds of rung 1 (Double-leg glute bridge (isometric hold)) instead." in result.stdout
    assert not db_path.exists()


def test_start_with_a_bad_speed_is_refused(cli, monkeypatch):
    monkeypatch.setenv("HHT_TIMER_SPEED", "warp")
    result = cli("today", "--start")
    assert result.exit_code == 2 and "HHT_TIMER_SPEED must be a number" in result.stderr


def test_start_on_a_rest_day_with_no_holds_has_nothing_to_time(cli, gate_open, monkeypatch):
    cli.ok("log", "--run", "0")
    at(monkeypatch, "2026-03-03")
    out = cli.ok("today", "--start").stdout
    assert out.startswith("Rest day: you ran yesterday (2026-03-02)")
    assert "No run to time today, and rung 6 (Standing hamstring catch) has no holds: nothing to time." in out
