"""Assessments in the audit trail: saved with a change, listed by `hht
history`, removed by `hht undo`, and the plan follows the ones that remain."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from hht.errors import StorageError
from hht.rules.assessment import scoring
from hht.rules.protocol.model import TEST_IDS
from hht.store.opening import memory_store, open_store
from hht.store.schema import m003_changes, m006_assessment_changes
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import FIXED_TODAY

RED_FLAG = {"sides": ["left"], "red_flags": {"saddle_numbness": False, "sudden_pop": True}}


def answers(protocol, pains=(3, 2, 4), familiar=True, sides=("left",)) -> dict:
    return {
        "sides": list(sides),
        "red_flags": {f["id"]: False for f in protocol.data["red_flags"]},
        "signs": {s["id"]: False for s in protocol.data["signs"]},
        "range_of_motion_normal": True,
        "tests": {
            side: {t: {"pain": p, "familiar": familiar and p > 0} for t, p in zip(TEST_IDS, pains) if p is not None}
            for side in sides
        },
    }


def assess(cli, raw, *args):
    result = cli("assess", *args, "--answers", "-", input=json.dumps(raw))
    assert result.exit_code == 0, result.stderr
    return result


def save(store, protocol, on: date, raw: dict) -> int:
    checked, result = scoring.assess(protocol, raw, on)
    taken = datetime(on.year, on.month, on.day, 8, tzinfo=UTC)
    return store.add_assessment(
        on, taken, protocol.name, protocol.version, checked["sides"], checked, result, result["red_flag"]
    )


@pytest.fixture
def wide(monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")  # one table row a line


def test_saving_an_assessment_records_a_change_in_the_same_transaction(db_path, protocol):
    with open_store(db_path) as store:
        with pytest.raises(RuntimeError), store.write():
            save(store, protocol, FIXED_TODAY, answers(protocol))
            raise RuntimeError("interrupted")
        assert store.assessments() == [] and store.changes() == []
        with store.write():
            saved = save(store, protocol, FIXED_TODAY, answers(protocol))
        (change,) = store.changes()
        (stored,) = store.assessments()
    assert (change.kind, change.action, change.date, change.old) == ("assessment", "insert", FIXED_TODAY, None)
    assert change.new == stored.to_json() and change.new["id"] == saved


def test_history_lists_assessments_with_the_log_in_time_order(cli, protocol, wide):
    cli.ok("log", "--date", "2026-02-27", "--morning", "1")
    assess(cli, answers(protocol), "--date", "2026-02-27")
    cli.ok("log", "--date", "2026-02-28", "--morning", "0")
    assess(cli, RED_FLAG)

    rows = cli.json("history")
    assert [(r["id"], r["kind"], r["action"], r["date"]) for r in rows] == [
        (4, "assessment", "insert", "2026-03-02"),
        (3, "entry", "insert", "2026-02-28"),
        (2, "assessment", "insert", "2026-02-27"),
        (1, "entry", "insert", "2026-02-27"),
    ]
    assert rows[0]["new"]["red_flag"] is True and rows[0]["new"]["answers"] == RED_FLAG | {"sides": ["left"]}
    assert rows[2]["new"]["result"]["per_side"]["left"]["positive"] == list(TEST_IDS)

    out = cli.ok("history").stdout
    assert "│ assessment │ assessment for 2026-03-02: red flag, urgent: sudden pop" in out
    assert "│ assessment │ assessment for 2026-02-27: no red flag; left: 3 of 3 tests positive" in out
    assert "logged morning 0/10" in out


def test_undoing_a_red_flag_pressed_by_mistake_says_what_the_plan_now_follows(cli, protocol, wide, db_path):
    """The accidental assessment: a clean one, a day logged, then a red flag in error."""
    assess(cli, answers(protocol, pains=(2, 0, 0)), "--date", "2026-02-20")
    cli.ok("log", "--date", "2026-03-01", "--morning", "0")
    assess(cli, RED_FLAG | {"sides": ["left", "right"]})
    assert cli.json("today")["paused"] is True

    out = cli.ok("undo").stdout
    assert out.startswith("Undid change #3, the assessment for 2026-03-02 saved ")
    assert out.splitlines()[1:] == [
        "The plan is derived from the log and the assessments, so it now follows the ones that remain.",
        "The latest assessment is now the one for 2026-02-20: no red flag.",
        "The red flag the removed assessment recorded no longer applies.",
        "Cross-training: allowed. The assisted bent-knee stretch was pain-free on every affected side in the "
        "assessment on 2026-02-20: cycling and pool running are allowed, as long as they stay pain-free.",
        "`hht today` shows the day's plan as it now stands.",
    ]
    assert "(no red flag" not in out.splitlines()[0] and "(red flag, urgent: sudden pop)" in out.splitlines()[0]
    assert [a["date"] for a in cli.json("assess", "--history")] == ["2026-02-20"]
    assert cli.json("today")["paused"] is False
    with open_store(db_path) as store:
        assert store.sides() == ["left"]  # as the remaining assessment recorded them

    rows = cli.json("history")
    assert [(r["id"], r["kind"], r["action"], r["undoes"], r["undone_by"]) for r in rows[:2]] == [
        (4, "assessment", "undo", 3, None),
        (3, "assessment", "insert", None, 4),
    ]
    assert rows[0]["old"] == rows[1]["new"] and rows[0]["new"] is None
    assert "undid #3: removed the assessment for 2026-03-02 (red flag, urgent: sudden pop)" in cli.ok("history").stdout

    # An undo is not itself undone: the next one reaches back to the log, then the first assessment.
    assert cli.ok("undo").stdout.startswith("Undid change #2 to 2026-03-01")
    out = cli.ok("undo").stdout
    assert "No assessment remains; `hht assess` records a new one." in out and "Cross-training" not in out
    with open_store(db_path) as store:
        assert store.sides() is None and store.assessments() == []
    assert cli("undo").exit_code == 1


def test_undoing_a_clean_assessment_says_an_earlier_red_flag_applies(cli, protocol):
    assess(cli, RED_FLAG, "--date", "2026-02-20")
    assess(cli, answers(protocol, pains=(0, 0, 0)))
    assert cli.json("today")["paused"] is False
    out = cli.ok("undo").stdout
    assert (
        "The latest assessment is now the one for 2026-02-20. It found a red flag (urgent), which applies "
        f"until a later assessment finds none: {protocol.data['red_flag_advice']['urgent']}"
    ) in out
    assert "no longer applies" not in out
    assert cli.json("today")["paused"] is True


def test_undo_refuses_an_assessment_no_longer_stored_as_saved(db_path, protocol):
    with open_store(db_path) as store:
        with store.write():
            save(store, protocol, FIXED_TODAY, answers(protocol))
        store.conn.execute("UPDATE assessments SET red_flag = 1")  # not through hht
        with pytest.raises(StorageError, match="no longer stored as it was saved"), store.write():
            store.undo()
        assert len(store.assessments()) == 1 and len(store.changes()) == 1


def test_the_changes_table_refuses_an_unknown_kind_and_older_rows_are_entries(db_path):
    with open_store(db_path) as store:
        with pytest.raises(sqlite3.IntegrityError):
            store.conn.execute(
                "INSERT INTO changes (at, date, action, new, kind) VALUES ('x', '2026-03-01', 'insert', '{}', 'profile')"
            )
        store.conn.execute("INSERT INTO changes (at, date, action, new) VALUES ('x', '2026-03-01', 'insert', '{}')")
        assert store.conn.execute("SELECT kind FROM changes").fetchall() == [("entry",)]


# --- the property: an undone assessment leaves the plan as if never saved ----------

START = FIXED_TODAY - timedelta(days=45)
pain = st.one_of(st.none(), st.integers(0, 5))
logged_day = st.tuples(st.integers(0, 45), pain, pain, pain)  # day offset, morning, exercise, run
kind = st.sampled_from(["clean", "bent_knee_sore", "positive", "red_flag"])
an_assessment = st.tuples(st.integers(0, 45), kind)


def raw_answers(protocol, what: str) -> dict:
    return {
        "clean": answers(protocol, pains=(0, 0, 0)),
        "bent_knee_sore": answers(protocol, pains=(0, 2, 0)),
        "positive": answers(protocol, pains=(3, 2, 4)),
        "red_flag": RED_FLAG,
    }[what]


def build(path: Path, protocol, days, earlier, target=None) -> None:
    with open_store(path) as store:
        for offset, morning, exercise, run in days:
            values = {k: v for k, v in (("morning", morning), ("exercise", exercise), ("run", run)) if v is not None}
            with store.write():
                store.save_day(START + timedelta(days=offset), values or {"note": "rest"})
        for offset, what in earlier + ([target] if target else []):
            with store.write():
                save(store, protocol, START + timedelta(days=offset), raw_answers(protocol, what))


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    days=st.lists(logged_day, max_size=12),
    earlier=st.lists(an_assessment, max_size=2),
    target=an_assessment,
    looked=st.integers(0, 45),
)
def test_undoing_an_assessment_gives_the_plan_as_if_it_had_never_been_saved(
    cli, protocol, tmp_path_factory, days, earlier, target, looked
):
    folder = tmp_path_factory.mktemp("undo")
    with_it, without = folder / "with.db", folder / "without.db"
    build(with_it, protocol, days, earlier, target)
    build(without, protocol, days, earlier)
    day = (START + timedelta(days=looked)).isoformat()
    cli.json("--db", str(with_it), "today")  # the plan with it, as the runner saw it (a checkpoint may be kept)
    assert "the assessment for" in cli.ok("--db", str(with_it), "undo").stdout
    for args in (("today",), ("today", "--date", day)):
        assert cli.json("--db", str(with_it), *args) == cli.json("--db", str(without), *args)
    assert cli.json("--db", str(with_it), "assess", "--history") == cli.json(
        "--db", str(without), "assess", "--history"
    )


def test_m005_adds_the_kind_to_the_changes_table_once_without_harm():
    from sqlite_utils import Database

    db = Database(memory=True)
    m003_changes(db)
    m006_assessment_changes(db)
    m006_assessment_changes(db)
    assert [c.name for c in db["changes"].columns][-1] == "kind"
    with memory_store() as store:
        assert "kind" in store.columns("changes")


def test_an_export_from_before_the_kind_imports_its_changes_as_entries(cli, isolated):
    row = {
        "date": "2026-02-01",
        "morning": 3,
        "exercise": None,
        "partial": 0,
        "run": None,
        "sitting": None,
        "note": None,
        "created_at": "2026-02-01T08:00:00+00:00",
        "updated_at": "2026-02-01T08:00:00+00:00",
    }
    document = {
        "format": "hht-export",
        "format_version": 1,
        "schema_version": 4,
        "tables": {
            "entries": [row],
            "changes": [
                {
                    "id": 1,
                    "at": "2026-02-01T08:00:00+00:00",
                    "date": "2026-02-01",
                    "action": "insert",
                    "new": json.dumps(row),
                    "old": None,
                    "undoes": None,
                }
            ],
        },
    }
    (isolated / "old.json").write_text(json.dumps(document))
    cli.ok("import", str(isolated / "old.json"))
    assert [(r["kind"], r["action"]) for r in cli.json("history")] == [("entry", "insert")]
    assert cli.ok("undo").stdout.endswith("2026-02-01 is no longer logged.\n")
