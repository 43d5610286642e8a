"""Protocols adopted in the audit trail: `hht protocol use` records its
adoption as a change, `hht history` lists it, `hht undo` removes it and the
plan follows the protocols that remain (or the shipped default)."""

from __future__ import annotations

import sqlite3

import pytest

from hht import storage


# --- m008: the changes table rebuilt to admit 'protocol' ----------------------------


def test_m008_rebuilds_the_changes_table_keeping_every_row_id_and_counter(tmp_path):
    from sqlite_utils import Database

    conn = sqlite3.connect(tmp_path / "seven.db", isolation_level=None)
    conn.execute("PRAGMA foreign_keys = ON")
    db = Database(conn)
    storage.migrate(db, 0, 7)
    insert = "INSERT INTO changes (id, at, date, action, old, new, undoes, kind) VALUES (?, 'x', ?, ?, ?, ?, ?, ?)"
    conn.execute(insert, [1, "2026-03-01", "insert", None, '{"morning": 1}', None, "entry"])
    conn.execute(insert, [2, "2026-03-01", "undo", '{"morning": 1}', None, 1, "entry"])
    conn.execute(insert, [5, "2026-03-02", "insert", None, '{"id": 1}', None, "assessment"])
    conn.execute("UPDATE sqlite_sequence SET seq = 7 WHERE name = 'changes'")  # ids 6 and 7 were never kept
    before = conn.execute("SELECT * FROM changes ORDER BY id").fetchall()
    with pytest.raises(sqlite3.IntegrityError):
        conn.execute(insert, [8, "2026-03-02", "insert", None, "{}", None, "protocol"])

    conn.execute("BEGIN IMMEDIATE")
    storage.m008_protocol_changes(db)
    conn.execute("COMMIT")
    storage.m008_protocol_changes(db)  # once applied, a second call changes nothing

    assert conn.execute("SELECT * FROM changes ORDER BY id").fetchall() == before
    assert conn.execute("SELECT seq FROM sqlite_sequence WHERE name = 'changes'").fetchall() == [(7,)]
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    assert {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE tbl_name = 'changes'")} == {
        "changes", "changes_by_date", "changes_undone_once"}
    conn.execute("INSERT INTO changes (at, date, action, new, kind) VALUES ('x', '2026-03-02', 'insert', '{}', 'protocol')")
    assert conn.execute("SELECT max(id) FROM changes").fetchone() == (8,)
    with pytest.raises(sqlite3.IntegrityError):  # still undone at most once, still only known kinds
        conn.execute(insert, [9, "2026-03-02", "undo", "{}", None, 1, "entry"])
    with pytest.raises(sqlite3.IntegrityError):
        conn.execute(insert, [9, "2026-03-02", "insert", None, "{}", None, "profile"])
    with pytest.raises(sqlite3.IntegrityError):  # an undo of a change that does not exist
        conn.execute(insert, [9, "2026-03-02", "undo", "{}", None, 99, "entry"])
    conn.close()
