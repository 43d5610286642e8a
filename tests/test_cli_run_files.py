"""Runs from their files at the command line: `hht log --run-file`, `hht
import-runs`, and what `today`, `history`, `undo`, `export`, `import` and
`check` make of a run file stored with its day."""

from __future__ import annotations

import json
import time
from datetime import date, timedelta
from pathlib import Path

import pytest
from hht.store.opening import open_store
from hht.store.store import Store

from tests.activity_files import (
    BILLION_LAUGHS,
    EXTERNAL_ENTITY,
    START,
    fit_bytes,
    gpx_route,
    gpx_text,
    tcx_text,
    walk_jog,
    write,
)
from tests.runner import assessed

GATE_DAY = date(2026, 3, 2)  # the suite's fixed today, when the run plan opens: week 1 at 2 sets
WEEK_1 = walk_jog(5, 1, 2)


@pytest.fixture(autouse=True)
def utc(monkeypatch):
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def gate_open(db_path, monkeypatch):
    """A runner whose ladder moved past rung 5 this morning, with a normal range of motion."""
    monkeypatch.setattr(Store, "assessment_summaries", lambda self: [assessed(date(2026, 2, 15))])
    with open_store(db_path) as store, store.write():
        for n in range(15):
            store.save_day(date(2026, 2, 15) + timedelta(days=n), {"morning": 0, "exercise": 0})
        store.save_day(GATE_DAY, {"morning": 0})
    return db_path


@pytest.fixture
def files(isolated) -> Path:
    folder = isolated / "files"
    folder.mkdir()
    return folder


def stored(db_path, on: date = GATE_DAY):
    with open_store(db_path, create=False, write=False) as store:
        return store.run_file(on)


def at(monkeypatch, day: date) -> None:
    monkeypatch.setenv("HHT_NOW", f"{day}T18:00:00+00:00")


# -- hht log --run-file ------------------------------------------------------------------


def test_a_run_logged_from_its_file_as_prescribed(cli, gate_open, files):
    path = write(files, "run.gpx", gpx_text(WEEK_1))
    out = cli.ok("log", "--run-file", str(path), "--run", "0").stdout
    lines = out.splitlines()
    assert lines[0] == "Updated 2026-03-02: run 0/10 (new)."
    assert "Run file: GPX file: 12:00 moving, 1.15 km; 2 jog intervals (1:00 each) and 2 walks, from its speed." in out
    assert "Against week 1 at 2 sets (2 x (walk 5:00, jog 1:00), 12 min): as prescribed." in out
    assert "counts once the next morning's pain is logged" in out  # the run pain goes through the plan as ever
    summary = stored(gate_open)
    assert summary["format"] == "gpx" and summary["moving_seconds"] == 720


def test_a_run_that_differs_says_how_in_one_line(cli, gate_open, files):
    path = write(files, "long.fit", fit_bytes(walk_jog(5, 1, 4)))
    out = cli.ok("log", "--run-file", str(path), "--run", "1").stdout
    assert (
        "Against week 1 at 2 sets (2 x (walk 5:00, jog 1:00), 12 min): 4 jog intervals of 1 min, 2 prescribed; 12 min over."
        in out
    )
    assert "from its laps" in out


def test_a_file_alone_never_counts_as_pain_free(cli, gate_open, files):
    path = write(files, "run.tcx", tcx_text(WEEK_1))
    result = cli("log", "--run-file", str(path))
    assert result.exit_code == 2
    assert "A run file alone never counts as pain-free: give the run's pain with --run N" in result.stderr
    assert stored(gate_open) is None


def test_the_file_tells_the_day(cli, gate_open, files):
    path = write(files, "run.gpx", gpx_text(WEEK_1, start=START - timedelta(days=1)))
    out = cli.ok("log", "--run-file", str(path), "--run", "0").stdout
    assert out.startswith("Updated 2026-03-01: run 0/10 (new).")
    assert "Against the plan: no run is prescribed before the run plan opens." in out  # it opened a day later
    assert stored(gate_open, date(2026, 3, 1))["date"] == "2026-03-01"
    result = cli("log", "--run-file", str(path), "--run", "0", "--date", "today")
    assert result.exit_code == 2 and "is a run on 2026-03-01, not 2026-03-02: leave out --date" in result.stderr


