"""Protocols with identity and dates: list, init, use (each from its day, the
past keeping its rules), an adopted file edited afterwards, and what-if
previews that write nothing."""

from __future__ import annotations

import json
import tomllib

from hht.rules.protocol import load as protocols
from hht.rules.protocol.schema import key_help


def keys_of(value, table=""):
    """Every (table, key) of a TOML document; arrays of tables by their table's name."""
    for key, item in value.items():
        inner = f"{table}.{key}" if table else key
        if isinstance(item, dict):
            yield from keys_of(item, inner)
        elif isinstance(item, list) and item and isinstance(item[0], dict):
            for entry in item:
                yield from keys_of(entry, inner)
        else:
            yield table, key


def climb(cli, days=range(20, 28)):
    for day in days:
        cli.ok("log", "--date", f"2026-02-{day}", "--morning", "0", "--exercise", "0")


def test_a_protocol_applies_from_its_day_and_the_past_keeps_its_rules(cli):
    climb(cli)
    before = cli.json("today", "--date", "2026-02-27")
    cli.ok("protocol", "use", "goom-2016", "--from", "2026-02-28", "--reason", "physio review")
    assert cli.json("today", "--date", "2026-02-27") == before  # the past keeps the rules it was lived under
    plan = cli.json("today")
    assert plan["protocol"]["name"] == "goom-2016" and plan["ladder"]["rung"] == 1
    change = next(d for d in plan["why"] if d["kind"] == "protocol")
    assert change["date"] == "2026-02-28" and "physio review" in change["reason"]
    assert "until then hht-default 1.0.0" in change["reason"]
    listed = cli.json("protocol", "list")["adopted"]
    assert [(a["from"], a["protocol"], a["in_force"]) for a in listed] == [
        ("2026-02-20", "hht-default", False),
        ("2026-02-28", "goom-2016", True),
    ]
    report = json.loads(cli.ok("report", "--format", "json").stdout)
    assert [(a["name"], a["from"], a["to"]) for a in report["protocol"]["applied"]] == [
        ("hht-default", "2026-02-20", "2026-02-27"),
        ("goom-2016", "2026-02-28", "2026-03-02"),
    ]
    assert report["protocol"]["name"] == "goom-2016"
    assert any(h["kind"] == "protocol" for h in report["history"])


def test_a_change_cannot_be_dated_before_the_last_or_in_the_future(cli):
    climb(cli)
    cli.ok("protocol", "use", "goom-2016", "--from", "2026-02-25")
    early = cli("protocol", "use", "default", "--from", "2026-02-24")
    assert early.exit_code == 2 and "applies from 2026-02-25" in early.stderr
    late = cli("protocol", "use", "default", "--from", "2026-03-09")
    assert late.exit_code == 2 and "in the future" in late.stderr
    assert len(cli.json("protocol", "list")["adopted"]) == 2


def test_init_writes_a_valid_editable_copy_with_a_new_name_and_a_comment_on_every_key(cli, isolated):
    path = isolated / "clinic.toml"
    cli.ok("protocol", "init", str(path), "--from", "goom-2016")
    text = path.read_text(encoding="utf-8")
    copy = protocols.load(path)
    assert (copy.name, copy.version) == ("clinic", "1.0.0")
    assert copy.ladder == protocols.load("goom-2016").ladder
    keys = set(keys_of(tomllib.loads(text)))
    assert len(keys) > 60
    helps = key_help()
    for table, key in keys:
        assert f"# {key}: {helps[(table, key)]}" in text
    again = cli("protocol", "init", str(path))
    assert again.exit_code == 2 and "never overwrites" in again.stderr


def test_an_adopted_file_edited_afterwards_is_said_once_and_its_copy_still_applies(cli, isolated):
    path = isolated / "clinic.toml"
    cli.ok("protocol", "init", str(path))
    cli.ok("protocol", "use", str(path), "--from", "2026-02-20")
    path.write_text(path.read_text().replace("advance_threshold = 0", "advance_threshold = 2", 1))
    first = cli.ok("log", "--date", "2026-02-28", "--morning", "2", "--exercise", "2").stdout
    assert "has changed since clinic 1.0.0 was adopted from 2026-02-20" in first
    second = cli.ok("log", "--date", "2026-03-01", "--morning", "2").stdout
    assert "has changed" not in second
    assert cli.json("today")["ladder"]["pain_free_sessions"] == 0  # the adopted copy's 0/10 rule applies
    assert cli.json("protocol", "list")["adopted"][0]["edited_since"] is True


def test_a_what_if_protocol_writes_nothing_and_applies_to_every_day(cli, db_path):
    climb(cli)
    cli.ok("protocol", "use", "goom-2016", "--from", "2026-02-28")
    plan = cli.json("--protocol", "default", "today")
    assert plan["protocol"]["name"] == "hht-default" and plan["ladder"]["rung"] == 3
    refused = cli("--protocol", "default", "protocol", "use", "goom-2016")
    assert refused.exit_code == 2 and "previews a protocol without recording it" in refused.stderr
    assert len(cli.json("protocol", "list")["adopted"]) == 2


def test_export_and_import_carry_the_protocols_adopted(cli, isolated):
    climb(cli)
    cli.ok("protocol", "use", "goom-2016", "--from", "2026-02-28")
    (isolated / "x.json").write_text(cli.ok("export").stdout)
    restored = str(isolated / "r.db")
    cli.ok("--db", restored, "import", str(isolated / "x.json"))
    assert cli.json("--db", restored, "today") == cli.json("today")
    document = json.loads((isolated / "x.json").read_text())
    document["tables"]["protocol_uses"][1]["content"] = "[pain]\nadvance_threshold = 0\n"
    (isolated / "bad.json").write_text(json.dumps(document))
    bad = cli("--db", str(isolated / "other.db"), "import", str(isolated / "bad.json"))
    assert bad.exit_code != 0 and "not a valid protocol" in bad.stderr


def test_show_prints_any_protocol_as_a_page(cli):
    page = cli.ok("protocol", "show", "goom-2016").stdout
    for text in (
        "# Proximal hamstring tendinopathy",
        "## Daily load test",
        "### Stage 2: Heavy slow resistance",
        "Every second day",
        "Romanian deadlift",
        "## Red flags",
        "## Return to run",
        "## Sources",
        "Goom TSH",
    ):
        assert text in page, text
