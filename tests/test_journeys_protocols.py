"""Persona journeys under goom-2016 and across a physio's switch to goom-2016
and back, through the real commands, with what `today`, `status`, `log`,
`today --start`, the calendar and the report say on the key days pinned as
reviewed golden text at 80 columns (tests/golden/; `HHT_UPDATE_GOLDEN=1`
rewrites them, then read `git diff`)."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from hht.term.console import wrap

from tests.test_journeys import START, Journey


@pytest.fixture
def journey(cli, monkeypatch, isolated, protocol) -> Journey:
    return Journey(cli, monkeypatch, isolated, protocol).on(START)


def follow(j: Journey, days: int) -> None:
    """`days` days of doing what `today` prescribes, pain-free, the load test with the morning."""
    for _ in range(days):
        j.on(j.day + timedelta(days=1))
        plan = j.plan()
        morning = ["--morning", "0"]
        if plan["prescribed"]["load_test"] is not None:
            morning += ["--load-test", "0"]
        j.log(*morning)
        plan = j.plan()
        work = []
        if plan["prescribed"]["session"] == "due":
            work += ["--exercise", "0"]
        if plan["prescribed"]["run"] == "run":
            work += ["--run", "0"]
        if work:
            j.log(*work)


def calendar_summaries(j: Journey, days: int = 3) -> str:
    path = j.folder / "plan.ics"
    j.run("calendar", "-o", str(path), "--days", str(days), "--force")
    text = path.read_text().replace("\r\n ", "")
    lines = [line.split(":", 1)[1] for line in text.splitlines() if line.startswith("SUMMARY:")]
    shown = "\n".join(lines)
    j.transcript.append(f"== {j.day} {j.day:%a} · hht calendar (the events' titles)\n{shown}\n")
    return shown


def test_goom_2016_from_the_first_day(journey):
    j = journey
    j.run("protocol", "use", "goom-2016", show=True)
    j.assess(show=False)
    j.log("--load-test", "0")
    j.today()
    j.run("today", "--start", show=True, code=2)  # the holds; a timer needs a terminal
    j.log("--exercise", "0")
    follow(j, 5)  # five pain-free sessions: stage 2, heavy work every second day
    plan = j.plan()
    assert plan["ladder"]["rung"] == 2
    j.today()
    follow(j, 1)
    plan = j.plan()
    assert plan["prescribed"]["session"] in ("due", "rest")
    if plan["prescribed"]["session"] != "rest":
        follow(j, 1)
    plan = j.plan()
    assert plan["prescribed"]["session"] == "rest"
    j.today()  # a rest day for the heavy work: status says so too
    assert "rung" not in calendar_summaries(j).lower()
    report = j.run("report", "--format", "md")
    assert "rung" not in report.lower()
    data = json.loads(j.run("report", "--format", "json"))
    ladder = data["adherence"]["ladder"]
    assert ladder["done"] == ladder["prescribed"]
    j.check_golden("goom-2016")


def test_a_physio_switches_to_goom_2016_and_back(journey):
    j = journey
    j.assess(show=False)
    follow(j, 6)
    j.on(j.day + timedelta(days=1))
    j.run("protocol", "use", "goom-2016", "--reason", "physio review: heavy slow resistance", show=True)
    j.log("--morning", "0", "--load-test", "0", show=True)
    plan = j.plan()
    assert plan["protocol"]["name"] == "goom-2016" and plan["ladder"]["rung"] == 1
    j.today()
    j.run("today", "--start", show=True, code=2)
    follow(j, 10)
    j.on(j.day + timedelta(days=1))
    j.run("protocol", "use", "default", "--reason", "back to the ladder", show=True)
    j.log("--morning", "0", show=True)
    plan = j.plan()
    assert plan["protocol"]["name"] == "hht-default" and plan["prescribed"]["run"] == "locked"
    j.today()
    said = j.run("today", "--start", show=True, code=2)
    assert "walk 5:00" not in said  # the run plan is not open: no run is timed
    calendar_summaries(j)
    report = j.run("report", "--format", "md")
    head = report.split("## ")[0]
    assert "goom-2016" in head and "hht-default" in head  # every protocol in force, with its dates
    shown = "\n".join(wrap(line, 80) if len(line) > 80 else line for line in head.rstrip().split("\n"))
    j.transcript.append(f"== {j.day} {j.day:%a} · hht report --format md (its header)\n{shown}\n")
    j.check_golden("switch-to-goom-and-back")