def test_another_run_on_the_day_needs_replace_without_a_terminal(cli, gate_open, files):
    first = write(files, "first.gpx", gpx_text(WEEK_1))
    other = write(files, "other.tcx", tcx_text(walk_jog(5, 1, 3)))
    cli.ok("log", "--run-file", str(first), "--run", "0")
    result = cli("log", "--run-file", str(other), "--run", "0")
    assert result.exit_code == 1
    assert "2026-03-02 already has another run from its file (GPX file: 12:00 moving" in result.stderr
    assert "pass --replace to put this one in its place. Nothing was logged." in result.stderr
    assert stored(gate_open)["format"] == "gpx"
    out = cli.ok("log", "--run-file", str(other), "--replace").stdout  # the run's pain is already logged
    assert out.startswith("Updated 2026-03-02: the run's file (replaced).")
    assert "3 jog intervals of 1 min, 2 prescribed; 6 min over" in out
    assert stored(gate_open)["format"] == "tcx"


def test_the_same_file_again_changes_nothing(cli, gate_open, files):
    path = write(files, "run.gpx", gpx_text(WEEK_1))
    cli.ok("log", "--run-file", str(path), "--run", "0")
    out = cli.ok("log", "--run-file", str(path)).stdout
    assert out.startswith("2026-03-02 already had these values; nothing changed.")


def test_replace_goes_with_a_file(cli):
    result = cli("log", "--run", "0", "--replace")
    assert result.exit_code == 2 and "--replace goes with --run-file FILE" in result.stderr


BAD_FILES = {
    "truncated.fit": (lambda: fit_bytes(WEEK_1)[:1500], "is a truncated FIT file: it ends before its data does."),
    "settings.fit": (lambda: fit_bytes([], file_type="SETTINGS"), "is a FIT settings file, not a recorded activity."),
    "route.gpx": (gpx_route, "is a GPX route, with no times: a way planned, not a recorded run."),
    "laughs.gpx": (lambda: BILLION_LAUGHS, "declares a document type or XML entities, which hht refuses"),
    "secret.tcx": (lambda: EXTERNAL_ENTITY, "declares a document type or XML entities, which hht refuses"),
    "tomorrow.gpx": (
        lambda: gpx_text(WEEK_1, start=START + timedelta(days=1)),
        "is a run dated 2026-03-03, in the future; hht records only days that have begun.",
    ),
    "ride.tcx": (lambda: tcx_text(WEEK_1, sport="Biking"), "records a biking activity, not a run."),
    "notes.txt": (lambda: "ran 5k, felt fine\n", "is not a FIT, GPX or TCX file."),
}


@pytest.mark.parametrize("name", list(BAD_FILES))
def test_a_bad_file_is_one_sentence_a_failure_and_nothing_stored(cli, gate_open, files, name):
    make, words = BAD_FILES[name]
    path = write(files, name, make())
    before = cli.ok("export").stdout
    result = cli("log", "--run-file", str(path), "--run", "0")
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1 and f"hht: {path} {words}" in result.stderr
    assert "Traceback" not in result.output + result.stderr
    assert cli.ok("export").stdout == before


def test_a_file_over_the_stated_size_is_refused_unread(cli, gate_open, files):
    path = files / "huge.fit"
    with open(path, "wb") as handle:
        handle.truncate(33 * 1024 * 1024)  # sparse: no time spent writing it
    result = cli("log", "--run-file", str(path), "--run", "0")
    assert result.exit_code == 1
    assert f"Cannot read {path}: it is larger than 32 MB, the most hht reads." in result.stderr


def test_a_file_name_is_shown_harmless(cli, gate_open, files):
    path = write(files, "evil\x1b[31m.gpx", gpx_route())
    result = cli("log", "--run-file", str(path), "--run", "0")
    assert result.exit_code == 1 and "\x1b" not in result.stderr and "evil\\x1b[31m.gpx" in result.stderr


# -- the plan's other days ------------------------------------------------------------------


def test_a_run_on_a_rest_day(cli, gate_open, files, monkeypatch):
    cli.ok("log", "--run", "0")  # week 1 never runs the day after a run
    at(monkeypatch, GATE_DAY + timedelta(days=1))
    cli.ok("log", "--morning", "0")
    path = write(files, "again.gpx", gpx_text(WEEK_1, start=START + timedelta(days=1)))
    out = cli.ok("log", "--run-file", str(path), "--run", "0").stdout
    assert "Against the plan: a run on a rest day." in out


