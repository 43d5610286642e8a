"""`hht log` and `hht today` through typer's CliRunner, on a fixed clock."""

from __future__ import annotations

import os
import stat

import pytest
from hht.store.location import resolve_path
from hht.store.opening import open_store


def test_today_before_anything_is_logged_suggests_assess(cli, db_path):
    plan = cli.json("today")
    assert plan["date"] == "2026-03-02"
    assert plan["assessed"] is False
    assert plan["ladder"]["rung"] == 1
    assert plan["ladder"]["exercise"] == "Double-leg glute bridge (isometric hold)"
    assert plan["ladder"]["pain_free_sessions"] == 0 and plan["ladder"]["needed"] == 3
    assert any("hht assess" in r for r in plan["reasons"])
    assert not db_path.exists(), "a read-only command must not create the database"


def test_log_creates_a_private_database(cli, db_path):
    cli.ok("log", "--morning", "0")
    assert stat.S_IMODE(os.stat(db_path).st_mode) == 0o600


def test_default_location_is_a_private_data_directory(cli, monkeypatch, isolated):
    monkeypatch.delenv("HHT_DB")
    cli.ok("log", "--morning", "1")
    folder = isolated / "home" / ".local" / "share" / "hht"
    assert stat.S_IMODE(os.stat(folder).st_mode) == 0o700
    assert stat.S_IMODE(os.stat(folder / "hht.db").st_mode) == 0o600


def test_db_option_beats_the_environment(cli, isolated, db_path):
    other = isolated / "other.db"
    cli.ok("--db", str(other), "log", "--morning", "2")
    assert other.exists() and not db_path.exists()


def snapshot(path):
    return path.read_bytes() if path.exists() else None


