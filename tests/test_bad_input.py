"""Bad input across every command, as a table.

Each case gets one sentence on stderr (no traceback), exit 2 for a misused
command line and 1 for anything else, and leaves every file in the test's
folder (the database, the copies, the files named) byte-identical, with
nothing created.
"""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

import pytest
from hht.store.opening import open_store
from hht.store.schema import SCHEMA_VERSION

GOOD = {
    "format": "hht-export",
    "format_version": 1,
    "schema_version": 1,
    "tables": {
        "entries": [
            {
                "date": "2026-02-01",
                "morning": 3,
                "partial": 0,
                "created_at": "2026-02-01T08:00:00+00:00",
                "updated_at": "2026-02-01T08:00:00+00:00",
            }
        ]
    },
}


def export_with(**change) -> str:
    """The good export with its one entry (or the document itself) changed."""
    document = json.loads(json.dumps(GOOD))
    tables = change.pop("tables", None)
    row = change.pop("row", None)
    document.update(change)
    if tables is not None:
        document["tables"] = tables
    if row is not None:
        document["tables"]["entries"][0].update(row)
    return json.dumps(document)


FILES = {
    "notes.txt": "my running diary\n" * 20,
    "bad.toml": "[pain\nadvance_threshold = 0\n",
    "good.json": json.dumps(GOOD),
    "truncated.json": json.dumps(GOOD, indent=2)[:150],
    "array.json": "[]",
    "wrong-format.json": export_with(format="jrnl"),
    "newer.json": export_with(schema_version=999),
    "unknown-table.json": export_with(tables={"recipes": []}),
    "pain-11.json": export_with(row={"morning": 11}),
    "feb-30.json": export_with(row={"date": "2026-02-30"}),
    "pain-text.json": export_with(row={"morning": "3"}),
    "no-key.json": export_with(row={"date": None}),
    "unknown-column.json": export_with(row={"mood": "grumpy"}),
    "twice.json": export_with(tables={"entries": [GOOD["tables"]["entries"][0]] * 2}),
    "bad-action.json": export_with(
        schema_version=SCHEMA_VERSION,
        tables={
            "changes": [
                {
                    "id": 1,
                    "at": "2026-02-01T08:00:00+00:00",
                    "date": "2026-02-01",
                    "action": "rename",
                    "old": None,
                    "new": json.dumps(
                        {**GOOD["tables"]["entries"][0], "exercise": None, "run": None, "sitting": None, "note": None}
                    ),
                    "undoes": None,
                }
            ]
        },
    ),
    "rows-not-list.json": export_with(tables={"entries": {"date": "2026-02-01"}}),
}


@pytest.fixture
def world(cli, isolated, db_path):
    """A database with two logged days, an empty hht database, and the odd files the cases name."""
    cli.ok("log", "--date", "2026-03-01", "--morning", "3", "--note", "before")
    cli.ok("log", "--date", "2026-03-01", "--morning", "2")
    open_store(isolated / "empty.db").close()
    for name, text in FILES.items():
        (isolated / name).write_text(text, encoding="utf-8")
    (isolated / "latin1.json").write_bytes('{"note": "caf\xe9"}'.encode("latin-1"))
    foreign = sqlite3.connect(isolated / "foreign.db")
    foreign.execute("CREATE TABLE recipes (name TEXT)")
    foreign.commit()
    foreign.close()
    (isolated / "newer.db").write_bytes(db_path.read_bytes())
    newer = sqlite3.connect(isolated / "newer.db")
    newer.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    newer.commit()
    newer.close()
    whole = db_path.read_bytes()
    (isolated / "header-only.db").write_bytes(whole[:60])
    (isolated / "cut.db").write_bytes(whole[:4096])
    (isolated / "folder").mkdir()
    return isolated


def snapshot(root: Path) -> dict[str, bytes | None]:
    """Every file and folder under root, with its content."""
    return {str(p.relative_to(root)): (p.read_bytes() if p.is_file() else None) for p in sorted(root.rglob("*"))}


