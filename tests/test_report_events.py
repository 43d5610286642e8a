"""The report on fixed rehab histories: every event, in every human format."""

from __future__ import annotations

import html as htmllib
import io
import itertools
import json
import re

import pytest
from hht.rules.timeline import Timeline

from tests import report_history


@pytest.fixture
def ten_weeks(cli, db_path, protocol):
    report_history.ten_weeks(db_path, protocol)
    return cli


@pytest.fixture
def many(cli, db_path, protocol):
    report_history.many_events(db_path, protocol)
    return cli


def fmt(cli, name, *args):
    return cli.ok("report", "--until", "2026-03-01", "--format", name, *args).stdout


def terminal(cli, width=80, *args):
    """The terminal report as a person reads it at `width` columns."""
    from hht.report import terminal as term
    from rich.console import Console

    data = json.loads(fmt(cli, "json", *args))
    out = io.StringIO()
    term.render(data, Console(file=out, width=width, force_terminal=False, color_system=None))
    return out.getvalue()


def visible_text(page: str) -> str:
    body = re.sub(r"<(title|style)>.*?</\1>", " ", page, flags=re.S)
    return htmllib.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body)))


def html_history(page: str) -> tuple[str, list[str]]:
    """The HTML stage history as read: the key of shared reasons, and each row's text."""
    section = page[page.index("<h2>Stage history</h2>") + len("<h2>Stage history</h2>") :]
    key = visible_text(section[: section.index("<table")]).strip()
    table = section[: section.index("</table>")]
    return key, [visible_text(row).strip() for row in re.findall(r"<tr>(.*?)</tr>", table, re.S)[1:]]


def states_the_reason(row: str, key: str, reason: str) -> bool:
    """A row states its reason whole, or its own part after a letter whose shared words the key gives."""
    if re.sub(r"\s+", " ", reason) in row:
        return True
    found = re.search(r"\(([a-z])\): (.+)$", row)
    return bool(found) and reason.endswith(found.group(2)) and f"({found.group(1)}) " in key


def events(cli, *args):
    return json.loads(fmt(cli, "json", *args))["decisions"]


def test_every_kind_of_event_is_in_the_json_with_its_own_reason(ten_weeks):
    found = {(e["date"], e["track"], e["kind"]): e["reason"] for e in events(ten_weeks)}
    assert found[("2025-12-25", "ladder", "advance")].startswith("3 pain-free sessions in a row at rung 1")
    assert found[("2025-12-26", "ladder", "hold")].startswith("Exercise pain 2/10 is above")
    assert found[("2025-12-27", "ladder", "hold")].startswith("Morning pain 1/10 is above")
    assert found[("2026-01-06", "ladder", "step_back")].startswith("Sitting pain 5/10 is at or above")
    assert "found a red flag" in found[("2026-01-12", "ladder", "pause")]
    assert "found no red flag" in found[("2026-01-14", "ladder", "resume")]
    assert found[("2026-01-16", "gate", "open")].startswith("Rung 5 (Back plank with leg lifts) was done")
    assert found[("2026-01-25", "ladder", "complete")].endswith("maintenance from here.")
    assert found[("2026-02-12", "run", "hold")].startswith("Run pain 2/10 is above")
    assert found[("2026-02-16", "run", "pause")] == (
        "The assessment on 2026-02-16 found a red flag: no run until "
        "an assessment has none; the plan waits at week 2 at 5 sets. "
        "Red flag: night pain that no position eases."
    )
    assert found[("2026-02-18", "run", "resume")] == (
        "The assessment on 2026-02-18 found no red flag: runs resume at week 2 at 5 sets."
    )


def test_a_run_of_holds_states_each_cause_truthfully(ten_weeks):
    history = json.loads(fmt(ten_weeks, "json"))["history"]
    (streak,) = [h for h in history if h["kind"] == "hold_streak" and h["track"] == "ladder"]
    assert (streak["date"], streak["to_date"], streak["holds"]) == ("2025-12-26", "2025-12-27", 2)
    assert streak["reason"] == (
        "Held 2 times: exercise pain 2/10 on 12-26; morning pain 1/10 on 12-27. "
        "Each above the advance threshold 0/10: held on rung 2."
    )
    assert [h["date"] for h in streak["held"]] == ["2025-12-26", "2025-12-27"]
    md = fmt(ten_weeks, "md")
    assert (
        "| 2025-12-26 to 2025-12-27 | Ladder held (2 times) | Held 2 times: exercise pain 2/10 on 12-26; "
        "morning pain 1/10 on 12-27."
    ) in md


