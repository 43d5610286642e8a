"""Storage of the fold checkpoints: every write that changes what a checkpoint
folded deletes it, in the same transaction."""

from __future__ import annotations

import json
import sqlite3
from datetime import date, datetime, timezone

import pytest

from hht import storage
from hht.errors import StorageError

D = date(2026, 2, 10)
STATE = '{"ladder": {}, "run": {}}'


def day(n: int) -> date:
    return date(2026, 2, n)


def kept(store) -> dict[str, str]:
    return dict(store.conn.execute("SELECT key, through FROM checkpoints ORDER BY key"))


@pytest.fixture
def store(db_path):
    """A store with checkpoints through the 5th, the 10th and the 15th."""
    with storage.open_store(db_path) as store:
        with store.write():
            for n in (5, 10, 15):
                store.save_checkpoint(f"k{n}", day(n), STATE)
        yield store


def test_a_checkpoint_is_kept_and_replaced_by_key(store):
    assert store.checkpoint("k10") == ("2026-02-10", STATE)
    assert store.checkpoint("other") is None
    with store.write():
        store.save_checkpoint("k10", day(12), '{"x": 1}')
    assert store.checkpoint("k10") == ("2026-02-12", '{"x": 1}')


def test_the_state_must_be_json(store):
    with pytest.raises(sqlite3.IntegrityError), store.write():
        store.save_checkpoint("bad", day(1), "not json")
    assert store.checkpoint("bad") is None


@pytest.mark.parametrize("values", [{"morning": 1}, {"note": "only a note"}])
def test_logging_a_new_day_forgets_the_checkpoints_through_it_or_later(store, values):
    with store.write():
        store.save_day(D, values)
    assert kept(store) == {"k5": "2026-02-05"}


def test_correcting_a_day_forgets_the_checkpoints_through_it_or_later(store):
    with store.write():
        store.save_day(day(12), {"morning": 1})
        store.save_checkpoint("k15", day(15), STATE)
    with store.write():
        store.save_day(day(12), {"morning": 3})
    assert kept(store) == {"k10": "2026-02-10", "k5": "2026-02-05"}


def test_logging_the_same_values_again_forgets_nothing(store):
    with store.write():
        store.save_day(D, {"morning": 1})
        store.save_checkpoint("k15", day(15), STATE)
    with store.write():
        store.save_day(D, {"morning": 1})
    assert set(kept(store)) == {"k5", "k15"}


def test_an_undo_forgets_the_checkpoints_through_its_day_or_later(store):
    with store.write():
        store.save_day(day(7), {"morning": 1})  # forgets k10, k15
        store.save_checkpoint("k10", day(10), STATE)
        store.save_checkpoint("k6", day(6), STATE)
    with store.write():
        store.undo()
    assert kept(store) == {"k5": "2026-02-05", "k6": "2026-02-06"}
    assert store.days() == []


def test_an_assessment_forgets_the_checkpoints_through_its_day_or_later(store):
    with store.write():
        store.add_assessment(day(10), datetime(2026, 2, 10, 8, tzinfo=timezone.utc), "p", "1", ["left"], {},
                             {"advice": ""}, False)
    assert kept(store) == {"k5": "2026-02-05"}


def test_an_import_forgets_every_checkpoint(store, isolated):
    with storage.open_store(isolated / "source.db") as source:
        with source.write():
            source.save_day(day(1), {"morning": 2})
        document = json.loads(json.dumps(source.export()))
    assert "checkpoints" not in document["tables"]  # derived: never exported
    with store.write():
        store.import_export(document)
    assert kept(store) == {}
    assert store.day(day(1)).morning == 2


def test_an_export_holding_checkpoints_is_refused(store):
    document = store.export()
    document["tables"]["checkpoints"] = [{"key": "k", "through": "2026-02-01", "state": "{}"}]
    with pytest.raises(storage.InvalidExport, match="a table hht does not know: 'checkpoints'"):
        store._check_export(document)


def test_a_write_rolled_back_keeps_its_checkpoints(store):
    with pytest.raises(KeyboardInterrupt), store.write():
        store.save_day(day(1), {"morning": 1})
        assert kept(store) == {}  # gone inside the transaction...
        raise KeyboardInterrupt
    assert set(kept(store)) == {"k5", "k10", "k15"}  # ...and back with it
    assert store.days() == []


def test_a_refused_undo_forgets_nothing(store):
    with pytest.raises(StorageError), store.write():
        store.undo()
    assert set(kept(store)) == {"k5", "k10", "k15"}


def test_days_after_and_until(store):
    with store.write():
        for n in (1, 2, 3, 4):
            store.save_day(day(n), {"morning": n})
    assert [d.date.day for d in store.days(after=day(2))] == [3, 4]
    assert [d.date.day for d in store.days(after=day(1), until=day(3))] == [2, 3]
    assert [d.date.day for d in store.days()] == [1, 2, 3, 4]


def test_m004_builds_the_checkpoints_table_on_its_own_and_twice_without_harm():
    from sqlite_utils import Database

    db = Database(memory=True)
    storage.m004_checkpoints(db)
    storage.m004_checkpoints(db)
    assert [c.name for c in db["checkpoints"].columns] == ["key", "through", "state"]
    with storage.memory_store() as store:
        assert [m.name for m in storage.migrations.applied(store.db)][3] == "m004_checkpoints"
