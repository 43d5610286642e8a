"""Persona journeys: six runners, driven day by day through the real commands
(`hht assess`, `hht log`, `hht today`, `hht undo`) on a pinned clock, with what
`today` and `log` print on the key days pinned as reviewed golden text.

The golden files are in tests/golden/, one per persona, as an 80-column
terminal shows them. A wording change is a diff to read: run
`HHT_UPDATE_GOLDEN=1 pytest tests/test_journeys.py` and review `git diff`.

Each journey also asserts the one decision of its key days in plain terms
(`today --json`), so a golden file can never silently bless a wrong plan.
"""

from __future__ import annotations

import difflib
import json
import os
import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from hht.rules.protocol.model import TEST_IDS
from hht.term.console import wrap

GOLDEN = Path(__file__).parent / "golden"
START = date(2026, 3, 2)  # a Monday


def answers(protocol, *, flag: str | None = None, pains=(0, 0, 0), rom=True) -> dict:
    """An assessment of the left side: the three tests' pain (familiar when it hurts), or a red flag."""
    out = {
        "sides": ["left"],
        "red_flags": {f["id"]: f["id"] == flag for f in protocol.data["red_flags"]},
        "signs": {s["id"]: s["id"] == "sitting_pain" for s in protocol.data["signs"]},
        "range_of_motion_normal": rom,
        "tests": {"left": {t: {"pain": p, "familiar": p > 0} for t, p in zip(TEST_IDS, pains)}},
    }
    if flag:
        del out["tests"]
    return out


class Journey:
    """One runner's days, and the transcript of what hht said on the key ones."""

    def __init__(self, cli, monkeypatch, isolated: Path, protocol):
        self.cli, self.monkeypatch, self.folder, self.protocol = cli, monkeypatch, isolated, protocol
        self.day = START
        self.transcript: list[str] = []
        monkeypatch.setenv("COLUMNS", "80")
        monkeypatch.setenv("NO_COLOR", "1")

    def on(self, day: date) -> Journey:
        self.day = day
        self.monkeypatch.setenv("HHT_NOW", f"{day.isoformat()}T07:30:00+00:00")
        return self

    def run(self, *args: str, show: bool = False, code: int = 0) -> str:
        result = self.cli(*args)
        assert result.exit_code == code, result.output + result.stderr
        text = result.stdout + result.stderr
        if args == ("today",):  # the day's view fits a screen at 80 columns
            assert text.count("\n") <= 40, f"{self.day}: `hht today` is {text.count(chr(10))} lines"
        if show:  # as an 80-column terminal shows it: plain lines wrap at word boundaries there
            text = "\n".join(wrap(line, 80) if len(line) > 80 else line for line in text.split("\n"))
            text = re.sub(r"(saved|made) \d{4}-\d\d-\d\d \d\d:\d\d", r"\1 <time>", text)  # the real clock
            shown = " ".join("ANSWERS.json" if a.startswith(str(self.folder)) else a for a in args)
            self.transcript.append(f"== {self.day} {self.day:%a} · hht {shown}\n{text.rstrip()}\n")
        return text

    def assess(self, show: bool = True, **kw) -> str:
        path = self.folder / f"answers-{len(self.transcript)}.json"
        path.write_text(json.dumps(answers(self.protocol, **kw)))
        return self.run("assess", "--answers", str(path), show=show)

    def log(self, *args: str, show: bool = False) -> str:
        return self.run("log", *args, show=show)

    def today(self, show: bool = True) -> str:
        """`hht today`, and the one-line `hht status` beside it: the two must agree."""
        text = self.run("today", show=show)
        self.run("status", show=show)
        return text

    def plan(self) -> dict:
        return json.loads(self.run("today", "--json"))

    def clean_days(self, count: int, *, run: bool = False) -> None:
        """`count` days, each: a pain-free morning and session; a run when today prescribes one."""
        for _ in range(count):
            plan = self.plan()
            values = ["--morning", "0"]
            if plan["loading"]:
                values += ["--exercise", "0"]
            if run and plan["run"]["session"] and not plan["run"]["rest_day"]:
                values += ["--run", "0"]
            self.log(*values)
            self.on(self.day + timedelta(days=1))

    def check_golden(self, name: str) -> None:
        text = "\n".join(self.transcript)
        path = GOLDEN / f"{name}.txt"
        if os.environ.get("HHT_UPDATE_GOLDEN"):
            path.parent.mkdir(exist_ok=True)
            path.write_text(text, encoding="utf-8")
        expected = path.read_text(encoding="utf-8")
        if text != expected:
            diff = "".join(difflib.unified_diff(expected.splitlines(True), text.splitlines(True), str(path), "now"))
            pytest.fail(f"{name}: what hht says changed; review and run with HHT_UPDATE_GOLDEN=1\n{diff}")
        too_wide = [line for line in text.splitlines() if len(line) > 80 and not line.startswith("== ")]
        assert not too_wide, too_wide


@pytest.fixture
def journey(cli, monkeypatch, isolated, protocol) -> Journey:
    return Journey(cli, monkeypatch, isolated, protocol).on(START)


def climb_to_the_gate(j: Journey) -> date:
    """A clean assessment, then clean days until the run plan opens; returns that day."""
    j.assess(show=False)
    for _ in range(40):
        plan = j.plan()
        if plan["run"]["unlocked"]:
            return j.day
        j.clean_days(1)
    raise AssertionError("the gate never opened")


