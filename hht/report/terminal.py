"""The report in a terminal, with rich: the same content, and a sparkline of
the last eight weeks of pain."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from hht.report import outcomes, runs
from hht.report.text import (
    adherence_lines,
    assessments_shown,
    before_period_line,
    correction_lines,
    current_lines,
    flags_text,
    history_what,
    history_when,
    pain_columns,
    period_words,
    protocol_lines,
    protocols_heading,
    sides_text,
    stat_cell,
    test_cell,
    test_names,
)
from hht.rules.records import RATINGS

BARS = "▁▂▃▄▅▆▇█"


def sparkline(report: dict[str, Any], weeks: int = 8) -> tuple[str, str]:
    """The worst rating of each of the last `weeks` * 7 days: a bar, or · for no entry."""
    until = date.fromisoformat(report["period"]["until"])
    worst = {}
    for row in report["days"]:
        values = [row[k] for k in RATINGS if row[k] is not None]
        if values:
            worst[row["date"]] = max(values)
    start = until - timedelta(days=weeks * 7 - 1)
    cells = []
    for i in range(weeks * 7):
        value = worst.get((start + timedelta(days=i)).isoformat())
        cells.append("·" if value is None else BARS[min(value * len(BARS) // 11, len(BARS) - 1)])
    return "".join(cells), f"{start} to {until}, worst pain each day (▁ 0 to █ 10, · no entry)"


# the spaces rich leaves at the end of a wrapped line or a padded title, before any closing style
_TRAILING = re.compile(r"[ \t]+((?:\x1b\[[0-9;]*m)*)$", re.M)


def render(report: dict[str, Any], console: Any = None) -> None:
    """The report on `console`, every line without trailing spaces (a copied report pastes clean)."""
    from rich.console import Console

    console = console or Console(emoji=False)  # a runner's `:name:` is shown as typed
    with console.capture() as captured:
        _render(report, console)
    console.file.write(_TRAILING.sub(r"\1", captured.get()))
    console.file.flush()


def _render(report: dict[str, Any], console: Any) -> None:
    from rich.padding import Padding
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text

    from hht.term.safe_text import neutral, terminal

    r = neutral(report, terminal)  # user text shows as typed: no markup, no control characters
    period = r["period"]
    console.print(
        Panel(
            "\n".join(current_lines(r)),
            title=f"[bold]{r['title']}[/bold]",
            title_align="left",
            subtitle=f"{sides_text(r)} · {period['since']} to {period['until']} ({period_words(r)})",
            subtitle_align="left",
            border_style="red" if r["current"]["paused"] else "cyan",
        )
    )
    console.print(f"[bold]{protocols_heading(r)}[/bold]")
    for line in protocol_lines(r):  # each protocol a paragraph of its own, indented
        console.print(Padding(line, (0, 0, 0, 2)))
    console.print()
    bars, legend = sparkline(r)
    console.print(f"[bold]Last 8 weeks[/bold]  [cyan]{bars}[/cyan]\n[dim]{legend}[/dim]\n")

    if before_period_line(r):
        console.print(before_period_line(r))
    if assessments_shown(r):
        table = Table(title="Assessments", title_justify="left")
        table.add_column("date", no_wrap=True, min_width=10)
        for col in ("side", *test_names(r).values(), "ROM", "red flags"):
            table.add_column(col, overflow="fold")
        for a in assessments_shown(r):
            for side in a["sides"] if a["tests"] else ["-"]:
                tests = a["tests"].get(side, {})
                rom = {True: "normal", False: "reduced", None: "-"}[a["range_of_motion_normal"]]
                table.add_row(
                    a["date"],
                    side,
                    *(test_cell(tests.get(t)) for t in test_names(r)),
                    rom,
                    Text(flags_text(r, a), style="red") if a["red_flag"] else "none",
                )
        console.print(table)
    if r["pain_by_week"]:
        table = Table(title="Pain by week (mean / worst)", title_justify="left")
        table.add_column("week of", no_wrap=True, min_width=10)
        columns = pain_columns(r)
        for _, label in columns:
            table.add_column(label.lower(), no_wrap=True)
        for w in r["pain_by_week"]:
            table.add_row(w["week_start"], *(stat_cell(w[k]) for k, _ in columns))
        console.print(table)
    outcomes.terminal(r, console)  # the physio's numbers: hht/report/outcomes.py
    if r["history"]:
        table = Table(title="Stage history", title_justify="left")
        table.add_column("date", no_wrap=True, min_width=10)
        table.add_column("what", overflow="fold", max_width=16)
        table.add_column("why", overflow="fold", ratio=1)
        for h in r["history"]:  # a run of holds: its first and last day on two lines
            table.add_row(history_when(h).replace(" to ", "\nto "), history_what(h), h["reason"])
        console.print(table)
    console.print("[bold]Adherence[/bold]\n" + "\n".join(f"  {line}" for line in adherence_lines(r)))
    runs.terminal(r, console)
    if r["corrections"]:
        console.print("[bold]Corrected entries[/bold]")
        for line in correction_lines(r):
            console.print(Text("  " + line))
    if r["notes"]:
        console.print("[bold]Notes[/bold]\n" + "\n".join(f"  {n['date']}  {n['note']}" for n in r["notes"]))
    console.print(f"\n[dim]{r['disclaimer']}[/dim]")
    console.print("[dim]For your physio: hht report --format html --output report.html[/dim]")
