"""`hht report`: the physio's summary, in the registry's formats."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, Optional

import typer

from hht.cli import completion, dates
from hht.cli.context import Context
from hht.errors import UsageError
from hht.files import check_output, is_stdout, replace_private_with
from hht.inputs import given, shown
from hht.report.registry import BY_NAME, FORMATS, NAMES
from hht.term.console import say

FORMAT_HELP = (
    "Default: in a terminal, a summary on screen; otherwise (a pipe, --output) md. The formats: "
    + "; ".join(f"{f.name}: {f.summary}" for f in FORMATS)
    + "."
)


def report(
    ctx: typer.Context,
    fmt: Optional[str] = typer.Option(
        None, "--format", "-f", metavar="|".join(NAMES), help=FORMAT_HELP, autocompletion=completion.report_formats
    ),
    since: Optional[str] = typer.Option(
        None,
        "--since",
        metavar="DAY",
        help=f"First day ({dates.DATE_WORDS}; default: the first assessment or logged day, whichever is earlier).",
    ),
    until: Optional[str] = typer.Option(None, "--until", metavar="DAY", help="Last day (default: today)."),
    output: Optional[Path] = typer.Option(
        None,
        "--output",
        "-o",
        metavar="PATH",
        help="Write to a file instead of the screen (`-` for standard output).",
        autocompletion=completion.paths,
    ),
    force: bool = typer.Option(False, "--force", help="Overwrite an existing --output file."),
    pretty: bool = typer.Option(False, "--pretty", help="Indent json and fhir for people (default: compact)."),
) -> None:
    """A summary a physio can read in two minutes: trends, stages, tests, adherence."""
    context: Context = ctx.obj
    today = dates.today()
    if fmt is not None and fmt not in BY_NAME:
        raise UsageError(f"--format must be one of {', '.join(NAMES)}, not {given(fmt)}.")
    first = dates.parse_day(since, today) if since else None
    last = dates.parse_day(until, today) if until else None
    if first and last and first > last:
        raise UsageError(f"--since {first} is after --until {last}.")
    to_stdout = is_stdout(output)
    if to_stdout:
        output = None
    elif output is not None:
        check_output(output, force)
    preview = context.previewed()  # a broken what-if protocol stops here
    with context.reader() as store:
        timeline = preview or context.timeline(store)
        days = store.days()
        assessments = store.assessments()
        summaries = store.assessment_summaries()
        sides = store.sides() or []
        corrections = store.corrections()
        _require_recorded_days(context, store.first_record_day(any_day=True))
        run_files = store.run_files()
        physio = outcome_data(store)  # the physio's numbers: hht/report/outcomes.py
    from hht.report import model

    chosen = BY_NAME[fmt or "md"]
    if chosen.name == "fhir":  # the measurements only: no plan to derive
        data = model.observations(
            timeline.initial,
            days,
            assessments,
            generated=today,
            since=first,
            until=last,
            generated_at=dates.now().isoformat(timespec="seconds"),
            sides=sides,
            run_files=run_files,
        )
        data["outcomes"] = outcome_section(physio, timeline, data["period"])
        return _emit(chosen, data, output, pretty, force)
    data = model.build(
        timeline,
        days,
        assessments,
        summaries,
        generated=today,
        since=first,
        until=last,
        generated_at=dates.now().isoformat(timespec="seconds"),
        sides=sides,
        corrections=corrections,
        run_files=run_files,
    )
    data["outcomes"] = outcome_section(physio, timeline, data["period"])
    if output is None and fmt is None and not to_stdout and sys.stdout.isatty():
        from hht.report import terminal

        terminal.render(data)
        return
    _emit(chosen, data, output, pretty, force)


def _require_recorded_days(context: Context, earliest) -> None:
    """Refuse, in one sentence, a database holding a day outside the days hht
    records (stored by an older hht, or by hand): a report of it would leave
    that day out without saying so."""
    from hht.errors import HHTError
    from hht.inputs import EARLIEST_DAY

    if earliest is not None and earliest < EARLIEST_DAY:
        raise HHTError(
            f"{shown(context.db_path)} holds a day before {EARLIEST_DAY} ({earliest}), outside the days hht "
            "records, so no report can cover it: `hht check` lists such rows, and `hht export`, a fix by hand "
            "and `hht import` into a new file repair them."
        )


def _emit(chosen, data: dict[str, Any], output: Path | None, pretty: bool, force: bool) -> None:
    """Write the report to standard output, or whole to a new file."""
    if output is None:
        chosen.write(data, sys.stdout, pretty=pretty)
        return
    replace_private_with(output, lambda handle: chosen.write(data, handle, pretty=pretty), force=force)
    say(f"Wrote the {chosen.name} report to {shown(output)}.", err=True)


def outcome_data(store) -> tuple:
    """What the report's outcome section reads: the measures taken, the day figures, the baseline's day."""
    return store.outcomes(), store.day_figures(), store.first_assessment()


def outcome_section(physio: tuple, timeline, period: dict[str, Any]) -> dict[str, Any]:
    """The report's outcome section for its period; exercises named as the protocols in force name them."""
    from datetime import date

    from hht.report.outcomes import section

    names = {
        e.id: e.name
        for protocol in (timeline.initial, *(c.protocol for c in timeline.changes))
        for rung in protocol.ladder
        for e in rung.exercises
        if e.id
    }
    outcomes, figures, first = physio
    return section(
        outcomes, figures, first, names, date.fromisoformat(period["since"]), date.fromisoformat(period["until"])
    )
