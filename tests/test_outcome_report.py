"""The twelve-week goom-2016 journey (tests/journey_goom.py) in every report
format: each measure over time with its change from the baseline, sitting
tolerance by week, each exercise's load over time; FHIR validated R4."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from tests import journey_goom

UNTIL = journey_goom.TODAY


@pytest.fixture(scope="module")
def journey(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("journey") / "hht.db"
    journey_goom.build(db)
    return db


def report(cli, journey: Path, *args: str) -> str:
    return cli.ok("--db", str(journey), "report", "--since", "2025-12-01", *args).stdout


def test_json_carries_every_measure_over_time_with_its_change(cli, journey):
    part = json.loads(report(cli, journey, "--format", "json"))["outcomes"]
    measures = {m["id"]: m for m in part["measures"]}
    assert [s["score"] for s in measures["visa-h"]["scores"]] == [35, 47, 66]
    assert [s.get("change") for s in measures["visa-h"]["scores"]] == [None, 12, 31]
    assert [s["score"] for s in measures["psfs"]["scores"]] == [1.67, 2.67, 5.33]
    assert [s.get("real") for s in measures["psfs"]["scores"]] == [None, None, "better"]
    assert measures["psfs"]["scores"][2]["change"] == 3.67  # from the ratings, not the rounded means
    assert [s["score"] for s in measures["groc"]["scores"]] == [1, 2]
    assert [p["time_point"] for p in part["schedule"]] == ["baseline", "week 4", "week 12", "week 26", "week 52"]
    assert part["schedule"][2]["missing"] == [] and part["due"] is None
    assert part["sitting_by_week"][0] == {"week_start": "2025-12-08", "mean": 16, "least": 15, "most": 17, "n": 3}
    assert part["sitting_by_week"][-1]["mean"] == 60
    curls = next(row for row in part["loads"] if row["exercise"] == "leg_curl")
    assert curls["sessions"][0] == {"date": "2025-12-08", "kg": 20.0, "reps": 13, "words": "20 kg x 13"}
    assert curls["sessions"][-1]["kg"] == 28
    deadlift = next(row for row in part["loads"] if row["exercise"] == "romanian_deadlift")
    assert deadlift["name"] == "Romanian deadlift" and deadlift["sessions"][-1]["reps"] == 8


def test_markdown_and_the_terminal_say_each_change_with_its_rule(cli, journey):
    for text in (report(cli, journey, "--format", "md"), report(cli, journey)):  # no terminal: Markdown too
        assert "+31 since 2025-12-08 (no validated minimal important difference: read it with your physio)" in text
        assert "+3.67 since 2025-12-08, a real improvement (MDC90 2 points in the mean)" in text
        assert "+1 since 2025-12-08, within the MDC90 of 2 points: not a real change" in text
        assert "| 2026-02-23 | 57 | 56 | 58 | 3 |" in text
        assert "romanian_deadlift: Romanian deadlift, 33 kg x 11 (2026-01-17) to" in text


def test_the_terminal_report_shows_the_section(journey):
    from hht.cli.commands.report import outcome_data, outcome_section
    from hht.report import outcomes
    from hht.rules.adoption import Timeline
    from hht.rules.protocol import load as protocols
    from hht.store.opening import open_store
    from rich.console import Console

    with open_store(journey, create=False) as store:
        physio = outcome_data(store)
    period = {"since": "2025-12-01", "until": UNTIL.isoformat()}
    part = outcome_section(physio, Timeline(protocols.load("goom-2016")), period)
    shown = io.StringIO()
    console = Console(width=100, file=shown, color_system=None)
    outcomes.terminal({"outcomes": part}, console)  # what hht/report/terminal.py calls
    text = shown.getvalue()
    assert "VISA-H over time" in text and "PSFS over time" in text and "GROC over time" in text
    assert "Sitting tolerance by week (minutes)" in text
    assert "Heavy slow resistance: each exercise's last set, by week" in text
    assert "leg_curl" in text and "28 kg x 11" in text


def test_csv_carries_the_day_figures_and_the_scores(cli, journey):
    rows = list(csv.DictReader(io.StringIO(report(cli, journey, "--format", "csv"))))
    assert {"sitting_minutes", "loads", "visa_h", "psfs", "groc"} <= set(rows[0])
    baseline = next(r for r in rows if r["date"] == "2025-12-08")
    assert baseline["visa_h"] == "35" and baseline["psfs"] == "1.67" and baseline["groc"] == ""
    assert baseline["sitting_minutes"] == "15"
    assert "leg_curl 20 kg x 13" in baseline["loads"]
    assert next(r for r in rows if r["date"] == UNTIL.isoformat())["groc"] == "2"


def test_fhir_has_a_questionnaire_response_per_measure_and_an_observation_derived_from_it(cli, journey):
    from fhir.resources.bundle import Bundle
    from fhir.resources.observation import Observation
    from fhir.resources.questionnaireresponse import QuestionnaireResponse

    raw = json.loads(report(cli, journey, "--format", "fhir"))
    Bundle.parse_obj(raw)  # raises on anything that is not valid R4
    resources = {e["fullUrl"]: e["resource"] for e in raw["entry"]}
    responses = {url: r for url, r in resources.items() if r["resourceType"] == "QuestionnaireResponse"}
    assert len(responses) == 8  # VISA-H and PSFS three times, GROC twice
    for r in responses.values():
        QuestionnaireResponse.parse_obj(r)
    scores = [
        r
        for r in resources.values()
        if r["resourceType"] == "Observation" and r["code"]["coding"][0]["system"] == "urn:hht:outcome"
    ]
    assert len(scores) == 8
    for score in scores:
        Observation.parse_obj(score)
        (source,) = score["derivedFrom"]
        response = responses[source["reference"]]
        assert response["questionnaire"] == f"urn:hht:questionnaire:{score['code']['coding'][0]['code']}"
    visa = sorted(
        (s for s in scores if s["code"]["coding"][0]["code"] == "visa-h"), key=lambda s: s["effectiveDateTime"]
    )
    assert [s["valueQuantity"]["value"] for s in visa] == [35, 47, 66]
    assert "No validated minimal important difference" in visa[0]["note"][0]["text"]
    first = responses[visa[0]["derivedFrom"][0]["reference"]]
    assert [i["linkId"] for i in first["item"]] == ["1", "2", "3", "4", "5", "6", "7", "8", "8-branch"]
    assert first["item"][8]["answer"][0]["valueString"] == "pain_stopping"
    psfs = next(r for r in responses.values() if r["questionnaire"].endswith("psfs"))
    assert [i["text"] for i in psfs["item"]] == ["Sitting an hour", "Running 30 minutes", "Sprinting"]
    sitting = [
        r for r in resources.values() if r.get("code", {}).get("coding", [{}])[0].get("code") == "sitting-minutes"
    ]
    assert len(sitting) == 37 and sitting[0]["valueQuantity"] == {
        "value": 15,
        "unit": "min",
        "system": "http://unitsofmeasure.org",
        "code": "min",
    }
    curls = [r for r in resources.values() if r.get("code", {}).get("coding", [{}])[0].get("code") == "load-leg_curl"]
    assert len(curls) == 20 and curls[0]["component"][1] == {"code": {"text": "Repetitions"}, "valueInteger": 13}


def test_html_shows_the_section_with_its_rules(cli, journey):
    page = report(cli, journey, "--format", "html")
    assert "<h2>Outcome measures</h2>" in page
    assert "no validated minimal important difference: read it with your physio" in page
    assert "Sitting tolerance by week" in page and "Heavy slow resistance" in page
    assert '<table class="loads">' in page and "52.5 kg x 8" in page


def test_an_activity_named_with_markup_is_shown_as_typed_in_every_format(cli):
    hostile = ["<script>alert(1)</script>", "[bold red]loud[/]", "=HYPERLINK(x)"]
    answers = {"activities": [{"name": n, "rating": 3} for n in hostile]}
    assert cli("outcome", "psfs", "--answers", "-", input=json.dumps(answers)).exit_code == 0
    assert cli("outcome", "psfs", "--answers", "-", input=json.dumps({"ratings": [7, 7, 7]})).exit_code == 0
    cli.ok("log", "--morning", "0")
    md = cli.ok("report", "--format", "md").stdout
    assert "\\<script\\>alert(1)\\</script\\> +4" in md and "\\[bold red\\]loud\\[/\\] +4" in md
    page = cli.ok("report", "--format", "html").stdout
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt; +4" in page
    bundle = json.loads(cli.ok("report", "--format", "fhir").stdout)
    names = [
        i["text"]
        for e in bundle["entry"]
        if e["resource"]["resourceType"] == "QuestionnaireResponse"
        for i in e["resource"]["item"]
    ]
    assert names[:3] == hostile  # JSON carries the text as typed
    from hht.report import terminal
    from rich.console import Console

    data = json.loads(cli.ok("report", "--format", "json").stdout)
    shown = io.StringIO()
    console = Console(width=120, file=shown, color_system=None)
    terminal.render(data, console)
    assert "[bold red]loud[/] +4" in shown.getvalue()