@pytest.mark.parametrize("name", ["md", "html", "terminal"])
def test_every_event_appears_with_its_date_and_reason_in_every_human_format(ten_weeks, name):
    text = terminal(ten_weeks, width=200) if name == "terminal" else fmt(ten_weeks, name)
    if name == "html":
        text = visible_text(text)
    flat = re.sub(r"\s+", " ", re.sub(r"[│┃|]", " ", text))
    history = json.loads(fmt(ten_weeks, "json"))["history"]
    assert len(history) == 28
    if name == "html":  # reasons shared by several rows are stated once, above the rows
        key, rows = html_history(fmt(ten_weeks, name))
        assert len(rows) == 28
        for event, row in zip(history, rows):
            assert row.startswith(event["date"]) and states_the_reason(row, key, event["reason"]), (event, row)
        return
    for event in history:
        assert event["date"] in flat
        assert re.sub(r"\s+", " ", event["reason"]) in flat, event


def test_the_html_history_states_repeated_reasons_once_and_each_rows_own_part(ten_weeks):
    key, rows = html_history(fmt(ten_weeks, "html"))
    assert key == (
        "Reasons shared by several rows, stated once: (a) 3 pain-free sessions in a row, the last "
        "confirmed by that day's morning; (b) that day's assessment found a red flag (soon): progression "
        "is paused and running stops until an assessment has none; (c) that day's assessment found no "
        "red flag: progression resumes; (d) the run the day before (0/10) and the morning after (0/10) "
        "were pain-free. # numbers the marks on the chart."
    )
    assert rows[2] == "2025-12-30 3 Ladder advanced (a): up to rung 3 (Double-leg glute bridge with leg lifts)."
    assert rows[7] == (
        "2026-01-12 8 Ladder paused (b): the ladder work goes on at rung 5. "
        "Red flag: night pain that no position eases."
    )
    assert rows[14] == (
        "2026-01-26 15 Run plan advanced (d): up to week 1 at 3 sets (3 x (walk 5:00, jog 1:00), 18 min)."
    )
    # met once, a reason stands whole: the run plan's own pause, and week 3's 7 days
    assert rows[23].endswith(
        "Run plan paused. The assessment on 2026-02-16 found a red flag: no run until an "
        "assessment has none; the plan waits at week 2 at 5 sets. Red flag: night pain that no "
        "position eases."
    )
    assert rows[27].endswith(
        "3 pain-free runs and none painful in the 7 days since 2026-02-19: week 3 is done; "
        "week 4 starts: 20 min run at normal training pace."
    )


def test_a_reason_worded_otherwise_is_printed_whole():
    from hht.report.text import shared_reasons

    rows = [
        {
            "date": "2026-01-02",
            "track": "ladder",
            "kind": "advance",
            "reason": "3 pain-free sessions in a row at rung 1, the last confirmed by the morning of 2026-01-01: "
            "up to rung 2 (Front plank).",
        },  # not the row's own date: not the same words
        {
            "date": "2026-01-05",
            "track": "ladder",
            "kind": "advance",
            "reason": "3 pain-free sessions in a row at rung 2, the last confirmed by the morning of 2026-01-05: "
            "up to rung 3 (Bridge).",
        },
    ]
    assert shared_reasons(rows) == ([], [None, None])


def test_nothing_is_cut_to_the_latest_few(many):
    history = json.loads(fmt(many, "json"))["history"]
    assert len(history) > 40  # more than a screen holds
    page = visible_text(fmt(many, "html"))
    screen = re.sub(r"\s+", " ", re.sub(r"[│┃|]", " ", terminal(many, width=200)))
    md = fmt(many, "md")
    key, rows = html_history(fmt(many, "html"))
    for event, row in zip(history, rows, strict=True):
        assert states_the_reason(row, key, event["reason"]) and event["reason"] in screen and event["reason"] in md
    assert "the latest" not in page.lower() and "latest 1" not in screen


def test_the_default_period_starts_at_the_baseline_assessment(ten_weeks):
    data = json.loads(fmt(ten_weeks, "json"))
    assert data["period"]["since"] == "2025-12-20"  # the assessment, two days before the first logged day
    assert data["runner"]["first_entry"] == "2025-12-22"
    assert data["assessments"][0]["date"] == "2025-12-20"
    assert data["assessment_before_period"] is None
    assert "No assessment in this period" not in fmt(ten_weeks, "md")


