"""What a runner's shell, files and clock can turn against hht, met as the
real `hht` meets them, in a subprocess: output paths that are not plain files,
files swapped after hht read them, a protocol built to be slow to parse,
dates outside the days hht records, closed and full standard streams, an
ASCII-only locale, any COLUMNS, file names holding terminal escapes, a
database that is not what it claims, and typos.

Each case asserts the exit code, that no traceback and no catch-all sentence
reached the runner, and that nothing was written or replaced. Devices are
copies made with mknod in the test's own folder, never the system's."""

from __future__ import annotations

import json
import os
import sqlite3
import stat
import subprocess
from datetime import date, timedelta
from pathlib import Path

import pytest
from hht.rules.protocol import load as protocols

from tests.conftest import FIXED_NOW
from tests.test_cli_assess import make_answers
from tests.test_installed import hht_script

CATCH_ALL = "this is a bug in hht"
ROOT = os.geteuid() == 0


def sh(script: str, tmp: Path, timeout: float = 30, **env: str) -> subprocess.CompletedProcess:
    """Run a bash script in the test's folder, `$HHT` being the installed console script."""
    environ = {**os.environ, "HHT_DB": str(tmp / "hht.db"), "HHT_NOW": FIXED_NOW, "COLUMNS": "80", "HHT": hht_script()}
    for name in ("HHT_PROTOCOL", "HHT_DEBUG", "PYTHONIOENCODING"):
        environ.pop(name, None)
    environ.update(env)
    return subprocess.run(
        ["bash", "-c", script],
        cwd=tmp,
        env=environ,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        errors="replace",
        timeout=timeout,
    )


def clean(result: subprocess.CompletedProcess, code: int) -> str:
    """The exit code expected, and neither a traceback nor the catch-all; stderr."""
    assert result.returncode == code, (result.returncode, result.stdout[-400:], result.stderr)
    assert "Traceback" not in result.stderr + result.stdout, result.stderr
    assert CATCH_ALL not in result.stderr, result.stderr
    return result.stderr


def refused(result: subprocess.CompletedProcess, code: int) -> str:
    """One sentence on stderr, and the exit code expected."""
    stderr = clean(result, code)
    assert stderr.startswith("hht: ") and stderr.count("\n") == 1, stderr
    return stderr


def tree(folder: Path) -> dict[str, tuple]:
    """Everything under folder, looked at without following a link: kind, inode,
    size, modification time, a link's target, a small file's bytes. SQLite's
    -wal and -shm files, which a reader may leave (empty) beside a database,
    are left out; the database itself is not."""
    out = {}
    for root, dirs, files in os.walk(folder):
        for name in dirs + files:
            if name.endswith(("-wal", "-shm")):
                continue
            path = Path(root) / name
            info = os.lstat(path)
            target = os.readlink(path) if stat.S_ISLNK(info.st_mode) else None
            content = path.read_bytes() if stat.S_ISREG(info.st_mode) and info.st_size < 1_000_000 else None
            out[str(path.relative_to(folder))] = (
                stat.S_IFMT(info.st_mode),
                info.st_ino,
                info.st_size,
                info.st_mtime_ns,
                target,
                content,
            )
    return out


def device(path: Path, minor: int = 3) -> None:
    """A copy of a memory device (1,3 is null, 1,5 zero) made in the test's
    folder; a FIFO where mknod needs root and the test is not root."""
    if ROOT:
        os.mknod(path, 0o666 | stat.S_IFCHR, os.makedev(1, minor))
    else:
        os.mkfifo(path)


@pytest.fixture
def logged(isolated: Path, cli) -> Path:
    """A month of days with long notes, and five assessments, written by hht."""
    from hht.store.opening import open_store

    db = isolated / "hht.db"
    with open_store(db) as store, store.write():
        for n in range(30):
            day = date(2026, 2, 1) + timedelta(days=n)
            store.save_day(day, {"morning": n % 3, "note": f"day {n}: " + "a long note " * 40})
    answers = isolated / "answers.json"
    answers.write_text(json.dumps(make_answers(protocols.load())))
    for n in range(5):
        cli.ok("assess", "--answers", str(answers), "--date", (date(2026, 2, 5) + timedelta(days=5 * n)).isoformat())
    return db


