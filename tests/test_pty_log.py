"""The interactive `hht log`, driven in a real pseudo-terminal."""

from __future__ import annotations

import json
import os
import subprocess

import pexpect
import pytest

from tests.test_installed import hht_script

pytestmark = pytest.mark.pty


@pytest.fixture
def env(isolated):
    # PROMPT_TOOLKIT_NO_CPR: a pseudo-terminal never answers prompt_toolkit's cursor-position request.
    return {
        **os.environ,
        "PROMPT_TOOLKIT_NO_CPR": "1",
        "HHT_DB": str(isolated / "pty.db"),
        "HHT_NOW": "2026-03-02T20:00:00+00:00",
        "TERM": "xterm",
        "COLUMNS": "100",
        "LINES": "40",
    }


def spawn(env, *args):
    return pexpect.spawn(hht_script(), list(args), env=env, encoding="utf-8", timeout=20, dimensions=(40, 100))


def exit_status(child) -> int:
    """Wait for the program to end; its exit status."""
    child.expect(pexpect.EOF)
    child.close()
    return child.exitstatus


def today(env):
    out = subprocess.run([hht_script(), "today", "--json"], env=env, capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def test_bare_log_in_a_terminal_asks_and_saves(env, isolated):
    child = spawn(env, "log")
    child.expect("Pain on waking today")
    child.sendline("0")
    child.expect("Did you do the ladder session")
    child.send("y")  # a confirm answers on the key
    child.expect("Pain during or after it")
    child.sendline("12")  # out of range: asked again
    child.expect("Enter a whole number from 0 to 10")
    child.send("\b\b0\r")
    child.expect("The full dose")
    child.send("y")
    child.expect("walk/jog session")
    child.send("n")
    child.expect("Pain when sitting")
    child.sendline("")
    child.expect("A note")
    child.sendline("felt fine")
    child.expect("Logged 2026-03-02: morning 0/10, exercise 0/10, full dose, note 'felt fine'")
    assert exit_status(child) == 0
    assert today(env)["ladder"]["awaiting_morning_after"] is None  # today's session is tomorrow's business


def test_ctrl_c_midway_stores_nothing(env, isolated):
    child = spawn(env, "log")
    child.expect("Pain on waking today")
    child.sendline("3")
    child.expect("Did you do the ladder session")
    child.sendintr()
    child.expect("Interrupted: nothing was saved.")
    assert exit_status(child) == 130
    assert not (isolated / "pty.db").exists()


def test_undo_in_a_terminal_asks_first_and_ctrl_c_undoes_nothing(env):
    subprocess.run([hht_script(), "log", "--morning", "2"], env=env, check=True, capture_output=True)
    child = spawn(env, "undo")
    child.expect("The last change is change #1 to 2026-03-02")
    child.expect("Undo it?")
    child.send("n")
    child.expect("Nothing was undone.")
    assert exit_status(child) == 0
    child = spawn(env, "undo")
    child.expect("Undo it?")
    child.sendintr()
    assert exit_status(child) == 130
    assert today(env)["recent_decisions"][-1]["date"] == "2026-03-02"  # still logged
    child = spawn(env, "undo", "--yes")  # no question asked
    child.expect(r"2026-03-02\s+is\s+no\s+longer\s+logged\.")  # wrapped at word boundaries to 100 columns
    assert exit_status(child) == 0


def test_undo_in_a_terminal_names_the_adoption_and_says_which_protocol_applies_now(env):
    subprocess.run(
        [hht_script(), "protocol", "use", "goom-2016", "--reason", "by mistake"],
        env=env,
        check=True,
        capture_output=True,
    )
    child = spawn(env, "undo")
    child.expect(r"The last change is change #1, the adoption of goom-2016 1\.1\.0 from\s+2026-03-02\s+\(made")
    child.expect("Undo it?")
    child.send("y")
    child.expect(r"the\s+adoption\s+is\s+removed\.")
    child.expect(r"Today \(2026-03-02\) the shipped default applies, hht-default 1\.0\.0: no\s+protocol\s+remains")
    assert exit_status(child) == 0
    assert today(env)["protocol"]["name"] == "hht-default"
