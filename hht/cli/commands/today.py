"""`hht today`: the day's plan."""

from __future__ import annotations

import json
import sys
from datetime import date
from typing import TYPE_CHECKING, Any, Optional

import typer

from hht.cli import dates, physio_notes
from hht.cli.context import Context
from hht.errors import UsageError
from hht.term.console import say

if TYPE_CHECKING:  # hht/term/screen.py is loaded only to draw the view, not for --json
    from hht.term.screen import Span


def today(
    ctx: typer.Context,
    on: Optional[str] = typer.Option(
        None, "--date", metavar="DAY", help=f"Show another day's plan ({dates.DATE_WORDS})."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the plan as one JSON object."),
    start: bool = typer.Option(
        False, "--start", help="Time today's session live: the run's intervals, or the rung's holds."
    ),
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
        physio = physio_notes.read(store, day)  # outcome scores due, load steps: hht/cli/physio_notes.py
    if start:
        from hht.cli.live_timer import start_session

        start_session(context, timeline.at(day), days, day, assessments)
        return
    from hht.plan.day import today_plan

    _, plan = today_plan(timeline.initial, days, day, assessments, timeline.changes)
    notes = physio_notes.today_notes(physio, plan, timeline.at(day), days, day)  # the physio's numbers
    if as_json:
        typer.echo(json.dumps({**plan, **notes}, indent=2, ensure_ascii=False))
        return
    render(plan)
    for line in physio_notes.today_lines(notes):  # said under the day's screen
        say(line)


def _dots(done: int, needed: int) -> list[Span]:
    return [("●" * done, "green"), ("○" * max(needed - done, 0), "dim")]


def render(plan: dict[str, Any]) -> None:
    """The day's view: a box with the day's decision, a box with why, and what to do next."""
    from hht.term import screen

    term = screen.terminal()
    width = term.width
    lines: list[screen.Line] = []
    ladder = plan["ladder"]
    word = plan["protocol"].get("stage_word", "rung").capitalize()
    when = date.fromisoformat(plan["date"]).strftime("%A %d %B %Y")
    if plan["paused"]:
        lines += screen.text_panel(
            [(plan["reasons"][0], "")], [("See a clinician", "bold")], width, "red", centred=True
        )

    rows: list[tuple[str, list[Span]]] = []
    if not plan["loading"]:
        rows.append(
            (
                "Rest",
                [
                    ("no exercise dose today", "red"),
                    (": all loading stops until a clinician has seen you and an assessment has no red flag", ""),
                ],
            )
        )
        rows.append((word, [(f"{ladder['rung']} of {ladder['rungs']}: {ladder['exercise']} (on hold)", "")]))
    elif ladder["complete"]:
        rows.append(("Ladder", [("complete", "green"), (": maintenance work", "")]))
        for exercise in ladder["maintenance"]["exercises"]:
            rows.append(("", [(exercise["name"], "bold"), (f": {exercise['dose']}\n", ""), (exercise["how"], "dim")]))
    else:
        rows.append((word, [(f"{ladder['rung']} of {ladder['rungs']}: ", ""), (ladder["exercise"], "bold cyan")]))
        if ladder["rest_day"]:
            rows.append(
                ("", [("rest day", "yellow"), (" for this heavy work: the tendon has 48 hours between sessions", "")])
            )
        rows.append(("Dose", [(ladder["dose"], "")]))
        rows.append(("How", [(ladder["how"], "")]))
        moving = "to move up" if not plan["paused"] else "(none counts while progression is paused)"
        rows.append(
            (
                "Progress",
                [
                    *_dots(ladder["pain_free_sessions"], ladder["needed"]),
                    (f"  {ladder['pain_free_sessions']} of {ladder['needed']} pain-free sessions {moving}", ""),
                ],
            )
        )
    done = ladder["logged_today"]
    if done is not None:
        dose = "partial dose" if done["partial"] else "full dose"
        rows.append(("", [("logged today", "green"), (f" at {done['exercise']}/10, {dose}", "")]))
    run = plan["run"]
    rows += run_rows(plan)
    stretch = plan["stretching"]
    if stretch is None:
        rows.append(("Stretch", [("none into the ache while loading is stopped", "")]))
    else:
        rows.append(("Stretch", [(f"{stretch['summary']}\n", ""), (stretch["how"], "dim")]))
    cross = plan["cross_training"]
    if cross["allowed"]:
        rows.append(
            ("Cross-train", [("allowed", "green"), (f": {', '.join(cross['ideas'])}\n", ""), (cross["reason"], "dim")])
        )
    else:
        rows.append(("Cross-train", [("not yet\n", ""), (cross["reason"], "dim")]))
    lines += screen.panel(screen.grid(rows, width - 4), [("Today", "bold"), (f" · {when}", "")], width, "cyan")

    reasons = plan["reasons"][1:] if plan["paused"] else plan["reasons"]
    reasons = [r for r in reasons if r != run["reason"]]  # said in the panel above
    why: list[Span] = [("\n".join("• " + reason for reason in reasons), "")]
    if plan["why"]:
        why.append(("\n\n" if reasons else "", ""))
        why.append(("The last seven days, newest first:", "bold"))
        why += [(f"\n• {decision['date']}: {decision['reason']}", "") for decision in plan["why"]]
    lines += screen.text_panel(why, [("Why", "")], width, "dim")

    after: list[list[Span]] = []
    if not plan["assessed"]:
        after.append(
            [
                ("Tip:", "yellow"),
                (" run ", ""),
                ("hht assess", "bold"),
                (" first: it screens for red flags and tells you what you can safely do.", ""),
            ]
        )
    if not plan["loading"]:
        pass
    elif run["session"] and not run["rest_day"] and not run["complete"] and run["logged_today"] is None:
        after.append(
            [("Time the run with ", "dim"), ("hht today --start", "bold dim"), (": space pauses, Ctrl-C stops.", "dim")]
        )
    elif ladder["hold_seconds"] and not ladder["complete"] and done is None:
        after.append(
            [
                ("Time the holds with ", "dim"),
                ("hht today --start", "bold dim"),
                (": space pauses, Ctrl-C stops.", "dim"),
            ]
        )
    if plan["logged_today"]:
        after.append(
            [
                (f"Logged today: {plan['logged_today']}. ", "dim"),
                ("hht log", "bold dim"),
                (" again adds or corrects a value.", "dim"),
            ]
        )
    else:
        after.append([("Log the day with ", "dim"), ("hht log", "bold dim"), ("; pain is 0-10, 0 is none.", "dim")])
    for spans in after:
        lines += screen.wrap(spans, width)
    sys.stdout.write(screen.render(lines, term))


def run_rows(plan: dict[str, Any]) -> list[tuple[str, list[Span]]]:
    """The run's rows in the day's panel."""
    run = plan["run"]
    if not plan.get("loading", True):  # a red flag stops all loading: no gate to work toward either
        where = f" (the plan stays at week {run['week']} of {run['weeks']})" if run["unlocked"] and run["week"] else ""
        return [("Run", [(f"none while loading is stopped{where}", "")])]
    if not run["unlocked"]:
        return [("Run", [("not open yet:", "dim"), *(("\n• " + m, "dim") for m in run["missing"])])]
    if run["complete"]:
        return [("Run", [("plan complete", "green"), (f": {run['reason']}", "")])]
    week = f"week {run['week']} of {run['weeks']}"
    if run["paused"]:
        return [("Run", [("paused", "red"), (f" · {week}\n{run['reason']}", "")])]
    if run["rest_day"]:  # cross-training has its own row
        return [("Run", [("rest day", "yellow"), (f" · {week}\n{run['reason']}", "")])]
    rows: list[tuple[str, list[Span]]] = [
        ("Run", [(f"{week.capitalize()}: ", ""), (run["session"], "bold cyan"), ("\n", ""), (run["guidance"], "dim")])
    ]
    if run["logged_today"] is not None:
        rows.append(("", [("logged today", "green"), (f" at {run['logged_today']}/10", "")]))
    if run["sets"] is not None:
        rows.append(
            (
                "Run steps",
                [
                    *_dots(run["sets"], run["max_sets"]),
                    (f"  {run['sets']} of {run['max_sets']} sets; a pain-free run adds one", ""),
                ],
            )
        )
    elif run["week_started"] is not None:
        day = (date.fromisoformat(plan["date"]) - date.fromisoformat(run["week_started"])).days + 1
        rows.append(
            (
                "Run steps",
                [
                    *_dots(run["pain_free_runs"], run["pain_free_runs_needed"]),
                    (
                        f"  {run['pain_free_runs']} of {run['pain_free_runs_needed']} pain-free runs "
                        f"since {run['week_started']}; day {max(day, 0)} of at least "
                        f"{run['min_days']}",
                        "",
                    ),
                ],
            )
        )
    return rows