def test_a_run_while_the_plan_is_paused(cli, gate_open, files, monkeypatch):
    flagged = assessed(GATE_DAY + timedelta(days=1), red_flag=True)
    monkeypatch.setattr(Store, "assessment_summaries", lambda self: [assessed(date(2026, 2, 15)), flagged])
    at(monkeypatch, GATE_DAY + timedelta(days=1))
    path = write(files, "run.gpx", gpx_text(WEEK_1, start=START + timedelta(days=1)))
    out = cli.ok("log", "--run-file", str(path), "--run", "0").stdout
    assert "Against the plan: no run is prescribed while the plan is paused." in out


# -- what the other commands make of it -------------------------------------------------------


def test_today_shows_the_days_run_file_and_its_check(cli, gate_open, files):
    path = write(files, "run.gpx", gpx_text(walk_jog(5, 1, 3)))
    cli.ok("log", "--run-file", str(path), "--run", "0")
    found = cli.json("today")["run"]["file"]
    assert found["check"]["line"] == "3 jog intervals of 1 min, 2 prescribed; 6 min over"
    assert found["prescribed"] == {
        "status": "run",
        "step": "week 1 at 2 sets",
        "session": "2 x (walk 5:00, jog 1:00), 12 min",
        "minutes": 12,
    }
    screen = " ".join(cli.ok("today").stdout.replace("│", " ").split())
    assert "Run file GPX file: 18:00 moving, 1.73 km; 3 jog intervals (1:00 each) and 3 walks" in screen
    assert "3 jog intervals of 1 min, 2 prescribed; 6 min over" in screen
    assert "file" not in cli.json("today", "--date", "yesterday")["run"]  # only on the day logged


def test_history_undo_export_import_and_check_carry_the_file(cli, gate_open, files, isolated, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")
    path = write(files, "run.gpx", gpx_text(WEEK_1))
    cli.ok("log", "--run-file", str(path), "--run", "0")
    history = cli.ok("history").stdout
    assert "run 0/10 (new); run file GPX 12:00, 1.15 km, 2 jog intervals (new)" in history
    change = cli.json("history")[0]
    assert json.loads(change["new"]["run_file"])["format"] == "gpx"
    assert "every row keeps hht's rules" in cli.ok("check").stdout
    cli.ok("export", "--output", str(isolated / "all.json"))
    restored = str(isolated / "restored.db")
    cli.ok("--db", restored, "import", str(isolated / "all.json"))
    with open_store(Path(restored), create=False, write=False) as store:
        assert store.run_file(GATE_DAY) == stored(gate_open)
    cli.ok("undo", "--yes")
    assert stored(gate_open) is None


def doctored(cli, isolated, change) -> str:
    document = json.loads(cli.ok("export").stdout)
    entry = next(row for row in document["tables"]["entries"] if row["run_file"])
    summary = json.loads(entry["run_file"])
    change(summary)
    entry["run_file"] = json.dumps(summary)
    path = isolated / "doctored.json"
    path.write_text(json.dumps(document))
    return str(path)


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (lambda s: s.update(track=[[51.5, -0.12]]), "does not hold exactly a run file's summary"),
        (lambda s: s["intervals"][0].update(lat=51.5), "has an interval that is not a walk or jog"),
        (lambda s: s.update(moving_seconds=-5), "has moving_seconds that is not a whole number"),
        (lambda s: s.update(sha256="not a hash"), "has a sha256 that is not 64 lowercase hexadecimal digits"),
        (lambda s: s.update(date="2026-02-01"), "is for another day than its entry"),
    ],
    ids=["a track", "a coordinate", "negative time", "no hash", "another day"],
)
def test_an_import_refuses_a_run_file_that_is_not_a_summary(cli, gate_open, files, isolated, change, words):
    path = write(files, "run.gpx", gpx_text(WEEK_1))
    cli.ok("log", "--run-file", str(path), "--run", "0")
    doctored_file = doctored(cli, isolated, change)
    result = cli("--db", str(isolated / "new.db"), "import", doctored_file)
    assert result.exit_code == 1 and words in result.stderr and "Nothing was written." in result.stderr


