"""A journey through the run plan logged from the watch's files only, read as
the runner (`log`, `today`) and as the physio (the report, in every format)."""

from __future__ import annotations

import csv
import io
import json
import time
from datetime import date, datetime, timedelta

import pytest
from hht.store.opening import open_store
from hht.store.store import Store

from tests.activity_files import gpx_text, tcx_text, walk_jog, write
from tests.runner import assessed

GATE_DAY = date(2026, 3, 2)


@pytest.fixture
def runner(db_path, monkeypatch):
    """The ladder past the run gate on the morning of GATE_DAY, the range of motion normal."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    monkeypatch.setattr(Store, "assessment_summaries", lambda self: [assessed(date(2026, 2, 15))])
    with open_store(db_path) as store, store.write():
        for n in range(15):
            store.save_day(date(2026, 2, 15) + timedelta(days=n), {"morning": 0, "exercise": 0})
    yield
    monkeypatch.undo()
    time.tzset()


def parts_of(run: dict) -> list[tuple[str, int]]:
    """The session `today` prescribes, as the watch would record it done."""
    return [("walk" if i["kind"] == "walk" else "jog", i["seconds"]) for i in run["intervals"]]


def test_the_run_plan_from_files_only(cli, runner, isolated, monkeypatch):
    folder = isolated / "watch"
    folder.mkdir()
    said: dict[date, str] = {}
    day = GATE_DAY
    for _ in range(9):
        monkeypatch.setenv("HHT_NOW", f"{day}T20:00:00+00:00")
        cli.ok("log", "--morning", "0")
        run = cli.json("today")["run"]
        start = datetime(day.year, day.month, day.day, 7, 0, tzinfo=datetime.now().astimezone().tzinfo)
        if run["session"] and not run["rest_day"]:
            parts = parts_of(run)
            if day == GATE_DAY + timedelta(days=5):  # one day, a set more than prescribed
                parts += walk_jog(5, 1, 1)
            path = write(folder, f"{day}.tcx", tcx_text(parts, start=start))
        elif day == GATE_DAY + timedelta(days=3):  # and once on a rest day
            path = write(folder, f"{day}.gpx", gpx_text(walk_jog(5, 1, 2), start=start))
        else:
            day += timedelta(days=1)
            continue
        out = cli.ok("log", "--run-file", str(path), "--run", "0").stdout
        said[day] = out.splitlines()[-1]
        day += timedelta(days=1)

    # The runner read each run against its day's session, in one line.
    assert said[GATE_DAY] == "Against week 1 at 2 sets (2 x (walk 5:00, jog 1:00), 12 min): as prescribed."
    assert (
        said[GATE_DAY + timedelta(days=2)]
        == "Against week 1 at 3 sets (3 x (walk 5:00, jog 1:00), 18 min): as prescribed."
    )
    assert said[GATE_DAY + timedelta(days=3)] == "Against the plan: a run on a rest day."
    assert GATE_DAY + timedelta(days=4) not in said  # the day after a run is a rest day: no run
    assert said[GATE_DAY + timedelta(days=5)].endswith("5 jog intervals of 1 min, 4 prescribed; 6 min over.")
    plan = cli.json("today", "--date", "2026-03-07")  # the day's run, read again
    assert plan["run"]["file"]["check"]["line"] == "5 jog intervals of 1 min, 4 prescribed; 6 min over"

    # The physio reads the same runs side by side with what was prescribed, in every format.
    report = json.loads(cli.ok("report", "--format", "json").stdout)
    runs = report["runs"]
    rows = {r["date"]: r for r in runs["files"]}
    first = rows[GATE_DAY.isoformat()]
    assert first["prescribed_words"] == "week 1 at 2 sets: 2 x (walk 5:00, jog 1:00), 12 min"
    assert first["done"].startswith("TCX file: 12:00 moving") and first["check"]["line"] == "as prescribed"
    assert rows[(GATE_DAY + timedelta(days=3)).isoformat()]["prescribed_words"] == "rest day: no run"
    assert runs["with_file"] == len(said) and runs["as_prescribed"] == len(said) - 2
    minutes = runs["minutes"]
    assert minutes["other_days"] == 12  # the run on the rest day
    assert minutes["done"] == minutes["prescribed"] + 6  # every prescribed run done, one a set long
    assert report["adherence"]["runs"]["done"] == report["adherence"]["runs"]["prescribed"]

    markdown = cli.ok("report", "--format", "md").stdout
    assert "## Runs from their files" in markdown
    assert f"- Runs by the minute: {minutes['done']} of {minutes['prescribed']} prescribed minutes done" in markdown
    assert "| 2026-03-02 | week 1 at 2 sets: 2 x (walk 5:00, jog 1:00), 12 min | TCX file: 12:00 moving" in markdown
    page = cli.ok("report", "--format", "html").stdout
    assert "<h2>Runs from their files</h2>" in page and "a run on a rest day" in page
    table = list(csv.DictReader(io.StringIO(cli.ok("report", "--format", "csv").stdout)))
    by_day = {row["date"]: row for row in table}
    assert by_day["2026-03-02"]["run_file_minutes"] == "12.0" and by_day["2026-03-02"]["run_check"] == "as prescribed"
    assert by_day["2026-03-02"]["run_prescribed_minutes"] == "12" and by_day["2026-03-01"]["run_file_minutes"] == ""
    bundle = json.loads(cli.ok("report", "--format", "fhir").stdout)
    durations = [e["resource"] for e in bundle["entry"] if e["resource"]["code"]["coding"][0]["code"] == "55411-3"]
    assert len(durations) == len(said) and durations[0]["valueQuantity"] == {
        "value": 12.0,
        "unit": "min",
        "system": "http://unitsofmeasure.org",
        "code": "min",
    }

    from hht.report import terminal
    from rich.console import Console

    shown = io.StringIO()
    terminal.render(report, Console(width=160, file=shown, color_system=None))
    screen = shown.getvalue()
    assert "Runs from their files" in screen and "Runs by the minute" in screen
