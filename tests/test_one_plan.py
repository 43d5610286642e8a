"""One plan, told the same everywhere: what `today` says of a day is what the
timer times, what `status` lists, what the calendar exports, what `log`
replies and what the report counts, under both shipped protocols and across
a switch between them. Each test is a defect a runner met, driven through the
real commands on a pinned clock."""

from __future__ import annotations

import json
import os
from datetime import date, timedelta
from pathlib import Path

import pytest
from hht.rules.protocol.model import TEST_IDS

START = date(2026, 3, 2)  # a Monday


def answers(protocol, *, flag: str | None = None, bent_knee: int = 0) -> dict:
    out = {
        "sides": ["left"],
        "red_flags": {f["id"]: f["id"] == flag for f in protocol.data["red_flags"]},
        "signs": {s["id"]: False for s in protocol.data["signs"]},
        "range_of_motion_normal": True,
        "tests": {"left": {t: {"pain": bent_knee if t == "bent_knee" else 0, "familiar": False} for t in TEST_IDS}},
    }
    if flag:
        del out["tests"]
    return out


class Runner:
    """A runner who does what `hht today` prescribes, pain-free, day by day."""

    def __init__(self, cli, monkeypatch, folder: Path, protocol):
        self.cli, self.monkeypatch, self.folder, self.protocol = cli, monkeypatch, folder, protocol
        self.day = START
        monkeypatch.setenv("COLUMNS", "80")
        monkeypatch.setenv("NO_COLOR", "1")

    def on(self, day: date) -> Runner:
        self.day = day
        self.monkeypatch.setenv("HHT_NOW", f"{day.isoformat()}T07:30:00+00:00")
        return self

    def ok(self, *args: str) -> str:
        result = self.cli(*args)
        assert result.exit_code == 0, result.output + result.stderr
        return result.stdout + result.stderr

    def plan(self) -> dict:
        return json.loads(self.ok("today", "--json"))

    def assess(self, **kw) -> str:
        path = self.folder / "answers.json"
        path.write_text(json.dumps(answers(self.protocol, **kw)))
        return self.ok("assess", "--answers", str(path))

    def live(self, days: int, *, run_pain: int = 0, cli: bool = False) -> dict[date, str]:
        """Follow the plan for `days` days after the current one (from the current one on
        the first day); with `cli`, through `hht log`, returning its replies by day,
        else through the library (the same store and plan, much faster)."""
        replies: dict[date, str] = {}
        for n in range(days):
            self.on(self.day + timedelta(days=1) if n or self.day != START else self.day)
            replies[self.day] = self._cli_day(run_pain) if cli else self._library_day(run_pain)
        return replies

    def _cli_day(self, run_pain: int) -> str:
        plan = self.plan()
        morning = ["--morning", "0"] if plan["logged_today"] is None and self.day != START else []
        if plan["prescribed"]["load_test"] is not None and not plan["prescribed"]["load_test_logged"]:
            morning += ["--load-test", "0"]
        said = self.ok("log", *morning) if morning else ""
        plan = self.plan()
        if plan["prescribed"]["session"] == "due":
            said += self.ok("log", "--exercise", "0")
        if plan["prescribed"]["run"] == "run":
            said += self.ok("log", "--run", str(run_pain))
        return said

    def _library_day(self, run_pain: int) -> str:
        from hht.plan.day import day_plan
        from hht.rules.adoption import timeline
        from hht.rules.protocol import load
        from hht.rules.timeline import Timeline
        from hht.store.opening import open_store

        with open_store(Path(os.environ["HHT_DB"])) as store:
            uses = store.protocol_uses()
            lived = timeline(uses) if uses else Timeline(load.load())
            values: dict = {"morning": 0} if self.day != START else {}
            if lived.at(self.day).load_test is not None:
                values["load_test"] = 0
            with store.write():
                store.save_day(self.day, values)
            plan = day_plan(lived, store.days(until=self.day), self.day, store.assessment_summaries())
            work: dict = {}
            if plan.prescription.session_due:
                work["exercise"] = 0
            if plan.prescription.run_due:
                work["run"] = run_pain
            if work:
                with store.write():
                    store.save_day(self.day, work)
        return ""


@pytest.fixture
def runner(cli, monkeypatch, isolated, protocol):
    return Runner(cli, monkeypatch, isolated, protocol).on(START)


def test_start_times_what_today_prescribes_after_a_switch_back_to_the_default(runner):
    runner.ok("protocol", "use", "goom-2016", "--from", START.isoformat())
    runner.assess()
    runner.live(26)
    runner.on(runner.day + timedelta(days=1))
    runner.ok("protocol", "use", "default")
    runner.ok("log", "--morning", "0")
    plan = runner.plan()
    assert plan["protocol"]["name"] == "hht-default" and plan["prescribed"]["run"] == "locked"
    result = runner.cli("today", "--start")
    said = result.stdout + result.stderr
    assert "Week 1" not in said and "walk 5:00" not in said  # no run is timed while today forbids one
    assert f"Timing the holds of rung {plan['ladder']['rung']}" in said


