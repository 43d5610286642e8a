"""`hht log`: record a day's pain and what was done."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Any, Optional

import typer

from hht.cli import completion, dates, far_back
from hht.cli.context import Context
from hht.errors import UsageError
from hht.inputs import parse_note, parse_pain
from hht.messages import NOTHING_TO_LOG


def log(
    ctx: typer.Context,
    on: Optional[str] = typer.Option(
        None, "--date", metavar="DAY", help=f"The day to log ({dates.DATE_WORDS}; default today)."
    ),
    morning: Optional[str] = typer.Option(None, "--morning", metavar="N", help="Pain on waking, 0-10."),
    exercise: Optional[str] = typer.Option(
        None, "--exercise", metavar="N", help="Did the ladder session; pain during or after it, 0-10."
    ),
    partial: Optional[bool] = typer.Option(
        None, "--partial/--full", help="The ladder session fell short of (or met) the full dose."
    ),
    run: Optional[str] = typer.Option(
        None, "--run", metavar="N", help="Did the walk/jog session; pain during or after it, 0-10."
    ),
    sitting: Optional[str] = typer.Option(None, "--sitting", metavar="N", help="Pain when sitting, 0-10."),
    load_test: Optional[str] = typer.Option(
        None,
        "--load-test",
        metavar="N",
        help="The protocol's daily load test (goom-2016: 3 short-lever single-leg bridges): its pain, 0-10.",
    ),
    note: Optional[str] = typer.Option(None, "--note", metavar="TEXT", help="A note for the day."),
    run_file: Optional[Path] = typer.Option(
        None,
        "--run-file",
        metavar="FILE",
        help="The walk/jog session's FIT, GPX or TCX file from a watch or phone: its day, time, distance "
        "and intervals, checked against the day's session (its pain is still asked, or given with --run).",
        autocompletion=completion.paths,
    ),
    replace: bool = typer.Option(
        False, "--replace", help="With --run-file: replace another run already logged for that day."
    ),
    yes: bool = typer.Option(False, "--yes", "-y", help=far_back.YES_HELP),
    sitting_minutes: Optional[str] = typer.Option(
        None,
        "--sitting-minutes",
        metavar="N",
        help="Sitting tolerance: the minutes on a hard chair before the familiar pain, 0-600.",
    ),
    load: Optional[list[str]] = typer.Option(
        None,
        "--load",
        metavar="EXERCISE=KG x REPS",
        help="Heavy slow resistance: an exercise's load (kg, or bodyweight) and the repetitions of its last set, "
        "the exercise by its protocol id or the start of it (repeatable).",
    ),
) -> None:
    """Record a day: pain on waking, the ladder session, the run, sitting, a note.

    Logging a day again updates the fields given and keeps the others.
    """
    context: Context = ctx.obj
    now = dates.today()
    day = dates.parse_day(on, now) if on is not None else now
    values: dict[str, Any] = {}
    for name, raw in (
        ("morning", morning),
        ("exercise", exercise),
        ("run", run),
        ("sitting", sitting),
        ("load_test", load_test),
    ):
        value = parse_pain(raw, f"--{name.replace('_', '-')}")
        if value is not None:
            values[name] = value
    if partial is not None:
        if exercise is None:
            raise UsageError("--partial and --full describe the ladder session: give --exercise N with them.")
        values["partial"] = partial
    elif exercise is not None:
        values["partial"] = False
    cleaned = parse_note(note)
    if cleaned is not None:
        values["note"] = cleaned
    if replace and run_file is None:
        raise UsageError("--replace goes with --run-file FILE: it replaces the run logged for the file's day.")
    if run_file is not None:  # the day is the file's: hht/cli/runs.py
        from hht.cli.runs import log_run_file
        from hht.term.console import say

        say("\n".join(log_run_file(context, run_file, values, day if on is not None else None, replace, now)))
        return
    preview = context.previewed()  # a broken what-if protocol stops here, before anything is written
    far_back.confirm(context, day, now, yes)  # a mistyped year is asked about before anything is written
    from hht.cli.day_figures import given_figures  # sitting minutes and loads, checked before anything is written

    values.update(given_figures(context, preview, day, sitting_minutes, load or []))
    if not values:
        if not (sys.stdin.isatty() and sys.stdout.isatty()):
            raise UsageError(NOTHING_TO_LOG)
        values = ask(context, day)
        if not values:
            from hht.term.console import say

            say("Nothing entered; nothing was logged.")
            return
    timeline = preview
    if "load_test" in values:  # checked before anything is written
        timeline = preview or context.timeline()
        if timeline.at(day).load_test is None:
            raise UsageError(no_load_test(timeline.at(day)))

    from hht.cli.logbook import record
    from hht.term.console import say

    with context.store() as store:
        timeline = timeline or context.timeline(store)
        lines = record(store, timeline, day, values, now, notice_edits=preview is None)
    say("\n".join(lines))


def no_load_test(protocol) -> str:
    return (
        f"The protocol in force ({protocol.name} {protocol.version}) has no daily load test: "
        "leave out --load-test (`hht protocol show` lists what it asks for)."
    )


def ask(context: Context, day: date) -> dict[str, Any]:
    """The questions, in a terminal. Ctrl-C raises KeyboardInterrupt: nothing saved."""
    import questionary

    from hht.plan.views import states
    from hht.term.console import question
    from hht.term.prompts import ask_pain

    with context.reader() as store:
        days = store.days(until=day)
        existing = store.day(day)
        assessments = store.assessment_summaries()
        timeline = context.timeline(store)
    protocol = timeline.at(day)
    rung = protocol.ladder[states(timeline, days, day, assessments)[0].ladder.rung - 1]
    when = "today" if day == dates.today() else day.isoformat()
    if existing is not None:
        questionary.print(f"{day} is already logged; what you enter now updates it.", style="fg:ansiyellow")

    values: dict[str, Any] = {}
    morning = ask_pain(f"Pain on waking {when}")
    if morning is not None:
        values["morning"] = morning
    if protocol.load_test is not None:  # at the same time each morning, with the morning pain
        test = protocol.load_test
        load = ask_pain(f"Load test, {test.name[:1].lower()}{test.name[1:]}: its pain", detail=test.how)
        if load is not None:
            values["load_test"] = load
    word = protocol.stage_word
    if questionary.confirm(
        question(f"Did you do the {word} session?", f"{word.capitalize()} {rung.number}: {rung.name}."),
        default=False,
    ).unsafe_ask():
        values["exercise"] = ask_pain("Pain during or after it", required=True)
        doses = (
            "\n".join(f"{e.name}: {e.dose}." for e in rung.exercises) if len(rung.exercises) > 1 else f"{rung.dose}."
        )
        values["partial"] = not questionary.confirm(question("The full dose?", doses), default=True).unsafe_ask()
    if questionary.confirm(question("Did you do a walk/jog session?"), default=False).unsafe_ask():
        values["run"] = ask_pain("Pain during or after the run", required=True)
    sitting = ask_pain("Pain when sitting")
    if sitting is not None:
        values["sitting"] = sitting
    from hht.term.figure_prompts import ask_figures  # sitting minutes, and loads on a day of resistance work

    values.update(ask_figures(protocol, rung))
    note = questionary.text(question("A note (blank for none)")).unsafe_ask().strip()
    if note:
        values["note"] = parse_note(note)
    return values
