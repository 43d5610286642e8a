"""`hht protocol show|check`: the rules hht applies, as data."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from hht import completion
from hht import protocol as protocols
from hht.console import say
from hht.context import Context

app = typer.Typer(help="Show or check protocol files (the clinical rules as data).", no_args_is_help=True)


@app.command("show")
def show(
    ctx: typer.Context,
    as_json: bool = typer.Option(False, "--json", help="Print the protocol as JSON."),
) -> None:
    """Print the active protocol."""
    context: Context = ctx.find_root().obj
    active = context.protocol()
    if as_json:
        typer.echo(json.dumps(active.to_json(), indent=2, ensure_ascii=False))
        return
    render(active)


@app.command("check")
def check(
    file: Path = typer.Argument(..., metavar="FILE", help="The protocol TOML file to validate.",
                                autocompletion=completion.paths),
) -> None:
    """Validate a protocol file; says what is wrong, or that it is fine."""
    checked = protocols.load(file)
    say(f"{file}: a valid protocol ({checked.name} {checked.version}, "
               f"{len(checked.ladder)} {checked.stage_word}s, {len(checked.run_weeks)} run weeks).")


def render(p: protocols.Protocol) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    console.print(f"[bold]{p.title}[/bold]\n{p.name} {p.version}  [dim]{p.path}[/dim]\n")
    pain = p.pain
    console.print(
        f"[bold]Pain rules[/bold] (0-10): advance on pain at or below {pain.advance_threshold}, "
        f"during, after and the next morning; {pain.pain_free_sessions_needed} pain-free sessions "
        f"in a row move up a rung; {pain.step_back_threshold} or more in any rating steps back.\n"
    )
    ladder = Table(title="Exercise ladder", title_justify="left", show_lines=False)
    ladder.add_column("#", justify="right")
    ladder.add_column("id", style="dim")
    ladder.add_column("exercise", style="bold")
    ladder.add_column("dose")
    for rung in p.ladder:
        gate = " [yellow](running gate)[/yellow]" if rung.run_gate else ""
        ladder.add_row(str(rung.number), rung.id, rung.name + gate, rung.dose)
    console.print(ladder)
    console.print(f"[bold]Stretching:[/bold] {p.stretching.summary}")
    console.print(f"[bold]Maintenance:[/bold] " + ", ".join(e.name for e in p.maintenance.exercises))
    console.print(f"[bold]Cross-training[/bold] ({', '.join(p.cross_training.ideas)}): {p.cross_training.gate}\n")

    tests = Table(title="Self-tests (Cacchio et al. 2012)", title_justify="left")
    for col in ("id", "test", "sensitivity", "specificity", "LR+"):
        tests.add_column(col)
    for t in p.self_tests:
        tests.add_row(t.id, t.name, f"{t.sensitivity:.2f}", f"{t.specificity:.2f}", f"{t.lr_positive:.1f}")
    console.print(tests)

    flags = Table(title="Red flags (asked first; any yes stops the assessment)", title_justify="left")
    flags.add_column("id", style="dim")
    flags.add_column("urgency")
    flags.add_column("question")
    for f in p.red_flags:
        flags.add_row(f.id, f.urgency, f.question)
    console.print(flags)

    signs = Table(title="Signs", title_justify="left")
    signs.add_column("id", style="dim")
    signs.add_column("question")
    for s in p.signs:
        signs.add_row(s.id, s.question)
    console.print(signs)

    weeks = Table(title=f"Return to run (never more than {p.max_run_days_in_7} run days in 7)",
                  title_justify="left")
    weeks.add_column("week", justify="right")
    weeks.add_column("session")
    weeks.add_column("moves on when")
    for w in p.run_weeks:
        if w.builds_sets:
            when = f"{w.start_sets} to {w.max_sets} sets, one more per pain-free run; rest day after each run"
        else:
            when = f"{w.min_days}+ days with {w.min_pain_free_runs}+ pain-free runs, none painful"
        weeks.add_row(str(w.week), w.session, when)
    console.print(weeks)
