"""`hht outcome`: each measure from --answers (a file or stdin), dated, stored
with its change, listed, undone, exported, imported and checked; bad input is
one sentence and nothing stored."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.outcome_data import GROC, PSFS, VISA, wording, write_files


@pytest.fixture
def files(isolated: Path, monkeypatch) -> Path:
    folder = isolated / "work"
    folder.mkdir()
    write_files(folder)
    monkeypatch.chdir(folder)
    return folder


def take(cli, measure: str, answers: dict, *args: str):
    return cli("outcome", measure, "--answers", "-", *args, input=json.dumps(answers))


def test_each_measure_is_scored_dated_and_said_against_its_baseline(cli, files):
    out = cli.ok("outcome", "visa-h", "--answers", "visa-h.json", "--date", "2026-02-01").stdout
    assert out.startswith("Saved VISA-H 50/100 for 2026-02-01: the baseline.")
    better = {**VISA, "1": 10, "4": 9}
    out = take(cli, "visa-h", better).stdout
    assert out.startswith(
        "Saved VISA-H 57/100 for 2026-03-02: +7 since 2026-02-01 (no validated minimal important difference: "
        "read it with your physio)."
    )
    cli.ok("outcome", "psfs", "--answers", "psfs.json", "--date", "2026-02-01")
    out = cli.ok("outcome", "psfs", "--answers", "ratings.json").stdout  # the activities kept, rated again
    assert out.startswith("Saved PSFS 3/10 for 2026-03-02: +1 since 2026-02-01, within the MDC90 of 2 points")
    assert cli.ok("outcome", "groc", "--answers", "groc.json").stdout.startswith("Saved GROC +2, much better for")
    history = cli.json("outcome", "history")
    assert [(o["measure"], o["date"], o["score"]) for o in history] == [
        ("visa-h", "2026-02-01", 50),
        ("psfs", "2026-02-01", 2.0),
        ("visa-h", "2026-03-02", 57),
        ("psfs", "2026-03-02", 3.0),
        ("groc", "2026-03-02", 2),
    ]
    assert history[3]["answers"]["activities"][0] == {"name": "Sitting an hour", "rating": 5}
    shown = cli.ok("outcome", "history").stdout
    for words in ("VISA-H 57/100", "+7 since 2026-02-01", "PSFS 3/10", "GROC +2, much better", "MDC90"):
        assert words in shown


def test_json_says_what_was_saved_and_what_is_still_due(cli, files):
    result = json.loads(take(cli, "psfs", PSFS, "--json").stdout)
    assert result["outcome"]["score"] == 2.0 and result["over_time"]["baseline"] is True
    assert result["still_due"] is None  # no assessment yet: the schedule has not started


def test_history_undo_export_import_and_check_carry_outcomes(cli, files, isolated):
    take(cli, "visa-h", VISA)
    take(cli, "groc", GROC)
    cli.ok("outcome", "wording", "clinic-visa-h.json")
    changes = cli.json("history")
    assert [(c["kind"], c["action"]) for c in changes] == [("outcome", "insert"), ("outcome", "insert")]
    shown = " ".join(cli.ok("history").stdout.replace("│", " ").split())
    assert "outcome outcome measure: GROC +2, much better" in shown
    exported = cli.ok("export").stdout
    (isolated / "all.json").write_text(exported)
    restored = str(isolated / "restored.db")
    assert "outcomes (2 rows)" in cli.ok("--db", restored, "import", str(isolated / "all.json")).stdout
    assert cli.ok("--db", restored, "export").stdout == exported
    assert "is whole" in cli.ok("--db", restored, "check").stdout
    assert "adopted is Test clinic wording" in cli.ok("--db", restored, "outcome", "wording").stdout
    out = cli.ok("undo", "--yes").stdout
    assert out.startswith("Undid change #2, GROC +2, much better for 2026-03-02 (saved ")
    assert [o["measure"] for o in cli.json("outcome", "history")] == ["visa-h"]
    assert cli.json("history")[0]["action"] == "undo"
    assert "is whole" in cli.ok("check").stdout


def test_an_import_refuses_an_outcome_whose_score_its_answers_do_not_give(cli, files, isolated):
    take(cli, "visa-h", VISA)
    document = json.loads(cli.ok("export").stdout)
    document["tables"]["outcomes"][0]["score"] = 99
    (isolated / "bad.json").write_text(json.dumps(document))
    result = cli("--db", str(isolated / "new.db"), "import", str(isolated / "bad.json"))
    assert result.exit_code == 1
    assert "row 1 of outcomes has score 99, not the 50 its answers give" in result.stderr
    document["tables"]["outcomes"][0]["answers"] = json.dumps({**VISA, "3": 12})
    (isolated / "bad.json").write_text(json.dumps(document))
    result = cli("--db", str(isolated / "new.db"), "import", str(isolated / "bad.json"))
    assert "has answers that break a rule of `hht outcome visa-h`: VISA-H item 3 must be" in result.stderr
    assert not (isolated / "new.db").exists() or cli.json("--db", str(isolated / "new.db"), "outcome", "history") == []


def test_a_wording_adopted_is_checked_first_and_can_be_removed(cli, files):
    assert "No VISA-H wording is adopted" in cli.ok("outcome", "wording").stdout
    assert (
        "Adopted the VISA-H wording from clinic-visa-h.json"
        in cli.ok("outcome", "wording", "clinic-visa-h.json").stdout
    )
    assert "Test clinic wording" in cli.ok("outcome", "wording").stdout
    assert "no longer used" in cli.ok("outcome", "wording", "--remove").stdout
    assert "No VISA-H wording is adopted" in cli.ok("outcome", "wording").stdout


def spoiled_wording() -> str:
    data = wording()
    data["items"]["7"]["options"]["5"] = "made-up"
    return json.dumps(data)


BAD = [
    (
        ["outcome", "visa-h", "--answers", "-"],
        json.dumps({**VISA, "2": 11}),
        "VISA-H item 2 must be a whole number from 0 to 10, not 11.",
    ),
    (["outcome", "visa-h", "--answers", "-"], json.dumps({**VISA, "9": 1}), "unknown item id '9'"),
    (
        ["outcome", "visa-h", "--answers", "-"],
        json.dumps({**VISA, "8": {"branch": "no_pain", "points": 20}}),
        "VISA-H item 8 in the branch no_pain must score 0, 7, 14, 21 or 30, not 20.",
    ),
    (["outcome", "visa-h", "--answers", "-"], "{not json", "The answers on stdin is not valid JSON"),
    (
        ["outcome", "psfs", "--answers", "-"],
        json.dumps({"activities": PSFS["activities"][:2]}),
        "needs 3 to 5 activities, not 2",
    ),
    (["outcome", "psfs", "--answers", "-"], json.dumps({"ratings": [1, 2, 3]}), "no activities are kept"),
    (
        ["outcome", "groc", "--answers", "-"],
        json.dumps({"rating": 5}),
        "The GROC rating must be a whole number from -3",
    ),
    (["outcome", "groc", "--answers", "nowhere.json"], None, "Cannot read nowhere.json: there is no such file."),
    (["outcome", "groc", "--answers", "groc.json", "--date", "tomorrow"], None, "'tomorrow' is not a date"),
    (["outcome", "groc", "--json"], None, "--json prints what --answers FILE saved"),
    (["outcome", "visa-h"], None, "hht outcome visa-h asks its questions in a terminal"),
    (
        ["outcome", "wording", "spoiled.json"],
        None,
        "The wording file spoiled.json does not match VISA-H: item 7's options has '5'",
    ),
    (["outcome", "visa-h", "--wording", "spoiled.json", "--answers", "visa-h.json"], None, "does not match VISA-H"),
    (["outcome", "wording", "clinic-visa-h.json", "--remove"], None, "not both"),
    (
        ["log", "--sitting-minutes", "601"],
        None,
        "--sitting-minutes must be a whole number of minutes from 0 to 600, not '601'.",
    ),
    (
        ["log", "--sitting-minutes", "-5"],
        None,
        "--sitting-minutes must be a whole number of minutes from 0 to 600, not '-5'.",
    ),
    (["log", "--sitting-minutes", "forty"], None, "not 'forty'"),
    (["log", "--load", "leg_curl=20 x 12"], None, "(hht-default 1.0.0) marks no stage as heavy slow resistance"),
    (
        ["--protocol", "goom-2016", "log", "--load", "leg_curl=heavy x 12"],
        None,
        "the load must be a number of kg or bodyweight, not 'heavy'.",
    ),
    (
        ["--protocol", "goom-2016", "log", "--load", "leg_curl=20 x 101"],
        None,
        "the repetitions must be a whole number from 1 to 100, not '101'.",
    ),
    (["--protocol", "goom-2016", "log", "--load", "leg_curl=20 x 0", "--morning", "1"], None, "not '0'"),
    (["--protocol", "goom-2016", "log", "--load", "squat=20 x 8"], None, "names 'squat', which is not an exercise"),
    (
        ["--protocol", "goom-2016", "log", "--load", "leg=20 x 8", "--load", "leg_curl=22 x 8"],
        None,
        "names leg_curl twice",
    ),
]


@pytest.mark.parametrize("args, stdin, message", BAD, ids=[f"{n:02d}" for n in range(len(BAD))])
def test_bad_input_is_one_sentence_and_nothing_is_stored(cli, files, isolated, args, stdin, message):
    (files / "spoiled.json").write_text(spoiled_wording())
    cli.ok("log", "--morning", "1")
    before = (isolated / "hht.db").read_bytes()
    result = cli(*args, input=stdin)
    assert result.exit_code == 2 and result.stdout == "", result.stderr
    assert message in result.stderr
    assert result.stderr.startswith("hht: ") and result.stderr.count("\n") == 1
    assert (isolated / "hht.db").read_bytes() == before


def test_import_and_check_hold_a_days_loads_and_minutes_to_the_rules_of_hht_log(cli, files, isolated):
    cli.ok("--protocol", "goom-2016", "log", "--load", "leg=20 x 12", "--sitting-minutes", "30")
    document = json.loads(cli.ok("export").stdout)
    entry = document["tables"]["entries"][0]
    assert json.loads(entry["loads"]) == {"leg_curl": {"kg": 20, "reps": 12}} and entry["sitting_minutes"] == 30
    for change, words in (
        ({"loads": json.dumps({"leg_curl": {"kg": "heavy", "reps": 12}})}, "has kg that is not a number above 0"),
        (
            {"loads": json.dumps({"leg_curl": {"kg": 20, "reps": 0}})},
            "has reps that are not a whole number from 1 to 100",
        ),
        ({"sitting_minutes": 601}, "has sitting_minutes 601, which is not a whole number of minutes from 0 to 600"),
    ):
        spoiled = json.loads(json.dumps(document))
        spoiled["tables"]["entries"][0].update(change)
        (isolated / "bad.json").write_text(json.dumps(spoiled))
        result = cli("--db", str(isolated / "new.db"), "import", str(isolated / "bad.json"))
        assert result.exit_code == 1 and words in result.stderr, result.stderr
        assert not (isolated / "new.db").exists()  # nothing written
