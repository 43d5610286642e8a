"""`hht today`: the day's plan."""

from __future__ import annotations

import json
from datetime import date
from typing import Any, Optional

import typer

from hht import dates
from hht.context import Context
from hht.errors import UsageError


def today(
    ctx: typer.Context,
    on: Optional[str] = typer.Option(None, "--date", metavar="DAY", help=f"Show another day's plan ({dates.DATE_WORDS})."),
    as_json: bool = typer.Option(False, "--json", help="Print the plan as one JSON object."),
    start: bool = typer.Option(False, "--start", help="Time today's session live: the run's intervals, or the rung's holds."),
) -> None:
    """Show the day's plan: the ladder rung with its dose, the run, the stretching, and why."""
    context: Context = ctx.obj
    now = dates.today()
    day = dates.parse_day(on, now) if on is not None else now
    if start and as_json:
        raise UsageError("--start runs a live timer and --json prints the plan: use one of them.")
    if start and day != now:
        raise UsageError("--start times today's session: leave out --date.")
    preview = context.previewed()  # a broken what-if protocol stops here
    with context.reader() as store:
        days = store.days(until=day)
        assessments = store.assessment_summaries()
        timeline = preview or context.timeline(store)
    if start:
        from hht.commands.today_start import start_session

        start_session(context, timeline.at(day), days, day, assessments)
        return
    from hht.plan import today_plan

    _, plan = today_plan(timeline.initial, days, day, assessments, timeline.changes)
    if as_json:
        typer.echo(json.dumps(plan, indent=2, ensure_ascii=False))
        return
    render(plan)


def _dots(done: int, needed: int) -> str:
    return "[green]" + "●" * done + "[/green][dim]" + "○" * max(needed - done, 0) + "[/dim]"


def render(plan: dict[str, Any]) -> None:
    from rich.console import Console
    from rich.markup import escape
    from rich.panel import Panel
    from rich.text import Text

    from hht.grid import Grid

    # emoji=False: a `:name:` in a runner's note is shown as typed (and rich's emoji table is not
    # loaded); a panel's title, given as markup, would turn emoji codes on again, so it is Text.
    console = Console(emoji=False)

    def title(markup: str) -> Text:
        return Text.from_markup(markup, emoji=False)

    ladder = plan["ladder"]
    word = plan["protocol"].get("stage_word", "rung").capitalize()
    when = date.fromisoformat(plan["date"]).strftime("%A %d %B %Y")
    if plan["paused"]:
        console.print(Panel(Text(plan["reasons"][0]), title=title("[bold]See a clinician[/bold]"), border_style="red"))

    grid = Grid(gap=2, label_style="bold")  # as Table.grid(padding=(0, 2)) draws it, without rich.table
    if not plan["loading"]:
        grid.add_row("Rest", "[red]no exercise dose today[/red]: all loading stops until a clinician has "
                     "seen you and an assessment has no red flag")
        grid.add_row(word, f"{ladder['rung']} of {ladder['rungs']}: {escape(ladder['exercise'])} (on hold)")
    elif ladder["complete"]:
        grid.add_row("Ladder", "[green]complete[/green]: maintenance work")
        for exercise in ladder["maintenance"]["exercises"]:
            grid.add_row("", f"[bold]{escape(exercise['name'])}[/bold]: {escape(exercise['dose'])}\n"
                         f"[dim]{escape(exercise['how'])}[/dim]")
    else:
        grid.add_row(word, f"{ladder['rung']} of {ladder['rungs']}: [bold cyan]{escape(ladder['exercise'])}[/bold cyan]")
        if ladder["rest_day"]:
            grid.add_row("", "[yellow]rest day[/yellow] for this heavy work: the tendon has 48 hours between sessions")
        grid.add_row("Dose", escape(ladder["dose"]))
        grid.add_row("How", escape(ladder["how"]))
        moving = ("to move up" if not plan["paused"] else "(none counts while progression is paused)")
        grid.add_row(
            "Progress",
            f"{_dots(ladder['pain_free_sessions'], ladder['needed'])}  "
            f"{ladder['pain_free_sessions']} of {ladder['needed']} pain-free sessions {moving}",
        )
    done = ladder["logged_today"]
    if done is not None:
        dose = "partial dose" if done["partial"] else "full dose"
        grid.add_row("", f"[green]logged today[/green] at {done['exercise']}/10, {dose}")
    run = plan["run"]
    for label, text in run_rows(plan):
        grid.add_row(label, text)
    stretch = plan["stretching"]
    if stretch is None:
        grid.add_row("Stretch", "none into the ache while loading is stopped")
    else:
        grid.add_row("Stretch", f"{escape(stretch['summary'])}\n[dim]{escape(stretch['how'])}[/dim]")
    cross = plan["cross_training"]
    if cross["allowed"]:
        grid.add_row("Cross-train", f"[green]allowed[/green]: {escape(', '.join(cross['ideas']))}\n"
                     f"[dim]{escape(cross['reason'])}[/dim]")
    else:
        grid.add_row("Cross-train", f"not yet\n[dim]{escape(cross['reason'])}[/dim]")
    console.print(Panel(grid, title=title(f"[bold]Today[/bold] · {when}"), title_align="left", border_style="cyan"))

    reasons = plan["reasons"][1:] if plan["paused"] else plan["reasons"]
    reasons = [r for r in reasons if r != run["reason"]]  # said in the panel above
    why = Text()
    for i, reason in enumerate(reasons):
        why.append(("\n" if i else "") + "• " + reason)
    if plan["why"]:
        why.append(("\n\n" if reasons else "") + "The last seven days, newest first:", style="bold")
        for decision in plan["why"]:
            why.append(f"\n• {decision['date']}: {decision['reason']}")
    console.print(Panel(why, title=title("Why"), title_align="left", border_style="dim"))
    if not plan["assessed"]:
        console.print("[yellow]Tip:[/yellow] run [bold]hht assess[/bold] first: it screens for red flags "
                      "and tells you what you can safely do.")
    if not plan["loading"]:
        pass
    elif run["session"] and not run["rest_day"] and not run["complete"] and run["logged_today"] is None:
        console.print("[dim]Time the run with [bold]hht today --start[/bold]: space pauses, Ctrl-C stops.[/dim]")
    elif ladder["hold_seconds"] and not ladder["complete"] and done is None:
        console.print("[dim]Time the holds with [bold]hht today --start[/bold]: space pauses, Ctrl-C stops.[/dim]")
    if plan["logged_today"]:
        console.print(f"[dim]Logged today: {escape(plan['logged_today'])}. [bold]hht log[/bold] again adds "
                      "or corrects a value.[/dim]")
    else:
        console.print("[dim]Log the day with [bold]hht log[/bold]; pain is 0-10, 0 is none.[/dim]")


