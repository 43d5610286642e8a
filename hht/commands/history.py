"""`hht history`: the recent changes to the log and the assessments, newest first."""

from __future__ import annotations

import json
from datetime import datetime

import typer

from hht.context import Context
from hht.errors import UsageError


def history(
    ctx: typer.Context,
    limit: str = typer.Option("20", "--limit", metavar="N", help="How many changes to show (default 20)."),
    as_json: bool = typer.Option(False, "--json", help="Print the changes as a JSON list."),
) -> None:
    """List recent changes to the log and the assessments: what each write set, and what it replaced."""
    context: Context = ctx.obj
    count = parse_limit(limit)
    with context.store(create=False) as store:
        changes = store.changes(limit=count)
    if as_json:
        typer.echo(json.dumps([c.to_json() for c in changes], indent=2, ensure_ascii=False, sort_keys=True))
        return
    if not changes:
        typer.echo("No changes recorded yet: log a day with hht log.")
        return
    render(changes)


def parse_limit(text: str) -> int:
    if not text.strip().isdigit() or int(text) < 1:
        raise UsageError(f"--limit must be a whole number of changes, 1 or more, not {text!r}.")
    return int(text)


def local_time(stamp: str) -> str:
    """A stored UTC time as the runner's local clock reads it."""
    return datetime.fromisoformat(stamp).astimezone().strftime("%Y-%m-%d %H:%M")


def describe(change) -> str:
    """What one change did, in words."""
    if change.kind == "assessment":
        return describe_assessment(change)
    from hht.plan import change_parts, day_parts

    old, new = change.old_day, change.new_day
    if old is None:
        text = "logged " + ", ".join(day_parts(new))
    elif new is None:
        text = "removed " + ", ".join(day_parts(old))
    else:
        text = "; ".join(change_parts(old, new)) or "no values changed"
    if change.undoes is not None:
        text = f"undid #{change.undoes}: {text}"
    return text


def describe_assessment(change) -> str:
    """An assessment saved, or removed by an undo, in words."""
    from hht.assessment import brief

    if change.undoes is not None:
        return f"undid #{change.undoes}: removed the assessment for {change.date} ({brief(change.old)})"
    return f"assessment for {change.date}: {brief(change.new)}"


def action(change) -> str:
    """The action column: an assessment saved is marked as one."""
    return "assessment" if change.kind == "assessment" and change.action == "insert" else change.action


def render(changes) -> None:
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    table = Table(title="Changes to the log and the assessments, newest first", title_justify="left")
    table.add_column("#", justify="right", style="dim")
    table.add_column("when", no_wrap=True)
    table.add_column("day", no_wrap=True)
    table.add_column("action")
    table.add_column("what changed")
    for change in changes:
        what = escape(describe(change))
        if change.undone_by is not None:
            what += f" [dim](undone by #{change.undone_by})[/dim]"
        table.add_row(str(change.id), local_time(change.at), change.date.isoformat(), action(change), what)
    Console().print(table)
