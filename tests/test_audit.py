"""Corrections keep what they replaced: the changes table, `hht history` and `hht undo`."""

from __future__ import annotations

import json
import sqlite3
from datetime import date

import pytest
from hht.errors import StorageError
from hht.store.opening import open_store
from hht.store.schema import MIGRATIONS, m003_changes

D1, D2 = date(2026, 3, 1), date(2026, 3, 2)


def entry(db_path, day):
    with open_store(db_path) as store:
        return store._entry(day)


def test_each_write_records_the_row_before_and_after_in_the_same_transaction(db_path):
    with open_store(db_path) as store:
        with store.write():
            store.save_day(D1, {"morning": 2})
        first = store._entry(D1)
        with store.write():
            store.save_day(D1, {"morning": 0, "exercise": 1, "partial": True})
        second = store._entry(D1)
        with store.write():
            old, new = store.save_day(D1, {"morning": 0})  # the same value: nothing to record
        assert old == new
        changes = store.changes()
    assert [(c.id, c.action, c.old, c.new) for c in changes] == [
        (2, "update", first, second),
        (1, "insert", None, first),
    ]
    assert second["morning"] == 0 and second["partial"] == 1 and second["created_at"] == first["created_at"]


def test_a_failed_write_records_no_change(db_path):
    with open_store(db_path) as store:
        with pytest.raises(sqlite3.IntegrityError), store.write():
            store.save_day(D1, {"morning": 1})
            store.save_day(D2, {"morning": 11})
        assert store.changes() == [] and store.days() == []


