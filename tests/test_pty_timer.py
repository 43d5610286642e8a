"""`hht today --start` driven in a pseudo-terminal (pexpect).

HHT_TIMER_SPEED (a documented speed factor for demos and tests) shortens
the session; nothing here asserts on timing.
"""

from __future__ import annotations

import os
import sys
from datetime import date

import pytest
from hht.store.opening import open_store

pexpect = pytest.importorskip("pexpect")

pytestmark = pytest.mark.pty


def spawn(speed: str):
    env = {
        **os.environ,
        "PROMPT_TOOLKIT_NO_CPR": "1",
        "HHT_TIMER_SPEED": speed,
        "TERM": "xterm",
        "COLUMNS": "100",
        "LINES": "30",
    }
    return pexpect.spawn(
        sys.executable, ["-m", "hht", "today", "--start"], env=env, encoding="utf-8", timeout=20, dimensions=(30, 100)
    )


def ends_well(child) -> None:
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0


def logged(db_path):
    with open_store(db_path) as store:
        return store.day(date(2026, 3, 2))


def test_the_holds_run_to_the_end_ring_and_log_the_session(db_path):
    child = spawn("1000")  # rung 1's holds, 9 min 15 s, in about half a second
    child.expect("Timing the holds of rung 1")
    child.expect("\x07")  # the bell
    child.expect("DONE")
    child.expect(r"Pain during or after the holds \(0-10\)")
    child.sendline("0")
    child.expect("Logged 2026-03-02: exercise 0/10, full dose.")
    ends_well(child)
    day = logged(db_path)
    assert day.exercise == 0 and day.partial is False


def test_space_pauses_and_ctrl_c_stops_and_offers_to_log_what_was_done(db_path):
    child = spawn("1")
    child.expect("HOLD 1 OF 10, SET 1 OF 3")
    child.send(" ")
    child.expect("PAUSED: space resumes")
    child.sendintr()
    child.expect(r"Stopped at \d+:\d\d of 9:15\.")
    child.expect(r"Log the holds done so far\?")
    child.send("y")
    child.expect(r"Pain during or after the holds \(0-10\)")
    child.sendline("1")
    child.expect("exercise 1/10, partial dose")
    ends_well(child)
    day = logged(db_path)
    assert day.exercise == 1 and day.partial is True
    assert day.note.startswith("Rung 1 · Double-leg glute bridge (isometric hold): stopped at ")


def test_ctrl_c_then_no_logs_nothing(db_path):
    child = spawn("1")
    child.expect("HOLD 1 OF 10")
    child.sendintr()
    child.expect(r"Log the holds done so far\?")
    child.send("n")
    child.expect("Nothing was logged.")
    ends_well(child)
    assert not db_path.exists()
