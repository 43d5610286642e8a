"""Copies of the database: `hht backup`, and the copy made before every upgrade.

tests/fixtures/schema-N.db are real databases written by each released
schema (see tests/fixtures/make_fixture.py); each must open, migrate with a
backup made first, and lose nothing.
"""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
import stat
from datetime import date
from pathlib import Path

import pytest
from hht.errors import StorageError
from hht.store.opening import memory_store, open_store
from hht.store.schema import SCHEMA_VERSION

# Tables a later migration drops on purpose: the fold memo was derived data.
DROPPED = {"checkpoints"}
FIXTURES = sorted((Path(__file__).parent / "fixtures").glob("schema-*.db"))


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def rows(path: Path, table: str) -> list[tuple]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(f"SELECT * FROM {table} ORDER BY 1").fetchall()
    finally:
        conn.close()


def columns(path: Path, table: str) -> list[str]:
    return [r[1] for r in rows(path, f"pragma_table_info('{table}')")]


def values(path: Path, table: str, names: list[str]) -> list[tuple]:
    """The table's rows in the given columns only (a later schema may add columns)."""
    conn = sqlite3.connect(path)
    try:
        return conn.execute(f"SELECT {', '.join(names)} FROM {table} ORDER BY 1").fetchall()
    finally:
        conn.close()


def dump(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def test_backup_makes_a_private_consistent_copy_beside_the_database_and_says_where(cli, db_path):
    cli.ok("log", "--date", "yesterday", "--morning", "2")
    cli.ok("log", "--morning", "0", "--note", "fine")
    out = cli.ok("backup").stdout
    (copy,) = db_path.parent.glob("hht.db.backup-*")
    assert re.fullmatch(r"hht\.db\.backup-\d{8}T\d{6}Z", copy.name)
    assert out == f"Backed up {db_path} to {copy} (readable by you alone).\n"
    assert mode(copy) == 0o600
    assert dump(copy) == dump(db_path)
    with open_store(copy) as store:  # a working hht database
        assert [d.morning for d in store.days()] == [2, 0]


def test_backup_to_a_path_or_a_folder_and_never_over_a_file(cli, db_path, isolated):
    cli.ok("log", "--morning", "1")
    target = isolated / "copy.db"
    cli.ok("backup", str(target))
    assert mode(target) == 0o600 and dump(target) == dump(db_path)
    folder = isolated / "usb"
    folder.mkdir()
    cli.ok("backup", str(folder))
    (inside,) = folder.iterdir()
    assert inside.name.startswith("hht.db.backup-")

    other = isolated / "precious.txt"
    other.write_text("keep me")
    result = cli("backup", str(other))
    assert result.exit_code == 1
    assert (
        result.stderr
        == f"hht: Cannot write {other}: it already exists, and hht never overwrites a file (choose another name).\n"
    )
    assert other.read_text() == "keep me"


def test_backup_with_no_database_says_so_and_creates_nothing(cli, db_path, isolated):
    result = cli("backup", str(isolated / "copy.db"))
    assert result.exit_code == 1 and "There is no database at" in result.stderr
    assert sorted(p.name for p in isolated.iterdir()) == ["home"]


def test_backup_is_consistent_while_another_hht_holds_the_write_lock(cli, db_path, isolated):
    cli.ok("log", "--date", "yesterday", "--morning", "2")
    with open_store(db_path) as busy, busy.write():
        busy.save_day(date(2026, 3, 2), {"morning": 5})  # not committed yet
        cli.ok("backup", str(isolated / "copy.db"))
    assert rows(isolated / "copy.db", "entries")[0][:2] == ("2026-03-01", 2)
    assert len(rows(isolated / "copy.db", "entries")) == 1
    assert len(rows(db_path, "entries")) == 2


def test_there_is_a_fixture_for_every_earlier_schema():
    """A new schema needs the fixture of the one before it (tests/fixtures/make_fixture.py)."""
    assert [f.name for f in FIXTURES] == [f"schema-{n}.db" for n in range(1, SCHEMA_VERSION)]
    for fixture in FIXTURES:
        assert rows(fixture, "entries"), f"{fixture.name} holds no entries"


def unnoticed(tables: dict) -> dict:
    """The tables without protocol_uses.noticed: what `hht log` has said about a shipped file since."""
    if "protocol_uses" not in tables:
        return tables
    names, rows_ = tables["protocol_uses"]
    keep = [i for i, name in enumerate(names) if name != "noticed"]
    return {**tables, "protocol_uses": ([names[i] for i in keep], [tuple(r[i] for i in keep) for r in rows_])}


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda f: f.stem)
def test_every_released_schema_opens_migrates_with_a_backup_and_loses_nothing(cli, isolated, fixture):
    db = isolated / "old" / "hht.db"
    db.parent.mkdir(mode=0o700)
    shutil.copy(fixture, db)
    old_version = rows(db, "pragma_user_version")[0][0]
    tables = [
        r[1]
        for r in rows(db, "sqlite_master")
        if r[0] == "table" and not r[1].startswith(("_", "sqlite")) and r[1] not in DROPPED
    ]
    before = {t: (columns(db, t), rows(db, t)) for t in tables}
    before_dump = dump(db)

    # Reading never writes: today and the report read an upgraded copy in memory.
    for read in (["today", "--json"], ["report", "--format", "json"]):
        result = cli("--db", str(db), *read)
        assert result.exit_code == 0 and result.stderr == "", result.stderr
    assert json.loads(cli("--db", str(db), "today", "--json").stdout)["assessed"] is (old_version >= 2)
    assert dump(db) == before_dump and not list(db.parent.glob("hht.db.bak-*"))

    # The first write upgrades the file, with a copy of it as it was.
    result = cli("--db", str(db), "log", "--date", "2026-02-16", "--morning", "1")  # as logged: nothing changes
    assert result.exit_code == 0, result.stderr
    (backup,) = db.parent.glob(f"hht.db.bak-{old_version}-*")
    assert result.stderr == (
        f"hht: upgrading {db} from schema {old_version} to {SCHEMA_VERSION}; a copy of it as it was is at {backup}.\n"
    )
    assert mode(backup) == 0o600
    assert dump(backup) == before_dump  # the copy is the file as it was

    # Nothing lost, timestamps included; a column added since keeps its default. The one
    # value a write may set is `noticed` on an adoption whose shipped file has changed
    # since (said once, as `hht log` does): it then holds that file's text now.
    kept = {t: [n for n in names if n != "noticed"] for t, (names, _) in before.items()}
    was = {t: (kept[t], [tuple(r[names.index(n)] for n in kept[t]) for r in old]) for t, (names, old) in before.items()}
    assert {t: (kept[t], values(db, t, kept[t])) for t in before} == was
    if "protocol_uses" in before and "noticed" in before["protocol_uses"][0]:
        from hht.rules.adoption import source_text

        for source, content, noticed in values(db, "protocol_uses", ["source", "content", "noticed"]):
            assert noticed is None or (noticed == source_text(source) and noticed != content)
    if "changes" in before and "kind" not in before["changes"][0]:  # written before m006 added it
        assert {r[0] for r in values(db, "changes", ["kind"])} == {"entry"}
    assert rows(db, "pragma_user_version")[0][0] == SCHEMA_VERSION
    assert rows(db, "pragma_integrity_check") == [("ok",)]
    with open_store(db) as store:
        fresh = memory_store()
        assert store.tables() == fresh.tables()  # the same schema as a new database
        assert {t: store.columns(t) for t, _ in store.tables()} == {t: fresh.columns(t) for t, _ in fresh.tables()}
        assert store.day(date(2026, 2, 17)).morning == 2  # the fixture's correction
        assert "✓" in store.day(date(2026, 2, 18)).note

    again = cli("--db", str(db), "log", "--date", "2026-02-17", "--morning", "0")
    assert again.exit_code == 0 and again.stderr == ""  # no second upgrade, no second copy
    assert "morning 2/10 -> 0/10" in again.stdout
    assert len(list(db.parent.glob("hht.db.bak-*"))) == 1
    assert cli.json("--db", str(db), "history")[0]["old"]["morning"] == 2


