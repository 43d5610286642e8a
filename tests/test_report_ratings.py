"""Every pain rating the records declare, in every report format: a CSV column,
one FHIR Observation per rating per day, a heading in every table, and a
corrected rating named in words, never by its id."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from hht.rules.records import PAIN_RATINGS

from tests.test_report_events import terminal, visible_text

# each rating of the day its own value, so that each can be found by it
VALUES = {r.id: n for n, r in enumerate(PAIN_RATINGS, start=1)}
OPTIONS = {r.id: "--" + r.id.replace("_", "-") for r in PAIN_RATINGS}


@pytest.fixture
def every_rating(cli):
    """Under goom-2016 (which has a daily load test): two days with every rating, and a load test corrected."""
    cli.ok("protocol", "use", "goom-2016", "--from", "2026-02-20")
    for day in ("2026-02-27", "2026-02-28"):
        args = [a for r in PAIN_RATINGS for a in (OPTIONS[r.id], str(VALUES[r.id]))]
        cli.ok("log", "--date", day, *args)
    cli.ok("log", "--date", "2026-02-28", "--load-test", "0")  # a correction of the load test
    return cli


def fmt(cli, name):
    return cli.ok("report", "--until", "2026-03-01", "--format", name).stdout


def test_the_csv_has_a_column_for_every_rating(every_rating):
    rows = list(csv.DictReader(io.StringIO(fmt(every_rating, "csv"))))
    first = next(r for r in rows if r["date"] == "2026-02-27")
    for rating in PAIN_RATINGS:
        assert first[rating.id] == str(VALUES[rating.id]), rating.id
    assert next(r for r in rows if r["date"] == "2026-02-28")["load_test"] == "0"


def test_fhir_has_one_pain_observation_per_rating_per_day(every_rating):
    raw = json.loads(fmt(every_rating, "fhir"))
    pain = [e["resource"] for e in raw["entry"] if e["resource"]["code"]["coding"][0]["code"] == "72514-3"]
    assert len(pain) == 2 * len(PAIN_RATINGS)
    on_27 = {p["code"]["text"]: p["valueInteger"] for p in pain if p["effectiveDateTime"] == "2026-02-27"}
    assert on_27 == {f"Pain severity 0-10, {r.context}": VALUES[r.id] for r in PAIN_RATINGS}
    assert any("load test" in text for text in on_27)


@pytest.mark.parametrize("name", ["md", "html", "terminal"])
def test_every_table_heads_every_rating_and_a_corrected_load_test_is_named_in_words(every_rating, name):
    text = terminal(every_rating, width=200) if name == "terminal" else fmt(every_rating, name)
    if name == "html":
        table = text[text.index("<h2>Pain by week") :]
        head = visible_text(table[: table.index("</thead>")])
        text = visible_text(text)
    else:
        head = next(line for line in text.splitlines() if re.search(r"week of.*morning", line, re.I))
    for rating in PAIN_RATINGS:
        assert re.search(rf"\b{re.escape(rating.heading)}\b", head, re.I), (name, rating.heading)
    assert "load test 5/10, corrected to 0/10" in text
    assert "load_test" not in text