USAGE, FAILURE = 2, 1
CASES = [
    # hht log: pain, dates, notes, flags
    (["log", "--morning", "-1"], {}, USAGE, "--morning must be a whole number of pain from 0 to 10, not '-1'."),
    (["log", "--morning", "11"], {}, USAGE, "--morning must be a whole number of pain from 0 to 10, not 11."),
    (["log", "--exercise", "2.5"], {}, USAGE, "--exercise must be a whole number of pain from 0 to 10, not '2.5'."),
    (["log", "--run", "abc"], {}, USAGE, "--run must be a whole number of pain from 0 to 10, not 'abc'."),
    (["log", "--sitting", "1e1"], {}, USAGE, "--sitting must be a whole number of pain from 0 to 10, not '1e1'."),
    (["log", "--morning", "100"], {}, USAGE, "not '100'"),
    (["log", "--date", "2026-02-30", "--morning", "1"], {}, USAGE, "'2026-02-30' is not a real calendar date."),
    (["log", "--date", "0000-01-01", "--morning", "1"], {}, USAGE, "'0000-01-01' is not a real calendar date."),
    (["log", "--date", "tomorrow", "--morning", "1"], {}, USAGE, "'tomorrow' is not a date hht understands"),
    (["log", "--date", "2026-03-03", "--morning", "1"], {}, USAGE, "2026-03-03 is in the future"),
    (["log", "--date", "yesterdayy", "--morning", "1"], {}, USAGE, "'yesterdayy' is not a date hht understands"),
    (["log", "--date", "", "--morning", "1"], {}, USAGE, "'' is not a date hht understands"),
    (["log", "--date", "-1000000d", "--morning", "1"], {}, USAGE, "is not a date hht understands"),
    (["log", "--note", ""], {}, USAGE, "--note must have some text"),
    (["log", "--note", "x" * 2001], {}, USAGE, "--note is 2001 characters long; keep it to 2000."),
    (["log", "--note", "red \x1b[31mtext"], {}, USAGE, "--note holds a control character (U+001B); use plain text"),
    (["log", "--partial"], {}, USAGE, "--partial and --full describe the ladder session"),
    (["log"], {}, USAGE, "Nothing to log: pass at least one of --morning N"),
    (["log", "--bogus", "1"], {}, USAGE, "No such option: --bogus (see 'hht log --help')."),
    (["log", "--morning"], {}, USAGE, "Option '--morning' requires an argument"),
    (["frobnicate"], {}, USAGE, "No such command 'frobnicate'"),
    # hht today
    (["today", "--date", "someday"], {}, USAGE, "'someday' is not a date hht understands"),
    (["today", "--date", "2027-01-01"], {}, USAGE, "2027-01-01 is in the future"),
    (["today"], {"HHT_NOW": "half past nine"}, USAGE, "HHT_NOW must be an ISO date-time, not 'half past nine'."),
    # hht history and undo
    (["history", "--limit", "0"], {}, USAGE, "--limit must be a whole number of changes from 1 to 1,000,000, not '0'."),
    (["history", "--limit", "-3"], {}, USAGE, "not '-3'"),
    (["history", "--limit", "abc"], {}, USAGE, "not 'abc'"),
    (["--db", "{tmp}/new.db", "undo"], {}, FAILURE, "Nothing to undo"),
    (["undo", "3"], {}, USAGE, "Got unexpected extra argument(s) (3)"),
    # hht backup
    (
        ["backup", "{tmp}/notes.txt"],
        {},
        FAILURE,
        "notes.txt: it already exists, and hht never overwrites a file (choose another name).",
    ),
    (["backup", "/sys/hht-backup.db"], {}, FAILURE, "Cannot write /sys/hht-backup.db: permission denied."),
    (["backup", "{tmp}/missing/copy.db"], {}, FAILURE, "missing/copy.db: the folder {tmp}/missing does not exist."),
    (["--db", "{tmp}/new.db", "backup"], {}, FAILURE, "There is no database at {tmp}/new.db yet"),
    # hht export
    (["export", "--output", "{tmp}/notes.txt"], {}, FAILURE, "it already exists, and hht never overwrites a file"),
    (["export", "--output", "/sys/hht.json"], {}, FAILURE, "Cannot write /sys/hht.json: permission denied."),
    (["export", "--output", "{tmp}/missing/hht.json"], {}, FAILURE, "the folder {tmp}/missing does not exist."),
    # hht import
    (["import", "{tmp}/good.json"], {}, FAILURE, "already holds data; hht imports only into an empty database"),
    (
        ["--db", "{tmp}/new.db", "import", "{tmp}/truncated.json"],
        {},
        FAILURE,
        "truncated.json is not a complete hht export: its JSON is cut short or malformed at line",
    ),
    (["--db", "{tmp}/new.db", "import", "{tmp}/notes.txt"], {}, FAILURE, "notes.txt is not a complete hht export"),
    (
        ["--db", "{tmp}/new.db", "import", "{tmp}/nowhere.json"],
        {},
        FAILURE,
        "Cannot read {tmp}/nowhere.json: there is no such file.",
    ),
    (["--db", "{tmp}/new.db", "import", "{tmp}/folder"], {}, FAILURE, "Cannot read {tmp}/folder: it is a folder."),
    (
        ["--db", "{tmp}/new.db", "import", "{tmp}/latin1.json"],
        {},
        FAILURE,
        "is not an hht export: it is not UTF-8 text.",
    ),
    (
        ["--db", "{tmp}/new.db", "import", "{tmp}/array.json"],
        {},
        FAILURE,
        "array.json cannot be imported: it is not an hht export",
    ),
    (["--db", "{tmp}/new.db", "import", "{tmp}/wrong-format.json"], {}, FAILURE, 'it lacks "format": "hht-export"'),
    (["--db", "{tmp}/new.db", "import", "{tmp}/newer.json"], {}, FAILURE, "a newer hht wrote it (schema 999"),
    (
        ["--db", "{tmp}/new.db", "import", "{tmp}/unknown-table.json"],
        {},
        FAILURE,
        "a table hht does not know: 'recipes'",
    ),
    (
        ["--db", "{tmp}/empty.db", "import", "{tmp}/pain-11.json"],
        {},
        FAILURE,
        "row 1 of entries has morning 11; pain is a whole number from 0 to 10",
    ),
    (
        ["--db", "{tmp}/empty.db", "import", "{tmp}/feb-30.json"],
        {},
        FAILURE,
        "'2026-02-30', which is not a real calendar date",
    ),
    (
        ["--db", "{tmp}/empty.db", "import", "{tmp}/pain-text.json"],
        {},
        FAILURE,
        "morning = '3', which is not of type integer",
    ),
    (["--db", "{tmp}/empty.db", "import", "{tmp}/no-key.json"], {}, FAILURE, "row 1 of entries lacks its date"),
    (
        ["--db", "{tmp}/empty.db", "import", "{tmp}/unknown-column.json"],
        {},
        FAILURE,
        "a column hht does not know: 'mood'",
    ),
    (
        ["--db", "{tmp}/empty.db", "import", "{tmp}/twice.json"],
        {},
        FAILURE,
        "row 2 of entries repeats the date '2026-02-01'",
    ),
    (
        ["--db", "{tmp}/empty.db", "import", "{tmp}/bad-action.json"],
        {},
        FAILURE,
        "row 1 of changes has action 'rename', which is not one of insert",
    ),
    (
        ["--db", "{tmp}/empty.db", "import", "{tmp}/rows-not-list.json"],
        {},
        FAILURE,
        "its entries is not a list of rows",
    ),
    (["import"], {}, USAGE, "Missing argument 'FILE'"),
    # the database path
    (["--db", "{tmp}/folder", "log", "--morning", "1"], {}, FAILURE, "folder is a folder, not a database file."),
    (
        ["--db", "/sys/hht.db", "log", "--morning", "1"],
        {},
        FAILURE,
        "Cannot create the database at /sys/hht.db: permission denied.",
    ),
    (["--db", "/proc/self/mem", "today"], {}, FAILURE, "/proc/self/mem cannot be read"),
    (
        ["--db", "{tmp}/notes.txt", "log", "--morning", "1"],
        {},
        FAILURE,
        "is not an hht database (it is not an SQLite file)",
    ),
    (["--db", "{tmp}/header-only.db", "today"], {}, FAILURE, "is not an hht database (it is not an SQLite file)"),
    (["--db", "{tmp}/cut.db", "today"], {}, FAILURE, "cut.db is damaged (SQLite reports it as malformed)"),
    (["--db", "{tmp}/foreign.db", "log", "--morning", "1"], {}, FAILURE, "is an SQLite database but not hht's"),
    (["--db", "{tmp}/foreign.db", "export"], {}, FAILURE, "is an SQLite database but not hht's"),
    (["--db", "{tmp}/newer.db", "log", "--morning", "1"], {}, FAILURE, "was written by a newer hht"),
    (["--db", "{tmp}/newer.db", "history"], {}, FAILURE, "was written by a newer hht"),
    (["log", "--morning", "1"], {"HHT_DB": "{tmp}/notes.txt"}, FAILURE, "is not an hht database"),
    # protocol files
    (["--protocol", "{tmp}/bad.toml", "today"], {}, USAGE, "bad.toml: not valid TOML"),
    (["--protocol", "{tmp}/nowhere.toml", "log", "--morning", "1"], {}, USAGE, "nowhere.toml: no such protocol file."),
    (["--protocol", "{tmp}/folder", "today"], {}, USAGE, "folder: is a folder, not a protocol file."),
    (["protocol", "check", "{tmp}/notes.txt"], {}, USAGE, "notes.txt: not valid TOML"),
    (["log", "--morning", "1"], {"HHT_PROTOCOL": "{tmp}/bad.toml"}, USAGE, "bad.toml: not valid TOML"),
]


