"""`hht today`: the day's plan."""

from __future__ import annotations

import json
from datetime import date
from typing import Any, Optional

import typer

from hht import dates
from hht.context import Context


def today(
    ctx: typer.Context,
    on: Optional[str] = typer.Option(None, "--date", metavar="DAY", help=f"Show another day's plan ({dates.DATE_WORDS})."),
    as_json: bool = typer.Option(False, "--json", help="Print the plan as one JSON object."),
) -> None:
    """Show the day's plan: the ladder rung with its dose, the stretching, and why."""
    context: Context = ctx.obj
    day = dates.parse_day(on, dates.today()) if on is not None else dates.today()
    protocol = context.protocol()
    with context.store(create=False) as store:
        days = store.days(until=day)
    from hht.plan import today_plan

    _, plan = today_plan(protocol, days, day)
    if as_json:
        typer.echo(json.dumps(plan, indent=2, ensure_ascii=False))
        return
    render(plan)


def _dots(done: int, needed: int) -> str:
    return "[green]" + "●" * done + "[/green][dim]" + "○" * max(needed - done, 0) + "[/dim]"


def render(plan: dict[str, Any]) -> None:
    from rich.console import Console, Group
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text

    console = Console()
    ladder = plan["ladder"]
    when = date.fromisoformat(plan["date"]).strftime("%A %d %B %Y")
    if plan["paused"]:
        console.print(Panel(Text(plan["reasons"][0]), title="[bold]See a clinician[/bold]", border_style="red"))

    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column()
    if ladder["complete"]:
        grid.add_row("Ladder", "[green]complete[/green]: maintenance work")
        for exercise in ladder["maintenance"]["exercises"]:
            grid.add_row("", f"[bold]{exercise['name']}[/bold]: {exercise['dose']}\n[dim]{exercise['how']}[/dim]")
    else:
        grid.add_row("Rung", f"{ladder['rung']} of {ladder['rungs']}: [bold cyan]{ladder['exercise']}[/bold cyan]")
        grid.add_row("Dose", ladder["dose"])
        grid.add_row("How", ladder["how"])
        grid.add_row(
            "Progress",
            f"{_dots(ladder['pain_free_sessions'], ladder['needed'])}  "
            f"{ladder['pain_free_sessions']} of {ladder['needed']} pain-free sessions to move up",
        )
    grid.add_row("Stretch", f"{plan['stretching']['summary']}\n[dim]{plan['stretching']['how']}[/dim]")
    console.print(Panel(grid, title=f"[bold]Today[/bold] · {when}", title_align="left", border_style="cyan"))

    reasons = plan["reasons"][1:] if plan["paused"] else plan["reasons"]
    why = Text()
    for i, reason in enumerate(reasons):
        why.append(("\n" if i else "") + "• " + reason)
    console.print(Panel(why, title="Why", title_align="left", border_style="dim"))
    if not plan["assessed"]:
        console.print("[yellow]Tip:[/yellow] run [bold]hht assess[/bold] first: it screens for red flags "
                      "and tells you what you can safely do.")
    console.print("[dim]Log the day with [bold]hht log[/bold]; pain is 0-10, 0 is none.[/dim]")
