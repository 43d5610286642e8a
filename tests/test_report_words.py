"""The report tells the period as it was lived, in the protocol's own words:
every protocol in force with its dates and rules, the stage word of the
protocol (no "rung" under goom-2016), a stop called a stop and a pause a
pause, the bent-knee stretch's pause its own mark, and repeated reasons
folded under any protocol."""

from __future__ import annotations

import json
import re
from datetime import date

import pytest

from tests import report_history
from tests.test_report_events import html_history, terminal, visible_text

SWITCH = date(2025, 12, 29)


@pytest.fixture
def goom(cli, db_path, protocol):
    """goom-2016 from the first day: a bent-knee pause of the run plan, a soon red flag, an urgent one."""
    report_history.goom_journey(db_path, protocol)
    return cli


@pytest.fixture
def switched(cli, db_path, protocol):
    """A week of the default protocol, then goom-2016."""
    report_history.goom_journey(db_path, protocol, switch=SWITCH)
    return cli


def fmt(cli, name, until="2026-03-01"):
    return cli.ok("report", "--until", until, "--format", name).stdout


def human(cli, name, until="2026-03-01"):
    """A human format as a person reads it: the Markdown, the page's words, the terminal at 200 columns."""
    if name == "terminal":
        return terminal(cli, 200).replace("\n", " ") if until == "2026-03-01" else ""
    text = fmt(cli, name, until)
    return re.sub(r"\s+", " ", visible_text(text) if name == "html" else text)


@pytest.mark.parametrize("name", ["md", "html", "terminal"])
def test_the_header_names_every_protocol_in_force_with_its_dates_and_its_own_rules(switched, name):
    text = re.sub(r"\s+", " ", human(switched, name))
    assert "Protocols in force" in text
    default = re.search(r"hht-default 1\.0\.0, 2025-12-22 to 2025-12-28[^.]*\. (.*?)\.", text)
    goom = re.search(r"goom-2016 1\.1\.0, 2025-12-29 to 2026-03-01[^.]*\. (.*?)\.", text)
    assert default and goom, text[:1500]
    assert "8 rungs" in default.group(1) and "3 pain-free sessions a rung" in default.group(1)
    rules = goom.group(1)
    assert "4 stages" in rules and "5 pain-free sessions at stage 1, 6 at stages 2-4" in rules
    assert "stages 2-4 every second day" in rules and "in the daily load test" in rules
    assert "per rung" not in text and "6 pain-free sessions a" not in text


def test_the_json_lists_the_protocols_in_force(switched):
    in_force = json.loads(fmt(switched, "json"))["protocol"]["in_force"]
    assert [(p["name"], p["from"], p["to"]) for p in in_force] == [
        ("hht-default", "2025-12-22", "2025-12-28"),
        ("goom-2016", "2025-12-29", "2026-03-01"),
    ]
    assert [s["needed"] for s in in_force[1]["stages"]] == [5, 6, 6, 6]
    assert in_force[1]["adopted"]["reason"] == "physio review"


@pytest.mark.parametrize("name", ["md", "html", "terminal"])
def test_under_goom_2016_no_human_format_says_rung(goom, name):
    for until in ("2026-01-10", "2026-03-01"):  # on a stage, and on maintenance
        text = human(goom, name, until)
        assert not re.search(r"\brungs?\b", text, re.I), re.findall(r".{60}\brungs?\b.{20}", text, re.I)
    assert "Ladder: stage 3 of 4" in human(goom, "md", "2026-01-10")


def test_repeated_reasons_fold_under_goom_2016_by_their_fields(goom):
    key, rows = html_history(fmt(goom, "html"))
    assert "6 pain-free sessions in a row, the last confirmed by that day's morning" in key
    assert "the run the day before (0/10) and the morning after (0/10) were pain-free" in key
    letter = re.search(r"\((\w)\) 6 pain-free sessions", key).group(1)
    assert any(
        row.endswith(f"Ladder advanced ({letter}): up to stage 3 (Heavy slow resistance into increasing hip flexion).")
        for row in rows
    ), rows
    # stage 1 needs 5: its advance is not folded with the 6 of the others
    assert any("5 pain-free sessions in a row at stage 1" in row for row in rows)


def test_a_stop_is_called_a_stop_and_a_pause_a_pause(goom):
    md = fmt(goom, "md")
    assert "| 2026-02-11 | All loading stopped | The assessment on 2026-02-11 found a red flag (urgent)" in md
    assert "| 2026-02-11 | Run plan stopped |" in md
    assert "| 2026-02-14 | Loading resumed |" in md
    assert "| 2026-02-05 | Ladder paused | The assessment on 2026-02-05 found a red flag (soon)" in md
    assert "| 2026-01-27 | Run plan paused (bent-knee stretch) | The run plan is paused: the assessment" in md
    assert "STOPPED: the latest assessment found a red flag that stops all loading" in fmt(goom, "md", "2026-02-12")
    paused = fmt(goom, "md", "2026-02-06")
    assert "PAUSED: the latest assessment found a red flag: progression is paused" in paused
    assert "STOPPED" not in paused
    bent = fmt(goom, "md", "2026-01-28")
    assert re.search(r"Run plan: week 1, \d sets \(opened 2026-01-19\), paused\. No run: the run plan is paused", bent)
    assert "PAUSED" not in bent and "red flag" not in bent.split("## Now")[1].split("##")[0]


def _chart(page: str) -> str:
    return re.search(r'<svg class="chart".*?</svg>', page, re.S).group(0)


def test_the_chart_marks_a_stop_a_red_flag_pause_and_the_bent_knee_pause_each_its_own_way(goom):
    from hht.report.chart import MARKS, mark_of

    history = json.loads(fmt(goom, "json"))["history"]
    marks = {(h["date"], h["track"]): mark_of(h) for h in history if h["kind"] == "pause"}
    assert marks == {
        ("2026-01-27", "run"): "bent_knee",
        ("2026-02-05", "ladder"): "pause",
        ("2026-02-05", "run"): "pause",
        ("2026-02-11", "ladder"): "stop",
        ("2026-02-11", "run"): "stop",
    }
    assert len({MARKS[k][:3] for k in ("bent_knee", "pause", "stop")}) == 3  # each its own shape and colours
    page = fmt(goom, "html")
    chart = _chart(page)
    red = "#B22222"
    assert len(re.findall(rf'<polygon points="(?:[\d.]+,[\d.]+ ){{7}}[\d.]+,[\d.]+" fill="{red}"', chart)) == 2
    assert len(re.findall(rf'<rect [^>]*fill="{red}"', chart)) == 2  # the soon flag's pause, on both tracks
    legend = visible_text(re.search(r'<svg class="chart legend".*?</svg>', page, re.S).group(0))
    for words in ("stop (red flag: no loading)", "pause (red flag)", "pause (bent-knee stretch)"):
        assert words in legend
    assert "M maintenance: every stage done" in legend and "C run plan complete" in legend
    assert "stage" in legend and "rung" not in legend


def test_the_chart_of_a_switch_spans_both_ladders(switched):
    page = fmt(switched, "html")
    desc = visible_text(re.search(r"<desc[^>]*>(.*?)</desc>", _chart(page), re.S).group(1))
    assert (
        "The rung/stage band runs from rung/stage 1 to M (maintenance, once every rung/stage is done, above "
        "rung/stage 8)" in desc
    )
    assert "rung 1 from 2025-12-22 then rung 2 from 2025-12-25" in desc and "stage 1 from 2025-12-29" in desc
