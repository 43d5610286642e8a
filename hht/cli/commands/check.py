"""`hht check`: is the database whole, and does every row keep hht's rules?"""

from __future__ import annotations

import typer

from hht.cli.context import Context


def check(ctx: typer.Context) -> None:
    """Verify the database: whole, and every row as hht would write it.

    SQLite's integrity check, then every stored row against the rules `hht
    import` applies. Writes nothing. Exit 0 when all is well, 1 when something
    is wrong (with the command that restores the newest backup, if the file
    is damaged)."""
    import os

    from hht.cli import dates
    from hht.errors import StorageError
    from hht.inputs import shown
    from hht.store import exchange, faults
    from hht.store.opening import problem
    from hht.term.console import say

    context: Context = ctx.obj
    path = context.db_path
    if not os.path.lexists(path):
        say(f"There is no database at {shown(path)} yet: nothing to check.")
        return
    found = problem(path)  # what would stop every command, said as the command would meet it
    if found is not None:
        raise StorageError(found)
    protocol = context.protocol()
    with context.reader() as store:
        problems = exchange.check_store(store, protocol, dates.today())
    if not problems:
        say(f"{shown(path)} is whole: SQLite's integrity check passed, and every row keeps hht's rules.")
        return
    damaged = any(p.startswith("SQLite") for p in problems)
    advice = (
        faults.restore_advice(path)
        if damaged
        else (
            "The file itself is whole; the rows above break rules hht applies when it writes. "
            "`hht export`, a fix by hand and `hht import` into a new file repair them."
        )
    )
    what = "is damaged (SQLite reports it as malformed)" if damaged else "is not as hht keeps it"
    raise StorageError(f"{shown(path)} {what}: {exchange.summarise(problems)}.\n{advice}")
