"""`hht report`: each format's content on a fixed history, and FHIR validity."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import stat

import pytest
from hht.report.registry import NAMES

ANSWERS = {
    "sides": ["left"],
    "red_flags": {},  # filled from the protocol below
    "signs": {
        "sitting_pain": True,
        "sit_bone_tender": True,
        "fast_running_pain": False,
        "below_knee_or_tingling": False,
        "sitting_tingling": False,
    },
    "range_of_motion_normal": True,
    "tests": {
        "left": {
            "standing_stretch": {"pain": 3, "familiar": True},
            "bent_knee": {"pain": 2, "familiar": True},
            "rapid_extension": {"pain": 0},
        }
    },
}

# (date, flags): hand-computed effects in the comments.
HISTORY = [
    ("2026-02-02", ["--morning", "2", "--exercise", "0", "--sitting", "3", "--note", "first day"]),  # held
    ("2026-02-03", ["--morning", "0", "--exercise", "0"]),  # counts 02-02
    ("2026-02-04", ["--morning", "0", "--exercise", "0"]),
    ("2026-02-05", ["--morning", "0", "--exercise", "0"]),  # 3rd: up to rung 2
    ("2026-02-06", ["--morning", "0", "--exercise", "5"]),  # step back to rung 1
    ("2026-02-07", ["--morning", "1", "--exercise", "1", "--partial", "--note", "hard chair | long drive"]),
    ("2026-02-09", ["--morning", "0", "--sitting", "1"]),
]


@pytest.fixture
def history(cli, protocol):
    answers = {**ANSWERS, "red_flags": {f["id"]: False for f in protocol.data["red_flags"]}}
    result = cli("assess", "--date", "2026-02-02", "--answers", "-", input=json.dumps(answers))
    assert result.exit_code == 0, result.stderr
    for day, flags in HISTORY:
        cli.ok("log", "--date", day, *flags)
    return cli


def report(cli, *args):
    return cli.ok("report", "--since", "2026-02-01", "--until", "2026-02-15", *args).stdout


def test_json_holds_every_section(history):
    data = json.loads(report(history, "--format", "json"))
    assert data["runner"] == {
        "sides": ["left"],
        "first_entry": "2026-02-02",
        "latest_entry": "2026-02-09",
        "days_logged": 7,
    }
    assert data["period"] == {"since": "2026-02-01", "until": "2026-02-15", "days": 15, "length": "2 weeks and 1 day"}
    assert data["protocol"]["advance_threshold"] == 0 and data["protocol"]["step_back_threshold"] == 4
    assert data["current"]["ladder"]["rung"] == 1
    moves = [(h["date"], h["kind"]) for h in data["history"] if h["track"] == "ladder"]
    assert ("2026-02-05", "advance") in moves and ("2026-02-06", "step_back") in moves
    assert ("2026-02-02", "hold_streak") in moves
    week1, week2 = data["pain_by_week"]
    assert week1["week_start"] == "2026-02-02"
    assert week1["morning"] == {"mean": 0.5, "worst": 2, "n": 6}
    assert week1["exercise"] == {"mean": 1.0, "worst": 5, "n": 6}
    assert week1["sitting"] == {"mean": 3.0, "worst": 3, "n": 1}
    assert week1["run"] is None
    assert week2["week_start"] == "2026-02-09" and week2["sitting"]["worst"] == 1
    adherence = data["adherence"]
    assert adherence["days_in_period"] == 15
    # prescribed from the first assessment (02-02) on: 14 days
    assert adherence["ladder"] == {"prescribed": 14, "done": 6, "partial": 1, "on_rest_days": [], "while_stopped": []}
    assert (adherence["runs"]["done"], adherence["runs"]["prescribed"]) == (0, 0)
    assert adherence["days_with_entry_last_30"] == 7
    assert [n["note"] for n in data["notes"]] == ["first day", "hard chair | long drive"]
    (a,) = data["assessments"]
    assert a["tests"]["left"]["standing_stretch"]["positive"] is True
    assert a["tests"]["left"]["rapid_extension"]["positive"] is False
    assert a["signs"]["sitting_pain"] is True and a["red_flag"] is False
    assert "not a medical device" in data["disclaimer"]


def test_markdown_pastes_into_an_email(history):
    md = report(history)  # md is the default when not in a terminal
    assert md.startswith("# High hamstring tendinopathy: rehab summary")
    assert "- **Affected side(s):** left" in md
    assert (
        "| 2026-02-02 | left | 3/10 + | 2/10 + | 0/10 - | yes | none | Pain sitting on a hard chair, Sit bone tender to press |"
        in md
    )
    assert "| 2026-02-02 | 0.5 / 2 | 1 / 5 | - | 3 / 3 |\n" in md
    for table in re.findall(r"(?:^\|.*\|\n)+", md, flags=re.M):  # every row as wide as its header
        assert len({len(re.split(r"(?<!\\)\|", row)) for row in table.splitlines()}) == 1, table
    assert "hard chair \\| long drive" not in md.split("## Notes")[0]  # notes only in their section
    assert "- **2026-02-07** hard chair | long drive" in md
    assert re.search(r"\| 2026-02-06 \| Ladder stepped back \| Exercise pain 5/10", md)
    assert "Ladder sessions: 6 done of 14 prescribed (1 partial)" in md
    assert "not a medical device" in md


def test_csv_has_one_row_per_logged_day_with_the_plan(history):
    rows = list(csv.DictReader(io.StringIO(report(history, "--format", "csv"))))
    assert [r["date"] for r in rows] == [d for d, _ in HISTORY]
    by_date = {r["date"]: r for r in rows}
    assert by_date["2026-02-05"]["rung"] == "2"  # the morning's advance sets that day's plan
    assert by_date["2026-02-07"]["rung"] == "1" and by_date["2026-02-07"]["partial"] == "yes"
    assert by_date["2026-02-02"]["note"] == "first day" and by_date["2026-02-09"]["exercise"] == ""
    assert by_date["2026-02-09"]["run_week"] == ""


def test_html_is_self_contained_with_inline_svg_and_print_css(history):
    page = report(history, "--format", "html")
    assert page.startswith("<!doctype html>")
    assert "<svg" in page and "@page { size: A4" in page and "@media print" in page
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page), "no external resources"
    assert "<script" not in page
    groups = re.findall(r'<g stroke="#[0-9A-Fa-f]+" fill="#[0-9A-Fa-f]+">(.*?)</g>', page)
    marks = sum(len(re.findall(r"<(circle|rect|polygon)", g)) for g in groups)
    assert marks == 7 + 6 + 2  # morning, exercise, sitting ratings: one mark each
    assert "hard chair | long drive" in page and "Standing stretch" in page


def test_fhir_bundle_is_valid_r4_with_loinc_pain_scores(history):
    from fhir.resources.bundle import Bundle

    raw = json.loads(report(history, "--format", "fhir"))
    bundle = Bundle.parse_obj(raw)  # raises on anything that is not valid R4
    assert bundle.type == "collection"
    pain = [e["resource"] for e in raw["entry"] if e["resource"]["code"]["coding"][0]["code"] == "72514-3"]
    assert len(pain) == 7 + 6 + 2  # every morning, exercise and sitting rating
    first = next(p for p in pain if p["effectiveDateTime"] == "2026-02-02" and "waking" in p["code"]["text"])
    assert first["valueInteger"] == 2
    assert first["code"]["coding"][0]["display"] == "Pain severity - 0-10 verbal numeric rating [Score] - Reported"
    assert {p["status"] for p in pain} == {"final"}
    tests = [e["resource"] for e in raw["entry"] if e["resource"]["code"]["coding"][0]["system"] == "urn:hht:self-test"]
    assert len(tests) == 3
    assert {t["status"] for t in tests} <= {"registered", "preliminary", "final", "amended", "cancelled"}
    standing = next(t for t in tests if t["code"]["coding"][0]["code"] == "standing_stretch")
    assert standing["interpretation"][0]["coding"][0]["code"] == "POS"
    assert len({e["fullUrl"] for e in raw["entry"]}) == len(raw["entry"])
    assert raw["timestamp"] == "2026-03-02T09:00:00+00:00"  # the clock the test pins
    flags = [e["resource"] for e in raw["entry"] if e["resource"]["code"]["coding"][0]["system"] == "urn:hht:red-flag"]
    assert len(flags) == 10 and {f["valueBoolean"] for f in flags} == {False}
    night = next(f for f in flags if f["code"]["coding"][0]["code"] == "night_pain")
    assert night["code"]["coding"][0]["display"] == "Night pain that no position eases"
    signs = {
        e["resource"]["code"]["coding"][0]["code"]: e["resource"]["valueBoolean"]
        for e in raw["entry"]
        if e["resource"]["code"]["coding"][0]["system"] == "urn:hht:sign"
    }
    assert signs == ANSWERS["signs"]
    compact = json.dumps(raw, ensure_ascii=False, separators=(",", ":")) + "\n"
    assert report(history, "--format", "fhir") == compact
    assert report(history, "--format", "fhir", "--pretty") == json.dumps(raw, indent=2, ensure_ascii=False) + "\n"
    data = json.loads(report(history, "--format", "json"))
    assert report(history, "--format", "json") == json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"
    assert report(history, "--format", "json", "--pretty") == json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def test_the_format_option_lists_exactly_the_registry(cli, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")
    help_text = cli.ok("report", "--help").stdout
    for name in NAMES:
        assert f"{name}:" in help_text
    bad = cli("report", "--format", "pdf")
    assert bad.exit_code == 2 and bad.stderr == f"hht: --format must be one of {', '.join(NAMES)}, not 'pdf'.\n"


def test_output_refuses_to_overwrite_without_force(history, isolated):
    target = isolated / "r.html"
    history.ok("report", "--format", "html", "--output", str(target))
    assert target.read_text().startswith("<!doctype html>")
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o600
    target.write_text("keep me")
    refused = history("report", "--format", "html", "--output", str(target))
    assert refused.exit_code == 1 and "already exists; pass --force" in refused.stderr
    assert target.read_text() == "keep me"
    history.ok("report", "--format", "html", "--output", str(target), "--force")
    assert target.read_text().startswith("<!doctype html>")
    assert [p.name for p in isolated.iterdir() if p.name.startswith(".r.html")] == []


def test_a_failed_write_leaves_no_half_file(history, isolated, monkeypatch):
    target = isolated / "r.md"

    def broken(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", broken)
    result = history("report", "--output", str(target))
    assert result.exit_code == 130
    assert not target.exists()
    assert [p.name for p in isolated.iterdir() if p.name.startswith(".r.md")] == []


def test_an_empty_history_gives_a_short_useful_report(cli):
    md = cli.ok("report").stdout
    assert "Nothing logged in this period yet" in md and "not a medical device" in md
    for name in NAMES:
        assert cli.ok("report", "--format", name).exit_code == 0


@pytest.mark.parametrize(
    "args, message",
    [
        (["--since", "2026-03-01", "--until", "2026-02-01"], "--since 2026-03-01 is after --until 2026-02-01."),
        (["--since", "tomorrow"], "is not a date hht understands"),
        (["--until", "2027-01-01"], "is in the future"),
    ],
)
def test_bad_report_options(cli, args, message):
    result = cli("report", *args)
    assert result.exit_code == 2 and message in result.stderr


def test_the_run_plan_in_the_report(cli, protocol):
    """15 clean ladder days reach rung 6 on 16 Jan, which opens the run gate (ROM normal).

    Runs: 16 Jan (week 1, 2 sets) pain-free, confirmed on the 17th -> 3 sets;
    17th a rest day; 18th run 2/10 -> held; 19th a rest day; 20th prescribed
    but not done. So 2 runs done of 3 prescribed.
    """
    answers = {
        **ANSWERS,
        "red_flags": {f["id"]: False for f in protocol.data["red_flags"]},
        "tests": {"left": {t: {"pain": 0} for t in ("standing_stretch", "bent_knee", "rapid_extension")}},
    }
    assert cli("assess", "--date", "2026-01-01", "--answers", "-", input=json.dumps(answers)).exit_code == 0
    for n in range(1, 16):
        cli.ok("log", "--date", f"2026-01-{n:02d}", "--morning", "0", "--exercise", "0")
    cli.ok("log", "--date", "2026-01-16", "--morning", "0", "--run", "0")
    cli.ok("log", "--date", "2026-01-17", "--morning", "0")
    cli.ok("log", "--date", "2026-01-18", "--morning", "0", "--run", "2")
    cli.ok("log", "--date", "2026-01-19", "--morning", "0")
    data = json.loads(cli.ok("report", "--until", "2026-01-20", "--format", "json").stdout)
    assert data["current"]["ladder"]["rung"] == 6
    run = data["current"]["run"]
    assert run["unlocked"] and run["opened"] == "2026-01-16" and (run["week"], run["sets"]) == (1, 3)
    events = [(h["date"], h["track"], h["kind"]) for h in data["history"]]
    assert ("2026-01-16", "gate", "open") in events
    assert ("2026-01-17", "run", "advance") in events and ("2026-01-18", "run", "hold_streak") in events
    runs = data["adherence"]["runs"]
    assert (runs["done"], runs["prescribed"], runs["on_rest_days"]) == (2, 3, [])
    rows = {r["date"]: r for r in data["days"]}
    assert (rows["2026-01-16"]["run_week"], rows["2026-01-16"]["run_sets"]) == (1, 2)
    assert (rows["2026-01-18"]["run_week"], rows["2026-01-18"]["run_sets"]) == (1, 3)
    assert rows["2026-01-15"]["run_week"] is None
    md = cli.ok("report", "--until", "2026-01-20").stdout
    assert "Run plan: week 1, 3 sets (opened 2026-01-16); 4 days in this run week (since 2026-01-16)." in md
    assert "Runs: 2 done of 3 prescribed" in md
    assert "| 2026-01-16 | Run gate gate opened |" not in md and "Run gate opened" in md


def test_a_one_day_period_says_one_day(cli):
    cli.ok("log", "--morning", "1")
    assert "(1 day; first entry 2026-03-02" in cli.ok("report").stdout
    assert "(1 day) · " in cli.ok("report", "--format", "html").stdout


def test_the_report_shows_the_assessment_cadence(history):
    data = json.loads(report(history, "--format", "json"))
    assert data["protocol"]["reassess_every_days"] == 14
    assert data["current"]["assessment_due"] == "2026-02-06"  # the flare on 02-06, after the 02-02 assessment
    md = report(history, "--format", "md")
    assert (
        "- Assessments: every 14 days, and at once after a step back. Assessment due since 2026-02-06: "
        "the ladder (a flare) stepped back on 2026-02-06"
    ) in md
    early = history.ok("report", "--until", "2026-02-05", "--format", "md").stdout
    assert "- Assessments: every 14 days, and at once after a step back. Next due: 2026-02-16." in early