def test_start_under_goom_after_the_default_times_stage_1_s_holds(runner):
    runner.assess()
    runner.live(7)
    runner.on(runner.day + timedelta(days=1))
    runner.ok("protocol", "use", "goom-2016")
    runner.ok("log", "--morning", "0", "--load-test", "0")
    plan = runner.plan()
    assert plan["protocol"]["name"] == "goom-2016" and plan["ladder"]["rung"] == 1
    result = runner.cli("today", "--start")
    said = result.stdout + result.stderr
    assert "has no holds" not in said and "rung" not in said
    assert "Timing the holds of stage 1 (Isometrics in minimal hip flexion)" in said


def test_goom_rest_days_are_rest_days_in_status_the_calendar_and_the_report(runner):
    runner.ok("protocol", "use", "goom-2016", "--from", START.isoformat())
    runner.assess()
    runner.live(12)
    plan = runner.plan()
    while plan["prescribed"]["session"] != "rest":  # the runner is on a heavy stage, every second day
        runner.live(1)
        plan = runner.plan()
    stage = plan["ladder"]["rung"]
    assert plan["ladder"]["rest_day"] and stage >= 2
    line = runner.ok("status")
    assert f"rest day from stage {stage}" in line and f"stage {stage} heavy" not in line
    path = runner.folder / "plan.ics"
    runner.ok("calendar", "-o", str(path), "--days", "4")
    text = path.read_text().replace("\r\n ", "")
    first = text.split("BEGIN:VEVENT")
    today_events = [e for e in first if f"DTSTART;VALUE=DATE:{runner.day:%Y%m%d}" in e]
    summaries = [line for e in today_events for line in e.splitlines() if line.startswith("SUMMARY")]
    assert any(f"Rest day from stage {stage}" in s for s in summaries), summaries
    assert not any(s.startswith(f"SUMMARY:Stage {stage} of") for s in summaries), summaries
    assert "Rung" not in text
    report = json.loads(runner.ok("report", "--format", "json"))
    ladder = report["adherence"]["ladder"]
    assert ladder["done"] == ladder["prescribed"]  # every session asked for was done: rest days are not due


def test_weeks_3_to_8_the_log_tells_each_decision_once_and_counts_honestly(runner):
    runner.assess()
    runner.live(30)
    replies = runner.live(24, cli=True)  # weeks 3 and 4 of the run plan
    said = "\n".join(replies.values())
    assert "No longer" not in said
    assert " 4 of 3 " not in said and " 5 of 3 " not in said
    for day, reply in replies.items():
        assert reply.count("week 3 is done") <= 1, day
    # on each day the log's reply and `today` tell the same week
    assert "week 3 is done; week 4 starts" in said
    for day in sorted(replies):
        runner.on(day)
        week = runner.plan()["run"]["week"]
        last = [x for x in replies[day].splitlines() if x.strip().startswith("No change to the plan")]
        if week is not None and last:
            assert f"run: week {week}" in last[-1], (day, last[-1])


def test_under_an_urgent_flag_the_log_promises_nothing_and_calls_the_stop_a_stop(runner):
    runner.assess()
    runner.live(36)  # the run plan is open
    assert runner.plan()["run"]["unlocked"]
    runner.on(runner.day + timedelta(days=1))
    runner.ok("log", "--morning", "0")
    runner.assess(flag="sudden_pop")
    plan = runner.plan()
    assert plan["prescribed"] == {**plan["prescribed"], "session": "stopped", "run": "stopped"}
    said = runner.ok("log", "--run", "0")
    assert "counts once" not in said and "paused" not in said
    said = runner.ok("log", "--run", "2")
    assert "the same session again" not in said and "counts once" not in said
    assert "no run while all loading is stopped" in said
    assert "No run: the red flag from the assessment" in plan["run"]["reason"]
    assert "stops all loading" in plan["run"]["reason"]


def test_the_report_counts_the_run_week_and_the_last_30_days_as_today_does(runner):
    runner.assess()
    runner.live(30)
    while runner.plan()["run"]["week_started"] is None:  # into weeks 3-8
        runner.live(1)
    runner.live(3)
    plan = runner.plan()
    day = (runner.day - date.fromisoformat(plan["run"]["week_started"])).days + 1
    report = runner.ok("report", "--format", "md")
    assert f"day {day} of at least {plan['run']['min_days']}" in report
    young = runner.folder / "young.db"
    runner.monkeypatch.setenv("HHT_DB", str(young))
    runner.on(START)
    runner.assess()
    runner.live(15)  # a record 15 days old
    report = runner.ok("report", "--format", "md")
    assert "of the last 15" in report and "of 30" not in report, report[report.index("## Adherence") :][:600]
