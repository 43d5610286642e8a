"""`hht assess --answers` and its effect on `hht today`, through CliRunner."""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path

import pytest
from hht.rules.protocol.model import TEST_IDS
from hht.store.opening import open_store


def make_answers(protocol, sides=("left",), pains=(3, 2, 4), familiar=(True, True, True), **extra) -> dict:
    out = {
        "sides": list(sides),
        "red_flags": {f["id"]: False for f in protocol.data["red_flags"]},
        "signs": {s["id"]: False for s in protocol.data["signs"]},
        "range_of_motion_normal": True,
        "tests": {
            side: {t: {"pain": p, "familiar": f} for t, p, f in zip(TEST_IDS, pains, familiar) if p is not None}
            for side in sides
        },
    }
    out.update(extra)
    return out


def plain(out: str) -> str:
    """Rich output as one line of words: no box drawing, no line wrapping."""
    return " ".join(re.sub(r"[│╭╮╰╯─]", " ", out).split())


RED_FLAG = {"sides": ["left"], "red_flags": {"saddle_numbness": False, "sudden_pop": True}}


@pytest.fixture
def write(isolated: Path):
    def write(answers, name="answers.json") -> str:
        path = isolated / name
        path.write_text(answers if isinstance(answers, str) else json.dumps(answers))
        return str(path)

    return write


def stored_rows(db_path: Path) -> list[tuple]:
    if not db_path.exists():
        return []
    conn = sqlite3.connect(db_path)
    try:
        return conn.execute(
            "SELECT date, sides, red_flag, protocol_name, protocol_version, taken_at FROM assessments ORDER BY id"
        ).fetchall()
    finally:
        conn.close()


def test_a_full_one_side_assessment_from_a_file(cli, protocol, write, db_path):
    answers = make_answers(protocol, pains=(3, 0, 4), familiar=(True, False, False))
    answers["signs"]["below_knee_or_tingling"] = True
    result = cli.json("assess", "--answers", write(answers))

    assert result["date"] == "2026-03-02" and result["sides"] == ["left"] and result["red_flag"] is False
    left = result["per_side"]["left"]
    assert left["positive"] == ["standing_stretch"]
    assert [left["tests"][t]["pain"] for t in TEST_IDS] == [3, 0, 4]
    assert "consistent with high hamstring tendinopathy" in left["interpretation"]
    assert result["hints"] and "lower back or a nerve" in result["hints"][0]
    assert result["unlocks"]["cross_training"]["allowed"] is True
    assert result["unlocks"]["running"]["range_of_motion_normal"] is True
    assert "not a diagnosis" in result["screen"]
    assert stored_rows(db_path) == [("2026-03-02", '["left"]', 0, "hht-default", "1.0.0", "2026-03-02T09:00:00+00:00")]

    plan = cli.json("today")
    assert plan["assessed"] is True and plan["paused"] is False
    assert plan["cross_training"]["allowed"] is True
    assert plan["cross_training"]["ideas"] == ["cycling", "pool running"]
    assert "pain-free" in plan["cross_training"]["reason"]


def test_the_rich_result_names_the_tests_the_caveat_and_the_gates(cli, protocol, write):
    out = plain(cli.ok("assess", "--answers", write(make_answers(protocol))).stdout)
    for text in (
        "Left side",
        "Standing hamstring stretch",
        "+ positive",
        "0.76",
        "0.91",
        "All 3 tests reproduced",
        "self-performed versions are not validated",
        "What this unlocks",
        "Cross-training",
        "not yet",
        "Run plan",
        "This is a screen to guide self-management, not a diagnosis.",
    ):
        assert text in out, text


