"""`hht history`: the recent changes to the log, the assessments, the protocols adopted and the outcome measures, newest first."""

from __future__ import annotations

import json

import typer

from hht.cli.context import Context
from hht.errors import UsageError
from hht.inputs import given
from hht.term.console import out_json, say


def history(
    ctx: typer.Context,
    limit: str = typer.Option("20", "--limit", metavar="N", help="How many changes to show (default 20)."),
    as_json: bool = typer.Option(False, "--json", help="Print the changes as a JSON list."),
) -> None:
    """List recent changes to the log, the assessments and the protocols: what each write set, and what it replaced."""
    context: Context = ctx.obj
    count = parse_limit(limit)
    with context.reader() as store:
        changes = store.changes(limit=count)
    if as_json:
        out_json(json.dumps([c.to_json() for c in changes], indent=2, ensure_ascii=False, sort_keys=True))
        return
    if not changes:
        say("No changes recorded yet: log a day with hht log.")
        return
    render(changes)


LIMIT_MAX = 1_000_000


def parse_limit(text: str) -> int:
    word = text.strip()
    if not (word.isascii() and word.isdigit()) or len(word) > 7 or not 1 <= int(word) <= LIMIT_MAX:
        raise UsageError(f"--limit must be a whole number of changes from 1 to {LIMIT_MAX:,}, not {given(text)}.")
    return int(word)


def action(change) -> str:
    """The action column: an assessment saved, or a protocol adopted, is marked as one."""
    marked = ("assessment", "protocol", "outcome")
    return change.kind if change.kind in marked and change.action == "insert" else change.action


def render(changes) -> None:
    from rich.console import Console
    from rich.table import Table

    from hht.plan.effects import describe, local_time
    from hht.term.safe_text import terminal

    table = Table(title="Changes to the log, the assessments and the protocols, newest first", title_justify="left")
    table.add_column("#", justify="right", style="dim")
    table.add_column("when", no_wrap=True)
    table.add_column("day", no_wrap=True)
    table.add_column("action")
    table.add_column("what changed")
    for change in changes:
        what = terminal(describe(change))
        if change.undone_by is not None:
            what += f" [dim](undone by #{change.undone_by})[/dim]"
        table.add_row(str(change.id), local_time(change.at), change.date.isoformat(), action(change), what)
    Console(emoji=False).print(table)  # a runner's `:name:` is shown as typed
