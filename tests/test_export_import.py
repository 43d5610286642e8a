"""`hht export` and `hht import`: everything out as one JSON document, and back."""

from __future__ import annotations

import json
import stat
from datetime import date

from hht.rules.protocol import load as protocols
from hht.store.location import resolve_path
from hht.store.opening import open_store
from hht.store.rows import ENTRY_COLUMNS
from hht.store.schema import SCHEMA_VERSION
from hht.store.store import EXPORT_TABLES


def build_history(cli, db_path):
    cli.ok("log", "--date", "2026-02-27", "--morning", "1", "--sitting", "2")
    cli.ok("log", "--date", "2026-02-28", "--morning", "0", "--exercise", "0", "--note", 'quote " and ✓ and\nnewline')
    cli.ok("log", "--date", "2026-02-27", "--morning", "0")
    cli.ok("log", "--date", "2026-03-01", "--run", "3")
    cli.ok("undo")
    answers = {
        "sides": ["left"],
        "red_flags": {f["id"]: False for f in protocols.load().data["red_flags"]},
        "signs": {s["id"]: False for s in protocols.load().data["signs"]},
        "range_of_motion_normal": True,
        "tests": {"left": {t: {"pain": 0} for t in ("standing_stretch", "bent_knee", "rapid_extension")}},
    }
    assert cli("assess", "--date", "2026-02-27", "--answers", "-", input=json.dumps(answers)).exit_code == 0


def test_export_import_export_gives_identical_json(cli, db_path, isolated):
    build_history(cli, db_path)
    first = cli.ok("export").stdout
    restored = isolated / "restored" / "hht.db"
    (isolated / "first.json").write_text(first, encoding="utf-8")
    out = cli.ok("--db", str(restored), "import", str(isolated / "first.json")).stdout
    assert out == (
        f"Imported profile (0 rows), entries (2 rows), assessments (1 row), changes (6 rows) from {isolated / 'first.json'}"
        f" into {restored}.\n"
    )
    assert cli.ok("--db", str(restored), "export").stdout == first
    assert stat.S_IMODE(restored.stat().st_mode) == 0o600
    assert stat.S_IMODE(restored.parent.stat().st_mode) == 0o700
    # The restored log behaves as the original: the next undo is the same change
    # (the assessment, saved last), and the one after it too.
    undone = cli.ok("undo").stdout
    assert "the assessment for 2026-02-27" in undone
    assert cli.ok("--db", str(restored), "undo").stdout == undone
    assert cli.json("--db", str(restored), "assess", "--history") == cli.json("assess", "--history") == []
    assert cli.ok("--db", str(restored), "undo").stdout == cli.ok("undo").stdout


def test_the_export_shape(cli, db_path):
    build_history(cli, db_path)
    text = cli.ok("export").stdout
    document = json.loads(text)
    assert text == json.dumps(document, sort_keys=True, ensure_ascii=False, separators=(",", ":")) + "\n"
    pretty = cli.ok("export", "--pretty").stdout
    assert pretty == json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    assert set(document) == {"format", "format_version", "schema_version", "tables"}
    assert (document["format"], document["format_version"], document["schema_version"]) == (
        "hht-export",
        1,
        SCHEMA_VERSION,
    )
    tables = document["tables"]
    assert list(tables) == ["assessments", "changes", "entries", "profile"]  # sorted keys
    assert tables["profile"] == []  # the sides are the latest assessment's, not kept apart
    assert [(a["date"], a["red_flag"]) for a in tables["assessments"]] == [("2026-02-27", 0)]
    assert [e["date"] for e in tables["entries"]] == ["2026-02-27", "2026-02-28"]
    assert set(tables["entries"][0]) == set(ENTRY_COLUMNS)
    assert [c["id"] for c in tables["changes"]] == [1, 2, 3, 4, 5, 6]
    assert [c["kind"] for c in tables["changes"]] == ["entry"] * 5 + ["assessment"]
    assert tables["changes"][4]["action"] == "undo" and tables["changes"][4]["undoes"] == 4
    saved = json.loads(tables["changes"][5]["new"])  # the assessment as saved, in its change
    assert (saved["id"], saved["date"]) == (tables["assessments"][0]["id"], "2026-02-27")
    assert json.loads(tables["changes"][2]["old"])["morning"] == 1  # the correction keeps what it replaced


def test_every_table_of_the_schema_is_exported(db_path):
    """Adding a table without adding it to EXPORT_TABLES fails here."""
    with open_store(db_path) as store:
        tables = {
            r[0]
            for r in store.conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        }
        assert tables - {"_sqlite_migrations"} == {name for name, _ in store.tables()}
        assert [name for name, _ in store.tables()] == [name for name, _ in EXPORT_TABLES]


def test_export_to_a_new_private_file_and_never_over_one(cli, db_path, isolated):
    cli.ok("log", "--morning", "1")
    target = isolated / "out.json"
    assert cli.ok("export", "--output", str(target)).stdout == (
        f"Exported profile (0 rows), entries (1 row), assessments (0 rows), changes (1 row) to {target}.\n"
    )
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert json.loads(target.read_text())["tables"]["entries"][0]["morning"] == 1
    before = target.read_bytes()
    result = cli("export", "--output", str(target))
    assert result.exit_code == 1 and "it already exists, and hht never overwrites a file" in result.stderr
    assert target.read_bytes() == before


def test_export_on_a_new_machine_is_empty_and_creates_nothing(cli, db_path):
    assert json.loads(cli.ok("export").stdout)["tables"] == {
        "profile": [],
        "entries": [],
        "assessments": [],
        "changes": [],
    }
    assert not db_path.exists()


def test_an_older_export_without_some_tables_imports(cli, isolated):
    document = {
        "format": "hht-export",
        "format_version": 1,
        "schema_version": 1,
        "tables": {
            "entries": [
                {
                    "date": "2026-02-01",
                    "morning": 3,
                    "partial": 0,
                    "created_at": "2026-02-01T08:00:00+00:00",
                    "updated_at": "2026-02-01T08:00:00+00:00",
                }
            ]
        },
    }
    (isolated / "old.json").write_text(json.dumps(document))
    cli.ok("import", str(isolated / "old.json"))
    with open_store(resolve_path(None)) as store:
        assert store.day(date(2026, 2, 1)).morning == 3
        assert store._entry(date(2026, 2, 1))["created_at"] == "2026-02-01T08:00:00+00:00"


def test_import_into_a_database_that_holds_data_is_refused_untouched(cli, db_path, isolated):
    cli.ok("log", "--morning", "1")
    cli.ok("export", "--output", str(isolated / "e.json"))
    before = db_path.read_bytes()
    result = cli("import", str(isolated / "e.json"))
    assert result.exit_code == 1
    assert result.stderr == (
        f"hht: {db_path} already holds data; hht imports only into an empty database "
        "(give a new file with --db, or move this one aside).\n"
    )
    assert db_path.read_bytes() == before
