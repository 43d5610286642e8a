"""`hht today --start`: today's session as a live interval timer.

What to time is decided in hht/plan/session.py (`timed_session`, from the day's plan) and the timer's
logic lives in hht/rules/timer.py; this module only reads keys, draws, rings and
asks for the pain at the end. Rich's live display and the terminal modules
are imported here, on the one path that needs them.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from hht.cli.context import Context
from hht.errors import HHTError, UsageError
from hht.plan.session import TimedSession
from hht.rules.intervals import mmss
from hht.rules.records import AssessmentSummary, Day
from hht.rules.timeline import Timeline
from hht.rules.timer import Position, Schedule, Timer, countdown, speed_from

PAUSE_KEY = b" "
POLL_SECONDS = 0.1
COLOURS = {"walk": "green", "jog": "cyan", "run": "cyan", "hold": "magenta", "rest": "green"}


@dataclass(frozen=True)
class Outcome:
    finished: bool
    elapsed: float  # session seconds done
    total: float


def start_session(
    context: Context,
    timeline: Timeline,
    days: Sequence[Day],
    day: date,
    assessments: Sequence[AssessmentSummary],
) -> None:
    from hht.plan.day import day_plan
    from hht.plan.session import timed_session

    protocol = timeline.at(day)
    plan = day_plan(timeline, days, day, assessments)
    session, why = timed_session(plan)
    if plan.prescription.stopped:
        raise HHTError(why)
    speed = speed_from(os.environ)
    from hht.term.console import say

    say(why)
    if session is None:
        return
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise UsageError("--start runs a live timer and needs a terminal; log the session with `hht log` instead.")
    outcome = run_live(session, speed)
    note = next((d.note for d in days if d.date == day), None)
    values = ask_what_was_done(session, outcome, note, protocol.pain.advance_threshold)
    if values is None:
        say("Nothing was logged.")
        return
    from hht.cli.logbook import record

    with context.store() as store:
        lines = record(store, timeline, day, values, day)
    say("\n".join(lines))


def run_live(session: TimedSession, speed: float) -> Outcome:
    """Run the timer in the terminal until the end or Ctrl-C; the terminal is restored either way."""
    import select
    import termios
    import time
    import tty

    from rich.console import Console
    from rich.live import Live

    schedule = Schedule(session.intervals)
    timer = Timer(schedule, time.monotonic, speed)
    console = Console(emoji=False)  # a runner's `:name:` is shown as typed
    fd = sys.stdin.fileno()
    saved = termios.tcgetattr(fd)
    try:
        tty.setcbreak(fd)  # keys arrive one by one, unechoed; Ctrl-C still interrupts
        with Live(console=console, refresh_per_second=10, transient=False) as live:
            timer.start()
            try:
                while True:
                    tick = timer.tick()
                    if tick.bell:
                        console.bell()
                    live.update(view(session, tick.position, timer.paused))
                    if tick.position.done:
                        return Outcome(True, schedule.total, schedule.total)
                    ready, _, _ = select.select([fd], [], [], POLL_SECONDS)
                    if ready:
                        for _ in range(os.read(fd, 64).count(PAUSE_KEY)):
                            timer.toggle()
            except KeyboardInterrupt:
                timer.pause()
                live.update(view(session, timer.position(), paused=False, stopped=True))
                return Outcome(False, timer.elapsed(), schedule.total)
    finally:
        termios.tcsetattr(fd, termios.TCSADRAIN, saved)


def view(session: TimedSession, position: Position, paused: bool, stopped: bool = False) -> Any:
    from rich.console import Group
    from rich.panel import Panel
    from rich.progress_bar import ProgressBar
    from rich.table import Table
    from rich.text import Text

    if position.interval is None:
        now = Text("DONE", style="bold green")
    else:
        colour = COLOURS.get(position.interval.kind, "white")
        now = Text(position.interval.label.upper(), style=f"bold {colour}")
        now.append(f"   {countdown(position.left)} left", style="bold")
    state = Text("STOPPED" if stopped else "PAUSED: space resumes" if paused else "", style="bold yellow")
    following = position.following
    upcoming = (
        f"next: {following.label} ({mmss(following.seconds)})"
        if following is not None
        else "next: the end"
        if not position.done
        else ""
    )
    bar = Table.grid(padding=(0, 1))
    bar.add_column()
    bar.add_column(no_wrap=True)
    bar.add_row(
        ProgressBar(total=position.total, completed=position.elapsed),
        f"{mmss(position.elapsed)} / {mmss(position.total)}",
    )
    keys = Text("" if position.done or stopped else "space pause/resume · Ctrl-C stop", style="dim")
    return Panel(
        Group(now, Text(upcoming, style="dim"), state, bar, keys),
        title=f"[bold]{session.title}[/bold]",
        title_align="left",
        border_style="cyan",
    )


def ask_what_was_done(
    session: TimedSession, outcome: Outcome, note: str | None, threshold: int
) -> dict[str, Any] | None:
    """The pain question at the end; after Ctrl-C, first whether to log at all.

    A run stopped short is not the session: when its pain is within the
    threshold it is kept as a note only (it neither counts nor brings a rest
    day); a painful one is logged as the run, so that it holds or steps back.
    Holds stopped short are logged as a partial ladder session.
    """
    import questionary

    from hht.inputs import parse_note
    from hht.term.console import question
    from hht.term.prompts import ask_pain

    what = "run" if session.logs == "run" else "holds"
    if outcome.finished:
        pain = ask_pain(f"Done. Pain during or after the {what}", required=True)
        return {"run": pain} if session.logs == "run" else {"exercise": pain, "partial": False}
    stopped = f"{session.title}: stopped at {mmss(outcome.elapsed)} of {mmss(outcome.total)} (hht today --start)."
    from hht.term.console import say

    say(f"Stopped at {mmss(outcome.elapsed)} of {mmss(outcome.total)}.")
    if not questionary.confirm(question(f"Log the {what} done so far?"), default=True).unsafe_ask():
        return None
    pain = ask_pain(f"Pain during or after the {what}", required=True)
    assert pain is not None
    combined = parse_note(f"{note}\n{stopped}" if note else stopped)
    if session.logs == "exercise":
        return {"exercise": pain, "partial": True, "note": combined}
    if pain > threshold:
        return {"run": pain, "note": combined}
    say("A run stopped short is not the session: it is kept as a note, and does not count.")
    return {"note": combined}
