"""Privacy: owner-only files in an owner-only folder, nothing written elsewhere, no network."""

from __future__ import annotations

import ast
import os
import shutil
import socket
import stat
import subprocess
from datetime import date
from pathlib import Path

import hht
import pytest
from hht.store.opening import open_store

from tests.test_installed import hht_script

PACKAGE = Path(hht.__file__).parent  # hht/
NETWORK_MODULES = {
    "socket",
    "ssl",
    "urllib",
    "urllib3",
    "http",
    "requests",
    "httpx",
    "aiohttp",
    "ftplib",
    "smtplib",
    "poplib",
    "imaplib",
    "telnetlib",
    "xmlrpc",
    "websocket",
    "websockets",
    "asyncio",
}


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def run(args: list[str], env: dict, cwd: Path) -> str:
    """hht as a real process with umask 0, so only hht itself can make a file private."""
    result = subprocess.run([hht_script(), *args], env=env, cwd=cwd, capture_output=True, text=True, umask=0)
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.fixture
def sandbox(isolated):
    """A home, a working folder and a temporary folder, all watched; the default data location."""
    root = isolated / "sandbox"
    for name in ("home", "cwd", "tmp", "elsewhere"):
        (root / name).mkdir(parents=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("XDG_", "HHT_DB"))}
    env.update(HOME=str(root / "home"), TMPDIR=str(root / "tmp"), HHT_NOW="2026-03-02T20:00:00")
    return root, env


def test_the_database_its_wal_and_shm_and_every_copy_are_owner_only(sandbox):
    root, env = sandbox
    cwd = root / "cwd"
    run(["log", "--date", "yesterday", "--morning", "1"], env, cwd)
    folder = root / "home" / ".local" / "share" / "hht"
    run(["backup"], env, cwd)
    run(["export", "--output", str(root / "elsewhere" / "export.json")], env, cwd)
    run(["backup", str(root / "elsewhere" / "copy.db")], env, cwd)
    shutil.copy(Path(__file__).parent / "fixtures" / "schema-1.db", root / "elsewhere" / "old.db")
    os.chmod(root / "elsewhere" / "old.db", 0o600)
    run(["--db", str(root / "elsewhere" / "old.db"), "log", "--sitting", "0"], env, cwd)  # upgrades, with a copy first

    assert mode(folder) == 0o700
    files = sorted(folder.iterdir())
    assert [f.name.split("-")[0] for f in files] == ["hht.db", "hht.db.backup"]
    elsewhere = sorted(p.name.split("-")[0] for p in (root / "elsewhere").iterdir())
    assert elsewhere == ["copy.db", "export.json", "old.db", "old.db.bak"]
    for path in [*files, *(root / "elsewhere").iterdir()]:
        assert mode(path) == 0o600, path

    # While a connection is open after a write, the -wal and -shm files exist: owner-only too.
    old_umask = os.umask(0)
    try:
        with open_store(folder / "hht.db") as store:
            with store.write():
                store.save_day(date(2026, 3, 2), {"morning": 0})
            wal, shm = folder / "hht.db-wal", folder / "hht.db-shm"
            assert wal.exists() and shm.exists()
            assert (mode(wal), mode(shm)) == (0o600, 0o600)
    finally:
        os.umask(old_umask)


def test_hht_writes_nothing_outside_its_folder_and_the_paths_asked_for(sandbox):
    root, env = sandbox
    cwd = root / "cwd"
    asked = root / "elsewhere" / "export.json"
    run(["log", "--morning", "1", "--note", "first"], env, cwd)
    run(["log", "--morning", "2"], env, cwd)
    run(["today"], env, cwd)
    run(["history"], env, cwd)
    run(["undo"], env, cwd)
    run(["backup"], env, cwd)
    run(["export", "--output", str(asked)], env, cwd)
    run(["export"], env, cwd)
    run(["--db", str(root / "elsewhere" / "restored.db"), "import", str(asked)], env, cwd)
    run(["protocol", "show"], env, cwd)

    written = sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())
    data = ".local/share/hht/"
    assert [w for w in written if not w.startswith(f"home/{data}") and not w.startswith("elsewhere/")] == []
    assert sorted(w.split("-")[0] for w in written) == sorted(
        [f"home/{data}hht.db", f"home/{data}hht.db.backup", "elsewhere/export.json", "elsewhere/restored.db"]
    )


def test_no_command_opens_a_network_connection(cli, monkeypatch, isolated):
    def refuse(*args, **kwargs):
        raise AssertionError("hht tried to use the network")

    for name in ("connect", "connect_ex", "sendto", "bind"):
        monkeypatch.setattr(socket.socket, name, refuse)
    for name in ("create_connection", "getaddrinfo", "gethostbyname"):
        monkeypatch.setattr(socket, name, refuse)
    with pytest.raises(AssertionError):  # the trap works
        socket.create_connection(("127.0.0.1", 9))

    export = isolated / "export.json"
    for args in (
        ["log", "--morning", "1"],
        ["log", "--morning", "2"],
        ["today"],
        ["today", "--json"],
        ["history"],
        ["undo", "--yes"],
        ["backup"],
        ["export", "--output", str(export)],
        ["--db", str(isolated / "other.db"), "import", str(export)],
        ["protocol", "show"],
    ):
        cli.ok(*args)


def test_the_package_imports_no_network_module():
    found = []
    for source in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            else:
                continue
            found += [(source.name, n) for n in names if n.split(".")[0] in NETWORK_MODULES]
    assert found == []
    assert len(list(PACKAGE.rglob("*.py"))) > 10  # the scan saw the package