@pytest.mark.parametrize(
    "args, env, code, message", CASES, ids=[f"{n:02d}-{' '.join(c[0])[:40]}" for n, c in enumerate(CASES)]
)
def test_bad_input_is_one_sentence_and_changes_nothing(cli, world, monkeypatch, args, env, code, message):
    fill = lambda text: text.replace("{tmp}", str(world))  # noqa: E731
    for name, value in env.items():
        monkeypatch.setenv(name, fill(value))
    before = snapshot(world)
    result = cli(*[fill(a) for a in args])
    assert (result.exit_code, result.stdout) == (code, ""), result.stderr
    assert fill(message) in result.stderr
    assert result.stderr.startswith("hht: ") and result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr
    assert snapshot(world) == before


def test_there_are_at_least_forty_cases_across_the_commands():
    assert len(CASES) >= 40
    commands = {next(a for a in args if not a.startswith("-") and "/" not in a) for args, *_ in CASES}
    assert {"log", "today", "history", "undo", "backup", "export", "import", "protocol"} <= commands


def test_a_read_only_folder_gets_one_sentence(cli, world):
    """A folder hht may not write in. Root writes through chmod 0500, so as root
    (as CI runs) the folder is a read-only bind mount in a private mount
    namespace instead, and the real console script runs inside it."""
    folder = world / "locked"
    folder.mkdir()
    if os.geteuid() == 0:
        import subprocess

        from tests.test_installed import hht_script

        script = (
            f'mount --bind "{folder}" "{folder}" && mount -o remount,ro,bind "{folder}" && '
            f'exec "{hht_script()}" --db "{folder / "hht.db"}" log --morning 1'
        )
        result = subprocess.run(["unshare", "-m", "sh", "-c", script], capture_output=True, text=True, timeout=60)
        code, stderr = result.returncode, result.stderr
        assert stderr == f"hht: Cannot create the database at {folder / 'hht.db'}: the file system is read-only.\n"
    else:
        folder.chmod(0o500)
        try:
            result = cli("--db", str(folder / "hht.db"), "log", "--morning", "1")
        finally:
            folder.chmod(0o700)
        code, stderr = result.exit_code, result.stderr
        assert "permission denied" in stderr
    assert code == 1 and stderr.count("\n") == 1 and stderr.startswith("hht: ")
    assert list(folder.iterdir()) == []
