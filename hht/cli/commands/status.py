"""`hht status`: one short line of what is still to do today, for a prompt or a status bar.

`hht.launch` usually runs it without loading the CLI (hht/cli/status_line.py's
`fast`); this is the same command as the CLI sees it, for `--help` and any
call the fast path leaves to the CLI.
"""

from __future__ import annotations

import typer

from hht.cli.context import Context
from hht.cli.status_line import show


def status(
    ctx: typer.Context,
    as_json: bool = typer.Option(False, "--json", help="Print the status as one JSON object."),
) -> None:
    """What is still to do today, in one short line (nothing when there is no database yet)."""
    context: Context = ctx.obj
    text = show(context, as_json)
    if text:
        from hht.term.console import out, out_json

        (out_json if as_json else out)(text)