# -- outputs ---------------------------------------------------------------------


def not_regular(tmp: Path) -> dict[str, Path]:
    """What an output path may name that hht must never replace (each named as
    a protocol file would be, so that `protocol init` meets them as they are)."""
    (tmp / "kept.txt").write_text("keep me")
    found = {
        "fifo": tmp / "fifo.toml",
        "device": tmp / "device.toml",
        "link to a file": tmp / "link.toml",
        "dangling link": tmp / "dangling.toml",
        "folder": tmp / "folder.toml",
    }
    os.mkfifo(found["fifo"])
    device(found["device"])
    found["link to a file"].symlink_to(tmp / "kept.txt")
    found["dangling link"].symlink_to(tmp / "created-through-the-link")
    found["folder"].mkdir()
    return found


@pytest.mark.parametrize(
    ("command", "code"),
    [
        ("report --format md -o {} --force", 2),
        ("report --format md -o {}", 2),
        ("calendar -o {} --force", 2),
        ("export -o {}", 1),
        ("protocol init {}", 2),
    ],
)
def test_an_output_that_is_not_a_regular_file_is_refused_and_left_as_it_was(logged, isolated, command, code):
    targets = not_regular(isolated)
    before = tree(isolated)
    for what, path in targets.items():
        result = sh(f'"$HHT" {command.format(path.name)}', isolated, timeout=20)
        message = refused(result, code)
        assert path.name in message, (what, message)
        assert tree(isolated) == before, what
    assert not (isolated / "created-through-the-link").exists()
    assert (isolated / "kept.txt").read_text() == "keep me"


def test_a_write_the_size_limit_cuts_short_leaves_the_old_file_or_none(logged, isolated):
    (isolated / "old.html").write_text("keep me")
    before = tree(isolated)
    for command in (
        "protocol init mine.toml",
        "report --format html -o old.html --force",
        "export -o new.json",
        "calendar -o new.ics --days 62",
    ):
        result = sh(f'ulimit -f 4; "$HHT" {command}', isolated)
        assert "larger than this system allows" in refused(result, 1), command
        assert tree(isolated) == before, command  # no half-written file, no temporary file left beside it


def test_dash_is_standard_output(logged, isolated):
    before = tree(isolated)
    for command, start in (
        ("report --format md -o -", "# "),
        ("calendar -o -", "BEGIN:VCALENDAR"),
        ("export -o -", '{"format":"hht-export"'),
        ("protocol init -", "# my-protocol"),
    ):
        result = sh(f'"$HHT" {command}', isolated)
        clean(result, 0)
        assert result.stdout.startswith(start), command
    assert tree(isolated) == before  # no file named "-"


# -- files read again later --------------------------------------------------------


def test_an_adopted_protocol_file_swapped_for_a_pipe_a_device_or_a_huge_file_never_stops_hht(isolated, cli):
    physio = isolated / "physio.toml"
    cli.ok("protocol", "init", str(physio))
    cli.ok("protocol", "use", str(physio))
    swaps = {
        "fifo": lambda: os.mkfifo(physio),
        "zero device": lambda: device(physio, minor=5),
        "link to a zero device": lambda: (device(isolated / "zero", minor=5), physio.symlink_to(isolated / "zero")),
        "2 MB file": lambda: physio.write_text("x" * 2_000_000),
    }
    for what, swap in swaps.items():
        physio.unlink()
        (isolated / "zero").unlink(missing_ok=True)
        swap()
        clean(sh('"$HHT" log --morning 1', isolated, timeout=20), 0)
        listed = sh('"$HHT" protocol list', isolated, timeout=20)
        clean(listed, 0)
        assert "physio 1.0.0" in listed.stdout, what


def test_a_dotted_key_of_100000_parts_is_refused_before_it_is_parsed(isolated):
    (isolated / "slow.toml").write_text("[" + "a." * 100_000 + "a]\n")
    before = tree(isolated)
    for command in ("protocol check slow.toml", "protocol use ./slow.toml", "--protocol slow.toml today"):
        result = sh(f'"$HHT" {command}', isolated, timeout=20)
        assert "more than 16 parts" in refused(result, 2), command
    assert tree(isolated) == before


