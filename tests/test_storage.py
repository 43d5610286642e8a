"""The storage module: location, privacy, schema, and refusing files that are not ours."""

from __future__ import annotations

import os
import sqlite3
from datetime import date
from pathlib import Path

import pytest
from hht.store.location import resolve_path
from hht.store.opening import APP_ID, open_store
from hht.store.schema import SCHEMA_VERSION


def test_migrations_build_the_schema_on_a_fresh_database():
    store = open_store(Path(":memory:"), create=False)  # in-memory stand-in
    columns = {c.name for c in store.db["entries"].columns}
    assert columns == {
        "date",
        "morning",
        "exercise",
        "partial",
        "run",
        "sitting",
        "note",
        "created_at",
        "updated_at",
        "load_test",
        "sitting_minutes",
        "loads",
        "run_file",
    }
    assert store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert "_sqlite_migrations" not in {name for (name,) in store.conn.execute("SELECT name FROM sqlite_master")}


def test_a_new_file_is_hht_s_private_and_in_wal_mode(db_path):
    with open_store(db_path) as store:
        assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert store.conn.execute("PRAGMA application_id").fetchone()[0] == APP_ID
    assert oct(os.stat(db_path).st_mode & 0o777) == "0o600"
    open_store(db_path).close()  # opens again without complaint


def test_the_schema_refuses_out_of_range_pain_even_past_the_cli(db_path):
    with open_store(db_path) as store:
        with pytest.raises(sqlite3.IntegrityError), store.write():
            store.save_day(date(2026, 3, 1), {"morning": 11})
        assert store.days() == []


def test_a_write_interrupted_midway_leaves_nothing(db_path):
    with open_store(db_path) as store:
        with pytest.raises(KeyboardInterrupt), store.write():
            store.save_day(date(2026, 3, 1), {"morning": 1})
            raise KeyboardInterrupt
        assert store.days() == []


def _unchanged(path, cli, *args):
    before = path.read_bytes()
    result = cli(*args)
    assert result.exit_code == 1
    assert path.read_bytes() == before
    return result.stderr


def test_a_text_file_is_not_ours(cli, db_path):
    db_path.write_text("my running diary\n" * 20)
    assert "is not an hht database (it is not an SQLite file); it was left untouched." in _unchanged(
        db_path, cli, "log", "--morning", "1"
    )


def test_a_foreign_sqlite_database_is_not_ours(cli, db_path):
    conn = sqlite3.connect(db_path)
    conn.execute("CREATE TABLE recipes (name TEXT)")
    conn.commit()
    conn.close()
    assert "is an SQLite database but not hht's; it was left untouched." in _unchanged(
        db_path, cli, "log", "--morning", "1"
    )
    assert "not hht's" in _unchanged(db_path, cli, "today")


def test_a_database_from_a_newer_hht_is_refused_untouched(cli, db_path):
    cli.ok("log", "--morning", "1")
    conn = sqlite3.connect(db_path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()
    assert "was written by a newer hht" in _unchanged(db_path, cli, "log", "--morning", "2")


def test_a_folder_is_not_a_database(cli, isolated):
    result = cli("--db", str(isolated), "log", "--morning", "1")
    assert result.exit_code == 1 and "is a folder, not a database file." in result.stderr


def test_a_folder_that_refuses_writes_gets_one_sentence(cli):
    # sysfs refuses new files even to root, as CI runs; a chmod 0500 folder would not.
    result = cli("--db", "/sys/hht-test.db", "log", "--morning", "1")
    assert result.exit_code == 1
    assert result.stderr == "hht: Cannot create the database at /sys/hht-test.db: permission denied.\n"


def test_hht_db_environment_variable_is_honoured(monkeypatch, isolated):
    monkeypatch.setenv("HHT_DB", str(isolated / "env.db"))
    assert resolve_path(None) == isolated / "env.db"
    assert resolve_path("x.db").name == "x.db"
    monkeypatch.delenv("HHT_DB")
    assert resolve_path(None) == isolated / "home" / ".local" / "share" / "hht" / "hht.db"


def test_a_database_kept_where_an_earlier_hht_put_it_is_still_found(monkeypatch, isolated):
    """hht 0.2 took a relative $XDG_DATA_HOME as it was given; platformdirs (as the XDG rules say)
    ignores it. A database already kept there is still the one used; a new one goes where
    platformdirs says."""
    monkeypatch.delenv("HHT_DB")
    monkeypatch.chdir(isolated)
    monkeypatch.setenv("XDG_DATA_HOME", "relative/share")
    assert resolve_path(None) == isolated / "home" / ".local" / "share" / "hht" / "hht.db"
    earlier = isolated / "relative" / "share" / "hht"
    earlier.mkdir(parents=True)
    (earlier / "hht.db").touch()
    assert resolve_path(None) == Path("relative/share/hht/hht.db")
