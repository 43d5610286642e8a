"""`hht today` and `hht log` on a checkpointed database say exactly what they
say without one: byte for byte, across corrections of old and recent days."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import date, datetime, timedelta, timezone

import pytest
from tests.conftest import FIXED_TODAY

from hht import checkpoint, storage
from hht import protocol as protocols

FRESH = FIXED_TODAY - timedelta(days=checkpoint.BEHIND)  # where a new checkpoint ends


def build(path, days: int = 200) -> None:
    """A history with the ladder climbed, the run plan open, bad days, and an assessment a month."""
    start = FIXED_TODAY - timedelta(days=days)
    with storage.open_store(path) as store, store.write():
        for n in range(days):
            on = start + timedelta(days=n)
            sore = n % 17 == 9
            values = {"morning": 1 if sore else 0, "exercise": 2 if sore else 0, "sitting": n % 3}
            if n > 30 and n % 2 == 0:
                values["run"] = 3 if n % 29 == 0 else 0
            store.save_day(on, values)
            if n % 30 == 0:
                store.add_assessment(on, datetime(on.year, on.month, on.day, 8, tzinfo=timezone.utc), "hht-default",
                                     "1.0.0", ["left"], {}, {"advice": "", "range_of_motion_normal": True,
                                                             "unlocks": {"cross_training": {"allowed": True}}},
                                     red_flag=False)


def checkpoints(path) -> list[tuple[str, str, str]]:
    with sqlite3.connect(path) as conn:
        return conn.execute("SELECT key, through, state FROM checkpoints").fetchall()


def forget(path) -> None:
    with sqlite3.connect(path) as conn:
        conn.execute("DELETE FROM checkpoints")


@pytest.fixture
def pair(isolated):
    """Two copies of one history: `memo` keeps its checkpoint, `full` never has one."""
    memo, full = isolated / "memo.db", isolated / "full.db"
    build(memo)
    shutil.copy(memo, full)
    return memo, full


def both(cli, pair, *args: str) -> str:
    """Run the command on both copies (the full one without a checkpoint); the outputs must match."""
    memo, full = pair
    forget(full)
    expected = cli.ok("--db", str(full), *args).stdout
    got = cli.ok("--db", str(memo), *args).stdout
    assert got == expected
    return got


def test_today_and_log_match_a_full_fold_byte_for_byte(cli, pair):
    memo, _ = pair
    key = checkpoint.key(protocols.load())
    assert checkpoints(memo) == []
    both(cli, pair, "today", "--json")  # folds in full, and keeps a checkpoint
    ((stored_key, through, state),) = checkpoints(memo)
    assert (stored_key, through) == (key, FRESH.isoformat())
    both(cli, pair, "today", "--json")  # resumes from it
    both(cli, pair, "today")
    assert checkpoints(memo)[0][2] == state  # reading wrote nothing new

    # A recent day, after the checkpoint: resumed, and the checkpoint stands.
    both(cli, pair, "log", "--date", "2026-02-28", "--morning", "3", "--run", "0")
    both(cli, pair, "log", "--date", "2026-03-01", "--exercise", "0", "--run", "0")
    assert checkpoints(memo)[0][2] == state
    both(cli, pair, "today", "--json")

    # A correction of an old day, before the checkpoint: folded in full and the checkpoint replaced.
    old_day = (FIXED_TODAY - timedelta(days=120)).isoformat()
    out = both(cli, pair, "log", "--date", old_day, "--morning", "8")
    assert "Stepped back" in out
    ((_, through, replaced),) = checkpoints(memo)
    assert through == FRESH.isoformat() and replaced != state
    both(cli, pair, "today", "--json")
    both(cli, pair, "today", "--json", "--date", "2026-02-20")
    both(cli, pair, "today", "--json", "--date", (FRESH - timedelta(days=3)).isoformat())  # before it: in full

    # Undo the correction: the checkpoint goes with it.
    both(cli, pair, "undo", "--yes")
    assert checkpoints(memo) == []
    both(cli, pair, "today", "--json")
    assert checkpoints(memo)[0][2] == state  # the same history gives the same checkpoint


def test_the_day_of_the_checkpoint_itself_is_corrected(cli, pair):
    both(cli, pair, "today", "--json")
    both(cli, pair, "log", "--date", FRESH.isoformat(), "--sitting", "9")
    both(cli, pair, "log", "--date", (FRESH + timedelta(days=1)).isoformat(), "--morning", "7")
    both(cli, pair, "today", "--json")


def test_an_assessment_forgets_the_checkpoint_and_the_plan_follows(cli, pair):
    memo, full = pair
    before = both(cli, pair, "today", "--json")
    for path in pair:
        with storage.open_store(path) as store, store.write():
            store.add_assessment(FRESH - timedelta(days=5), datetime(2026, 1, 1, tzinfo=timezone.utc), "hht-default",
                                 "1.0.0", ["left"], {}, {"advice": "See a clinician."}, red_flag=True)
    assert checkpoints(memo) == []
    after = both(cli, pair, "today", "--json")
    assert after != before and "found a red flag" not in before  # the pause, cleared by a later assessment
    assert "found a red flag" in both(cli, pair, "today", "--json", "--date", (FRESH - timedelta(days=4)).isoformat())


@pytest.mark.parametrize("state", ['{"ladder": {}, "run": {}}', '{"ladder": {"rung": 1}, "run": []}', "[1]"])
def test_a_malformed_checkpoint_is_ignored_and_replaced(cli, pair, state):
    memo, _ = pair
    with sqlite3.connect(memo) as conn:
        conn.execute("INSERT INTO checkpoints VALUES (?, ?, ?)",
                     [checkpoint.key(protocols.load()), (FIXED_TODAY - timedelta(days=10)).isoformat(), state])
    both(cli, pair, "today", "--json")
    ((_, through, _),) = checkpoints(memo)
    assert through == FRESH.isoformat()


def test_a_stale_checkpoint_is_replaced_and_a_recent_one_kept(cli, pair, monkeypatch):
    memo, _ = pair
    monkeypatch.setenv("HHT_NOW", "2026-01-01T09:00:00+00:00")
    both(cli, pair, "today", "--json")
    assert checkpoints(memo)[0][1] == (date(2026, 1, 1) - timedelta(days=checkpoint.BEHIND)).isoformat()
    monkeypatch.setenv("HHT_NOW", "2026-01-30T09:00:00+00:00")  # 57 days after it: within STALE, kept
    both(cli, pair, "today", "--json")
    assert checkpoints(memo)[0][1] == "2025-12-04"
    monkeypatch.setenv("HHT_NOW", "2026-03-02T09:00:00+00:00")  # 88 days after it: stale, replaced
    both(cli, pair, "today", "--json")
    assert checkpoints(memo)[0][1] == FRESH.isoformat()


def test_a_checkpoint_for_another_protocol_is_not_used(cli, pair, isolated):
    memo, _ = pair
    both(cli, pair, "today", "--json")
    text = protocols.default_path().read_text().replace("version = \"1.0.0\"", "version = \"1.0.1\"", 1)
    other = isolated / "other.toml"
    other.write_text(text)
    both(cli, pair, "--protocol", str(other), "today", "--json")
    assert len(checkpoints(memo)) == 2  # one per protocol


def test_today_without_a_database_writes_none(cli, db_path):
    cli.ok("today", "--json")
    assert not db_path.exists()


def test_a_stored_checkpoint_is_what_today_and_log_resume_from(cli, pair):
    """Proof that the memo is used: one planted from another history (none) shows."""
    memo, full = pair
    planted = checkpoint.make(protocols.load(), [], FRESH)
    with storage.open_store(memo) as store, store.write():
        store.save_checkpoint(checkpoint.key(protocols.load()), FRESH, planted.to_json())
    with storage.open_store(memo) as store:
        days, _, resume = checkpoint.read(store, protocols.load(), FIXED_TODAY, FIXED_TODAY, may_write=False)
    assert resume == planted and days and all(d.date > FRESH for d in days)
    args = ("today", "--json")
    assert cli.ok("--db", str(memo), *args).stdout != cli.ok("--db", str(full), *args).stdout
    args = ("log", "--date", "2026-03-01", "--morning", "9")  # a step back: from which rung?
    assert cli.ok("--db", str(memo), *args).stdout != cli.ok("--db", str(full), *args).stdout