def run_rows(plan: dict[str, Any]) -> list[tuple[str, str]]:
    """The run's rows in the day's panel."""
    from rich.markup import escape

    run = plan["run"]
    if not run["unlocked"]:
        return [("Run", "[dim]not open yet:[/dim]\n"
                 + "\n".join(f"[dim]• {escape(m)}[/dim]" for m in run["missing"]))]
    if run["complete"]:
        return [("Run", f"[green]plan complete[/green]: {escape(run['reason'])}")]
    week = f"week {run['week']} of {run['weeks']}"
    if run["paused"]:
        return [("Run", f"[red]paused[/red] · {week}\n{escape(run['reason'])}")]
    if run["rest_day"]:  # cross-training has its own row
        return [("Run", f"[yellow]rest day[/yellow] · {week}\n{escape(run['reason'])}")]
    rows = [("Run", f"{week.capitalize()}: [bold cyan]{escape(run['session'])}[/bold cyan]\n"
             f"[dim]{escape(run['guidance'])}[/dim]")]
    if run["logged_today"] is not None:
        rows.append(("", f"[green]logged today[/green] at {run['logged_today']}/10"))
    if run["sets"] is not None:
        rows.append(("Run steps", f"{_dots(run['sets'], run['max_sets'])}  {run['sets']} of {run['max_sets']} sets; "
                     "a pain-free run adds one"))
    elif run["week_started"] is not None:
        day = (date.fromisoformat(plan["date"]) - date.fromisoformat(run["week_started"])).days + 1
        rows.append(("Run steps", f"{_dots(run['pain_free_runs'], run['pain_free_runs_needed'])}  "
                     f"{run['pain_free_runs']} of {run['pain_free_runs_needed']} pain-free runs since "
                     f"{run['week_started']}; day {max(day, 0)} of at least {run['min_days']}"))
    return rows
