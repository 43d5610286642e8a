"""Where hht's database lives: `--db PATH`, else $HHT_DB, else `hht.db` in the
user's data directory."""

from __future__ import annotations

import os
import sys
from pathlib import Path


def data_dir() -> Path:
    """The user's data directory for hht, per platform conventions."""
    home = Path.home()
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or home / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = home / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or home / ".local" / "share")
    return base / "hht"


def resolve_path(option: str | None) -> Path:
    """--db wins, then $HHT_DB, then the data directory."""
    chosen = option or os.environ.get("HHT_DB")
    if chosen:
        return Path(chosen).expanduser()
    return data_dir() / "hht.db"
