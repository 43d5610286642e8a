"""Protocols adopted in the audit trail: `hht protocol use` records its
adoption as a change, `hht history` lists it, `hht undo` removes it and the
plan follows the protocols that remain (or the shipped default)."""

from __future__ import annotations

import json
import shutil
import sqlite3
from datetime import date
from pathlib import Path

import pytest
from hht.store.opening import open_store
from hht.store.schema import m008_protocol_changes, migrate

from tests.test_audit_assessments import answers, assess

FIXTURES = Path(__file__).parent / "fixtures"


def climb(cli, days=range(20, 28)):
    for day in days:
        cli.ok("log", "--date", f"2026-02-{day}", "--morning", "0", "--exercise", "0")


def report(cli) -> dict:
    return json.loads(cli.ok("report", "--format", "json").stdout)


@pytest.fixture
def wide(monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")  # one table row a line


def test_adopting_records_one_change_with_the_uses_it_added_in_the_same_transaction(cli, db_path):
    climb(cli)
    cli.ok("protocol", "use", "goom-2016", "--from", "2026-02-28", "--reason", "physio review")
    (change, *_) = cli.json("history")
    assert (change["kind"], change["action"], change["date"], change["old"]) == (
        "protocol",
        "insert",
        "2026-02-28",
        None,
    )
    uses = change["new"]["uses"]
    assert [(u["name"], u["from_date"], u["source"]) for u in uses] == [
        ("hht-default", "2026-02-20", "default"),
        ("goom-2016", "2026-02-28", "goom-2016"),
    ]
    assert uses[1]["reason"] == "physio review" and "[[ladder]]" in uses[1]["content"]
    with open_store(db_path) as store:
        stored = store.protocol_uses()
        assert [{**u._asdict(), "from_date": u.from_date.isoformat()} for u in stored] == [
            {**u, "noticed": None} for u in uses
        ]
        with pytest.raises(RuntimeError), store.write():
            store.adopt(
                [
                    dict(
                        on=date(2026, 3, 1),
                        name="goom-2016",
                        version="1.1.0",
                        source="goom-2016",
                        content=uses[1]["content"],
                        reason="later",
                    )
                ]
            )
            raise RuntimeError("interrupted")
        assert store.protocol_uses() == stored and len(store.changes()) == 9


def test_undo_removes_the_adoption_and_today_follows_the_shipped_default_again(cli, wide):
    climb(cli)
    plan, events = cli.json("today"), report(cli)
    cli.ok("protocol", "use", "goom-2016", "--from", "2026-02-28", "--reason", "physio review")
    assert cli.json("today")["protocol"]["name"] == "goom-2016"
    assert (
        cli.ok("history").stdout.count(
            "│ protocol │ adopted goom-2016 1.1.0 from 2026-02-28, reason: physio "
            "review; the days from 2026-02-20 keep hht-default 1.0.0"
        )
        == 1
    )

    lines = cli.ok("undo").stdout.splitlines()
    assert lines[0].startswith("Undid change #9, the adoption of goom-2016 1.1.0 from 2026-02-28 (made ")
    assert lines[0].endswith("): the adoption is removed, with the shipped default it kept from 2026-02-20.")
    assert lines[1:] == [
        "Today (2026-03-02) the shipped default applies, hht-default 1.0.0: no protocol remains adopted.",
        "`hht today` shows the day's plan as it now stands.",
    ]
    assert cli.json("today") == plan
    assert cli.json("protocol", "list")["adopted"] == []
    assert report(cli) == events  # the report's protocols and its events as before the adoption

    rows = cli.json("history")
    assert [(r["id"], r["kind"], r["action"], r["undoes"], r["undone_by"]) for r in rows[:2]] == [
        (10, "protocol", "undo", 9, None),
        (9, "protocol", "insert", None, 10),
    ]
    assert rows[0]["old"] == rows[1]["new"] and rows[0]["new"] is None
    out = cli.ok("history").stdout
    assert "│ undo     │ undid #9: removed the adoption of goom-2016 1.1.0 from 2026-02-28" in out
    assert "(undone by #10)" in out

    # An undo is not itself undone: the next one reaches back to the log.
    assert cli.ok("undo").stdout.startswith("Undid change #8 to 2026-02-27")


def test_undoing_a_second_adoption_leaves_the_first_in_force(cli, isolated):
    climb(cli)
    cli.ok("protocol", "use", "goom-2016", "--from", "2026-02-25")
    path = isolated / "clinic.toml"
    cli.ok("protocol", "init", str(path), "--from", "goom-2016")
    cli.ok("protocol", "use", str(path), "--from", "2026-03-01")
    assert cli.json("today")["protocol"]["name"] == "clinic"
    out = cli.ok("undo").stdout
    assert out.startswith("Undid change #10, the adoption of clinic 1.0.0 from 2026-03-01 (made ")
    assert (
        "): the adoption is removed.\nToday (2026-03-02) goom-2016 1.1.0 applies, as adopted from 2026-02-25.\n" in out
    )
    assert cli.json("today")["protocol"]["name"] == "goom-2016"
    assert [(a["protocol"], a["from"]) for a in cli.json("protocol", "list")["adopted"]] == [
        ("hht-default", "2026-02-20"),
        ("goom-2016", "2026-02-25"),
    ]


def test_undo_under_a_what_if_protocol_says_today_previews_it(cli):
    cli.ok("protocol", "use", "goom-2016")
    lines = cli.ok("--protocol", "goom-2016", "undo").stdout.splitlines()
    assert lines[1:] == [
        "Today (2026-03-02) the shipped default applies, hht-default 1.0.0: no protocol remains adopted.",
        "While --protocol or HHT_PROTOCOL is set, `hht today` previews goom-2016 instead.",
    ]


def test_undo_goes_back_through_logs_assessments_and_adoptions_in_the_order_they_were_made(cli, protocol):
    climb(cli, range(20, 26))
    assess(cli, answers(protocol, pains=(0, 0, 0)), "--date", "2026-02-25")
    cli.ok("protocol", "use", "goom-2016", "--from", "2026-02-26")
    cli.ok("log", "--date", "2026-02-26", "--morning", "0")
    assess(cli, answers(protocol), "--date", "2026-02-27")
    for said in (
        "Undid change #10, the assessment for 2026-02-27 saved ",
        "Undid change #9 to 2026-02-26, made ",
        "Undid change #8, the adoption of goom-2016 1.1.0 from 2026-02-26 (made ",
        "Undid change #7, the assessment for 2026-02-25 saved ",
    ):
        assert cli.ok("undo").stdout.startswith(said)
    assert cli.json("today")["protocol"]["name"] == "hht-default"
    assert cli.json("protocol", "list")["adopted"] == []


def test_a_file_edited_after_adoption_still_undoes_and_the_notice_is_not_a_change(cli, isolated, db_path):
    """`hht log` marks an edit it has said (mark_noticed); that changes no rule, so it is not in the trail."""
    path = isolated / "clinic.toml"
    cli.ok("protocol", "init", str(path))
    cli.ok("protocol", "use", str(path), "--from", "2026-03-01")
    path.write_text(path.read_text().replace("advance_threshold = 0", "advance_threshold = 2", 1))
    assert "has changed since clinic 1.0.0" in cli.ok("log", "--morning", "1").stdout
    with open_store(db_path) as store:
        assert store.protocol_uses()[0].noticed is not None
    assert [(r["kind"], r["action"]) for r in cli.json("history")] == [("entry", "insert"), ("protocol", "insert")]
    cli.ok("undo")
    assert "the adoption of clinic 1.0.0 from 2026-03-01" in cli.ok("undo").stdout
    assert cli.json("protocol", "list")["adopted"] == []


def test_undo_refuses_an_adoption_no_longer_stored_as_made(cli, db_path):
    cli.ok("protocol", "use", "goom-2016")
    with open_store(db_path) as store:
        store.conn.execute("UPDATE protocol_uses SET reason = 'edited by hand'")  # not through hht
    result = cli("undo", "--yes")
    assert result.exit_code == 1
    assert result.stderr == (
        "hht: Cannot undo change #1: the adoption of goom-2016 1.1.0 from 2026-03-02 is no "
        "longer stored as it was made.\n"
    )
    assert len(cli.json("protocol", "list")["adopted"]) == 1 and len(cli.json("history")) == 1


def test_export_import_and_check_carry_adoptions_and_their_undos(cli, isolated):
    climb(cli)
    cli.ok("protocol", "use", "goom-2016", "--from", "2026-02-26")
    cli.ok("undo")
    cli.ok("protocol", "use", "goom-2016", "--from", "2026-02-28")
    assert cli("check").exit_code == 0
    (isolated / "x.json").write_text(cli.ok("export").stdout)
    restored = str(isolated / "r.db")
    cli.ok("--db", restored, "import", str(isolated / "x.json"))
    assert cli.json("--db", restored, "history") == cli.json("history")
    assert "the adoption of goom-2016 1.1.0 from 2026-02-28" in cli.ok("--db", restored, "undo").stdout
    assert cli.json("--db", restored, "today")["protocol"]["name"] == "hht-default"

    document = json.loads((isolated / "x.json").read_text())
    adoption = json.loads(document["tables"]["changes"][-1]["new"])
    adoption["uses"][-1]["from_date"] = "2026-02-27"
    document["tables"]["changes"][-1]["new"] = json.dumps(adoption)
    (isolated / "bad.json").write_text(json.dumps(document))
    bad = cli("--db", str(isolated / "other.db"), "import", str(isolated / "bad.json"))
    assert bad.exit_code != 0 and "row 11 of changes has new that is for another day than the change" in bad.stderr


# --- m008: the changes table rebuilt to admit 'protocol' ----------------------------


def test_m008_rebuilds_the_changes_table_keeping_every_row_id_and_counter(tmp_path):
    from sqlite_utils import Database

    conn = sqlite3.connect(tmp_path / "seven.db", isolation_level=None)
    conn.execute("PRAGMA foreign_keys = ON")
    db = Database(conn)
    migrate(db, 0, 7)
    insert = "INSERT INTO changes (id, at, date, action, old, new, undoes, kind) VALUES (?, 'x', ?, ?, ?, ?, ?, ?)"
    conn.execute(insert, [1, "2026-03-01", "insert", None, '{"morning": 1}', None, "entry"])
    conn.execute(insert, [2, "2026-03-01", "undo", '{"morning": 1}', None, 1, "entry"])
    conn.execute(insert, [5, "2026-03-02", "insert", None, '{"id": 1}', None, "assessment"])
    conn.execute("UPDATE sqlite_sequence SET seq = 7 WHERE name = 'changes'")  # ids 6 and 7 were never kept
    before = conn.execute("SELECT * FROM changes ORDER BY id").fetchall()
    with pytest.raises(sqlite3.IntegrityError):
        conn.execute(insert, [8, "2026-03-02", "insert", None, "{}", None, "protocol"])

    conn.execute("BEGIN IMMEDIATE")
    m008_protocol_changes(db)
    conn.execute("COMMIT")
    m008_protocol_changes(db)  # once applied, a second call changes nothing

    assert conn.execute("SELECT * FROM changes ORDER BY id").fetchall() == before
    assert conn.execute("SELECT seq FROM sqlite_sequence WHERE name = 'changes'").fetchall() == [(7,)]
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    assert {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE tbl_name = 'changes'")} == {
        "changes",
        "changes_by_date",
        "changes_undone_once",
    }
    conn.execute(
        "INSERT INTO changes (at, date, action, new, kind) VALUES ('x', '2026-03-02', 'insert', '{}', 'protocol')"
    )
    assert conn.execute("SELECT max(id) FROM changes").fetchone() == (8,)
    with pytest.raises(sqlite3.IntegrityError):  # still undone at most once, still only known kinds
        conn.execute(insert, [9, "2026-03-02", "undo", "{}", None, 1, "entry"])
    with pytest.raises(sqlite3.IntegrityError):
        conn.execute(insert, [9, "2026-03-02", "insert", None, "{}", None, "profile"])
    with pytest.raises(sqlite3.IntegrityError):  # an undo of a change that does not exist
        conn.execute(insert, [9, "2026-03-02", "undo", "{}", None, 99, "entry"])
    conn.close()


def test_the_schema_7_fixture_upgrades_and_its_adoption_stays_out_of_reach_of_undo(cli, isolated, wide):
    """An adoption made before m008 has no change: listed by `protocol list`, never undone (as m006 did)."""
    db = isolated / "old.db"
    shutil.copy(FIXTURES / "schema-7.db", db)
    before = {
        t: sqlite3.connect(db).execute(f"SELECT * FROM {t} ORDER BY 1").fetchall()
        for t in ("entries", "assessments", "changes", "protocol_uses", "profile")
    }
    cli.ok("--db", str(db), "protocol", "use", "default", "--from", "2026-03-01", "--reason", "back to the default")
    conn = sqlite3.connect(db)
    after = {t: conn.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall() for t in before}
    conn.close()
    # every row kept, each with its columns as they were (m009 adds three a day, empty)
    assert {
        t: [row[: len(before[t][0])] for row in rows[: len(before[t])]] if before[t] else []
        for t, rows in after.items()
    } == before
    assert [(a["protocol"], a["from"]) for a in cli.json("--db", str(db), "protocol", "list")["adopted"]] == [
        ("hht-default", "2026-02-16"),
        ("goom-2016", "2026-02-19"),
        ("hht-default", "2026-03-01"),
    ]
    out = cli.ok("--db", str(db), "undo").stdout
    assert "the adoption of hht-default 1.0.0 from 2026-03-01" in out
    assert "Today (2026-03-02) goom-2016 1.0.0 applies, as adopted from 2026-02-19." in out
    assert cli.ok("--db", str(db), "undo").stdout.startswith("Undid change #6 to 2026-02-17")
    assert len(cli.json("--db", str(db), "protocol", "list")["adopted"]) == 2