def test_the_clean_climb(journey):
    j = journey
    j.today()  # before anything: assess first
    j.assess()
    j.today()
    j.log("--morning", "0", "--exercise", "0", show=True)
    j.on(j.day + timedelta(days=1))
    j.clean_days(2)
    j.log("--morning", "0", show=True)  # the third session's morning: up to rung 2
    assert j.plan()["ladder"]["rung"] == 2
    j.today()
    gate = climb_to_the_gate(j)
    plan = j.plan()
    assert plan["run"]["unlocked"] and plan["run"]["opened"] <= gate.isoformat() and plan["run"]["session"]
    j.today()
    j.log("--exercise", "0", "--run", "0", show=True)
    j.on(j.day + timedelta(days=1))
    j.log("--morning", "0", show=True)
    plan = j.plan()
    assert plan["run"]["rest_day"] and plan["run"]["sets"] == 3  # a pain-free run added a set; no run today
    j.today()
    j.check_golden("clean-climb")


def test_the_flare_and_step_back(journey):
    j = journey
    j.assess(show=False)
    j.clean_days(7)  # rung 3 after six confirmed sessions
    assert j.plan()["ladder"]["rung"] == 3
    j.log("--morning", "0", "--exercise", "5", "--note", "felt it at the sit bone", show=True)
    j.on(j.day + timedelta(days=1))
    j.log("--morning", "2", show=True)
    plan = j.plan()
    assert plan["ladder"]["rung"] == 2 and plan["ladder"]["pain_free_sessions"] == 0
    j.today()
    j.log("--exercise", "0", "--sitting", "6", show=True)  # a bad evening sitting: the step-back threshold
    j.on(j.day + timedelta(days=1))
    j.log("--morning", "0", show=True)
    assert j.plan()["ladder"]["rung"] == 1  # sitting 6/10 stepped back again
    j.today()
    j.check_golden("flare")


def test_the_urgent_red_flag_stops_all_loading_until_a_clear_assessment(journey):
    j = journey
    j.assess(show=False)
    j.clean_days(4)
    j.assess(flag="sudden_pop")
    plan = j.plan()
    assert plan["loading"] is False and plan["paused"] is True
    assert plan["ladder"]["dose"] is None and plan["run"]["session"] is None and plan["stretching"] is None
    j.today()
    j.run("today", "--start", show=True, code=1)
    j.log("--morning", "3", "--sitting", "2", show=True)  # pain is still recorded
    j.on(j.day + timedelta(days=1))
    j.log("--morning", "1", "--exercise", "0", show=True)  # a session done anyway never counts
    j.on(j.day + timedelta(days=3))
    j.assess()
    plan = j.plan()
    assert plan["loading"] is True and plan["paused"] is False and plan["ladder"]["dose"]
    j.today()
    j.check_golden("urgent-red-flag")


def test_the_soon_red_flag_pauses_progression_and_running_but_not_the_ladder_work(journey):
    j = journey
    gate = climb_to_the_gate(j)
    j.log("--morning", "0", "--exercise", "0", "--run", "0")
    j.on(gate + timedelta(days=1))
    j.log("--morning", "0")
    j.assess(flag="night_pain")
    plan = j.plan()
    assert plan["loading"] is True and plan["paused"] is True
    assert plan["ladder"]["dose"] and plan["run"]["paused"] is True and plan["run"]["session"] is None
    count = plan["ladder"]["pain_free_sessions"]
    j.today()
    j.log("--exercise", "0", show=True)  # the ladder work goes on, but does not count
    j.on(j.day + timedelta(days=1))
    j.log("--morning", "0", show=True)
    assert j.plan()["ladder"]["pain_free_sessions"] == count  # done while paused: it does not count
    j.assess(pains=(0, 0, 0))
    j.today()
    j.check_golden("soon-red-flag")


def test_the_bent_knee_relapse_after_the_run_plan_opened(journey):
    j = journey
    gate = climb_to_the_gate(j)
    j.clean_days(3, run=True)
    before = j.plan()["run"]
    j.assess(pains=(2, 3, 0))  # the assisted bent-knee stretch hurts again
    plan = j.plan()
    assert plan["run"]["paused"] is True and plan["run"]["session"] is None
    assert plan["cross_training"]["allowed"] is False  # one gate for cycling and running
    assert (plan["run"]["week"], plan["run"]["sets"]) == (before["week"], before["sets"])
    j.today()
    j.log("--morning", "0", "--exercise", "0", "--run", "0", show=True)  # a run anyway: it does not count
    j.on(j.day + timedelta(days=2))
    j.assess(pains=(0, 0, 0))
    plan = j.plan()
    assert plan["run"]["paused"] is False and plan["run"]["session"]
    assert (plan["run"]["week"], plan["run"]["sets"]) == (before["week"], before["sets"])
    j.today()
    assert gate < j.day
    j.check_golden("bent-knee-relapse")


def test_the_accidental_assessment_undone(journey):
    j = journey
    j.assess(show=False)
    j.clean_days(5)
    before = j.run("today")
    j.assess(flag="saddle_numbness")  # pressed "yes" by mistake
    assert j.plan()["loading"] is False
    j.today()
    j.run("undo", "--yes", show=True)
    assert j.run("today") == before  # exactly the plan as if it had never been saved
    history = j.run("history", "--json")
    assert [c["kind"] for c in json.loads(history)][:2] == ["assessment", "assessment"]  # the save and its undo
    j.check_golden("accidental-assessment")
