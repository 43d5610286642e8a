"""The protocol loader: the shipped file, and each kind of bad file."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hht.errors import ProtocolError
from hht.rules.protocol import load as protocols

SHIPPED = protocols.default_path().read_text(encoding="utf-8")


def test_shipped_protocol_holds_the_domain_rules(protocol):
    assert protocol.pain.advance_threshold == 0
    assert protocol.pain.pain_free_sessions_needed == 3
    assert protocol.pain.step_back_threshold == 4
    assert [r.id for r in protocol.ladder] == [
        "bridge_hold",
        "front_plank",
        "bridge_leg_lifts",
        "front_plank_leg_lifts",
        "back_plank_leg_lifts",
        "hamstring_catch",
        "swiss_ball_curls",
        "single_leg_swiss_ball_curls",
    ]
    assert protocol.run_gate_rung == 5
    tests = {t["id"]: t for t in protocol.data["self_tests"]}
    assert (tests["rapid_extension"]["sensitivity"], tests["rapid_extension"]["specificity"]) == (0.89, 0.91)
    assert tests["bent_knee"]["lr_positive"] == 6.5
    assert len(protocol.run_weeks) == 8 and protocol.max_run_days_in_7 == 5
    assert {f["urgency"] for f in protocol.data["red_flags"]} == {"emergency", "urgent", "soon"}


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "p.toml"
    path.write_text(text, encoding="utf-8")
    return path


def edited(old: str, new: str) -> str:
    assert old in SHIPPED, old
    return SHIPPED.replace(old, new, 1)


@pytest.mark.parametrize(
    "text, key, problem",
    [
        (edited("advance_threshold = 0", "advance_threshold = 11"), "pain.advance_threshold", "from 0 to 10"),
        (edited("advance_threshold = 0", 'advance_threshold = "none"'), "pain.advance_threshold", "whole number"),
        (edited("step_back_threshold = 4", "step_back_threshold = 0"), "pain.step_back_threshold", "from 1 to 10"),
        (
            edited("step_back_threshold = 4", "step_back_threshold = 4\nstep_forward = 2"),
            "pain.step_forward",
            "not a known key",
        ),
        (edited('name = "hht-default"\n', ""), "protocol.name", "missing"),
        (edited("sensitivity = 0.76", "sensitivity = 76"), "self_tests[0].sensitivity", "from 0 to 1"),
        (edited('urgency = "soon"', 'urgency = "whenever"'), "red_flags[5].urgency", "one of"),
        (edited('id = "front_plank"', 'id = "bridge_hold"'), "ladder[1].id", "repeats"),
        (edited("week = 2\n", "week = 3\n"), "run_plan.weeks[1].week", "must be 2"),
        (edited("max_run_days_in_7 = 5", "max_run_days_in_7 = 9"), "run_plan.max_run_days_in_7", "from 1 to 7"),
        (
            edited('min_pain_free_runs = 3\nguidance = "Continuous', 'guidance = "Continuous'),
            "run_plan.weeks[2].min_pain_free_runs",
            "missing",
        ),
        (edited('id = "rapid_extension"', 'id = "quick_test"'), "self_tests[2].id", "one of"),
    ],
)
def test_a_bad_file_names_the_file_the_key_and_the_problem(tmp_path, text, key, problem):
    path = write(tmp_path, text)
    with pytest.raises(ProtocolError) as caught:
        protocols.load(path)
    message = str(caught.value)
    assert message.startswith(str(path) + ": ")
    assert key in message and problem in message
    assert message.count("\n") == 0


def test_not_toml_at_all(tmp_path):
    with pytest.raises(ProtocolError, match=r"p\.toml: not valid TOML"):
        protocols.load(write(tmp_path, "[pain\nadvance_threshold = 0"))


@pytest.mark.parametrize(
    "make, expected",
    [
        (lambda p: p, "no such protocol file"),
        (lambda p: (p.mkdir(), p)[1], "is a folder"),
        (lambda p: (p.write_bytes(b"\xff\xfe\x00bad"), p)[1], "not a UTF-8 text file"),
    ],
)
def test_unreadable_files(tmp_path, make, expected):
    path = make(tmp_path / "x.toml")
    with pytest.raises(ProtocolError, match=expected):
        protocols.load(path)


def test_protocol_check_command(cli, tmp_path):
    good = cli.ok("protocol", "check", str(protocols.default_path()))
    assert "a valid protocol (hht-default 1.0.0, 8 rungs, 8 run weeks)" in good.stdout
    bad = cli("protocol", "check", str(write(tmp_path, edited("advance_threshold = 0", "advance_treshold = 0"))))
    assert bad.exit_code == 2
    assert "pain.advance_treshold is not a known key" in bad.stderr


def test_protocol_show_json_lists_every_id(cli):
    data = cli.json("protocol", "show")
    assert data["pain"] == {"advance_threshold": 0, "pain_free_sessions_needed": 3, "step_back_threshold": 4}
    assert [t["id"] for t in data["self_tests"]] == ["standing_stretch", "bent_knee", "rapid_extension"]
    assert "saddle_numbness" in [f["id"] for f in data["red_flags"]]


def test_protocol_show_reads_well(cli, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")
    out = cli.ok("protocol", "show").stdout
    for text in ("Exercise ladder", "Back plank with leg lifts", "running gate", "Red flags", "Return to run"):
        assert text in out


def test_a_broken_active_protocol_stops_every_command_and_writes_nothing(cli, tmp_path, db_path):
    bad = write(tmp_path, edited("pain_free_sessions_needed = 3", "pain_free_sessions_needed = 0"))
    result = cli("--protocol", str(bad), "log", "--morning", "1")
    assert result.exit_code == 2
    assert "pain.pain_free_sessions_needed must be a whole number from 1 to 30" in result.stderr
    assert not db_path.exists()


def test_a_physio_threshold_changes_what_counts(cli, tmp_path):
    lenient = write(tmp_path, edited("advance_threshold = 0", "advance_threshold = 2"))
    for day in ("2026-02-24", "2026-02-25", "2026-02-26", "2026-02-27"):
        cli.ok("--protocol", str(lenient), "log", "--date", day, "--morning", "2", "--exercise", "2")
    assert cli.json("--protocol", str(lenient), "today")["ladder"]["rung"] == 2
    assert cli.json("today")["ladder"]["rung"] == 1  # the shipped 0/10 rule holds


def test_protocols_ship_inside_the_package_data_lookup():
    assert protocols.default_path().is_file()
    assert protocols.default_path().name == "default.toml"


def test_an_older_file_with_times_per_day_still_loads():
    """[stretching] times_per_day was never shown and hht ignores it; a file that has it
    (an older one, or the copy of one adopted in a database) loads as one without it."""
    without = re.sub(r"(?m)^times_per_day = .*\n", "", SHIPPED)
    older = without.replace('compresses the tendon."""\n', 'compresses the tendon."""\ntimes_per_day = "3-4"\n', 1)
    assert older != without
    assert protocols.parse(older).stretching == protocols.parse(without).stretching
    assert protocols.parse(older).ladder == protocols.parse(without).ladder