def test_every_number_in_a_protocol_is_finite_and_in_its_range(isolated):
    text = protocols.default_path().read_text(encoding="utf-8")
    assert "lr_positive = " in text
    for value in ("nan", "inf", "1e9"):
        odd = "\n".join(
            f"lr_positive = {value}" if line.startswith("lr_positive = ") else line for line in text.splitlines()
        )
        (isolated / f"odd-{value}.toml").write_text(odd)
    before = tree(isolated)
    problem = "lr_positive must be a number above 0 and at most 1000"
    for value in ("nan", "inf", "1e9"):
        assert problem in clean(sh(f'"$HHT" protocol check odd-{value}.toml', isolated), 2), value
    assert problem in clean(sh('"$HHT" protocol use ./odd-nan.toml', isolated), 2)  # never adopted
    assert tree(isolated) == before


# -- dates -------------------------------------------------------------------------


def test_a_clock_outside_the_days_hht_records_stops_every_command_before_it_writes(logged, isolated):
    sh('"$HHT" export -o backup.json', isolated)
    (isolated / "answers.json").write_text(json.dumps(make_answers(protocols.load())))
    before = tree(isolated)
    early = sh('"$HHT" log --morning 1', isolated, HHT_NOW="0001-01-01T00:00:00+00:00")
    assert "HHT_NOW is 0001-01-01" in refused(early, 2)
    for command in (
        "today",
        "calendar -o cal.ics",
        "check",
        "log --morning 1",
        "assess --answers answers.json",
        "--db new.db import backup.json",
        "report --format md",
    ):
        result = sh(f'"$HHT" {command}', isolated, timeout=20, HHT_NOW="9999-12-31T23:59:59+00:00")
        assert "from 2000-01-01 to 2099-12-31" in refused(result, 2), command
    assert tree(isolated) == before


def test_a_day_before_2000_is_refused_by_every_command_that_records_one(logged, isolated):
    (isolated / "answers.json").write_text(json.dumps(make_answers(protocols.load())))
    document = json.loads(sh('"$HHT" export', isolated).stdout)
    document["tables"]["entries"][0]["date"] = "1999-12-31"
    (isolated / "old.json").write_text(json.dumps(document))
    before = tree(isolated)
    for command, day in (
        ("log --date 1999-12-31 --morning 1", "1999-12-31"),
        ("log --date -99999d --morning 1", "1752-05-18"),
        ("assess --date 1899-12-31 --answers answers.json", "1899-12-31"),
        ("protocol use goom-2016 --from 1899-12-30", "1899-12-30"),
    ):
        message = refused(sh(f'"$HHT" {command}', isolated), 2)
        assert f"{day} is before 2000-01-01: hht records days from 2000-01-01 to today" in message, command
    imported = sh('"$HHT" --db new.db import old.json', isolated)
    assert "outside the days hht records (2000-01-01 to today)" in clean(imported, 1)
    assert tree(isolated) == before


def test_a_day_before_2000_stored_by_an_older_hht_is_named_not_a_crash(isolated, cli):
    cli.ok("log", "--morning", "1")
    conn = sqlite3.connect(isolated / "hht.db")
    stamp = "2026-03-02T09:00:00+00:00"
    conn.execute(
        "INSERT INTO entries (date, morning, created_at, updated_at) VALUES ('0001-01-01', 2, ?, ?)", (stamp, stamp)
    )
    conn.commit()
    conn.close()
    before = tree(isolated)
    for command in ("report --format md", "report --format csv", "check"):
        assert "0001-01-01" in clean(sh(f'"$HHT" {command}', isolated), 1), command
    for command in ("today", "status", "calendar -o -", "history", "export"):  # the plan leaves the day out
        clean(sh(f'"$HHT" {command}', isolated, timeout=20), 0)
    assert tree(isolated) == before


