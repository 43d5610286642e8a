"""`hht status`'s cache (hht/cli/status_cache.py): an answer kept is used only
while nothing it depends on has changed, and a cache not to trust is ignored.

An answer is seen to come from the cache by planting a different one under
the same key: status prints the planted answer only when it reads the cache.
The tests call the fast path in-process; the database's files count as
settled at once (in use, a file written in the last few seconds is never
cached: the last test here shows it).
"""

from __future__ import annotations

import json
import os
import sqlite3
import stat
from pathlib import Path

import hht
import pytest
from hht.cli import status_cache, status_line
from hht.rules.protocol import load as protocols
from hht.rules.protocol import place
from hht.store import location, stamp

PLANTED = "planted: the cache answered"
RED_FLAG = {"sides": ["left"], "red_flags": {"saddle_numbness": False, "sudden_pop": True}}


@pytest.fixture
def settled(monkeypatch):
    monkeypatch.setattr(stamp, "SETTLED_NS", 0)


@pytest.fixture
def logged(cli, settled):
    cli.ok("log", "--date", "yesterday", "--morning", "0", "--exercise", "0")


def status(capsys, *args: str) -> str:
    """What `hht [args]` prints, by the fast path, cache and all."""
    assert status_cache.fast([*args] if "status" in args else [*args, "status"]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    return out


def uncached(capsys, *args: str) -> str:
    """What the same call prints without any cache."""
    assert status_line.fast([*args] if "status" in args else [*args, "status"]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    return out


def kept(isolated: Path) -> list[Path]:
    folder = isolated / "home" / ".cache" / "hht"
    return sorted(folder.iterdir()) if folder.is_dir() else []


def plant(isolated: Path) -> None:
    """Replace every kept answer by PLANTED, under the same key."""
    files = kept(isolated)
    assert files, "nothing was kept"
    for file in files:
        key = file.read_text(encoding="utf-8").split("\n")[0]
        file.write_text(f"{key}\n{PLANTED}\n", encoding="utf-8")


@pytest.fixture
def no_umask():
    """As under umask 0: only hht itself can make a file private."""
    old = os.umask(0)
    yield
    os.umask(old)


def test_an_answer_is_kept_privately_and_used_while_nothing_changed(capsys, isolated, logged, no_umask):
    line = status(capsys)
    assert line == "morning pain · rung 1 bridge hold · first assessment\n"
    as_json = status(capsys, "status", "--json")
    assert json.loads(as_json)["line"] == line.strip()
    files = kept(isolated)
    assert len(files) == 2  # the line and --json
    assert stat.S_IMODE(files[0].parent.stat().st_mode) == 0o700
    assert [stat.S_IMODE(f.stat().st_mode) for f in files] == [0o600, 0o600]
    assert status(capsys) == line and status(capsys, "status", "--json") == as_json  # the same, from the cache
    plant(isolated)
    assert status(capsys) == f"{PLANTED}\n"
    assert status(capsys, "status", "--json") == f"{PLANTED}\n"


WRITES = {
    "a day logged": lambda cli, _: cli.ok("log", "--morning", "0", "--exercise", "0"),
    "a day corrected": lambda cli, _: cli.ok("log", "--date", "yesterday", "--morning", "3"),
    "an undo": lambda cli, _: cli.ok("undo", "--yes"),
    "an assessment": lambda cli, _: cli("assess", "--answers", "-", input=json.dumps(RED_FLAG)),
    "a protocol adopted": lambda cli, _: cli.ok("protocol", "use", "goom-2016", "--from", "2026-03-01"),
    "another program's write": lambda _, db: _sql(db, "UPDATE entries SET morning = 5"),
}


def _sql(db: Path, statement: str) -> None:
    conn = sqlite3.connect(db)
    with conn:
        conn.execute(statement)
    conn.close()


@pytest.mark.parametrize("write", WRITES)
def test_any_write_to_the_database_makes_it_recompute(capsys, isolated, cli, db_path, logged, write):
    status(capsys)
    plant(isolated)
    WRITES[write](cli, db_path)
    fresh = status(capsys)
    assert PLANTED not in fresh
    assert fresh == uncached(capsys)
    assert status(capsys) == fresh  # and kept again


def test_a_write_that_leaves_the_file_s_size_and_times_as_they_were_still_counts(
    capsys, isolated, cli, logged, monkeypatch
):
    """Two writes in one tick of the file system's clock: the newest change recorded tells them apart."""
    monkeypatch.setattr(stamp, "file_times", lambda path, empty="empty": (1, 2, 3, 4, 5))
    status(capsys)
    plant(isolated)
    cli.ok("log", "--morning", "0")
    assert status(capsys) == "rung 1 bridge hold · first assessment\n"


def test_a_new_day_makes_it_recompute(capsys, isolated, logged, monkeypatch):
    status(capsys)
    plant(isolated)
    monkeypatch.setenv("HHT_NOW", "2026-03-03T07:00:00+00:00")
    assert status(capsys) == uncached(capsys) != f"{PLANTED}\n"


def test_a_what_if_protocol_and_its_edits_make_it_recompute(capsys, isolated, logged, monkeypatch):
    status(capsys)
    plant(isolated)
    monkeypatch.setenv("HHT_PROTOCOL", "goom-2016")
    assert status(capsys).startswith("morning pain · load test · stage 1")  # not the planted answer
    monkeypatch.delenv("HHT_PROTOCOL")
    mine = isolated / "mine.toml"
    mine.write_text(protocols.default_path().read_text(encoding="utf-8"), encoding="utf-8")
    assert status(capsys, "--protocol", str(mine)) == "morning pain · rung 1 bridge hold · first assessment\n"
    plant(isolated)
    mine.write_text(mine.read_text(encoding="utf-8").replace("bridge_hold", "bridge_hold_edited"), encoding="utf-8")
    assert status(capsys, "--protocol", str(mine)) == "morning pain · rung 1 bridge hold edited · first assessment\n"


def test_an_edit_to_a_shipped_protocol_makes_it_recompute(capsys, isolated, logged, monkeypatch):
    shipped = isolated / "shipped"
    shipped.mkdir()
    for file in place.shipped_files():
        (shipped / Path(file).name).write_text(Path(file).read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.setattr(place, "protocols_folder", lambda: str(shipped))
    status(capsys)
    plant(isolated)
    default = shipped / "default.toml"
    default.write_text(default.read_text(encoding="utf-8").replace("bridge_hold", "bridge_hold_edited"), "utf-8")
    assert status(capsys) == "morning pain · rung 1 bridge hold edited · first assessment\n"


def test_a_protocol_edit_that_leaves_the_file_s_size_and_times_as_they_were_still_counts(
    capsys, isolated, logged, monkeypatch
):
    mine = isolated / "mine.toml"
    mine.write_text(protocols.default_path().read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.setattr(stamp, "file_times", lambda path, empty="empty": (1, 2, 3, 4, 5))
    status(capsys, "--protocol", str(mine))
    plant(isolated)
    mine.write_text(mine.read_text(encoding="utf-8").replace("bridge_hold", "bridge_hole"), encoding="utf-8")
    assert status(capsys, "--protocol", str(mine)) == "morning pain · rung 1 bridge hole · first assessment\n"


def test_a_shipped_name_and_a_file_of_that_name_are_two_protocols(capsys, isolated, logged, monkeypatch):
    monkeypatch.chdir(isolated)
    (isolated / "goom-2016").write_text(protocols.default_path().read_text(encoding="utf-8"), encoding="utf-8")
    assert status(capsys, "--protocol", "goom-2016").startswith("morning pain · load test · stage 1")  # the shipped one
    assert status(capsys, "--protocol", "./goom-2016").startswith("morning pain · rung 1")  # the file


def test_another_hht_makes_it_recompute(capsys, isolated, logged, monkeypatch):
    status(capsys)
    plant(isolated)
    monkeypatch.setattr(hht, "__version__", "99.0")
    assert status(capsys) == "morning pain · rung 1 bridge hold · first assessment\n"


def test_another_database_makes_it_recompute(capsys, isolated, cli, logged, monkeypatch):
    status(capsys)
    plant(isolated)
    other = isolated / "other.db"
    cli.ok("--db", str(other), "log", "--morning", "0", "--exercise", "0")
    assert status(capsys, "--db", str(other)) == "first assessment\n"
    monkeypatch.setenv("HHT_DB", str(other))
    assert status(capsys) == "first assessment\n"
    monkeypatch.delenv("HHT_DB")
    monkeypatch.chdir(isolated)
    assert status(capsys, "--db", "other.db") == "first assessment\n"  # a relative path, the same file


CORRUPT = {
    "not text": lambda f: f.write_bytes(b"\xff\xfe\x00garbage"),
    "empty": lambda f: f.write_bytes(b""),
    "no answer": lambda f: f.write_text(f.read_text().split("\n")[0]),
    "two lines": lambda f: f.write_text(f.read_text() + "more\n"),
    "another key": lambda f: f.write_text("('hht status cache 1',)\n" + PLANTED + "\n"),
    "too large": lambda f: f.write_text(f.read_text().split("\n")[0] + "\n" + "x" * 70_000 + "\n"),
    "readable by others": lambda f: (plant(f.parent.parent.parent.parent), f.chmod(0o644)),
    "a symbolic link": lambda f: (plant(f.parent.parent.parent.parent), _link(f)),
    "a folder": lambda f: (f.unlink(), f.mkdir()),
}


def _link(file: Path) -> None:
    target = file.with_name("elsewhere")
    file.rename(target)
    file.symlink_to(target)


@pytest.mark.parametrize("damage", CORRUPT)
def test_a_cache_file_not_to_trust_is_ignored(capsys, isolated, logged, damage):
    line = status(capsys)
    (file,) = kept(isolated)
    CORRUPT[damage](file)
    assert status(capsys) == line
    if damage not in ("a folder",):
        assert status(capsys) == line  # replaced by a good one: still the same answer
        assert stat.S_IMODE(file.lstat().st_mode) == 0o600 and file.is_file() and not file.is_symlink()


def test_a_cache_that_cannot_be_written_is_left_alone(capsys, isolated, logged):
    (isolated / "home" / ".cache").mkdir(parents=True)
    (isolated / "home" / ".cache" / "hht").write_text("a file where the folder would be")
    line = status(capsys)
    assert line == uncached(capsys) and status(capsys) == line


def test_nothing_is_kept_without_a_database_or_when_it_cannot_be_read(capsys, isolated, cli, db_path, settled):
    assert status(capsys) == ""
    assert kept(isolated) == []
    db_path.write_text("hello")
    for _ in range(2):
        assert status_cache.fast(["status"]) == 1
        out, err = capsys.readouterr()
        assert out == "" and "not an hht database" in err
    assert kept(isolated) == []


def test_a_database_written_a_moment_ago_is_read_and_not_kept(capsys, isolated, cli):
    cli.ok("log", "--date", "yesterday", "--morning", "0", "--exercise", "0")
    assert status(capsys) == "morning pain · rung 1 bridge hold · first assessment\n"
    assert kept(isolated) == []  # a second write in the same tick of the clock could leave the same times


def test_the_cache_folder_is_the_user_s_cache_directory_as_platformdirs_names_it(monkeypatch, tmp_path):
    import platformdirs

    cases = [
        {"XDG_CACHE_HOME": str(tmp_path / "cache"), "XDG_DATA_HOME": str(tmp_path / "data"), "HOME": str(tmp_path)},
        {"XDG_CACHE_HOME": "", "XDG_DATA_HOME": "", "HOME": str(tmp_path)},
        {"XDG_CACHE_HOME": "relative", "XDG_DATA_HOME": "relative", "HOME": str(tmp_path) + "/"},
        {"XDG_CACHE_HOME": None, "XDG_DATA_HOME": None, "HOME": str(tmp_path)},
        {"XDG_CACHE_HOME": None, "XDG_DATA_HOME": None, "HOME": "relative"},
    ]
    for case in cases:
        for name, value in case.items():
            if value is None:
                monkeypatch.delenv(name, raising=False)
            else:
                monkeypatch.setenv(name, value)
        assert location.cache_dir() == platformdirs.user_cache_dir("hht", appauthor=False), case
        assert str(location.data_dir()) == platformdirs.user_data_dir("hht", appauthor=False), case