@pytest.mark.parametrize(
    "args, message",
    [
        (["log", "--morning", "11"], "--morning must be a whole number of pain from 0 to 10, not 11."),
        (["log", "--morning", "-1"], "--morning must be a whole number of pain from 0 to 10, not '-1'."),
        (["log", "--exercise", "2.5"], "--exercise must be a whole number of pain from 0 to 10, not '2.5'."),
        (["log", "--run", "abc"], "--run must be a whole number of pain from 0 to 10, not 'abc'."),
        (["log", "--sitting", ""], "--sitting must be a whole number of pain from 0 to 10, not ''."),
        (["log", "--date", "2026-02-30", "--morning", "1"], "'2026-02-30' is not a real calendar date."),
        (["log", "--date", "2026-3-1", "--morning", "1"], "is not a date hht understands"),
        (["log", "--date", "tomorrow", "--morning", "1"], "is not a date hht understands"),
        (["log", "--date", "yesterdayy", "--morning", "1"], "is not a date hht understands"),
        (["log", "--date", "2026-03-03", "--morning", "1"], "2026-03-03 is in the future"),
        (["log", "--partial"], "--partial and --full describe the ladder session: give --exercise N with them."),
        (["log", "--note", "   "], "--note must have some text"),
        (["log", "--note", "x" * 2001], "keep it to 2000"),
        (["log"], "Nothing to log: pass at least one of --morning N"),
        (["today", "--date", "someday"], "is not a date hht understands"),
        (["today", "--date", "2027-01-01"], "is in the future"),
    ],
)
def test_bad_input_is_one_sentence_exit_2_and_writes_nothing(cli, db_path, args, message):
    cli.ok("log", "--date", "2026-03-01", "--morning", "3", "--note", "before")
    before = snapshot(db_path)
    result = cli(*args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert result.stderr.startswith("hht: ") and result.stderr.count("\n") == 1
    assert "Traceback" not in result.output + result.stderr
    assert snapshot(db_path) == before


def test_relogging_a_day_updates_only_the_fields_given_and_says_what_changed(cli):
    first = cli.ok("log", "--date", "yesterday", "--morning", "2", "--sitting", "3")
    assert first.stdout.startswith("Logged 2026-03-01: morning 2/10, sitting 3/10.")
    again = cli.ok("log", "--date", "2026-03-01", "--morning", "0", "--exercise", "1", "--partial")
    assert (
        "Updated 2026-03-01: morning 2/10 -> 0/10; exercise 1/10 (new); partial partial dose (new)" not in again.stdout
    )
    assert "morning 2/10 -> 0/10" in again.stdout
    assert "exercise 1/10 (new)" in again.stdout

    with open_store(resolve_path(None)) as store:
        day = store.day(__import__("datetime").date(2026, 3, 1))
    assert (day.morning, day.exercise, day.partial, day.sitting) == (0, 1, True, 3)
    same = cli.ok("log", "--date", "2026-03-01", "--sitting", "3")
    assert "already had these values; nothing changed" in same.stdout


@pytest.mark.parametrize(
    "word, expected",
    [
        ("today", "2026-03-02"),
        ("yesterday", "2026-03-01"),
        ("-3d", "2026-02-27"),
        ("monday", "2026-03-02"),
        ("sunday", "2026-03-01"),
        ("tue", "2026-02-24"),
        ("2026-01-31", "2026-01-31"),
    ],
)
def test_date_words(cli, word, expected):
    assert cli.ok("log", "--date", word, "--morning", "1").stdout.startswith(f"Logged {expected}:")


def test_log_says_what_the_entry_did_to_the_plan(cli):
    for day in ("2026-02-24", "2026-02-25", "2026-02-26"):
        cli.ok("log", "--date", day, "--morning", "0", "--exercise", "0")
    out = cli.ok("log", "--date", "2026-02-27", "--morning", "0").stdout
    assert "Advanced (2026-02-27): 3 pain-free sessions in a row at rung 1" in out
    assert "up to rung 2 (Front plank)" in out
    held = cli.ok("log", "--date", "2026-02-27", "--exercise", "2").stdout
    assert "Held (2026-02-27): exercise pain 2/10 is above the advance threshold 0/10" in held
    back = cli.ok("log", "--date", "2026-02-28", "--morning", "5").stdout
    assert "Stepped back (2026-02-28)" in back and "back one rung to rung 1" in back
    fixed = cli.ok("log", "--date", "2026-02-25", "--morning", "3").stdout
    assert "No longer (2026-02-27): 3 pain-free sessions in a row" in fixed


# A scripted three weeks, logged day by day as a runner would: each morning's
# pain at 07:00, the session in the evening. Expected (rung, pain-free count)
# on each day's morning, derived by hand from the rule.
THREE_WEEKS = [
    # day, morning, exercise, extra flags, expected rung and count that morning
    (1, None, 0, [], (1, 0)),
    (2, 0, 0, [], (1, 1)),
    (3, 0, 0, [], (1, 2)),
    (4, 0, 0, [], (2, 0)),  # d1-d3 confirmed: up to rung 2
    (5, 1, 0, [], (2, 0)),  # morning 1/10: held, d4 lost
    (6, 0, 2, [], (2, 1)),  # d5 counted; the session itself hurts 2/10
    (7, 0, 0, ["--partial"], (2, 0)),  # held on d6; partial neither counts nor resets
    (8, 0, 0, [], (2, 0)),
    (9, 0, 0, [], (2, 1)),
    (10, 0, 0, [], (2, 2)),
    (11, 0, 5, [], (3, 0)),  # up to rung 3; then exercise 5/10 steps back
    (12, 0, 0, [], (2, 0)),
    (13, 0, 0, [], (2, 1)),
    (14, 0, 0, [], (2, 2)),
    (15, 0, 0, ["--sitting", "2"], (3, 0)),  # sitting 2/10 neither holds nor steps back
    (16, 0, 0, [], (3, 1)),
    (17, 0, 0, [], (3, 2)),
    (18, 0, 0, [], (4, 0)),
    (19, None, 0, [], (4, 0)),  # no morning logged: d18 never counts
    (20, 0, 0, [], (4, 1)),
    (21, 0, None, [], (4, 2)),
]


def test_a_scripted_three_weeks_moves_the_ladder_exactly_as_the_rule_says(cli, monkeypatch):
    from datetime import date, timedelta

    start = date(2026, 2, 8)
    seen = []
    for n, morning, exercise, extra, _expected in THREE_WEEKS:
        day = start + timedelta(days=n)
        monkeypatch.setenv("HHT_NOW", f"{day}T07:00:00+01:00")
        if morning is not None:
            cli.ok("log", "--morning", str(morning))
        plan = cli.json("today")
        seen.append((plan["ladder"]["rung"], plan["ladder"]["pain_free_sessions"]))
        monkeypatch.setenv("HHT_NOW", f"{day}T19:30:00+01:00")
        if exercise is not None:
            cli.ok("log", "--exercise", str(exercise), *extra)
        elif extra:
            cli.ok("log", *extra)
    assert seen == [expected for *_, expected in THREE_WEEKS]
    plan = cli.json("today")
    kinds = [(d["date"], d["kind"]) for d in plan["recent_decisions"]]
    assert ("2026-02-26", "advance") in kinds and ("2026-03-01", "counted") in kinds
    assert "2 of 3 pain-free sessions at rung 4: 1 more to move up." in plan["reasons"]


def test_today_reads_well_in_a_terminal(cli, monkeypatch):
    monkeypatch.setenv("COLUMNS", "100")
    for day in ("2026-02-26", "2026-02-27"):
        cli.ok("log", "--date", day, "--morning", "0", "--exercise", "0")
    cli.ok("log", "--morning", "0")
    out = cli.ok("today").stdout
    assert "Today · Monday 02 March 2026" in out
    assert "1 of 8: Double-leg glute bridge (isometric hold)" in out
    assert "1 of 3 pain-free sessions to move up" in out  # 27 Feb had no morning after
    assert "Gentle hamstring stretching 3-4 times a day" in out
    assert "run hht assess first" in out


def test_a_new_partial_session_says_partial_dose_once(cli):
    out = cli.ok("log", "--exercise", "1", "--partial").stdout
    assert out.startswith("Logged 2026-03-02: exercise 1/10, partial dose.\n")


def test_logging_yesterday_does_not_call_this_morning_missed(cli, monkeypatch):
    monkeypatch.setenv("HHT_NOW", "2026-03-02T07:00:00+00:00")
    out = cli.ok("log", "--date", "yesterday", "--exercise", "0").stdout
    assert "does not count" not in out
    assert "The session on 2026-03-01 counts once the next morning's pain is logged" in out
    assert "--date 2026-03-02 --morning N" in out
    confirmed = cli.ok("log", "--morning", "0").stdout
    assert "Counted (2026-03-02)" in confirmed


def test_today_acknowledges_the_session_already_logged_today(cli, monkeypatch):
    monkeypatch.setenv("COLUMNS", "120")
    assert cli.json("today")["ladder"]["logged_today"] is None
    cli.ok("log", "--morning", "0", "--exercise", "0")
    plan = cli.json("today")
    assert plan["ladder"]["logged_today"] == {"exercise": 0, "partial": False}
    assert "Today's session (0/10) counts once tomorrow morning's pain is logged at 0/10." in plan["reasons"]
    assert "logged today at 0/10, full dose" in cli.ok("today").stdout
    cli.ok("log", "--exercise", "2")
    plan = cli.json("today")
    assert any(
        r.startswith("Today's session (2/10): exercise pain 2/10 is above the advance threshold")
        for r in plan["reasons"]
    )
    assert plan["ladder"]["pain_free_sessions"] == 0  # today's plan itself is unchanged by today's session
