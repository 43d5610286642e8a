"""`hht assess` in a real pseudo-terminal: the installed console script,
driven key by key with pexpect, as a runner would answer it."""

from __future__ import annotations

import os
import re
import shutil
import sys
from pathlib import Path

import pytest
from hht.store.opening import open_store

pexpect = pytest.importorskip("pexpect")

pytestmark = pytest.mark.pty

DOWN = "\x1b[B"


def hht_script() -> str:
    beside = Path(sys.executable).parent / "hht"
    found = str(beside) if beside.exists() else shutil.which("hht")
    if not found:
        pytest.skip("the hht console script is not installed (pip install -e '.[test]')")
    return found


@pytest.fixture
def run(db_path):
    children = []

    def spawn(*args: str):
        env = {
            **os.environ,
            "TERM": "xterm",
            "PROMPT_TOOLKIT_NO_CPR": "1",
            "NO_COLOR": "1",
            "COLUMNS": "200",
            "LINES": "60",
        }
        child = pexpect.spawn(
            hht_script(), ["assess", *args], env=env, dimensions=(60, 200), encoding="utf-8", timeout=15
        )
        child.delaybeforesend = None  # each answer waits for its question anyway
        children.append(child)
        return child

    yield spawn
    for child in children:
        if child.isalive():
            child.terminate(force=True)


def answer(child, question: str, keys: str) -> None:
    """Wait for a question (its first words are enough), then type the keys."""
    child.expect(re.escape(question))
    child.send(keys)


def finish(child) -> int:
    child.expect(pexpect.EOF)
    child.close()
    return child.exitstatus


def red_flags_all_no(child, protocol) -> None:
    for flag in protocol.data["red_flags"]:
        answer(child, flag["question"][:40], "n")


def stored(db_path: Path):
    if not db_path.exists():
        return []
    with open_store(db_path, create=False) as store:
        return store.assessments()


def test_a_full_run_for_one_side(run, protocol, db_path):
    child = run()
    answer(child, "Which side hurts?", "\r")  # left, the first choice
    child.expect("not a medical device")
    child.expect("Warning signs that need help the same day")
    red_flags_all_no(child, protocol)
    for sign, key in zip(protocol.data["signs"], "yyynn"):
        answer(child, sign["question"][:40], key)
    answer(child, "range of motion normal?", "y")

    child.expect("Test 1 of 3 · Standing hamstring stretch")
    answer(child, "Pain during the test, left leg (0-10)", "12\r")
    child.expect("Enter a whole number from 0 to 10")
    child.send("\x7f\x7f3\r")
    answer(child, "Was it your familiar deep buttock pain?", "y")
    child.expect("Test 2 of 3 · Assisted bent-knee stretch")
    child.expect("belt or rope")
    answer(child, "Pain during the test, left leg (0-10)", "0\r")  # no pain: no familiar question
    child.expect("Test 3 of 3 · Rapid extension")
    answer(child, "Pain during the test, left leg (0-10)", "2\r")
    answer(child, "Was it your familiar deep buttock pain?", "n")
    child.expect("1 of the 3 tests reproduced your familiar pain")
    child.expect("self-performed versions are not validated")
    child.expect("Cross-training")
    child.expect("not a diagnosis")
    assert finish(child) == 0

    (a,) = stored(db_path)
    assert a.date.isoformat() == "2026-03-02" and a.sides == ["left"] and a.red_flag is False
    assert a.answers["tests"]["left"] == {
        "standing_stretch": {"pain": 3, "familiar": True},
        "bent_knee": {"pain": 0, "familiar": False},
        "rapid_extension": {"pain": 2, "familiar": False},
    }
    assert a.answers["signs"]["sitting_pain"] is True and a.answers["range_of_motion_normal"] is True
    assert a.result["unlocks"]["cross_training"]["allowed"] is True


def test_a_red_flag_stops_the_assessment(run, protocol, db_path):
    child = run()
    answer(child, "Which side hurts?", DOWN + DOWN + "\r")  # both
    for flag in protocol.data["red_flags"][:3]:
        answer(child, flag["question"][:40], "n")
    answer(child, "Did you feel a sudden pop or tearing", "y")
    child.expect("See a doctor or physiotherapist within days")
    child.expect("All loading stops")
    assert "Test 1 of 3" not in child.before
    assert finish(child) == 0

    (a,) = stored(db_path)
    assert a.red_flag is True and a.sides == ["left", "right"]
    assert a.answers["red_flags"] == {
        "saddle_numbness": False,
        "bladder_bowel": False,
        "rapid_weakness": False,
        "sudden_pop": True,
    }
    assert a.result["urgency"] == "urgent"


def test_ctrl_c_midway_stores_nothing(run, protocol, db_path):
    child = run()
    answer(child, "Which side hurts?", "\r")
    red_flags_all_no(child, protocol)
    for sign in protocol.data["signs"]:
        answer(child, sign["question"][:40], "n")
    answer(child, "range of motion normal?", "y")
    answer(child, "Pain during the test, left leg (0-10)", "1\r")
    answer(child, "Was it your familiar deep buttock pain?", "y")
    child.expect("Test 2 of 3")
    child.expect(re.escape("Pain during the test, left leg (0-10)"))
    child.sendcontrol("c")
    child.expect("Interrupted: nothing was saved.")
    assert finish(child) == 130
    assert stored(db_path) == []


def test_ctrl_d_at_a_question_stores_nothing(run, db_path):
    child = run()
    answer(child, "Which side hurts?", "\r")
    child.expect("Do you have new numbness")
    child.sendcontrol("d")
    child.expect("The input ended before the last question: nothing was saved.")
    assert finish(child) == 1
    assert stored(db_path) == []