def test_a_date_no_calendar_has_stored_by_hand_is_named_not_a_crash(isolated, cli):
    cli.ok("log", "--morning", "1")
    conn = sqlite3.connect(isolated / "hht.db")
    stamp = "2026-03-02T09:00:00+00:00"
    conn.execute(  # the table's CHECK allows any four, two and two digits
        "INSERT INTO entries (date, morning, created_at, updated_at) VALUES ('2026-02-30', 2, ?, ?)", (stamp, stamp)
    )
    conn.commit()
    conn.close()
    before = tree(isolated)
    for command in ("today", "status", "report --format md", "log --morning 2"):
        assert "not a real calendar date" in refused(sh(f'"$HHT" {command}', isolated), 1), command
    assert "'2026-02-30', which is not a real calendar date" in clean(sh('"$HHT" check', isolated), 1)
    assert tree(isolated) == before


def test_a_day_far_before_the_first_entry_needs_yes_without_a_terminal(isolated, cli):
    cli.ok("log", "--date", "2026-03-01", "--morning", "1")
    (isolated / "answers.json").write_text(json.dumps(make_answers(protocols.load())))
    before = tree(isolated)
    for command in (
        "log --date 2025-03-16 --morning 2",
        "assess --date 2025-03-16 --answers answers.json",
        "protocol use goom-2016 --from 2025-03-16",
    ):
        message = refused(sh(f'"$HHT" {command}', isolated), 2)
        assert "2025-03-16 is 350 days before your first entry (2026-03-01)" in message and "--yes" in message
    assert tree(isolated) == before
    clean(sh('"$HHT" log --date 2025-03-16 --morning 2 --yes', isolated), 0)
    assert [d["date"] for d in json.loads(cli.ok("export").stdout)["tables"]["entries"]] == [
        "2025-03-16",
        "2026-03-01",
    ]
    clean(sh('"$HHT" log --date 2026-01-20 --morning 2', isolated), 0)  # within 60 days of it: no question


@pytest.mark.pty
def test_a_day_far_before_the_first_entry_is_asked_about_in_a_terminal(isolated, cli):
    import pexpect

    cli.ok("log", "--date", "2026-03-01", "--morning", "1")
    before = tree(isolated)
    env = {**os.environ, "PROMPT_TOOLKIT_NO_CPR": "1", "HHT_DB": str(isolated / "hht.db"), "HHT_NOW": FIXED_NOW}
    env["TERM"] = "xterm"
    child = pexpect.spawn(
        hht_script(), ["log", "--date", "2025-03-16", "--morning", "2"], env=env, encoding="utf-8", timeout=20
    )
    child.expect("350 days before")
    child.send("n")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 1 and "Nothing was recorded" in child.before
    assert tree(isolated) == before


@pytest.mark.parametrize(
    ("word", "day"),
    [("Mon", "2026-03-02"), ("tue", "2026-02-24"), ("Thu.", "2026-02-26"), ("fr", "2026-02-27"), ("Sun", "2026-03-01")],
)
def test_weekday_abbreviations_are_dates(cli, word, day):
    assert f"Logged {day}" in cli.ok("log", "--date", word, "--morning", "1").stdout


@pytest.mark.parametrize("word", ["t", "s", "mondays"])
def test_a_weekday_start_that_names_no_one_day_is_refused(cli, db_path, word):
    result = cli("log", "--date", word, "--morning", "1")
    assert result.exit_code == 2 and "is not a date hht understands" in result.stderr and not db_path.exists()


# -- standard streams and the terminal -------------------------------------------


def test_a_closed_standard_input_reads_as_empty(logged, isolated):
    for command, code in (("log", 2), ("assess", 2), ("today --start", 2), ("undo --yes", 0), ("log --morning 1", 0)):
        clean(sh(f'"$HHT" {command} <&-', isolated), code)


ASCII_COMMANDS = (
    "status",
    "today",
    "report --format md",
    "report --format csv",
    "history",
    "export",
    "assess --history",
    "protocol show",
    "--help",
)


