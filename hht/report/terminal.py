"""The report in a terminal, with rich: the same content, and a sparkline of
the last eight weeks of pain."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from hht.report.text import (
    TEST_NAMES, adherence_lines, current_lines, history_what, history_when, sides_text, stat_cell, test_cell,
)

BARS = "▁▂▃▄▅▆▇█"


def sparkline(report: dict[str, Any], weeks: int = 8) -> tuple[str, str]:
    """The worst rating of each of the last `weeks` * 7 days: a bar, or · for no entry."""
    until = date.fromisoformat(report["period"]["until"])
    worst = {}
    for row in report["days"]:
        values = [row[k] for k in ("morning", "exercise", "run", "sitting") if row[k] is not None]
        if values:
            worst[row["date"]] = max(values)
    start = until - timedelta(days=weeks * 7 - 1)
    cells = []
    for i in range(weeks * 7):
        value = worst.get((start + timedelta(days=i)).isoformat())
        cells.append("·" if value is None else BARS[min(value * len(BARS) // 11, len(BARS) - 1)])
    return "".join(cells), f"{start} to {until}, worst pain each day (▁ 0 … █ 10, · no entry)"


def render(report: dict[str, Any]) -> None:
    from rich.console import Console
    from rich.panel import Panel
    from rich.table import Table

    from hht.safe_text import neutral, terminal

    console = Console()
    r = neutral(report, terminal)  # user text shows as typed: no markup, no control characters
    period = r["period"]
    console.print(Panel(
        "\n".join(current_lines(r)),
        title=f"[bold]{r['title']}[/bold]", title_align="left",
        subtitle=f"{sides_text(r)} · {period['since']} to {period['until']}", subtitle_align="left",
        border_style="red" if r["current"]["paused"] else "cyan",
    ))
    bars, legend = sparkline(r)
    console.print(f"[bold]Last 8 weeks[/bold]  [cyan]{bars}[/cyan]\n[dim]{legend}[/dim]\n")

    if r["assessments"]:
        table = Table(title="Assessments", title_justify="left")
        for col in ("date", "side", *TEST_NAMES.values(), "ROM", "red flags"):
            table.add_column(col)
        for a in r["assessments"][-6:]:
            for side in (a["sides"] if a["tests"] else ["-"]):
                tests = a["tests"].get(side, {})
                rom = {True: "normal", False: "reduced", None: "-"}[a["range_of_motion_normal"]]
                table.add_row(a["date"], side, *(test_cell(tests.get(t)) for t in TEST_NAMES), rom,
                              "[red]" + ", ".join(a["red_flags_yes"]) + "[/red]" if a["red_flag"] else "none")
        console.print(table)
    if r["pain_by_week"]:
        table = Table(title="Pain by week (mean / worst)", title_justify="left")
        for col in ("week of", "morning", "exercise", "run", "sitting"):
            table.add_column(col)
        for w in r["pain_by_week"][-8:]:
            table.add_row(w["week_start"], *(stat_cell(w[k]) for k in ("morning", "exercise", "run", "sitting")))
        console.print(table)
    if r["history"]:
        table = Table(title="Stage history (latest 10)", title_justify="left")
        for col in ("date", "what", "why"):
            table.add_column(col, overflow="fold")
        for h in r["history"][-10:]:
            table.add_row(history_when(h), history_what(h), h["reason"])
        console.print(table)
    console.print("[bold]Adherence[/bold]\n" + "\n".join(f"  {line}" for line in adherence_lines(r)))
    if r["corrected_dates"]:
        console.print(f"[bold]Corrected entries:[/bold] {', '.join(r['corrected_dates'])}")
    if r["notes"]:
        console.print("[bold]Notes[/bold]\n" + "\n".join(f"  {n['date']}  {n['note']}" for n in r["notes"][-5:]))
    console.print(f"\n[dim]{r['disclaimer']}[/dim]")
    console.print("[dim]For your physio: hht report --format html --output report.html[/dim]")