def test_since_narrows_the_period_and_names_the_last_assessment_before_it(ten_weeks):
    data = json.loads(fmt(ten_weeks, "json", "--since", "2026-01-20"))
    assert data["period"]["since"] == "2026-01-20"
    assert data["assessment_before_period"]["date"] == "2026-01-14"
    assert [a["date"] for a in data["assessments"]] == ["2026-02-16", "2026-02-18"]
    line = (
        "The period starts on 2026-01-20; the last assessment before it was on 2026-01-14, shown first for reference."
    )
    assert line in fmt(ten_weeks, "md", "--since", "2026-01-20")
    assert line in visible_text(fmt(ten_weeks, "html", "--since", "2026-01-20"))
    assert line in re.sub(r"\s+", " ", terminal(ten_weeks, 80, "--since", "2026-01-20"))


@pytest.mark.parametrize("name", ["md", "html", "terminal"])
def test_people_read_labels_never_protocol_ids(ten_weeks, protocol, name):
    text = terminal(ten_weeks, width=200) if name == "terminal" else fmt(ten_weeks, name)
    if name == "html":
        text = visible_text(text)
    ids = [f["id"] for f in protocol.data["red_flags"]] + [s["id"] for s in protocol.data["signs"]]
    ids += [t["id"] for t in protocol.data["self_tests"]]
    assert [i for i in ids if i in text] == []
    assert "Night pain that no position eases" in text and "Bent-knee stretch" in text
    if name != "terminal":
        assert "Sit bone tender to press" in text


def test_json_keeps_the_ids_and_adds_the_labels(ten_weeks):
    data = json.loads(fmt(ten_weeks, "json"))
    paused = next(a for a in data["assessments"] if a["red_flag"])
    assert paused["red_flags_yes"] == ["night_pain"]
    assert data["labels"]["red_flags"]["night_pain"] == "Night pain that no position eases"
    assert data["labels"]["signs"]["sit_bone_tender"] == "Sit bone tender to press"
    assert data["labels"]["tests"]["bent_knee"] == "Bent-knee stretch"


def test_adherence_counts_against_each_days_prescription_and_names_the_rest(ten_weeks):
    data = json.loads(fmt(ten_weeks, "json"))
    ladder, runs = data["adherence"]["ladder"], data["adherence"]["runs"]
    # 72 days from the baseline; 67 sessions logged (3 unlogged days, and none on 12-20 and 12-21)
    assert ladder == {"prescribed": 72, "done": 67, "partial": 1, "on_rest_days": [], "while_stopped": []}
    # 02-09 ran the day after 02-08's run, and 02-10 the day after that: week 2 rests after a run
    assert runs["on_rest_days"] == ["2026-02-09", "2026-02-10"]
    assert runs["while_paused"] == ["2026-02-16"]
    assert runs["done"] == 15 and runs["before_plan"] == [] and runs["after_plan"] == []
    md = fmt(ten_weeks, "md")
    assert "- Ladder sessions: 67 done of 72 prescribed (1 partial)" in md
    assert f"- Runs: 15 done of {runs['prescribed']} prescribed" in md
    assert "- 2 runs on rest days, not counted: 2026-02-09, 2026-02-10" in md
    assert "- 1 run while the run plan was paused, not counted: 2026-02-16" in md


@pytest.mark.parametrize("name", ["md", "html", "terminal"])
def test_corrected_entries_show_the_old_and_the_new_value(ten_weeks, name):
    text = terminal(ten_weeks, width=80) if name == "terminal" else fmt(ten_weeks, name)
    if name == "html":
        text = visible_text(text)
    assert "2026-01-10: sitting pain 2/10, corrected to 1/10" in text


def test_sessions_while_a_red_flag_stops_loading_are_counted_apart(cli, protocol):
    answers = {"sides": ["left"], "red_flags": {f["id"]: f["id"] == "sudden_pop" for f in protocol.data["red_flags"]}}
    cli.ok("log", "--date", "2026-02-01", "--morning", "0", "--exercise", "0")
    assert cli("assess", "--date", "2026-02-02", "--answers", "-", input=json.dumps(answers)).exit_code == 0
    cli.ok("log", "--date", "2026-02-03", "--morning", "1", "--exercise", "1")
    data = json.loads(cli.ok("report", "--until", "2026-02-04", "--format", "json").stdout)
    assert data["adherence"]["ladder"] == {
        "prescribed": 1,
        "done": 1,
        "partial": 0,
        "on_rest_days": [],
        "while_stopped": ["2026-02-03"],
    }
    md = cli.ok("report", "--until", "2026-02-04").stdout
    assert "- 1 session while a red flag stopped all loading, not counted: 2026-02-03" in md
    assert "Red flag: sudden pop or tearing." in md