def test_the_run_plan_line_says_what_today_says_never_met_while_it_waits(cli, protocol, write, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")
    # the range of motion not normal: the run plan is not open, and says why
    out = plain(cli.ok("assess", "--answers", write(make_answers(protocol, range_of_motion_normal=False))).stdout)
    line = next(x for x in out.splitlines() if "Run plan" in x)
    assert "Met" not in out and "Not open yet" in line and "range of motion not yet normal" in line
    assert "found your hamstring range of motion not yet normal" in " ".join(cli.json("today")["run"]["missing"])


def test_both_sides_are_scored_and_either_side_can_shut_cross_training(cli, protocol, write, db_path):
    answers = make_answers(protocol, ("left", "right"), pains=(0, 0, 0), familiar=(False, False, False))
    answers["tests"]["right"]["bent_knee"] = {"pain": 2, "familiar": True}
    result = cli.json("assess", "--answers", write(answers))
    assert set(result["per_side"]) == {"left", "right"}
    assert result["per_side"]["left"]["positive"] == []
    assert "less likely" in result["per_side"]["left"]["interpretation"]
    assert result["per_side"]["right"]["positive"] == ["bent_knee"]
    assert result["unlocks"]["cross_training"]["allowed"] is False
    assert "2/10 on the right side" in result["unlocks"]["cross_training"]["reason"]
    assert cli.json("today")["cross_training"]["allowed"] is False
    assert stored_rows(db_path)[0][1] == '["left", "right"]'


def test_a_red_flag_stops_is_stored_pauses_and_a_later_clear_assessment_lifts_it(cli, protocol, write, db_path):
    out = cli.ok("assess", "--date", "yesterday", "--answers", write(RED_FLAG)).stdout
    assert "See a doctor or physiotherapist within days" in out
    assert protocol.data["red_flag_advice"]["urgent"] in plain(out)
    assert "All loading stops" in plain(out)  # an urgent flag: see someone before any more loading
    assert stored_rows(db_path)[0][:3] == ("2026-03-01", '["left"]', 1)

    plan = cli.json("today")
    assert plan["paused"] is True and plan["assessed"] is True and plan["loading"] is False
    assert plan["reasons"][0].startswith("All loading stops: the assessment on 2026-03-01 found a red flag.")
    assert plan["ladder"]["dose"] is None and plan["run"]["session"] is None and plan["stretching"] is None
    assert plan["cross_training"]["allowed"] is False
    assert "See a clinician" in cli.ok("today").stdout

    result = cli.json(
        "assess", "--answers", write(make_answers(protocol, pains=(0, 0, 0), familiar=(False, False, False)))
    )
    assert result["red_flag"] is False
    assert cli.json("today")["paused"] is False
    assert cli.json("today", "--date", "yesterday")["paused"] is True  # the plan for a day: the latest on or before it
    assert [r[2] for r in stored_rows(db_path)] == [1, 0]


def test_lifting_a_pause_says_so(cli, protocol, write):
    cli.ok("assess", "--answers", write(RED_FLAG))
    out = plain(cli.ok("assess", "--answers", write(make_answers(protocol))).stdout)
    assert "No red flag this time: the pause from the assessment on 2026-03-02 is lifted" in out


def test_while_paused_logged_pain_free_sessions_do_not_advance(cli, write):
    cli.ok("assess", "--date", "2026-02-20", "--answers", write(RED_FLAG))
    outs = [
        plain(cli.ok("log", "--date", day, "--morning", "0", "--exercise", "0").stdout)
        for day in ["2026-02-21", "2026-02-22", "2026-02-23", "2026-02-24", "2026-02-25", "2026-02-26"]
    ]
    cli.ok("log", "--date", "2026-02-27", "--morning", "0")
    assert all("does not count: all loading was stopped by a red flag when it was done" in out for out in outs)
    plan = cli.json("today")
    assert plan["paused"] is True
    assert plan["ladder"]["rung"] == 1 and plan["ladder"]["pain_free_sessions"] == 0


def test_the_rapid_test_is_skipped_after_a_painful_slow_test(cli, protocol, write):
    answers = make_answers(protocol, pains=(2, 6, None), familiar=(True, True, None))
    result = cli.json("assess", "--answers", write(answers))
    rapid = result["per_side"]["left"]["tests"]["rapid_extension"]
    assert rapid["done"] is False and "6/10" in rapid["skip_reason"]
    out = cli.ok("assess", "--answers", write(answers)).stdout
    assert "skipped" in out and "Skipped: the slow bent-knee stretch already hurt 6/10" in plain(out)


def test_answers_from_stdin(cli, protocol, db_path):
    result = cli("assess", "--answers", "-", "--json", input=json.dumps(make_answers(protocol)))
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["per_side"]["left"]["tested"] == 3
    assert len(stored_rows(db_path)) == 1


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda a: a["red_flags"].pop("night_pain"), "The answers lack red_flags.night_pain ("),
        (lambda a: a["signs"].update(limp=True), "The answers have unknown ids signs.limp ("),
        (
            lambda a: a["tests"]["left"]["bent_knee"].update(pain=11),
            "tests.left.bent_knee.pain must be a whole number of pain from 0 to 10, not 11.",
        ),
        (lambda a: None, "is not valid JSON"),  # the file cut short below
    ],
    ids=["missing id", "unknown id", "pain 11", "truncated JSON"],
)
def test_bad_answers_exit_2_with_one_line_and_store_nothing(cli, protocol, write, db_path, change, message):
    answers = make_answers(protocol)
    change(answers)
    text = json.dumps(answers)
    if message == "is not valid JSON":
        text = text[: len(text) // 2]
    result = cli("assess", "--answers", write(text))
    assert result.exit_code == 2
    assert message in result.stderr
    assert result.stderr.startswith("hht: ") and result.stderr.count("\n") == 1
    assert result.stdout == ""
    assert not db_path.exists()


def test_bad_answers_after_a_good_one_leave_the_store_as_it_was(cli, protocol, write, db_path):
    cli.ok("assess", "--answers", write(make_answers(protocol)))
    answers = make_answers(protocol, ("left", "right"))
    del answers["tests"]["right"]
    result = cli("assess", "--answers", write(answers))
    assert result.exit_code == 2 and "lack tests.right" in result.stderr
    assert len(stored_rows(db_path)) == 1
    with open_store(db_path) as store:
        assert store.sides() == ["left"]


def test_the_sides_are_those_of_the_latest_assessment_by_date_not_the_last_saved(cli, protocol, write, db_path):
    cli.ok("assess", "--answers", write(make_answers(protocol, ("left", "right"))))
    cli.ok("assess", "--date", "2026-01-01", "--answers", write(make_answers(protocol)))  # back-dated, left only
    with open_store(db_path) as store:
        assert store.sides() == ["left", "right"]


def test_a_missing_answers_file_is_a_usage_error(cli, isolated):
    result = cli("assess", "--answers", str(isolated / "nope.json"))
    assert result.exit_code == 2 and "no such file" in result.stderr


def test_without_a_terminal_or_answers_it_says_to_pass_answers(cli, db_path):
    result = cli("assess")
    assert result.exit_code == 2
    assert "--answers FILE" in result.stderr and result.stderr.count("\n") == 1
    assert not db_path.exists()


def test_json_needs_answers(cli):
    result = cli("assess", "--json")
    assert result.exit_code == 2 and "--json prints the result of --answers FILE" in result.stderr


def test_date_records_an_earlier_day_and_the_plan_uses_the_latest_on_or_before_it(cli, protocol, write, db_path):
    clear = make_answers(protocol, pains=(0, 0, 0), familiar=(False, False, False))
    sore = make_answers(protocol, pains=(3, 3, 3))
    assert cli.json("assess", "--date", "-5d", "--answers", write(clear))["date"] == "2026-02-25"
    assert cli.json("assess", "--date", "2026-02-28", "--answers", write(sore))["date"] == "2026-02-28"
    assert [r[0] for r in stored_rows(db_path)] == ["2026-02-25", "2026-02-28"]
    assert cli.json("today", "--date", "2026-02-24")["assessed"] is False
    assert cli.json("today", "--date", "2026-02-26")["cross_training"]["allowed"] is True
    assert cli.json("today")["cross_training"]["allowed"] is False


def test_a_future_date_is_refused(cli, protocol, write, db_path):
    result = cli("assess", "--date", "2026-03-03", "--answers", write(make_answers(protocol)))
    assert result.exit_code == 2 and "in the future" in result.stderr
    assert not db_path.exists()


def test_history_shows_assessments_side_by_side(cli, protocol, write):
    assert "No assessments yet" in cli.ok("assess", "--history").stdout
    cli.ok("assess", "--date", "-2d", "--answers", write(RED_FLAG))
    cli.ok(
        "assess",
        "--answers",
        write(make_answers(protocol, ("left", "right"), pains=(3, 6, None), familiar=(True, False, None))),
    )
    out = cli.ok("assess", "--history").stdout
    lines = [line for line in out.splitlines() if "2026-" in line]
    assert "2026-02-28" in lines[0] and "sudden pop" in lines[0]
    assert "2026-03-02" in lines[1] and "left" in lines[1]
    assert lines[1].split()[2:6] == ["3", "+", "6", "-"] and "skipped" in lines[1]
    right = out.splitlines()[out.splitlines().index(lines[1]) + 1]
    assert right.split()[:5] == ["right", "3", "+", "6", "-"]

    history = cli.json("assess", "--history")
    assert [(a["date"], a["red_flag"]) for a in history] == [("2026-02-28", True), ("2026-03-02", False)]
    assert history[1]["answers"]["tests"]["right"]["bent_knee"] == {"pain": 6, "familiar": False}
    assert history[1]["protocol"] == {"name": "hht-default", "version": "1.0.0"}


def test_history_does_not_go_with_answers(cli, protocol, write):
    result = cli("assess", "--history", "--answers", write(make_answers(protocol)))
    assert result.exit_code == 2 and "--history" in result.stderr


def test_the_improving_runner_is_told_improvement_at_80_columns(cli, protocol, write, monkeypatch):
    """Two positive assessments, then all three tests 0/10 (never asked whether familiar)."""
    monkeypatch.setenv("COLUMNS", "80")
    cli.ok("assess", "--date", "2026-02-02", "--answers", write(make_answers(protocol)))
    cli.ok("assess", "--date", "2026-02-16", "--answers", write(make_answers(protocol, pains=(2, 1, 3))))
    clear = make_answers(protocol)
    clear["tests"]["left"] = {t: {"pain": 0} for t in TEST_IDS}
    raw = cli.ok("assess", "--answers", write(clear)).stdout
    out = plain(raw)
    assert "No test reproduced your familiar pain, where 3 did on 2026-02-16: that reads as improvement" in out
    assert "less likely" not in out and "Other causes" not in out
    assert "self-performed versions are not validated" in out  # the caveat stays
    rows = [line for line in raw.splitlines() if "0.8" in line or "0.9" in line]  # the test rows
    assert len(rows) == 3
    for row in rows:  # 0/10, no familiar answer shown, then 16 Feb's + mark
        assert " no " not in row and re.search(r"0/10\s+- negative\s+\d \+", row), row
    assert max(len(line) for line in raw.splitlines()) <= 80

    # A second assessment the same day is read against the ones dated before it, not this morning's.
    again = cli.json(
        "assess", "--answers", write(make_answers(protocol, pains=(3, 0, 0), familiar=(True, False, False)))
    )
    assert (again["trend"], again["compared_with"]) == ("improving", "2026-02-16")
    assert again["per_side"]["left"]["changes"]["standing_stretch"] == {
        "change": "still positive",
        "before": {"pain": 2, "positive": True},
    }
