"""What each command imports: deterministic start-up checks, no timing.

A daily command should load what it uses and nothing else. These run the
real CLI in a fresh interpreter and list the modules it ended with, so a
regression (a heavy import moved to module level) fails here in CI.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

PROBE = """
import atexit, json, sys
atexit.register(lambda: print("\\nMODULES " + json.dumps(sorted(sys.modules))))
sys.argv = ["hht", *json.loads(sys.argv[1])]
if sys.argv[1:2] == ["settled"]:  # the database counts as settled at once: `hht status`'s cache keeps its answer
    del sys.argv[1]
    import hht.store.stamp
    hht.store.stamp.SETTLED_NS = 0
from hht.launch import main
main()
"""

# Never needed to show or record a day.
# (The test environment's fhir.resources adds a bare `fhir` namespace at start-up, via a .pth file.)
HEAVY = (
    "questionary",
    "prompt_toolkit",
    "sqlite_utils",
    "pydantic",
    "pendulum",
    "click",
    "hht.report",
    "fhir.resources",
    "icalendar",
    "zoneinfo",
    "hht.rules.timer",
    "hht.rules.assessment",
    # reading a run's activity file: only `log --run-file` and `import-runs` do
    "hht.activity",
    "fitdecode",
    "gpxpy",
    "defusedxml",
)


def modules(args: list[str], env: dict) -> set[str]:
    result = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(args)], env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    line = result.stdout.rsplit("\nMODULES ", 1)[1]
    return set(json.loads(line))


def loaded(found: set[str], package: str) -> list[str]:
    return sorted(m for m in found if m == package or m.startswith(package + "."))


@pytest.fixture
def env(isolated, cli):
    cli.ok("log", "--date", "yesterday", "--morning", "0", "--exercise", "0")  # an up-to-date database
    return {**os.environ, "HHT_DB": str(isolated / "hht.db")}


def test_today_json_loads_only_what_it_uses(env):
    found = modules(["today", "--json"], env)
    for package in (*HEAVY, "rich", "fractions", "decimal"):
        assert loaded(found, package) == [], f"hht today --json imported {package}"
    commands = loaded(found, "hht.cli.commands")
    assert commands == ["hht.cli.commands", "hht.cli.commands.today"]
    assert {"hht.plan.day", "hht.rules.walk", "hht.rules.runplan", "hht.store.store"} <= found
    assert "dataclasses" not in found  # the protocol and the day's views are NamedTuples


def test_today_draws_its_view_without_rich_and_asks_nothing(env):
    found = modules(["today"], env)
    assert "hht.term.screen" in found
    for package in (*HEAVY, "rich", "fractions", "decimal"):
        assert loaded(found, package) == [], f"hht today imported {package}"


def test_log_with_flags_asks_nothing_and_renders_nothing(env):
    found = modules(["log", "--morning", "0"], env)
    for package in (*HEAVY, "rich", "fractions", "decimal"):
        assert loaded(found, package) == [], f"hht log imported {package}"
    assert loaded(found, "hht.cli.commands") == ["hht.cli.commands", "hht.cli.commands.log"]
    assert "dataclasses" not in found


def test_report_loads_its_renderer_and_only_its_own(env):
    found = modules(["report", "--format", "html"], env)
    assert "hht.report.html" in found and "hht.report.model" in found
    assert not {"hht.report.fhir", "hht.report.csvfmt", "hht.report.terminal", "questionary"} & found


def test_a_schema_upgrade_is_where_sqlite_utils_comes_in(isolated):
    env = {**os.environ, "HHT_DB": str(isolated / "new.db")}
    assert "sqlite_utils" in modules(["log", "--morning", "1"], env)  # creating the schema
    assert "sqlite_utils" not in modules(["log", "--morning", "2"], env)  # up to date: not needed


def test_status_runs_without_the_cli(env):
    found = modules(["status"], env)
    for package in (*HEAVY, "rich", "typer", "hht.cli.app", "hht.cli.commands"):
        assert loaded(found, package) == [], f"hht status imported {package}"
    assert {"hht.cli.status_line", "hht.plan.day", "hht.store.store"} <= found


def test_status_answered_from_its_cache_reads_neither_the_plan_nor_the_protocol(env):
    modules(["settled", "status"], env)  # kept
    found = modules(["settled", "status"], env)  # answered from the cache
    assert "hht.cli.status_cache" in found and "hht.store.stamp" in found
    for package in (*HEAVY, "rich", "typer", "hht.cli.status_line", "hht.plan", "hht.store.store", "hht.rules.walk"):
        assert loaded(found, package) == [], f"hht status from its cache imported {package}"
    for module in ("hht.rules.protocol.load", "pathlib", "hashlib", "typing", "platformdirs"):  # (json: the probe)
        assert module not in found, f"hht status from its cache imported {module}"


def test_the_data_directory_is_worked_out_without_platformdirs_where_the_xdg_rules_apply(env, isolated):
    assert "platformdirs" not in modules(["today"], env)  # $HHT_DB names the file
    assert "platformdirs" not in modules(["--db", str(isolated / "hht.db"), "today"], {**env, "HHT_DB": ""})
    if sys.platform.startswith("linux"):  # hht/store/location.py follows platformdirs' rules for it
        assert "platformdirs" not in modules(["today"], {**env, "HHT_DB": ""})


def test_a_day_with_a_run_file_is_shown_without_the_file_readers(env, isolated, cli):
    from tests.activity_files import fit_bytes, walk_jog, write

    path = write(isolated, "run.fit", fit_bytes(walk_jog(5, 1, 2)))
    found = modules(["log", "--run-file", str(path), "--run", "0"], env)
    assert "fitdecode" in found and not {"gpxpy", "defusedxml"} & found  # only the format's own library
    for args in (["today"], ["today", "--json"], ["log", "--morning", "1"], ["status"]):
        found = modules(args, env)
        for package in ("hht.activity", "fitdecode", "gpxpy", "defusedxml", "questionary", "rich"):
            assert loaded(found, package) == [], f"hht {' '.join(args)} imported {package}"


def test_a_gpx_file_brings_its_own_readers_only(env, isolated):
    from tests.activity_files import gpx_text, walk_jog, write

    path = write(isolated, "run.gpx", gpx_text(walk_jog(5, 1, 2)))
    found = modules(["log", "--run-file", str(path), "--run", "0"], env)
    assert {"gpxpy", "defusedxml"} <= found and "fitdecode" not in found
