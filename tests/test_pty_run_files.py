"""`hht log --run-file` and `hht import-runs` in a real pseudo-terminal: the
run's pain asked, another run on the day asked about, a long batch's progress."""

from __future__ import annotations

import os
from datetime import timedelta

import pexpect
import pytest

from tests.activity_files import START, gpx_text, tcx_text, walk_jog, write
from tests.test_pty_log import exit_status, spawn

pytestmark = pytest.mark.pty


@pytest.fixture
def env(isolated):
    return {
        **os.environ,
        "PROMPT_TOOLKIT_NO_CPR": "1",
        "HHT_DB": str(isolated / "pty.db"),
        "HHT_NOW": "2026-03-02T20:00:00+00:00",
        "TZ": "UTC",
        "TERM": "xterm",
        "COLUMNS": "100",
        "LINES": "40",
    }


def test_the_runs_pain_is_asked_then_another_run_asks_before_it_replaces(env, isolated):
    first = write(isolated, "first.gpx", gpx_text(walk_jog(5, 1, 2)))
    child = spawn(env, "log", "--run-file", str(first))
    child.expect("Pain during or after the run on 2026-03-02")
    child.sendline("1")
    child.expect("Run file: GPX file: 12:00 moving")
    assert exit_status(child) == 0

    other = write(isolated, "other.tcx", tcx_text(walk_jog(5, 1, 3)))
    child = spawn(env, "log", "--run-file", str(other))
    child.expect("2026-03-02 already has another run")
    child.send("n")
    child.expect("Kept the run already logged; nothing was logged.")
    assert exit_status(child) == 0

    child = spawn(env, "log", "--run-file", str(other))
    child.expect("Replace it with")
    child.send("y")
    child.expect(r"Updated 2026-03-02: the run's file \(replaced\).")
    assert exit_status(child) == 0


def test_a_long_batch_shows_its_progress_in_a_terminal(env, isolated):
    folder = isolated / "activities"
    folder.mkdir()
    for n in range(20):
        write(folder, f"{n}.gpx", gpx_text(walk_jog(5, 1, 2), start=START - timedelta(days=n)))
    child = spawn(env, "--db", str(isolated / "pty.db"), "import-runs", str(folder), "--since", "2026-01-01")
    child.expect("Reading activity files")
    child.expect("Matched 20 runs to their days")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
