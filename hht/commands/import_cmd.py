"""`hht import FILE`: restore an export into an empty database."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import typer

from hht import completion
from hht.console import say
from hht.context import Context
from hht.errors import HHTError


def import_(
    ctx: typer.Context,
    file: Path = typer.Argument(..., metavar="FILE", help="A file written by hht export.", autocompletion=completion.paths),
) -> None:
    """Restore a file written by `hht export` into an empty database.

    Everything is checked first; then it all lands in one transaction, or
    nothing does.
    """
    from hht import storage

    context: Context = ctx.obj
    document = read(file)
    with context.store(create=False) as store:
        store.require_empty()
    try:
        with storage.memory_store() as trial, trial.write():
            trial.import_export(document)  # every rule of the real database, nothing written
        with context.store() as store, store.write():
            counts = store.import_export(document)
    except storage.InvalidExport as exc:
        raise HHTError(f"{file} cannot be imported: {exc}.") from None
    from hht.commands.export import row_counts

    say(f"Imported {row_counts(counts)} from {file} into {context.db_path}.")


def read(file: Path) -> Any:
    """The parsed document, or one sentence saying why not."""
    from hht.files import read_bytes

    raw = read_bytes(file)
    try:
        return json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise HHTError(f"{file} is not an hht export: it is not UTF-8 text.") from None
    except json.JSONDecodeError as exc:
        raise HHTError(
            f"{file} is not a complete hht export: its JSON is cut short or malformed at line {exc.lineno}, "
            f"column {exc.colno}."
        ) from None
