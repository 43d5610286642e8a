"""`hht log` and `hht today` through typer's CliRunner, on a fixed clock."""

from __future__ import annotations

import os
import stat

import pytest

from hht import storage


def test_today_before_anything_is_logged_suggests_assess(cli, db_path):
    plan = cli.json("today")
    assert plan["date"] == "2026-03-02"
    assert plan["assessed"] is False
    assert plan["ladder"]["rung"] == 1
    assert plan["ladder"]["exercise"] == "Double-leg glute bridge (isometric hold)"
    assert plan["ladder"]["pain_free_sessions"] == 0 and plan["ladder"]["needed"] == 3
    assert any("hht assess" in r for r in plan["reasons"])
    assert not db_path.exists(), "a read-only command must not create the database"


def test_log_creates_a_private_database(cli, db_path):
    cli.ok("log", "--morning", "0")
    assert stat.S_IMODE(os.stat(db_path).st_mode) == 0o600


def test_default_location_is_a_private_data_directory(cli, monkeypatch, isolated):
    monkeypatch.delenv("HHT_DB")
    cli.ok("log", "--morning", "1")
    folder = isolated / "home" / ".local" / "share" / "hht"
    assert stat.S_IMODE(os.stat(folder).st_mode) == 0o700
    assert stat.S_IMODE(os.stat(folder / "hht.db").st_mode) == 0o600


def test_db_option_beats_the_environment(cli, isolated, db_path):
    other = isolated / "other.db"
    cli.ok("--db", str(other), "log", "--morning", "2")
    assert other.exists() and not db_path.exists()


def test_a_new_partial_session_says_partial_dose_once(cli):
    out = cli.ok("log", "--exercise", "1", "--partial").stdout
    assert out.startswith("Logged 2026-03-02: exercise 1/10, partial dose.\n")
