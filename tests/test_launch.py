"""The real `hht` process ends a successful command without the interpreter's
teardown (hht/launch.py): nothing it printed or wrote may be lost by that."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date, timedelta

from hht.store.opening import open_store

DAYS = 400


def hht(*args: str, stdout=subprocess.PIPE, prelude: str = "") -> subprocess.CompletedProcess:
    code = f"import sys\n{prelude}\nsys.argv = ['hht', *sys.argv[1:]]\nfrom hht.launch import main\nmain()\n"
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        stdout=stdout,
        stderr=subprocess.PIPE,
        text=True,
        timeout=60,
        env=os.environ,
    )


def a_long_history(path) -> None:
    with open_store(path) as store, store.write():
        for n in range(DAYS):
            store.save_day(date(2025, 1, 1) + timedelta(days=n), {"morning": n % 3, "note": f"day {n} " + "x" * 200})


def test_a_write_is_on_disk_and_its_report_printed_when_the_process_ends(db_path):
    logged = hht("log", "--date", "2026-03-01", "--morning", "3", "--note", "hill reps")
    assert logged.returncode == 0, logged.stderr
    assert logged.stdout.startswith("Logged 2026-03-01: morning 3/10, note 'hill reps'.\n")
    assert not db_path.with_name(db_path.name + "-journal").exists()
    read = hht("today", "--json", "--date", "2026-03-01")
    assert read.returncode == 0, read.stderr
    assert json.loads(read.stdout)["logged_today"] == "morning 3/10, note 'hill reps'"


def test_long_output_arrives_whole_through_a_pipe_and_into_a_file(db_path, isolated):
    a_long_history(db_path)
    piped = hht("export")
    assert piped.returncode == 0, piped.stderr
    assert len(json.loads(piped.stdout)["tables"]["entries"]) == DAYS
    target = isolated / "export.json"
    with open(target, "w") as handle:
        written = hht("export", "--pretty", stdout=handle)
    assert written.returncode == 0, written.stderr
    assert len(json.loads(target.read_text())["tables"]["entries"]) == DAYS


def test_an_exit_handler_still_runs(db_path):
    result = hht("today", prelude="import atexit\natexit.register(lambda: print('handler ran'))")
    assert result.returncode == 0, result.stderr
    assert "Today · Monday 02 March 2026" in result.stdout
    assert result.stdout.endswith("handler ran\n")


def test_a_failed_command_still_ends_as_before(db_path):
    result = hht("log", "--morning", "11")
    assert result.returncode == 2
    assert result.stderr.startswith("hht: ") and result.stderr.count("\n") == 1
    assert not db_path.exists()


def test_status_prints_its_line_whole_before_the_process_ends(db_path):
    hht("log", "--date", "2026-03-01", "--morning", "0", "--exercise", "0")
    result = hht("status", "--json")
    assert result.returncode == 0, result.stderr
    assert isinstance(json.loads(result.stdout), dict)