def test_the_database_holds_no_coordinate(cli, gate_open, files, db_path):
    path = write(files, "run.fit", fit_bytes(WEEK_1))  # its points have positions and distances
    cli.ok("log", "--run-file", str(path), "--run", "0")
    cli.ok("backup", str(files / "copy.db"))  # the database whole, in one file
    raw = (files / "copy.db").read_bytes()
    assert b'"sha256"' in raw  # the summary is there
    assert b"51.50" not in raw and b"-0.124" not in raw and b"position" not in raw


# -- hht import-runs -------------------------------------------------------------------------


def test_import_runs_matches_a_folder_and_says_what_it_found(cli, gate_open, files):
    folder = files / "activities"
    folder.mkdir()
    for n in (1, 3, 5):
        write(folder, f"{n}.gpx.gz", gpx_text(WEEK_1, start=START - timedelta(days=n)), gz=True)
    write(folder, "early.gpx", gpx_text(WEEK_1, start=START - timedelta(days=30)))  # before the first day logged
    write(folder, "ride.tcx", tcx_text(WEEK_1, sport="Biking"))
    write(folder, "route.gpx", gpx_route())
    write(folder, "photo.jpg", b"\xff\xd8\xff\xe0" + b"\0" * 4000)
    write(folder, "laughs.gpx", BILLION_LAUGHS)
    result = cli("import-runs", str(folder))
    assert result.exit_code == 1  # one file could not be read
    out = result.stdout
    assert "Matched 3 runs to their days (2026-02-25 to 2026-03-01)." in out
    assert "3 files held no run (1 of another sport, 2 not activity files)." in out
    assert "1 run before 2026-02-15 was left out (--since DAY takes them from that day)." in out
    assert f"1 file could not be read:\n  {folder}/laughs.gpx declares a document type or XML entities" in out
    assert "3 runs have no pain logged (2026-02-25, 2026-02-27, 2026-03-01)" in out
    assert result.stderr == ""  # no progress bar outside a terminal
    again = cli("import-runs", str(folder / "1.gpx.gz"), str(folder / "3.gpx.gz"))
    assert again.exit_code == 0
    assert again.stdout.splitlines() == [
        "No new run was matched to a day.",
        "2 files were already there, left as they were.",
    ]


def test_import_runs_keeps_a_days_other_run_unless_replace(cli, gate_open, files):
    cli.ok("log", "--run-file", str(write(files, "today.gpx", gpx_text(WEEK_1))), "--run", "0")
    other = write(files, "other.tcx", tcx_text(walk_jog(5, 1, 3)))
    result = cli("import-runs", str(other))
    assert result.exit_code == 1
    assert "2026-03-02 already has another run (GPX file: 12:00 moving" in result.stdout
    assert f"{other} was left out (--replace puts it in its place)." in result.stdout
    assert stored(gate_open)["format"] == "gpx"
    assert cli.ok("import-runs", str(other), "--replace").stdout.startswith("Matched 1 run to its day (2026-03-02).")
    assert stored(gate_open)["format"] == "tcx"


def test_import_runs_since_a_day(cli, gate_open, files):
    path = write(files, "old.gpx", gpx_text(WEEK_1, start=START - timedelta(days=40)))
    assert "left out" in cli.ok("import-runs", str(path)).stdout
    out = cli.ok("import-runs", str(path), "--since", "2026-01-01").stdout
    assert out.startswith("Matched 1 run to its day (2026-01-21).")


def test_import_runs_of_a_missing_path(cli, files):
    result = cli("import-runs", str(files / "nowhere"))
    assert result.exit_code == 2 and "nowhere: no such file or folder." in result.stderr


def test_check_finds_a_run_file_that_is_not_a_summary(cli, gate_open, files, db_path):
    import sqlite3

    cli.ok("log", "--run-file", str(write(files, "run.gpx", gpx_text(WEEK_1))), "--run", "0")
    with sqlite3.connect(db_path) as conn:
        conn.execute("UPDATE entries SET run_file = ? WHERE date = ?", ['{"lat": 51.5, "lon": -0.12}', "2026-03-02"])
    result = cli("check")
    assert result.exit_code == 1
    assert "has run_file that does not hold exactly a run file's summary" in result.stdout + result.stderr