@pytest.mark.parametrize("fixture", FIXTURES[:1], ids=lambda f: f.stem)
def test_a_failed_upgrade_leaves_the_file_as_it_was_and_the_copy_beside_it(isolated, fixture, monkeypatch):
    db = isolated / "hht.db"
    shutil.copy(fixture, db)
    before = dump(db)

    def broken(database, *args):
        database.execute("DROP TABLE entries")
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr("hht.store.opening.migrate", broken)  # where the opening looks it up
    with pytest.raises(StorageError, match="cannot be used: disk I/O error"):
        open_store(db)
    assert dump(db) == before
    (backup,) = isolated.glob("hht.db.bak-*")
    assert dump(backup) == before


@pytest.mark.parametrize("fixture", FIXTURES[:1], ids=lambda f: f.stem)
def test_a_failed_upgrade_still_says_where_the_copy_is(cli, isolated, fixture, monkeypatch):
    db = isolated / "hht.db"
    shutil.copy(fixture, db)

    def broken(database, *args):
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr("hht.store.opening.migrate", broken)
    result = cli("log", "--date", "2026-02-16", "--morning", "1")
    (backup,) = isolated.glob("hht.db.bak-*")
    assert result.exit_code == 1
    assert result.stderr.startswith(
        f"hht: upgrading {db} from schema 1 to {SCHEMA_VERSION}; a copy of it as it was is at {backup}.\nhht: {db} "
    ), result.stderr
