"""Every test gets its own data directory, database and a fixed clock.

No test can touch the real user's data: HOME, XDG_DATA_HOME, XDG_CACHE_HOME and HHT_DB all
point into the test's temporary folder, and HHT_NOW pins "now".
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from hht.cli.app import app
from hht.rules.protocol import load as protocols
from hht.rules.protocol.model import Protocol
from typer.testing import CliRunner

FIXED_NOW = "2026-03-02T09:00:00+00:00"  # a Monday morning
FIXED_TODAY = date(2026, 3, 2)


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / ".cache"))
    monkeypatch.setenv("HHT_DB", str(tmp_path / "hht.db"))
    monkeypatch.setenv("HHT_NOW", FIXED_NOW)
    monkeypatch.delenv("HHT_PROTOCOL", raising=False)
    return tmp_path


@pytest.fixture
def db_path(isolated: Path) -> Path:
    return isolated / "hht.db"


@pytest.fixture(scope="session")
def protocol() -> Protocol:
    return protocols.load()


class Cli:
    """Runs hht in-process through typer's CliRunner."""

    def __init__(self) -> None:
        self.runner = CliRunner()

    def __call__(self, *args: str, input: str | None = None):
        return self.runner.invoke(app, list(args), input=input, catch_exceptions=False)

    def ok(self, *args: str):
        result = self(*args)
        assert result.exit_code == 0, result.output + result.stderr
        return result

    def json(self, *args: str) -> dict:
        return json.loads(self.ok(*args, "--json").stdout)


@pytest.fixture
def cli() -> Cli:
    return Cli()
