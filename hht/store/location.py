"""Where hht's database lives: `--db PATH`, else $HHT_DB, else `hht.db` in the
user's data directory, as platformdirs (which pipx uses) names it for the
platform: `$XDG_DATA_HOME/hht` or `~/.local/share/hht` on Linux,
`%LOCALAPPDATA%\\hht` on Windows, `~/Library/Application Support/hht` on macOS.

On Linux and the BSDs those folders are worked out here by platformdirs'
rules for them (`_xdg`), without importing it: its import costs some 3 ms
(it loads tempfile), which every command without --db or $HHT_DB paid;
elsewhere, or when $HOME is not an absolute path, platformdirs decides.
`cache_dir` is where `hht status` keeps its cache (hht/cli/status_cache.py),
named the same way.

A database that an earlier hht kept where it worked the folder out by hand is
still found there: on macOS with $XDG_DATA_HOME set (which platformdirs then
follows), or with a relative $XDG_DATA_HOME (which the XDG rules ignore).
"""

from __future__ import annotations

import os
import sys

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing (and re) at start-up
if TYPE_CHECKING:
    from pathlib import Path

NAME = "hht.db"


def resolve_path(option: str | None) -> Path:
    """--db wins, then $HHT_DB, then the data directory (or, when it holds no
    database and the earlier location does, the earlier location)."""
    from pathlib import Path

    return Path(database_path(option))


def database_path(option: str | None) -> str:
    """`resolve_path`'s answer as a string, found without pathlib (for `hht status`'s cache)."""
    chosen = option or os.environ.get("HHT_DB")
    if chosen:
        return os.path.expanduser(chosen)
    path = os.path.join(_data_dir(), NAME)
    if not os.path.lexists(path):
        earlier = os.path.join(_earlier_dir(), NAME)
        if os.path.normpath(earlier) != os.path.normpath(path) and os.path.lexists(earlier):
            return earlier
    return path


def data_dir() -> Path:
    """The user's data directory for hht, as platformdirs names it."""
    from pathlib import Path

    return Path(_data_dir())


def _data_dir() -> str:
    xdg = _xdg("XDG_DATA_HOME", ".local/share")
    if xdg is not None:
        return xdg
    import platformdirs

    return platformdirs.user_data_dir("hht", appauthor=False)


def cache_dir() -> str:
    """The user's cache directory for hht, as platformdirs names it (`~/.cache/hht` on Linux)."""
    xdg = _xdg("XDG_CACHE_HOME", ".cache")
    if xdg is not None:
        return xdg
    import platformdirs

    return platformdirs.user_cache_dir("hht", appauthor=False)


def _xdg(variable: str, default: str) -> str | None:
    """hht's folder under the XDG base directory `variable`, as platformdirs'
    Unix rules give it: the variable when it is an absolute path, else
    `default` under an absolute $HOME; None where other rules apply (Windows,
    macOS, iOS, Android, or no absolute $HOME), which platformdirs then decides."""
    if sys.platform in ("win32", "darwin", "ios") or hasattr(sys, "getandroidapilevel") or "ANDROID_DATA" in os.environ:
        return None
    base = os.environ.get(variable, "")
    if not os.path.isabs(base):
        home = os.environ.get("HOME", "")
        if not os.path.isabs(home):
            return None
        base = os.path.join(home, default)
    return os.path.join(base, "hht")


def _earlier_dir() -> str:
    """Where hht 0.2 and before kept the database, worked out by hand."""
    home = os.path.expanduser("~")
    if sys.platform == "win32":
        return os.path.join(os.environ.get("LOCALAPPDATA") or os.path.join(home, "AppData", "Local"), "hht")
    if sys.platform == "darwin":
        return os.path.join(home, "Library", "Application Support", "hht")
    return os.path.join(os.environ.get("XDG_DATA_HOME") or os.path.join(home, ".local", "share"), "hht")
