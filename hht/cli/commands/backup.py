"""`hht backup [PATH]`: a consistent copy of the database, at any time."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from hht.cli import completion
from hht.cli.context import Context
from hht.term.console import say


def backup(
    ctx: typer.Context,
    path: Optional[Path] = typer.Argument(
        None,
        metavar="[PATH]",
        help="Where to write the copy (default: beside the database, with the time in its name).",
        autocompletion=completion.paths,
    ),
) -> None:
    """Copy the database, safely even while hht is in use. Never overwrites a file."""
    from hht.errors import StorageError
    from hht.inputs import shown
    from hht.store.copies import backup_name

    context: Context = ctx.obj
    source = context.db_path
    if not source.exists():
        raise StorageError(f"There is no database at {shown(source)} yet, so there is nothing to back up.")
    with context.store(create=False) as store:
        if path is None:
            dest = backup_name(source, "backup")
        elif path.is_dir():
            dest = backup_name(path / source.name, "backup")
        else:
            dest = path.expanduser()
        copy = store.backup_to(dest)
    say(f"Backed up {shown(source)} to {shown(copy)} (readable by you alone).")
