"""`hht import FILE`: restore an export into an empty database."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from hht.cli import completion
from hht.cli.context import Context
from hht.errors import HHTError
from hht.inputs import shown
from hht.term.console import say


def import_(
    ctx: typer.Context,
    file: Path = typer.Argument(
        ...,
        metavar="FILE",
        help="A file written by hht export (a plain file, at most 64 MB).",
        autocompletion=completion.paths,
    ),
) -> None:
    """Restore a file written by `hht export` into an empty database.

    Every row is checked first, with the rules of the command that writes it;
    then it all lands in one transaction, or nothing does.
    """
    from hht.cli import dates
    from hht.store import exchange
    from hht.store.opening import memory_store

    context: Context = ctx.obj
    document = read(file)
    protocol = context.protocol()
    today = dates.today()
    with context.reader() as store:
        store.require_empty()
    try:
        with memory_store() as trial, trial.write():
            exchange.import_document(trial, document, protocol, today)  # every rule, nothing written
        with context.store() as store, store.write():
            counts = exchange.import_document(store, document, protocol, today)
    except exchange.InvalidExport as exc:
        end = "\nNothing was written." if "\n" in str(exc) else " Nothing was written."
        raise HHTError(f"{shown(file)} cannot be imported: {exc}.{end}") from None
    from hht.store.exchange import row_counts

    say(f"Imported {row_counts(counts)} from {shown(file)} into {shown(context.db_path)}.")


def read(file: Path) -> Any:
    """The parsed document, or one sentence saying why not."""
    import json

    from hht.files import MAX_IMPORT_BYTES, parse_json, read_bytes

    raw = read_bytes(file, MAX_IMPORT_BYTES)
    try:
        return parse_json(raw.decode("utf-8"), str(file))
    except UnicodeDecodeError:
        raise HHTError(f"{shown(file)} is not an hht export: it is not UTF-8 text.") from None
    except json.JSONDecodeError as exc:
        raise HHTError(
            f"{shown(file)} is not a complete hht export: its JSON is cut short or malformed at line {exc.lineno}, "
            f"column {exc.colno}."
        ) from None