@pytest.mark.parametrize("history", ["ten_weeks", "many"])
def test_the_terminal_report_fits_80_columns_without_cutting_a_date_or_a_label(history, request):
    cli = request.getfixturevalue(history)
    screen = terminal(cli, width=80)
    assert max(len(line) for line in screen.splitlines()) <= 80
    assert "…" not in screen
    data = json.loads(fmt(cli, "json"))
    words = re.findall(r"[^\s│┃┏┓┗┛┡┩━─╭╮╰╯]+", screen)
    for when in (
        {a["date"] for a in data["assessments"]}
        | {h["date"] for h in data["history"]}
        | {w["week_start"] for w in data["pain_by_week"]}
    ):
        assert when in words, when
    for label in data["labels"]["tests"].values():
        assert all(part in screen for part in label.split())


def _svg(page: str) -> str:
    return re.search(r'<svg class="chart".*?</svg>', page, re.S).group(0)


def test_the_chart_draws_no_line_across_unlogged_days(ten_weeks):
    svg = _svg(fmt(ten_weeks, "html"))
    data = json.loads(fmt(ten_weeks, "json"))
    # 02-01 to 02-03 are not logged: no polyline may hold a point from before and one from after the gap
    since = report_history.date.fromisoformat(data["period"]["since"])
    span = (report_history.UNTIL - since).days
    x = lambda d: 62 + (720 - 62 - 14) * (d - since).days / span  # noqa: E731
    before, after = x(report_history.date(2026, 1, 31)), x(report_history.date(2026, 2, 4))
    lines = re.findall(r'<polyline points="([^"]+)"', svg)
    assert lines
    for points in lines:
        xs = [float(p.split(",")[0]) for p in points.split()]
        assert not (min(xs) <= before + 0.1 and max(xs) >= after - 0.1), "a line bridges the unlogged days"
        assert all(
            round(b - a, 1) <= round(x(since + report_history.timedelta(days=1)) - x(since), 1) + 0.2
            for a, b in itertools.pairwise(xs)
        )


def test_events_are_numbered_marks_by_kind_with_a_legend(ten_weeks):
    page = fmt(ten_weeks, "html")
    svg = _svg(page)
    history = json.loads(fmt(ten_weeks, "json"))["history"]
    marked = [n for n, h in enumerate(history, start=1) if h["kind"] != "hold_streak"]
    labels = re.findall(r'text-anchor="middle" fill="#333">([\d, ]+)</text>', svg)  # "7", or "22, 24": a day apart
    assert sorted(int(n) for label in labels for n in label.split(", ")) == marked
    legend = visible_text(re.search(r'<svg class="chart legend".*?</svg>', page, re.S).group(0))
    for words in (
        "on waking",
        "ladder session",
        "walk/jog",
        "sitting",
        "advance",
        "step back",
        "pause (red flag)",
        "resume",
        "run plan opened",
        "complete",
        "rung",
        "run week",
    ):
        assert words in legend
    assert 'stroke="#0072B2" stroke-width="2.2"' in svg  # the run week, on the same axis as the rung
    desc = re.search(r"<desc[^>]*>(.*?)</desc>", svg, re.S).group(1)
    assert "Ladder rung over time: rung 1 from 2025-12-20 then rung 2 from 2025-12-25" in htmllib.unescape(desc)
    assert "Run plan week over time: week 1 from 2026-01-16" in desc


def test_fhir_of_a_history_with_red_flags_is_valid_r4(ten_weeks):
    from fhir.resources.bundle import Bundle

    raw = json.loads(fmt(ten_weeks, "fhir"))
    Bundle.parse_obj(raw)
    yes = [
        e["resource"]
        for e in raw["entry"]
        if e["resource"]["code"]["coding"][0]["system"] == "urn:hht:red-flag" and e["resource"]["valueBoolean"]
    ]
    assert [(r["effectiveDateTime"], r["code"]["coding"][0]["code"]) for r in yes] == [
        ("2026-01-12", "night_pain"),
        ("2026-02-16", "night_pain"),
    ]
    assert all(r["interpretation"][0]["coding"][0]["code"] == "A" for r in yes)


def test_the_fhir_export_reads_only_the_measurements_and_says_the_same(ten_weeks, db_path, protocol):
    """FHIR is built from `model.observations` (no walk through the plan): the
    same Bundle as from the whole report model, over every day and assessment."""
    from datetime import date

    from hht.report import fhir, model
    from hht.store.opening import open_store

    with open_store(db_path, create=False, write=False) as store:
        days, assessments = store.days(), store.assessments()
        summaries, sides = store.assessment_summaries(), store.sides()
    kw = {"generated": date(2026, 3, 2), "generated_at": "2026-03-02T09:00:00+00:00", "sides": sides}
    whole = model.build(Timeline(protocol), days, assessments, summaries, **kw)
    light = model.observations(protocol, days, assessments, **kw)
    assert fhir.render(light) == fhir.render(whole)
    assert len(json.loads(fhir.render(light))["entry"]) > 200
