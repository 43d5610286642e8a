"""`hht undo`: reverse the last change to the log."""

from __future__ import annotations

import sys

import typer

from hht.console import say
from hht.context import Context


def undo(
    ctx: typer.Context,
    yes: bool = typer.Option(False, "--yes", "-y", help="Do not ask for confirmation in a terminal."),
) -> None:
    """Reverse the last change to the log that has not been undone.

    A corrected day gets its previous values back; a newly logged day is
    removed. The undo is itself recorded, and `hht history` shows it.
    """
    from hht.effects import day_parts, describe, local_time
    from hht.errors import StorageError
    from hht.messages import NOTHING_TO_UNDO

    context: Context = ctx.obj
    with context.store(create=False) as store:
        target = store.last_undoable()
    if target is None:
        raise StorageError(NOTHING_TO_UNDO)
    summary = f"change #{target.id} to {target.date}, made {local_time(target.at)} ({describe(target)})"
    if not yes and sys.stdin.isatty() and sys.stdout.isatty():
        import questionary

        say(f"The last change is {summary}.")
        if not questionary.confirm("Undo it?", default=False).unsafe_ask():
            say("Nothing was undone.")
            return
    with context.store() as store:
        with store.write():
            store.undo(expected=target.id)
    if target.old_day is None:
        now = "is no longer logged"
    else:
        now = "is back to " + (", ".join(day_parts(target.old_day)) or "no values")
    say(f"Undid {summary}: {target.date} {now}.")