def ascii_locale(command: str, db: Path, tmp: Path) -> subprocess.CompletedProcess:
    """hht under an ASCII-only locale: `LC_ALL=C` with Python's UTF-8 mode off."""
    result = subprocess.run(
        ["bash", "-c", f'"$HHT" {command}'],
        cwd=tmp,
        env={
            **{k: v for k, v in os.environ.items() if not k.startswith(("LC_", "LANG", "PYTHONIOENCODING"))},
            "HHT": hht_script(),
            "HHT_DB": str(db),
            "HHT_NOW": FIXED_NOW,
            "LC_ALL": "C",
            "PYTHONUTF8": "0",
        },
        capture_output=True,
        timeout=30,
    )
    assert result.returncode == 0, (command, result.stderr)
    assert b"Traceback" not in result.stderr and CATCH_ALL.encode() not in result.stderr, command
    result.stdout.decode("ascii")  # what the locale cannot encode was replaced
    return result


def test_an_ascii_locale_replaces_what_it_cannot_encode(logged, isolated):
    before = tree(isolated)
    for command in ASCII_COMMANDS:
        ascii_locale(command, logged, isolated)
    assert tree(isolated) == before


def test_under_an_ascii_locale_a_note_typed_in_utf8_is_kept_and_json_keeps_it_whole(isolated):
    db = isolated / "hht.db"
    ascii_locale('log --morning 1 --note "café · 5 km"', db, isolated)
    exported = ascii_locale("export", db, isolated)
    assert json.loads(exported.stdout)["tables"]["entries"][0]["note"] == "café · 5 km"
    shown = ascii_locale("history", db, isolated).stdout.decode("ascii")
    assert "caf?" in shown and "? 5 km" in shown


@pytest.mark.parametrize("columns", ["99999999999", "100000000", "9" * 5000])
def test_any_columns_is_clamped_to_a_sane_width(logged, isolated, columns):
    for command in ("--help", "today", "assess --history"):
        result = sh(f'"$HHT" {command}', isolated, timeout=20, COLUMNS=columns)
        clean(result, 0)
        assert result.stdout and max(len(line) for line in result.stdout.splitlines()) <= 500, command
        assert len(result.stdout.splitlines()) < 200, command