@pytest.fixture
def wide(monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")  # one table row a line


def test_history_lists_changes_newest_first_with_what_they_replaced(cli, wide):
    cli.ok("log", "--date", "2026-03-01", "--morning", "2", "--sitting", "3")
    cli.ok("log", "--date", "2026-03-01", "--morning", "0", "--exercise", "1", "--partial")
    cli.ok("log", "--morning", "1")
    rows = cli.json("history")
    assert [(r["id"], r["action"], r["date"]) for r in rows] == [
        (3, "insert", "2026-03-02"),
        (2, "update", "2026-03-01"),
        (1, "insert", "2026-03-01"),
    ]
    assert rows[1]["old"]["morning"] == 2 and rows[1]["new"]["morning"] == 0
    assert set(rows[0]) == {"id", "at", "date", "kind", "action", "old", "new", "undoes", "undone_by"}
    assert {r["kind"] for r in rows} == {"entry"}
    assert [r["id"] for r in cli.json("history", "--limit", "2")] == [3, 2]
    out = cli.ok("history").stdout
    assert "│ 2 │" in out and "morning 2/10 -> 0/10; exercise 1/10 (new); partial dose (new)" in out
    assert "logged morning 1/10" in out


def test_history_of_an_empty_log_says_so_and_creates_nothing(cli, db_path):
    assert cli.ok("history").stdout == "No changes recorded yet: log a day with hht log.\n"
    assert cli.json("history") == []
    assert not db_path.exists()


def test_undo_walks_back_through_the_log_one_change_at_a_time(cli, db_path, wide):
    cli.ok("log", "--date", "2026-03-01", "--morning", "2", "--sitting", "3")
    original = entry(db_path, D1)
    cli.ok("log", "--date", "2026-03-01", "--morning", "0")
    cli.ok("log", "--morning", "1")

    out = cli.ok("undo").stdout
    assert out.startswith("Undid change #3 to 2026-03-02") and out.endswith("2026-03-02 is no longer logged.\n")
    assert entry(db_path, D2) is None

    out = cli.ok("undo").stdout
    assert "(morning 2/10 -> 0/10)" in out and out.endswith("2026-03-01 is back to morning 2/10, sitting 3/10.\n")
    assert entry(db_path, D1) == original  # the row exactly as it was, timestamps included

    rows = cli.json("history")
    assert [(r["id"], r["action"], r["undoes"], r["undone_by"]) for r in rows] == [
        (5, "undo", 2, None),
        (4, "undo", 3, None),
        (3, "insert", None, 4),
        (2, "update", None, 5),
        (1, "insert", None, None),
    ]
    assert "(undone by #5)" in cli.ok("history").stdout

    assert cli.ok("undo").stdout.endswith("2026-03-01 is no longer logged.\n")
    result = cli("undo")
    assert result.exit_code == 1
    assert (
        result.stderr
        == "hht: Nothing to undo: no change to the log or the assessments is recorded that has not been undone.\n"
    )


def test_a_change_made_after_an_undo_is_the_next_to_undo(cli, db_path):
    cli.ok("log", "--date", "2026-03-01", "--morning", "2")
    cli.ok("log", "--date", "2026-03-01", "--morning", "3")
    cli.ok("undo")
    cli.ok("log", "--date", "2026-03-01", "--sitting", "4")
    assert "(sitting 4/10 (new))" in cli.ok("undo").stdout
    assert entry(db_path, D1)["morning"] == 2 and entry(db_path, D1)["sitting"] is None
    assert "is no longer logged" in cli.ok("undo").stdout


def test_undo_refuses_when_the_log_moved_on_or_the_row_no_longer_matches(db_path):
    with open_store(db_path) as store:
        with store.write():
            store.save_day(D1, {"morning": 2})
            store.save_day(D1, {"morning": 3})
        with pytest.raises(StorageError, match="changed while you were deciding"), store.write():
            store.undo(expected=1)
        store.conn.execute("UPDATE entries SET morning = 9")  # not through hht: no change recorded
        with pytest.raises(StorageError, match="no longer holds what it wrote"), store.write():
            store.undo()
        assert store._entry(D1)["morning"] == 9 and len(store.changes()) == 2


def test_undo_on_a_new_machine_creates_nothing(cli, db_path):
    assert cli("undo").exit_code == 1
    assert not db_path.exists()


def test_corrections_are_the_recorded_values_replaced(db_path):
    def corrected(store):
        return {date.fromisoformat(c["date"]) for c in store.corrections()}

    with open_store(db_path) as store:
        with store.write():
            store.save_day(D1, {"morning": 0})
            store.save_day(D1, {"exercise": 0, "partial": False})  # filled in later: not a correction
            store.save_day(D2, {"morning": 0, "exercise": 0, "partial": False})
            store.save_day(D2, {"partial": True})  # the dose corrected
            store.save_day(date(2026, 2, 27), {"note": "a"})
            store.save_day(date(2026, 2, 27), {"note": "b"})
            store.save_day(date(2026, 2, 28), {"morning": 1})
            store.save_day(date(2026, 2, 28), {"morning": 2})
        assert corrected(store) == {D2, date(2026, 2, 27), date(2026, 2, 28)}
        with store.write():
            store.undo()  # 28 Feb back to morning 1/10: no longer corrected
        assert corrected(store) == {D2, date(2026, 2, 27)}


def test_the_changes_table_refuses_what_hht_would_never_write(db_path):
    with open_store(db_path) as store:
        for sql in (
            "INSERT INTO changes (at, date, action, new) VALUES ('x', '2026-03-01', 'rename', '{}')",
            "INSERT INTO changes (at, date, action, new) VALUES ('x', '2026-03-01', 'insert', 'not json')",
            "INSERT INTO changes (at, date, action) VALUES ('x', '2026-03-01', 'insert')",
            "INSERT INTO changes (at, date, action, new) VALUES ('x', '2026-03-01', 'undo', '{}')",
        ):
            with pytest.raises(sqlite3.IntegrityError):
                store.conn.execute(sql)
        with store.write():
            store.save_day(D1, {"morning": 1})
        with store.write():
            store.undo()
        with pytest.raises(sqlite3.IntegrityError):  # undone at most once
            store.conn.execute(
                "INSERT INTO changes (at, date, action, old, undoes) VALUES ('x', '2026-03-01', 'undo', '{}', 1)"
            )
        assert json.loads(store.conn.execute("SELECT new FROM changes WHERE id = 1").fetchone()[0])["morning"] == 1


def test_m003_builds_the_changes_table_on_its_own_and_twice_without_harm():
    from sqlite_utils import Database

    db = Database(memory=True)
    m003_changes(db)  # needs no other table: m002 (assessments) is merged separately
    m003_changes(db)
    assert [c.name for c in db["changes"].columns] == ["id", "at", "date", "action", "old", "new", "undoes"]
    assert {i.name for i in db["changes"].indexes} >= {"changes_by_date", "changes_undone_once"}
    assert MIGRATIONS[2] is m003_changes
