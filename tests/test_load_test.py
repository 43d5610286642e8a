"""The daily load test: logged, counted in the next-morning rule like the
morning pain (only where the protocol has one), carried by export and
import, and charted in the report."""

from __future__ import annotations

import json

from hht.rules.protocol import load as protocols


def goom(cli, *args: str):
    return cli("--protocol", "goom-2016", *args)


def test_a_painful_load_test_holds_like_a_painful_morning(cli):
    assert goom(cli, "log", "--date", "2026-02-28", "--exercise", "0").exit_code == 0
    out = goom(cli, "log", "--date", "2026-03-01", "--morning", "0", "--load-test", "2").stdout
    assert "load test 2/10" in out
    plan = json.loads(goom(cli, "today", "--json").stdout)
    assert plan["ladder"]["pain_free_sessions"] == 0
    assert any(
        "Load test 2/10 after the session on 2026-02-28 is above the advance threshold 0/10" in d["reason"]
        for d in plan["why"]
    )


def test_a_pain_free_load_test_and_morning_confirm_the_session(cli):
    goom(cli, "log", "--date", "2026-02-28", "--exercise", "0")
    goom(cli, "log", "--date", "2026-03-01", "--morning", "0", "--load-test", "0")
    assert json.loads(goom(cli, "today", "--json").stdout)["ladder"]["pain_free_sessions"] == 1


def test_a_load_test_at_the_step_back_threshold_steps_back(cli):
    for day in range(20, 28):  # stage 1 is daily: five pain-free sessions move on
        goom(cli, "log", "--date", f"2026-02-{day}", "--morning", "0", "--exercise", "0", "--load-test", "0")
    assert json.loads(goom(cli, "today", "--json", "--date", "2026-02-27").stdout)["ladder"]["rung"] == 2
    goom(cli, "log", "--date", "2026-02-28", "--morning", "0", "--load-test", "5")
    plan = json.loads(goom(cli, "today", "--json", "--date", "2026-02-28").stdout)
    assert plan["ladder"]["rung"] == 1
    assert any(
        d["reason"].startswith("Load test 5/10 is at or above the step-back threshold 4/10") for d in plan["why"]
    )


def test_a_protocol_without_a_load_test_refuses_one_and_writes_nothing(cli, db_path):
    result = cli("log", "--morning", "0", "--load-test", "1")
    assert result.exit_code == 2 and "has no daily load test" in result.stderr
    assert not db_path.exists()
    assert protocols.load().load_test is None


def test_the_default_protocol_ignores_a_load_test_logged_under_another(cli):
    goom(cli, "log", "--date", "2026-02-28", "--exercise", "0")
    goom(cli, "log", "--date", "2026-03-01", "--morning", "0", "--load-test", "3")
    assert cli.json("today")["ladder"]["pain_free_sessions"] == 1  # the default reads the morning only


def test_export_and_import_carry_the_load_test_and_check_it(cli, isolated):
    goom(cli, "log", "--date", "2026-03-01", "--morning", "0", "--load-test", "2")
    document = json.loads(cli.ok("export").stdout)
    (row,) = document["tables"]["entries"]
    assert row["load_test"] == 2
    (isolated / "good.json").write_text(json.dumps(document))
    restored = isolated / "restored.db"
    # Under a protocol without a load test, the import refuses it, as `hht log --load-test` would.
    refused = cli("--db", str(restored), "import", str(isolated / "good.json"))
    assert refused.exit_code == 1 and "has no daily load test" in refused.stderr and not restored.exists()
    assert goom(cli, "--db", str(restored), "import", str(isolated / "good.json")).exit_code == 0
    assert json.loads(cli.ok("--db", str(restored), "export").stdout)["tables"]["entries"] == [row]
    row["load_test"] = 11
    (isolated / "bad.json").write_text(json.dumps(document))
    bad = goom(cli, "--db", str(isolated / "other.db"), "import", str(isolated / "bad.json"))
    assert bad.exit_code != 0 and "load_test 11" in bad.stderr


def test_the_report_charts_the_load_test(cli, isolated):
    goom(cli, "log", "--date", "2026-03-01", "--morning", "0", "--load-test", "2")
    goom(cli, "log", "--date", "2026-03-02", "--morning", "0", "--load-test", "1")
    data = json.loads(goom(cli, "report", "--format", "json").stdout)
    assert [r["load_test"] for r in data["days"]] == [2, 1]
    assert data["pain_by_week"][-1]["load_test"]["worst"] == 1
    html = goom(cli, "report", "--format", "html").stdout
    assert "Load test: 2 ratings, worst 2/10, latest 1/10." in html
    assert ">load test<" in html
    other = str(isolated / "other.db")  # no load test logged: no series, nothing in the key
    cli.ok("--db", other, "log", "--date", "2026-03-02", "--morning", "0")
    assert ">load test<" not in cli.ok("--db", other, "report", "--format", "html").stdout
    md = goom(cli, "report").stdout  # the pain by week has a load test column where one was logged
    assert "| Week of | Morning | Exercise | Run | Sitting | Load test |" in md
    assert "| 2026-02-23 | 0 / 0 | - | - | - | 2 / 2 |" in md
    assert "| Week of | Morning | Exercise | Run | Sitting |\n" in cli.ok("--db", other, "report").stdout
