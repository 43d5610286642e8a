"""`hht export`: everything hht holds, as one JSON document."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import typer

from hht import completion
from hht.console import say
from hht.context import Context


def export(
    ctx: typer.Context,
    output: Optional[Path] = typer.Option(
        None, "--output", "-o", metavar="PATH", help="Write to this new file (0600) instead of standard output.",
        autocompletion=completion.paths,
    ),
) -> None:
    """Write the profile, the log and its corrections as one JSON document.

    `hht import FILE` restores it into an empty database.
    """
    context: Context = ctx.obj
    with context.store(create=False) as store:
        document = store.export()
    text = json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    if output is None:
        typer.echo(text, nl=False)
        return
    from hht.files import write_private

    write_private(output.expanduser(), text)
    counts = {name: len(rows) for name, rows in document["tables"].items()}  # in EXPORT_TABLES order
    say(f"Exported {row_counts(counts)} to {output}.")


def row_counts(counts: dict[str, int]) -> str:
    """'profile (0 rows), entries (1 row)': what an export or import moved."""
    return ", ".join(f"{name} ({n} row{'' if n == 1 else 's'})" for name, n in counts.items())
