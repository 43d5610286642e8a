"""The assessments table: migration, one transaction per assessment, summaries."""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime

import pytest
from hht.rules.assessment import scoring
from hht.store.opening import APP_ID, open_store
from hht.store.schema import SCHEMA_VERSION, migrate
from hht.store.store import Store

TAKEN = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def flagged(protocol, on: date):
    return scoring.assess(protocol, {"sides": ["left"], "red_flags": {"sudden_pop": True}}, on)


def clear(protocol, on: date, bent_knee: int = 0):
    raw = {
        "sides": ["left", "right"],
        "red_flags": {f["id"]: False for f in protocol.data["red_flags"]},
        "signs": {s["id"]: False for s in protocol.data["signs"]},
        "range_of_motion_normal": True,
        "tests": {
            side: {
                "standing_stretch": {"pain": 0},
                "bent_knee": {"pain": bent_knee, "familiar": False},
                "rapid_extension": {"pain": 0},
            }
            for side in ("left", "right")
        },
    }
    return scoring.assess(protocol, raw, on)


def add(store, protocol, on, answers, result, taken=TAKEN):
    with store.write():
        return store.add_assessment(
            on, taken, protocol.name, protocol.version, answers["sides"], answers, result, result["red_flag"]
        )


def test_the_migration_creates_the_assessments_table(db_path):
    with open_store(db_path) as store:
        columns = {c.name: c.type for c in store.db["assessments"].columns}
        version = store.conn.execute("PRAGMA user_version").fetchone()[0]
    assert columns == {
        "id": "INTEGER",
        "date": "TEXT",
        "taken_at": "TEXT",
        "protocol_name": "TEXT",
        "protocol_version": "TEXT",
        "sides": "TEXT",
        "answers": "TEXT",
        "result": "TEXT",
        "red_flag": "INTEGER",
    }
    assert version == SCHEMA_VERSION


def test_a_version_1_database_gains_the_table_and_keeps_its_days(db_path):
    # A database as the first release wrote it: only m001 applied.
    conn = sqlite3.connect(db_path, isolation_level=None)
    store = Store(conn, db_path)
    with store.write():
        conn.execute(f"PRAGMA application_id = {APP_ID}")
        migrate(store.db, 0, 1)
        conn.execute("PRAGMA user_version = 1")
        conn.execute(
            "INSERT INTO entries (date, morning, created_at, updated_at) "
            "VALUES ('2026-03-01', 2, '2026-03-01T08:00:00+00:00', '2026-03-01T08:00:00+00:00')"
        )
    conn.close()
    with open_store(db_path) as store:
        assert "assessments" in store.db.table_names()
        assert store.day(date(2026, 3, 1)).morning == 2
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_an_assessment_round_trips_and_keeps_the_sides(db_path, protocol):
    answers, result = clear(protocol, date(2026, 3, 2))
    with open_store(db_path) as store:
        assert store.sides() is None
        add(store, protocol, date(2026, 3, 2), answers, result)
        (stored,) = store.assessments()
        assert store.sides() == ["left", "right"]
    assert stored.date == date(2026, 3, 2)
    assert stored.taken_at == "2026-03-02T09:00:00+00:00"
    assert (stored.protocol_name, stored.protocol_version) == ("hht-default", "1.0.0")
    assert stored.answers == answers and stored.result == result and stored.red_flag is False


def test_assessments_are_ordered_by_day_then_time_taken(db_path, protocol):
    with open_store(db_path) as store:
        add(store, protocol, date(2026, 3, 2), *flagged(protocol, date(2026, 3, 2)))
        # recorded later, for an earlier day
        add(
            store,
            protocol,
            date(2026, 2, 27),
            *clear(protocol, date(2026, 2, 27)),
            taken=datetime(2026, 3, 2, 10, tzinfo=UTC),
        )
        # the same day, taken later: this one counts for that day
        add(
            store,
            protocol,
            date(2026, 3, 2),
            *clear(protocol, date(2026, 3, 2), bent_knee=3),
            taken=datetime(2026, 3, 2, 11, tzinfo=UTC),
        )
        summaries = store.assessment_summaries()
    assert [(s.date, s.red_flag, s.bent_knee_pain_free) for s in summaries] == [
        (date(2026, 2, 27), False, True),
        (date(2026, 3, 2), True, None),
        (date(2026, 3, 2), False, False),
    ]
    assert summaries[1].advice == protocol.data["red_flag_advice"]["urgent"]


def test_a_failed_write_stores_neither_the_assessment_nor_the_sides(db_path, protocol):
    answers, result = clear(protocol, date(2026, 3, 2))
    with open_store(db_path) as store:
        with pytest.raises(KeyboardInterrupt), store.write():
            store.add_assessment(
                date(2026, 3, 2), TAKEN, protocol.name, protocol.version, ["left"], answers, result, False
            )
            raise KeyboardInterrupt
        assert store.assessments() == [] and store.sides() is None


def test_the_summaries_carry_what_the_plan_needs(db_path, protocol):
    """`assessment_summaries` gives the plan each assessment's result, oldest first."""

    with open_store(db_path) as store:
        answers, result = clear(protocol, date(2026, 3, 1))
        add(store, protocol, date(2026, 3, 1), answers, result)
        flagged = {**answers, "red_flags": {**answers["red_flags"], "sudden_pop": True}}
        checked, flagged_result = scoring.assess(protocol, flagged, date(2026, 3, 2))
        add(store, protocol, date(2026, 3, 2), checked, flagged_result)
        sore = {
            **answers,
            "range_of_motion_normal": False,
            "tests": {
                side: {**tests, "bent_knee": {"pain": 3, "familiar": True}} for side, tests in answers["tests"].items()
            },
        }
        checked, sore_result = scoring.assess(protocol, sore, date(2026, 3, 3))
        add(store, protocol, date(2026, 3, 3), checked, sore_result)
        fast = store.assessment_summaries()
        assert [s.date for s in fast] == [a.date for a in store.assessments()]
    assert [(s.red_flag, s.rom_normal, s.bent_knee_pain_free) for s in fast] == [
        (False, True, True),
        (True, True, None),
        (False, False, False),
    ]
    assert "within the next few days" in fast[1].advice