@pytest.mark.parametrize(
    "command", ["assess --history", "history", "export", "report --format md", "today", "status", "protocol show"]
)
def test_a_reader_that_goes_away_ends_hht_quietly_with_0(logged, isolated, command):
    env = {**os.environ, "HHT_DB": str(logged), "HHT_NOW": FIXED_NOW, "COLUMNS": "80"}
    process = subprocess.Popen(
        [hht_script(), *command.split()], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    process.stdout.close()  # the reader is gone before hht writes a byte
    assert process.wait(timeout=30) == 0
    assert process.stderr.read() == b""
    process.stderr.close()


def test_head_after_hht_exits_0(logged, isolated):
    result = sh('"$HHT" assess --history | head -3 >/dev/null; echo "${PIPESTATUS[0]}"', isolated)
    assert result.stdout == "0\n" and result.stderr == ""


# -- names echoed ----------------------------------------------------------------


def test_every_name_hht_echoes_has_its_control_characters_escaped(logged, isolated):
    (isolated / "x\x1b]0;pwned\x07.toml").write_text("not = [toml")
    for command, code in (
        ('export -o "$NAME.json"', 0),
        ('report --format md -o "$NAME.md"', 0),
        ('calendar -o "$NAME.ics"', 0),
        ('backup "$NAME.db"', 0),
        ('import "$NAME.missing"', 1),
        ('protocol check "$NAME.toml"', 2),
        ('--protocol "$NAME.toml" today', 2),
        ('protocol use "$NAME"', 2),
    ):
        result = sh(f'"$HHT" {command}', isolated, NAME="x\x1b]0;pwned\x07")
        clean(result, code)
        shown = result.stdout + result.stderr
        assert "\x1b" not in shown and "\x07" not in shown, command
        assert "x\\x1b]0;pwned\\x07" in shown, (command, shown)


# -- hht check and the database file ---------------------------------------------


def marked(path: Path, version: int, table: str | None = None) -> None:
    """An SQLite file marked as hht's (its application_id), at a schema version."""
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA application_id = {0x48485431}")
    conn.execute(f"PRAGMA user_version = {version}")
    if table:
        conn.execute(f"CREATE TABLE {table} (x)")
    conn.commit()
    conn.close()


def test_check_is_never_more_optimistic_than_the_command_that_would_fail(isolated):
    marked(isolated / "tableless.db", 9)
    marked(isolated / "future.db", 99, "entries")
    (isolated / "loop.db").symlink_to("loop.db")
    (isolated / "dangling.db").symlink_to("nowhere.db")
    (isolated / "empty.db").write_bytes(b"")
    before = tree(isolated)
    for name, says, then in (
        ("tableless.db", "lacks its tables", "today"),
        ("future.db", "written by a newer hht", "log --morning 1"),
        ("loop.db", "leads round in a loop", "log --morning 1"),
        ("dangling.db", "which does not exist", "log --morning 1"),
        ("empty.db", "is empty", None),
    ):
        assert says in refused(sh(f'"$HHT" --db {name} check', isolated), 1), name
        if then:
            refused(sh(f'"$HHT" --db {name} {then}', isolated), 1)
    assert tree(isolated) == before


def test_a_failed_first_write_leaves_no_database_behind(isolated):
    (isolated / "long").mkdir()
    before = tree(isolated)
    name = "x" * 250 + ".db"
    assert "name is too long" in refused(sh(f'"$HHT" --db long/{name} log --morning 1', isolated), 1)
    refused(sh('ulimit -f 0; "$HHT" --db new.db log --morning 1', isolated), 1)
    assert tree(isolated) == before


def test_the_tables_of_this_schema_are_those_its_migrations_make():
    from hht.store.opening import memory_store
    from hht.store.schema import TABLES

    with memory_store() as store:
        made = {r[0] for r in store.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert made - {"sqlite_sequence"} == set(TABLES)


# -- import, and typos ------------------------------------------------------------


def test_import_refuses_a_load_test_under_a_protocol_without_one(isolated, cli):
    cli.ok("--protocol", "goom-2016", "log", "--date", "2026-03-01", "--load-test", "2")
    (isolated / "x.json").write_text(cli.ok("export").stdout)
    before = tree(isolated)
    message = clean(sh('"$HHT" --db new.db import x.json', isolated), 1)
    assert "has no daily load test, so `hht log --load-test` would refuse it" in message
    assert tree(isolated) == before
    clean(sh('"$HHT" --protocol goom-2016 --db new.db import x.json', isolated), 0)


def test_a_mistyped_command_or_protocol_gets_the_closest_match(isolated):
    before = tree(isolated)
    assert "Did you mean 'today'?" in refused(sh('"$HHT" tody', isolated), 2)
    assert "Did you mean 'list'?" in refused(sh('"$HHT" protocol lst', isolated), 2)
    assert "Did you mean goom-2016?" in refused(sh('"$HHT" protocol use goom', isolated), 2)
    assert "Did you mean" not in refused(sh('"$HHT" frobnicate', isolated), 2)
    assert tree(isolated) == before


@pytest.mark.pty
def test_under_an_ascii_locale_a_note_typed_at_the_prompt_is_kept_as_typed(isolated, cli):
    import pexpect

    env = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "LANG", "PYTHONIOENCODING"))}
    env.update(LC_ALL="C", PYTHONUTF8="0", PROMPT_TOOLKIT_NO_CPR="1", TERM="xterm", HHT_NOW=FIXED_NOW)
    env["HHT_DB"] = str(isolated / "hht.db")
    child = pexpect.spawn(hht_script(), ["log"], env=env, encoding="utf-8", codec_errors="replace", timeout=20)
    child.expect("Pain on waking")
    child.sendline("1")
    for question in ("rung session", "walk/jog session"):
        child.expect(question)
        child.send("n")
    child.expect("Pain when sitting")
    child.sendline("")
    child.expect("Minutes you can sit")
    child.sendline("")
    child.expect("A note")
    child.sendline("café")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0 and "Traceback" not in child.before
    assert json.loads(cli.ok("export").stdout)["tables"]["entries"][0]["note"] == "café"
