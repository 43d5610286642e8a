"""`hht export`: everything hht holds, as one JSON document."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer

from hht.cli import completion
from hht.cli.context import Context
from hht.term.console import say


def export(
    ctx: typer.Context,
    output: Optional[Path] = typer.Option(
        None,
        "--output",
        "-o",
        metavar="PATH",
        help="Write to this new file (0600) instead of standard output (`-` is standard output).",
        autocompletion=completion.paths,
    ),
    pretty: bool = typer.Option(False, "--pretty", help="Indent the JSON for people (default: compact)."),
) -> None:
    """Write the profile, the log and its corrections as one JSON document.

    `hht import FILE` restores it into an empty database.
    """
    from hht.files import is_stdout, refuse_output
    from hht.store import exchange

    context: Context = ctx.obj
    if is_stdout(output):
        output = None
    if output is not None:
        output = output.expanduser()
        refuse_output(output, new_only=True)  # before any work
    with context.reader() as store:
        document = exchange.export(store)
    from hht import jsonout

    if output is None:
        jsonout.write(document, sys.stdout, pretty=pretty, sort_keys=True)
        return
    from hht.files import write_private_with

    write_private_with(output, lambda handle: jsonout.write(document, handle, pretty=pretty, sort_keys=True))
    counts = {name: len(rows) for name, rows in document["tables"].items()}  # in EXPORT_TABLES order
    from hht.inputs import shown

    say(f"Exported {exchange.row_counts(counts)} to {shown(output)}.")
