"""Faults of the machine, suffered by the real `hht` in a subprocess: a full
file-size limit, a read-only database, a FIFO, a damaged file, a full or
closed standard output, and kills in the middle of `backup` and `import`.
Each is one sentence and an exit code, never a traceback, and nothing is
half-written."""

from __future__ import annotations

import os
import random
import shutil
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest

from tests.test_installed import hht_script


def env_for(db: Path) -> dict:
    return {**os.environ, "HHT_DB": str(db), "HHT_NOW": "2026-03-02T20:00:00", "COLUMNS": "80"}


def hht(*args: str, db: Path, shell_prefix: str = "", stdin: str | None = None, stdout=subprocess.PIPE):
    command = " ".join([shell_prefix, hht_script(), *(f"'{a}'" for a in args)])
    return subprocess.run(
        ["bash", "-c", command],
        env=env_for(db),
        input=stdin,
        stdout=stdout,
        stderr=subprocess.PIPE,
        text=True,
        timeout=60,
    )


def one_sentence(result, code: int = 1) -> str:
    assert result.returncode == code, (result.returncode, result.stderr)
    assert "Traceback" not in result.stderr and result.stderr.startswith("hht: "), result.stderr
    return result.stderr


def rows(db: Path) -> list:
    """The entries of a whole database; [] for one without them (empty, or before its first migration)."""
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        if not conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'entries'").fetchone():
            return []
        return conn.execute("SELECT * FROM entries ORDER BY date").fetchall()
    finally:
        conn.close()


@pytest.fixture
def filled(isolated: Path) -> Path:
    """A database with a few weeks of entries, written by hht itself."""
    from datetime import date, timedelta

    from hht.store.opening import open_store

    db = isolated / "hht.db"
    with open_store(db) as store, store.write():
        for n in range(60):
            store.save_day(date(2026, 1, 1) + timedelta(days=n), {"morning": n % 3, "note": f"day {n} " * 99 + "."})
    return db


def test_a_file_size_limit_is_one_sentence_and_writes_nothing(filled, isolated):
    before = rows(filled)
    big = "x" * 1900
    for args in (
        ["log", "--date", "2026-03-01", "--morning", "1", "--note", big],
        ["import", str(isolated / "e.json")],
    ):
        if args[0] == "import":
            (isolated / "e.json").write_text(hht("export", db=filled).stdout)
            target = isolated / "new.db"
            result = hht("--db", str(target), *args, db=filled, shell_prefix="ulimit -f 8;")
            one_sentence(result)
            assert not target.exists() or rows(target) == []
            continue
        result = hht(*args, db=filled, shell_prefix="ulimit -f 2;")  # the WAL's first page is 4 KB
        assert "nothing was saved" in one_sentence(result)
    assert rows(filled) == before
    # 64 KB leaves room for SQLite's 32 KB shared-memory file, not for the report.
    result = hht(
        "report", "--output", str(isolated / "r.json"), "--format", "json", db=filled, shell_prefix="ulimit -f 64;"
    )
    assert "r.json" in one_sentence(result) and not list(isolated.glob("*r.json*"))


def test_a_read_only_database_is_one_sentence(filled):
    before = rows(filled)
    filled.chmod(0o400)
    prefix = ""
    if os.geteuid() == 0:  # root ignores file modes: drop the capabilities that let it
        if not shutil.which("setpriv"):
            pytest.skip("running as root without setpriv: a read-only file cannot be tested")
        prefix = "setpriv --bounding-set=-dac_override,-dac_read_search,-fowner --"
    result = hht("log", "--morning", "1", db=filled, shell_prefix=prefix)
    assert "read-only" in one_sentence(result)
    filled.chmod(0o600)
    assert rows(filled) == before


def test_a_fifo_is_refused_before_it_is_opened(isolated):
    fifo = isolated / "pipe"
    os.mkfifo(fifo)
    for args in (
        ["today"],
        ["log", "--morning", "1"],
        ["import", str(fifo)],
        ["--protocol", str(fifo), "today"],
        ["assess", "--answers", str(fifo)],
    ):
        db = fifo if args[0] in ("today", "log") else isolated / "x.db"
        result = hht(*args, db=db)
        assert result.returncode in (1, 2) and "not a regular file" in one_sentence(result, result.returncode)


