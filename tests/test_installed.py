"""The installed `hht` console script, run as a real process."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from datetime import date
from pathlib import Path

import pytest
from hht.store.opening import open_store

ROOT = Path(__file__).resolve().parent.parent


def hht_script() -> str:
    beside = Path(sys.executable).with_name("hht")
    found = str(beside) if beside.exists() else shutil.which("hht")
    assert found, "the hht console script is not installed"
    return found


def run(*args: str, env: dict, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([hht_script(), *args], env=env, input=stdin, capture_output=True, text=True, timeout=60)


@pytest.fixture
def env(isolated):
    return {**os.environ, "HHT_DB": str(isolated / "proc.db"), "HHT_NOW": "2026-03-02T20:00:00+00:00"}


def test_the_console_script_logs_and_plans_on_a_temporary_database(env, isolated):
    for day in ("2026-02-26", "2026-02-27", "2026-02-28"):
        assert run("log", "--date", day, "--morning", "0", "--exercise", "0", env=env).returncode == 0
    result = run("log", "--date", "2026-03-01", "--morning", "0", env=env)
    assert "Advanced (2026-03-01)" in result.stdout
    plan = json.loads(run("today", "--json", env=env).stdout)
    assert plan["ladder"]["rung"] == 2 and plan["ladder"]["exercise"] == "Front plank"
    assert (isolated / "proc.db").exists()


@pytest.mark.parametrize("xdg_set", [True, False], ids=["XDG_DATA_HOME", "no-XDG_DATA_HOME"])
def test_a_database_at_the_default_location_is_still_found_and_used(isolated, xdg_set):
    """A history an earlier hht kept in the data directory, where it has always
    looked: with neither --db nor $HHT_DB, `hht today` reads it and `hht log`
    writes into it, and no other database appears."""
    home = isolated / "home"
    env = {k: v for k, v in os.environ.items() if k not in ("HHT_DB", "XDG_DATA_HOME")}
    if xdg_set:
        env["XDG_DATA_HOME"] = str(isolated / "xdg")
        db = isolated / "xdg" / "hht" / "hht.db"
    else:
        db = home / ".local" / "share" / "hht" / "hht.db"
    kept = run("log", "--date", "2026-03-01", "--morning", "3", "--exercise", "0", env={**env, "HHT_DB": str(db)})
    assert kept.returncode == 0, kept.stderr

    today = run("today", "--json", env=env)
    assert today.returncode == 0, today.stderr
    assert json.loads(today.stdout)["ladder"]["awaiting_morning_after"] == "2026-03-01"
    logged = run("log", "--morning", "0", env=env)
    assert logged.returncode == 0, logged.stderr
    assert logged.stdout.startswith("Logged 2026-03-02: morning 0/10.")

    with open_store(db) as store:
        assert [store.day(date(2026, 3, d)).morning for d in (1, 2)] == [3, 0]
    assert sorted(isolated.rglob("*.db")) == [db]


def test_without_a_terminal_a_bare_log_says_which_flags_to_pass(env):
    result = run("log", env=env, stdin="")
    assert result.returncode == 2
    assert "pass at least one of --morning N, --exercise N" in result.stderr


def test_python_dash_m_works_too(env):
    result = subprocess.run([sys.executable, "-m", "hht", "today", "--json"], env=env, capture_output=True, text=True)
    assert result.returncode == 0 and json.loads(result.stdout)["date"] == "2026-03-02"


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """The project built into a wheel, once for the module."""
    folder = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(folder),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    ) if _has_hatchling() else subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(folder), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (built,) = folder.glob("hht-*.whl")
    return built


def test_the_wheel_ships_the_protocols(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    assert "hht/_protocols/default.toml" in names
    assert "hht/cli/app.py" in names


def test_the_installed_wheels_html_report_carries_its_stylesheet(wheel, env, tmp_path):
    """The report's CSS is package data: installed from the wheel, not from this checkout, the page still has it."""
    target = tmp_path / "installed"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)],
        check=True,
        capture_output=True,
    )
    installed = {**env, "PYTHONPATH": str(target)}

    def hht(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "hht", *args], env=installed, cwd=tmp_path, capture_output=True, text=True
        )

    where = subprocess.run(
        [sys.executable, "-c", "import hht; print(hht.__file__)"], env=installed, cwd=tmp_path, capture_output=True
    )
    assert Path(where.stdout.decode().strip()).is_relative_to(target)
    assert hht("log", "--date", "2026-03-01", "--morning", "0", "--exercise", "0").returncode == 0
    page = hht("report", "--format", "html")
    assert page.returncode == 0, page.stderr
    css = zipfile.ZipFile(wheel).read("hht/report/report.css").decode("utf-8")
    assert "table.history br { display: none; }" in css
    assert f"<style>\n{css}</style>" in page.stdout


def _has_hatchling() -> bool:
    try:
        import hatchling  # noqa: F401
    except ImportError:
        return False
    return True
