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
    child.expect("Did you do the rung session")
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
    child.expect("Minutes you can sit on a hard chair")
    child.sendline("")  # blank: not logged
    child.expect("A note")
    child.sendline("felt fine")
    child.expect("Logged 2026-03-02: morning 0/10, exercise 0/10, full dose, note 'felt fine'")
    assert exit_status(child) == 0
    assert today(env)["ladder"]["awaiting_morning_after"] is None  # today's session is tomorrow's business


def test_ctrl_c_midway_stores_nothing(env, isolated):
    child = spawn(env, "log")
    child.expect("Pain on waking today")
    child.sendline("3")
    child.expect("Did you do the rung session")
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


def test_under_goom_the_load_test_comes_with_the_morning_and_each_dose_on_its_own_line(env, isolated):
    child = spawn(env, "--protocol", "goom-2016", "log")
    child.expect("Pain on waking today")
    child.sendline("0")
    child.expect("Load test, single-leg bridge")  # at the same time each morning, before the session
    child.sendline("0")
    child.expect("Did you do the stage session")
    child.send("y")
    child.expect("Pain during or after it")
    child.sendline("0")
    child.expect("The full dose")
    child.expect("Isometric leg curl: 4-5 holds")
    child.expect("Bridge hold, hip neutral: 4-5 holds")
    child.send("y")
    child.expect("walk/jog session")
    child.send("n")
    child.expect("Pain when sitting")
    child.sendline("")
    child.expect("Minutes you can sit on a hard chair")
    child.sendline("")
    child.expect("A note")
    child.sendline("")
    child.expect("Logged 2026-03-02: morning 0/10, exercise 0/10, full dose, load test 0/10")
    assert exit_status(child) == 0


def test_a_day_of_heavy_slow_resistance_asks_each_exercises_last_set(env, isolated):
    for args in (
        ["log", "--date", "2026-02-28", "--morning", "0"],  # the default keeps the days before
        ["protocol", "use", "goom-2016", "--from", "2026-03-01", "--stage", "2"],
    ):
        subprocess.run([hht_script(), *args], env=env, check=True, capture_output=True)
    child = spawn(env, "log")
    child.expect("Pain on waking today")
    child.sendline("0")
    child.expect("Load test")  # with the morning
    child.sendline("0")
    child.expect("Did you do the stage session")
    child.send("y")
    child.expect("Pain during or after it")
    child.sendline("0")
    child.expect("The full dose")
    child.send("y")
    child.expect("walk/jog session")
    child.send("n")
    child.expect("Pain when sitting")
    child.sendline("")
    child.expect("Minutes you can sit on a hard chair")
    child.sendline("700")  # out of range: asked again
    child.expect("The minutes must be a whole number of minutes from 0 to 600")
    child.send("\b\b\b45\r")
    child.expect("Bridge progressions")
    child.sendline("bodyweight x 15")
    child.expect("Leg curls, the last set")
    child.sendline("20 x 0")  # no repetitions: asked again
    child.expect("the repetitions must be a whole number from 1 to 100")
    child.send("\b2\r")
    child.expect("Hip extension, the last set")
    child.sendline("")  # not done
    child.expect("A note")
    child.sendline("")
    child.expect(r"sitting\s+45\s+min,\s+bridge\s+bodyweight\s+x\s+15,\s+leg_curl\s+20\s+kg\s+x\s+2\.")
    assert exit_status(child) == 0


def test_outcome_measures_are_asked_in_a_terminal_with_a_clinics_wording(env, isolated):
    from tests.outcome_data import wording

    (isolated / "wording.json").write_text(json.dumps(wording()))
    child = spawn(env, "outcome", "visa-h", "--wording", str(isolated / "wording.json"))
    child.expect("Test clinic wording")
    for item in range(1, 7):
        child.expect(f"Item {item} of 8: Made-up question {item}")
        child.sendline("11" if item == 1 else "5")
        if item == 1:
            child.expect("Enter a whole number from 0 to 10")
            child.send("\b\b7\r")
    child.expect("Made-up question 7")
    child.expect("made-up choice 0")
    child.send("\x1b[B\r")  # the second choice: 4 points
    child.expect("Made-up question 8")
    child.send("\x1b[B\r")  # pain that does not stop training
    child.expect("made-up 4")
    child.send("\x1b[B\x1b[B\r")  # the third choice: 10 points
    child.expect(r"Saved VISA-H 46/100 for 2026-03-02: the baseline\.")
    assert exit_status(child) == 0

    child = spawn(env, "outcome", "psfs")
    child.expect("Activity 1")
    child.sendline("Sitting an hour")
    child.expect("Activity 2")
    child.sendline("sitting an hour")
    child.expect("You named that one already")
    child.send("\b" * 15 + "Driving\r")
    child.expect("Activity 3")
    child.sendline("Sprinting")
    child.expect(r"Activity 4 \(blank to finish\)")
    child.sendline("")
    for rating in ("4", "6", "1"):
        child.expect("how well can you do it now")
        child.sendline(rating)
    child.expect(r"Saved PSFS 3\.67/10 for 2026-03-02: the baseline\.")
    assert exit_status(child) == 0

    child = spawn(env, "outcome", "psfs")  # the activities are kept
    child.expect("Last time you named: Sitting an hour; Driving; Sprinting.")
    child.expect("Rate the same activities?")
    child.send("y")
    for rating in ("7", "8", "3"):
        child.expect("how well can you do it now")
        child.sendline(rating)
    child.expect(r"Saved PSFS 6/10 for 2026-03-02: \+2\.33 since 2026-03-02, a real improvement")
    assert exit_status(child) == 0

    child = spawn(env, "outcome", "groc")
    child.expect("how is it now")
    child.send("\x1b[B\r")  # the second from the top: +2, much better
    child.expect(r"Saved GROC \+2, much better for 2026-03-02\.")
    assert exit_status(child) == 0