def test_a_damaged_file_is_named_with_its_backup_and_never_written(filled, isolated):
    assert hht("backup", db=filled).returncode == 0
    damaged = bytearray(filled.read_bytes())
    page = 4096
    rng = random.Random(18)
    for n in range(2, len(damaged) // page):
        damaged[n * page : (n + 1) * page] = rng.randbytes(page)
    filled.write_bytes(bytes(damaged))
    for args in (["log", "--morning", "1"], ["report"], ["export"], ["check"]):
        stderr = one_sentence(hht(*args, db=filled))
        assert "is damaged" in stderr and ".backup-" in stderr and "cp " in stderr, stderr
    assert filled.read_bytes() == bytes(damaged)  # nothing wrote into it
    # The restore command it gives works.
    command = one_sentence(hht("check", db=filled)).split("to restore it, run: ")[1].strip()
    subprocess.run(["bash", "-c", command], check=True)
    assert hht("check", db=filled).returncode == 0


def test_standard_output_full_or_closed(filled):
    for args in (["export"], ["report"], ["history"], ["today"], ["status"], ["assess", "--history"], ["--help"]):
        with open("/dev/full", "w") as full:
            result = hht(*args, db=filled, stdout=full)
        assert "Cannot write to standard output: the disk is full" in one_sentence(result), args
        closed = hht(*args, db=filled, shell_prefix="exec >&-;")
        assert "standard output is closed" in one_sentence(closed), args
    with open("/dev/full", "w") as full:
        version = hht("--version", db=filled, stdout=full)
    assert "Cannot write to standard output" in one_sentence(version)
    before = rows(filled)
    closed = hht("log", "--morning", "1", db=filled, shell_prefix="exec >&-;")
    assert "nothing was done" in one_sentence(closed) and rows(filled) == before
    process = subprocess.Popen(
        [hht_script(), "export"], env=env_for(filled), stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    process.stdout.close()  # the reader went away: hht ends quietly, as `head` expects
    assert process.wait(timeout=60) == 0 and process.stderr.read() == b""
    process.stderr.close()


def _kill_at_random(args: list[str], db: Path, delays: list[float]) -> None:
    for delay in delays:
        process = subprocess.Popen(
            [hht_script(), *args], env=env_for(db), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        time.sleep(delay)
        process.kill()
        process.wait()
        yield


def test_a_killed_backup_leaves_no_file_or_a_whole_one(filled, isolated):
    expected = rows(filled)
    rng = random.Random(1818)
    for _n, _ in enumerate(
        _kill_at_random(["backup", str(isolated / "b.db")], filled, [rng.uniform(0.05, 0.4) for _ in range(3)])
    ):
        target = isolated / "b.db"
        if target.exists():
            assert rows(target) == expected
            target.unlink()


def test_a_killed_import_leaves_nothing_or_everything(filled, isolated):
    (isolated / "e.json").write_text(hht("export", db=filled).stdout)
    target = isolated / "restored.db"
    expected = rows(filled)
    rng = random.Random(1819)
    for _ in _kill_at_random(
        ["--db", str(target), "import", str(isolated / "e.json")], filled, [rng.uniform(0.1, 0.5) for _ in range(3)]
    ):
        if target.exists() and target.stat().st_size:
            assert rows(target) in ([], expected)
            for leftover in isolated.glob("restored.db*"):
                leftover.unlink()


def test_an_unexpected_error_is_one_line_that_says_it_is_a_bug(isolated, monkeypatch):
    from hht.cli.app import app
    from hht.store.store import Store
    from typer.testing import CliRunner

    def broken(*args, **kwargs):
        raise KeyError("boom")

    monkeypatch.setattr(Store, "days", broken)
    result = CliRunner().invoke(app, ["today"])
    assert result.exit_code == 1 and result.stderr.count("\n") == 1
    assert "this is a bug in hht" in result.stderr and "--debug" in result.stderr and "HHT_DEBUG=1" in result.stderr
    result = CliRunner().invoke(app, ["--debug", "today"])
    assert isinstance(result.exception, KeyError)
