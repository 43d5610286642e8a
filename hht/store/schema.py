"""hht's schema, as the steps that build it: nine migrations, applied in order.

Each step is one named function, applied once and never changed once
released (migrations are append-only: a new table or column is a new step).
The schema version is how many steps a file has had, kept in its PRAGMA
user_version; hht/store/opening.py applies the steps a file lacks when it
opens one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # sqlite-utils is imported where it is used, to keep start-up fast
    from sqlite_utils import Database


def m001_initial(db: Database) -> None:
    db.execute(
        """
        CREATE TABLE entries (
            date TEXT PRIMARY KEY CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
            morning INTEGER CHECK (morning BETWEEN 0 AND 10),
            exercise INTEGER CHECK (exercise BETWEEN 0 AND 10),
            partial INTEGER NOT NULL DEFAULT 0 CHECK (partial IN (0, 1)),
            run INTEGER CHECK (run BETWEEN 0 AND 10),
            sitting INTEGER CHECK (sitting BETWEEN 0 AND 10),
            note TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )
        """
    )
    db.execute("CREATE TABLE profile (key TEXT PRIMARY KEY, value TEXT NOT NULL)")


def m002_assessments(db: Database) -> None:
    """Assessments: every answer, the result, and the protocol that scored it."""
    if "assessments" in db.table_names():
        return
    db.execute(
        """
        CREATE TABLE assessments (
            id INTEGER PRIMARY KEY,
            date TEXT NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
            taken_at TEXT NOT NULL,
            protocol_name TEXT NOT NULL,
            protocol_version TEXT NOT NULL,
            sides TEXT NOT NULL,
            answers TEXT NOT NULL,
            result TEXT NOT NULL,
            red_flag INTEGER NOT NULL CHECK (red_flag IN (0, 1))
        )
        """
    )
    db.execute("CREATE INDEX assessments_by_date ON assessments (date, taken_at)")


def m003_changes(db: Database) -> None:
    """The audit trail: one row per write to an entry, with the row before and after."""
    db.execute(
        """
        CREATE TABLE IF NOT EXISTS changes (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            at TEXT NOT NULL,
            date TEXT NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
            action TEXT NOT NULL CHECK (action IN ('insert', 'update', 'delete', 'undo')),
            old TEXT CHECK (old IS NULL OR json_valid(old)),
            new TEXT CHECK (new IS NULL OR json_valid(new)),
            undoes INTEGER REFERENCES changes (id),
            CHECK ((action = 'undo') = (undoes IS NOT NULL)),
            CHECK (old IS NOT NULL OR new IS NOT NULL)
        )
        """
    )
    db.execute("CREATE INDEX IF NOT EXISTS changes_by_date ON changes (date)")
    # A change is undone at most once.
    db.execute("CREATE UNIQUE INDEX IF NOT EXISTS changes_undone_once ON changes (undoes)")


def m004_checkpoints(db: Database) -> None:
    """A memo of the folds, once kept here; m005 drops it (migrations are append-only)."""
    db.execute(
        """
        CREATE TABLE IF NOT EXISTS checkpoints (
            key TEXT PRIMARY KEY,
            through TEXT NOT NULL CHECK (through GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
            state TEXT NOT NULL CHECK (json_valid(state))
        )
        """
    )


def m005_drop_checkpoints(db: Database) -> None:
    """The plan is derived from the log on every command; nothing about it is kept."""
    db.execute("DROP TABLE IF EXISTS checkpoints")


def m006_assessment_changes(db: Database) -> None:
    """The audit trail covers assessments too: `kind` says which table a change wrote.

    An assessment's change keeps the whole assessment (as `hht assess --history
    --json` shows one) in `new` when it is saved, and in `old` when an undo
    removes it. Assessments saved before this step have no change recorded:
    `hht assess --history` still lists them, and `hht undo` does not reach them.
    """
    if "kind" not in db["changes"].columns_dict:
        db.execute(
            "ALTER TABLE changes ADD COLUMN kind TEXT NOT NULL DEFAULT 'entry' CHECK (kind IN ('entry', 'assessment'))"
        )


def m007_load_test_and_protocols(db: Database) -> None:
    """A day's load test (the protocol's daily "meaningful task", rated 0-10),
    and which protocol applies from which day.

    Changes recorded before this step keep entry snapshots without the load
    test; they read as a load test not logged. `protocol_uses` holds each
    protocol adopted (`hht protocol use`), from its day, with a copy of the
    file as adopted, so the past keeps the rules it was lived under.
    """
    if "load_test" not in db["entries"].columns_dict:
        db.execute("ALTER TABLE entries ADD COLUMN load_test INTEGER CHECK (load_test BETWEEN 0 AND 10)")
    db.execute(
        """
        CREATE TABLE IF NOT EXISTS protocol_uses (
            id INTEGER PRIMARY KEY,
            from_date TEXT NOT NULL CHECK (from_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
            name TEXT NOT NULL,
            version TEXT NOT NULL,
            source TEXT NOT NULL,
            content TEXT NOT NULL,
            reason TEXT NOT NULL,
            start_stage INTEGER CHECK (start_stage IS NULL OR start_stage >= 1),
            adopted_at TEXT NOT NULL,
            noticed TEXT
        )
        """
    )


def m008_protocol_changes(db: Database) -> None:
    """The audit trail covers protocols adopted too: `changes.kind` admits 'protocol'.

    SQLite cannot alter a CHECK, so the table is rebuilt with the same columns
    in the same order, every row and id kept, its AUTOINCREMENT counter and
    its indexes as they were. The old table is renamed aside first (its
    reference to itself follows the new name), so no row of the new one ever
    refers to a table being dropped. Adoptions made before this step have no
    change recorded: `hht protocol list` still lists them, and `hht undo`
    does not reach them (as m006 left the assessments before it).
    """
    sql = db.execute("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'changes'").fetchone()[0]
    if "'protocol'" in sql:
        return
    seq = db.execute("SELECT seq FROM sqlite_sequence WHERE name = 'changes'").fetchone()
    # The indexes go with the old table, and are dropped with it: the one on `undoes`
    # keeps the drop's check of its reference to itself from scanning once a row.
    db.execute("ALTER TABLE changes RENAME TO changes_before_m008")
    db.execute(
        """
        CREATE TABLE changes (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            at TEXT NOT NULL,
            date TEXT NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
            action TEXT NOT NULL CHECK (action IN ('insert', 'update', 'delete', 'undo')),
            old TEXT CHECK (old IS NULL OR json_valid(old)),
            new TEXT CHECK (new IS NULL OR json_valid(new)),
            undoes INTEGER REFERENCES changes (id),
            kind TEXT NOT NULL DEFAULT 'entry' CHECK (kind IN ('entry', 'assessment', 'protocol')),
            CHECK ((action = 'undo') = (undoes IS NOT NULL)),
            CHECK (old IS NOT NULL OR new IS NOT NULL)
        )
        """
    )
    columns = "id, at, date, action, old, new, undoes, kind"
    db.execute(f"INSERT INTO changes ({columns}) SELECT {columns} FROM changes_before_m008 ORDER BY id")
    db.execute("DROP TABLE changes_before_m008")
    if seq is not None:
        db.execute("UPDATE sqlite_sequence SET seq = ? WHERE name = 'changes'", [seq[0]])
    db.execute("CREATE INDEX changes_by_date ON changes (date)")
    # A change is undone at most once.
    db.execute("CREATE UNIQUE INDEX changes_undone_once ON changes (undoes)")


def m009_outcomes_and_day_figures(db: Database) -> None:
    """The physio's numbers and what a day's run and loads were.

    A day's entry gains the minutes one can sit on a hard chair before the
    familiar pain (`sitting_minutes`, 0-600), the load and repetitions of the
    last set of each exercise of heavy slow resistance (`loads`, a JSON object
    by exercise id), and the summary of a run recorded by a watch or a phone
    (`run_file`, a JSON object: no track and no coordinate). Being part of the
    entry, each is kept by its changes, undone by `hht undo` and carried by
    export and import as the other values of a day are.

    `outcomes` holds each outcome measure taken (VISA-H, PSFS, GROC): its
    answers and its scored result as JSON, and the score; the audit trail
    admits them (`changes.kind` 'outcome'), so the table of changes is rebuilt
    as m008 rebuilt it.
    """
    columns = db["entries"].columns_dict
    if "sitting_minutes" not in columns:
        db.execute("ALTER TABLE entries ADD COLUMN sitting_minutes INTEGER CHECK (sitting_minutes BETWEEN 0 AND 600)")
    if "loads" not in columns:
        db.execute("ALTER TABLE entries ADD COLUMN loads TEXT CHECK (loads IS NULL OR json_valid(loads))")
    if "run_file" not in columns:
        db.execute("ALTER TABLE entries ADD COLUMN run_file TEXT CHECK (run_file IS NULL OR json_valid(run_file))")
    db.execute(
        """
        CREATE TABLE IF NOT EXISTS outcomes (
            id INTEGER PRIMARY KEY,
            date TEXT NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
            taken_at TEXT NOT NULL,
            measure TEXT NOT NULL CHECK (measure IN ('visa-h', 'psfs', 'groc')),
            answers TEXT NOT NULL CHECK (json_valid(answers)),
            result TEXT NOT NULL CHECK (json_valid(result)),
            score REAL NOT NULL
        )
        """
    )
    db.execute("CREATE INDEX IF NOT EXISTS outcomes_by_date ON outcomes (date, taken_at)")
    sql = db.execute("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'changes'").fetchone()[0]
    if "'outcome'" in sql:
        return
    seq = db.execute("SELECT seq FROM sqlite_sequence WHERE name = 'changes'").fetchone()
    db.execute("ALTER TABLE changes RENAME TO changes_before_m009")
    db.execute(
        """
        CREATE TABLE changes (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            at TEXT NOT NULL,
            date TEXT NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
            action TEXT NOT NULL CHECK (action IN ('insert', 'update', 'delete', 'undo')),
            old TEXT CHECK (old IS NULL OR json_valid(old)),
            new TEXT CHECK (new IS NULL OR json_valid(new)),
            undoes INTEGER REFERENCES changes (id),
            kind TEXT NOT NULL DEFAULT 'entry' CHECK (kind IN ('entry', 'assessment', 'protocol', 'outcome')),
            CHECK ((action = 'undo') = (undoes IS NOT NULL)),
            CHECK (old IS NOT NULL OR new IS NOT NULL)
        )
        """
    )
    columns_list = "id, at, date, action, old, new, undoes, kind"
    db.execute(f"INSERT INTO changes ({columns_list}) SELECT {columns_list} FROM changes_before_m009 ORDER BY id")
    db.execute("DROP TABLE changes_before_m009")
    if seq is not None:
        db.execute("UPDATE sqlite_sequence SET seq = ? WHERE name = 'changes'", [seq[0]])
    db.execute("CREATE INDEX changes_by_date ON changes (date)")
    # A change is undone at most once.
    db.execute("CREATE UNIQUE INDEX changes_undone_once ON changes (undoes)")


# The schema, in order: each function is one named step, applied once. The
# schema version (PRAGMA user_version) is how many have been applied.
MIGRATIONS = (
    m001_initial,
    m002_assessments,
    m003_changes,
    m004_checkpoints,
    m005_drop_checkpoints,
    m006_assessment_changes,
    m007_load_test_and_protocols,
    m008_protocol_changes,
    m009_outcomes_and_day_figures,
)
SCHEMA_VERSION = len(MIGRATIONS)
# The tables a database at SCHEMA_VERSION holds (a test checks them against the migrations).
TABLES = ("entries", "profile", "assessments", "changes", "protocol_uses", "outcomes")


def migrate(db: Database, start: int = 0, stop: int = SCHEMA_VERSION) -> None:
    """Apply the steps after the first `start` up to `stop`, in order.

    The schema version is the file's PRAGMA user_version, the one record of
    which steps a file has had (the caller sets it in the same transaction).
    Files upgraded by hht before 0.2 also hold sqlite-utils' own
    _sqlite_migrations table; it is no longer read or written.
    """
    for step in MIGRATIONS[start:stop]:
        step(db)
