"""Where hht's database lives: `--db PATH`, else $HHT_DB, else `hht.db` in the
user's data directory, as platformdirs (which pipx uses) names it for the
platform: `$XDG_DATA_HOME/hht` or `~/.local/share/hht` on Linux,
`%LOCALAPPDATA%\\hht` on Windows, `~/Library/Application Support/hht` on macOS.

A database that an earlier hht kept where it worked the folder out by hand is
still found there: on macOS with $XDG_DATA_HOME set (which platformdirs then
follows), or with a relative $XDG_DATA_HOME (which the XDG rules ignore).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

NAME = "hht.db"


def data_dir() -> Path:
    """The user's data directory for hht. platformdirs is imported here, only
    when neither --db nor $HHT_DB names the file (a few milliseconds)."""
    import platformdirs

    return Path(platformdirs.user_data_dir("hht", appauthor=False))


def _earlier_dir() -> Path:
    """Where hht 0.2 and before kept the database, worked out by hand."""
    home = Path.home()
    if sys.platform == "win32":
        return Path(os.environ.get("LOCALAPPDATA") or home / "AppData" / "Local") / "hht"
    if sys.platform == "darwin":
        return home / "Library" / "Application Support" / "hht"
    return Path(os.environ.get("XDG_DATA_HOME") or home / ".local" / "share") / "hht"


def resolve_path(option: str | None) -> Path:
    """--db wins, then $HHT_DB, then the data directory (or, when it holds no
    database and the earlier location does, the earlier location)."""
    chosen = option or os.environ.get("HHT_DB")
    if chosen:
        return Path(chosen).expanduser()
    path = data_dir() / NAME
    if not os.path.lexists(path):
        earlier = _earlier_dir() / NAME
        if earlier != path and os.path.lexists(earlier):
            return earlier
    return path
