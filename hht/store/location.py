"""Where hht's database lives: `--db PATH`, else $HHT_DB, else `hht.db` in the
user's data directory."""

from __future__ import annotations

import os
import sys
from pathlib import Path


def data_dir() -> Path:
    """The user's data directory for hht: `$XDG_DATA_HOME/hht`, else
    `~/.local/share/hht` on Linux; `%LOCALAPPDATA%\\hht` on Windows;
    `~/Library/Application Support/hht` on macOS.

    platformdirs (which pipx uses) finds it on Linux and Windows. It is
    imported here, only when neither --db nor $HHT_DB names the file: a
    command given a path never spends its few milliseconds.
    """
    if sys.platform == "darwin":
        # platformdirs follows $XDG_DATA_HOME on macOS too; hht's data has always been
        # in Application Support there, so a history kept there is still found.
        return Path.home() / "Library" / "Application Support" / "hht"
    import platformdirs

    return Path(platformdirs.user_data_dir("hht", appauthor=False))


def resolve_path(option: str | None) -> Path:
    """--db wins, then $HHT_DB, then the data directory."""
    chosen = option or os.environ.get("HHT_DB")
    if chosen:
        return Path(chosen).expanduser()
    return data_dir() / "hht.db"
