"""Many hht processes at once: every write lands, the last one wins, nobody sees "locked"."""

from __future__ import annotations

import itertools
import json
import os
import shutil
import sqlite3
import stat
import subprocess
from datetime import date, timedelta
from pathlib import Path

from hht.store.opening import APP_ID, memory_store
from hht.store.schema import SCHEMA_VERSION

from tests.test_installed import hht_script

START = date(2026, 2, 1)
SAME_DAY = "2026-01-15"


def at_once(commands: list[list[str]], env: dict) -> list[subprocess.CompletedProcess]:
    """Start every command before waiting for any."""
    procs = [
        subprocess.Popen([hht_script(), *args], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for args in commands
    ]
    results = []
    for args, proc in zip(commands, procs):
        out, err = proc.communicate(timeout=120)
        results.append(subprocess.CompletedProcess(args, proc.returncode, out, err))
    return results


def query(path: Path, sql: str) -> list[tuple]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def test_forty_processes_on_a_database_that_does_not_exist_yet(isolated):
    db = isolated / "new-folder" / "hht.db"
    env = {**os.environ, "HHT_DB": str(db), "HHT_NOW": "2026-03-02T20:00:00"}
    distinct = [
        [
            "log",
            "--date",
            (START + timedelta(days=n)).isoformat(),
            "--morning",
            str(n % 11),
            "--exercise",
            "0",
            "--note",
            f"day {n}",
        ]
        for n in range(20)
    ]
    same = [["log", "--date", SAME_DAY, "--sitting", str(n % 11), "--note", f"writer {n}"] for n in range(20)]
    commands = [c for pair in zip(distinct, same) for c in pair]  # interleaved

    results = at_once(commands, env)
    for result in results:
        assert result.returncode == 0, result.stderr
        assert result.stderr == ""  # no "database is locked", no upgrade notice

    assert query(db, "PRAGMA integrity_check") == [("ok",)]
    assert query(db, "PRAGMA user_version") == [(SCHEMA_VERSION,)]
    assert query(db, "PRAGMA application_id") == [(APP_ID,)]
    with memory_store() as fresh:  # every step applied once: the schema of a new database
        assert (
            query(db, "SELECT type, name, sql FROM sqlite_master ORDER BY name")
            == fresh.conn.execute("SELECT type, name, sql FROM sqlite_master ORDER BY name").fetchall()
        )
    assert stat.S_IMODE(db.stat().st_mode) == 0o600 and stat.S_IMODE(db.parent.stat().st_mode) == 0o700

    # Twenty dates, twenty entries, each as its one write set it.
    rows = query(db, f"SELECT date, morning, exercise, note FROM entries WHERE date != '{SAME_DAY}' ORDER BY date")
    assert rows == [((START + timedelta(days=n)).isoformat(), n % 11, 0, f"day {n}") for n in range(20)]

    # One date, twenty writers: all recorded, in a chain, and the last one wins.
    changes = query(db, f"SELECT action, old, new FROM changes WHERE date = '{SAME_DAY}' ORDER BY id")
    assert [c[0] for c in changes] == ["insert"] + ["update"] * 19
    for (_, _, before), (_, after_old, _) in itertools.pairwise(changes):
        assert json.loads(after_old) == json.loads(before)
    last = json.loads(changes[-1][2])
    (row,) = query(db, f"SELECT sitting, note FROM entries WHERE date = '{SAME_DAY}'")
    assert row == (last["sitting"], last["note"])
    assert sorted(json.loads(c[2])["note"] for c in changes) == sorted(f"writer {n}" for n in range(20))


def test_twenty_processes_upgrading_one_old_database_make_one_copy(isolated):
    fixture = Path(__file__).parent / "fixtures" / "schema-1.db"
    db = isolated / "old" / "hht.db"
    db.parent.mkdir(mode=0o700)
    shutil.copy(fixture, db)
    before = query(
        db,
        "SELECT date, morning, exercise, partial, run, sitting, note, created_at, updated_at FROM entries ORDER BY date",
    )
    env = {**os.environ, "HHT_DB": str(db), "HHT_NOW": "2026-03-02T20:00:00"}
    january = date(2026, 1, 1)  # the fixture's entries are in February
    commands = [["log", "--date", (january + timedelta(days=n)).isoformat(), "--morning", "1"] for n in range(10)]
    commands += [["today", "--json"] for _ in range(10)]

    results = at_once(commands, env)
    assert all(r.returncode == 0 for r in results), [r.stderr for r in results]
    notices = [r.stderr for r in results if r.stderr]
    assert len(notices) == 1 and "upgrading" in notices[0]
    assert len(list(db.parent.glob("hht.db.bak-1-*"))) == 1
    assert query(db, "PRAGMA user_version") == [(SCHEMA_VERSION,)]
    assert (
        before
        and query(
            db,
            "SELECT date, morning, exercise, partial, run, sitting, note, created_at, updated_at FROM entries WHERE date >= '2026-02-01' ORDER BY date",
        )
        == before
    )
    assert query(db, "SELECT count(*) FROM entries WHERE date < '2026-02-01'") == [(10,)]
