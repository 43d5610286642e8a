"""`hht outcome visa-h|psfs|groc|history|wording`: the physio's numbers.

Each measure is asked in a terminal, or read as JSON with --answers FILE (-
for stdin); it is checked whole before anything is stored, dated (--date),
and saved in one transaction with its change in the audit trail, so `hht
history` lists it and `hht undo` removes it. The scoring is
hht/rules/outcomes/'s; VISA-H's wording is a clinic's file, never hht's.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, Optional

import typer

from hht.cli import completion, dates
from hht.cli.context import Context
from hht.errors import UsageError
from hht.term.console import say

app = typer.Typer(
    help="The outcome measures your physio reads: VISA-H, the PSFS and GROC, scored, dated and kept.",
    no_args_is_help=True,
)

ANSWERS_HELP = "Read the answers as JSON from FILE (- for stdin) instead of asking."
DATE_HELP = f"The day it was taken ({dates.DATE_WORDS}; default today)."
JSON_HELP = "Print what was saved, with its change from the baseline, as JSON."


def _answers_option() -> Any:
    return typer.Option(None, "--answers", metavar="FILE", help=ANSWERS_HELP, autocompletion=completion.paths)


@app.command("visa-h")
def visa_h(
    ctx: typer.Context,
    answers_file: Optional[str] = _answers_option(),
    wording_file: Optional[str] = typer.Option(
        None,
        "--wording",
        metavar="FILE",
        help="A clinic's wording for the items (JSON; default: the one adopted with `hht outcome wording`).",
        autocompletion=completion.paths,
    ),
    on: Optional[str] = typer.Option(None, "--date", metavar="DAY", help=DATE_HELP),
    as_json: bool = typer.Option(False, "--json", help=JSON_HELP),
) -> None:
    """VISA-H: 8 items, 0-100 (100 = no symptoms), item 8 by whether pain is present while training.

    hht ships the items' ids, answer domains and scoring, never the wording:
    a clinic supplies that as a file. Without one, each item is asked as its
    number and range.
    """
    context: Context = ctx.find_root().obj
    wording = read_wording(wording_file) if wording_file is not None else None

    def ask() -> dict[str, Any]:
        from hht.term.outcome_prompts import ask_visa_h

        adopted = wording
        if adopted is None and context.db_path.is_file():
            with context.reader() as store:
                adopted = store.wording()
        return ask_visa_h(adopted)

    take(context, "visa-h", answers_file, on, as_json, ask)


@app.command("psfs")
def psfs(
    ctx: typer.Context,
    answers_file: Optional[str] = _answers_option(),
    on: Optional[str] = typer.Option(None, "--date", metavar="DAY", help=DATE_HELP),
    as_json: bool = typer.Option(False, "--json", help=JSON_HELP),
) -> None:
    """The patient-specific functional scale: 3-5 activities you name, each 0-10; the score is the mean.

    The activities are kept for the next time (and may be changed then); a
    change is real at 2 points in the mean, or 3 for one activity (MDC90).
    With --answers, {"ratings": [...]} rates the activities named last time, in their order.
    """
    context: Context = ctx.find_root().obj

    def ask() -> dict[str, Any]:
        from hht.term.outcome_prompts import ask_psfs

        return ask_psfs(kept_activities(context))

    take(context, "psfs", answers_file, on, as_json, ask)


@app.command("groc")
def groc(
    ctx: typer.Context,
    answers_file: Optional[str] = _answers_option(),
    on: Optional[str] = typer.Option(None, "--date", metavar="DAY", help=DATE_HELP),
    as_json: bool = typer.Option(False, "--json", help=JSON_HELP),
) -> None:
    """The global rating of change, on 7 points: -3 very much worse, 0 about the same, +3 very much better."""
    context: Context = ctx.find_root().obj

    def ask() -> dict[str, Any]:
        from hht.term.outcome_prompts import ask_groc

        return ask_groc()

    take(context, "groc", answers_file, on, as_json, ask)


@app.command("history")
def history(
    ctx: typer.Context,
    as_json: bool = typer.Option(False, "--json", help="Print every measure taken as a JSON list."),
) -> None:
    """Every score over time, each with its change from the baseline, and what is due next."""
    context: Context = ctx.find_root().obj
    if not context.db_path.is_file():
        if as_json:
            typer.echo("[]")
        else:
            say("No outcome measure yet: `hht outcome visa-h`, `hht outcome psfs` and `hht outcome groc` take them.")
        return
    with context.reader() as store:
        taken = store.outcomes()
        first = store.first_assessment()
    if as_json:
        typer.echo(json.dumps([o.to_json() for o in taken], indent=2, ensure_ascii=False))
        return
    render_history(taken, first)


@app.command("wording")
def wording(
    ctx: typer.Context,
    file: Optional[str] = typer.Argument(
        None, metavar="[FILE]", help="A clinic's VISA-H wording (JSON) to adopt.", autocompletion=completion.paths
    ),
    remove: bool = typer.Option(False, "--remove", help="Stop using the wording adopted."),
) -> None:
    """Adopt a clinic's VISA-H wording once (checked against the items and their points), or say which applies."""
    context: Context = ctx.find_root().obj
    if file is not None and remove:
        raise UsageError("Give a wording FILE to adopt, or --remove to stop using one: not both.")
    if file is None and not remove:
        adopted = None
        if context.db_path.is_file():
            with context.reader() as store:
                adopted = store.wording()
        if adopted is None:
            say("No VISA-H wording is adopted: each item is asked as its number and range.")
        else:
            say(f"The VISA-H wording adopted is {adopted.get('title') or 'untitled'}.")
        return
    checked = read_wording(file) if file is not None else None
    with context.store() as store, store.write():
        store.set_wording(checked)
    if checked is None:
        say("The VISA-H wording is no longer used: each item is asked as its number and range.")
    else:
        say(f"Adopted the VISA-H wording from {file}: `hht outcome visa-h` asks its items in it.")


# --- taking one measure -------------------------------------------------------


def take(context: Context, measure: str, answers_file: str | None, on: str | None, as_json: bool, ask) -> None:
    from hht.rules.outcomes.measures import take as score

    now = dates.now()
    day = dates.parse_day(on, now.date()) if on else now.date()
    if answers_file is not None:
        raw = read_answers(answers_file)
        if measure == "psfs" and isinstance(raw, dict) and set(raw) == {"ratings"}:
            raw = rated_as_before(raw["ratings"], kept_activities(context))
    elif as_json:
        raise UsageError(
            "--json prints what --answers FILE saved; in a terminal, leave --json out and answer the questions."
        )
    elif not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise UsageError(
            f"hht outcome {measure} asks its questions in a terminal; without one, pass the answers as JSON "
            "with --answers FILE (or --answers - for stdin), as `hht outcome " + measure + " --help` shows."
        )
    else:
        raw = ask()
    answers, result = score(measure, raw)  # every rule checked: nothing is stored on a refusal
    with context.store() as store:
        with store.write():
            saved = store.add_outcome(day, now, measure, answers, result)
        taken = store.outcomes()
        first = store.first_assessment()
    reply(measure, saved, taken, first, day, as_json)


def reply(measure: str, saved_id: int, taken, first, day, as_json: bool) -> None:
    from hht.rules.outcomes.compare import change_words, series
    from hht.rules.outcomes.record import score_words
    from hht.rules.outcomes.schedule import due

    rows = series(taken, measure)
    ids = [o.id for o in sorted((o for o in taken if o.measure == measure), key=lambda o: (o.date, o.taken_at, o.id))]
    row = rows[ids.index(saved_id)]
    saved = next(o for o in taken if o.id == saved_id)
    baseline = rows[0]["date"]
    point = due(first, [(o.measure, o.date) for o in taken], dates.today())
    if as_json:
        typer.echo(
            json.dumps(
                {"outcome": saved.to_json(), "over_time": row, "still_due": point_json(point)},
                indent=2,
                ensure_ascii=False,
            )
        )
        return
    from hht.rules.outcomes.measures import name

    against = "" if measure == "groc" else f": {change_words(measure, row, baseline)}"
    lines = [f"Saved {score_words(measure, saved.score)} for {day}{against}."]
    if point is not None:
        lines.append(f"Still due ({point.label}, from {point.on}): {', '.join(name(m) for m in point.missing)}.")
    lines.append("`hht outcome history` shows every score; `hht undo` removes this one.")
    say("\n".join(lines))


def point_json(point) -> dict[str, Any] | None:
    if point is None:
        return None
    return {"time_point": point.label, "from": point.on.isoformat(), "measures": list(point.missing)}


def kept_activities(context: Context) -> list[str]:
    """The activities named in the latest PSFS, in their order: offered again."""
    if not context.db_path.is_file():
        return []
    with context.reader() as store:
        taken = store.outcomes("psfs")
    return [a["name"] for a in taken[-1].answers["activities"]] if taken else []


def rated_as_before(ratings: Any, kept: list[str]) -> dict[str, Any]:
    """{"ratings": [...]}: the activities named last time, rated in their order."""
    if not kept:
        raise UsageError(
            'The PSFS answers give "ratings" alone, but no activities are kept from an earlier PSFS: '
            'name them, as {"activities": [{"name": ..., "rating": ...}, ...]}.'
        )
    if not isinstance(ratings, list) or len(ratings) != len(kept):
        raise UsageError(
            f'The PSFS answers\' "ratings" must be a list of {len(kept)}, one for each activity kept '
            f"({'; '.join(kept)})."
        )
    return {"activities": [{"name": n, "rating": r} for n, r in zip(kept, ratings)]}


def read_json(source: str, what: str) -> Any:
    """A small JSON file, or stdin for '-'. Raises UsageError in one sentence."""
    from hht.files import MAX_SMALL_BYTES, parse_json, read_bytes, read_stream

    if source == "-":
        raw = read_stream(sys.stdin.buffer, f"the {what} on stdin", MAX_SMALL_BYTES, UsageError)
        name = f"The {what} on stdin"
    else:
        raw = read_bytes(Path(source).expanduser(), MAX_SMALL_BYTES, UsageError, source)
        name = f"The {what} file {source}"
    try:
        return parse_json(raw.decode("utf-8"), name, UsageError)
    except UnicodeDecodeError:
        raise UsageError(f"{name} is not UTF-8 text.") from None
    except json.JSONDecodeError as exc:
        raise UsageError(f"{name} is not valid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno}).") from None


def read_answers(source: str) -> Any:
    return read_json(source, "answers")


def read_wording(source: str) -> dict[str, Any]:
    from hht.rules.outcomes.wording import check

    return check(read_json(source, "wording"), source)


# --- history ------------------------------------------------------------------


def render_history(taken, first) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from hht.rules.outcomes.compare import NOTES, change_words, series
    from hht.rules.outcomes.measures import MEASURES
    from hht.rules.outcomes.record import score_words
    from hht.rules.outcomes.schedule import due, upcoming

    console = Console(emoji=False, highlight=False)
    if not taken:
        console.print(
            Text("No outcome measure yet: `hht outcome visa-h`, `hht outcome psfs` and `hht outcome groc` take them.")
        )
    for measure in MEASURES:
        rows = series(taken, measure)
        if not rows:
            continue
        table = Table(
            title=f"{MEASURES[measure].name}", title_justify="left", caption=NOTES[measure], caption_justify="left"
        )
        table.add_column("date", no_wrap=True)
        table.add_column("score", no_wrap=True)
        table.add_column("against the baseline", overflow="fold")
        for row in rows:
            table.add_row(
                row["date"], Text(score_words(measure, row["score"])), Text(change_words(measure, row, rows[0]["date"]))
            )
        console.print(table)
    days = [(o.measure, o.date) for o in taken]
    point = due(first, days, dates.today())
    nxt = upcoming(first, days, dates.today())
    if first is None:
        console.print(
            Text(
                "The schedule starts at the first assessment (`hht assess`): the baseline, then weeks 4, 12, 26 and 52."
            )
        )
    elif point is not None:
        console.print(
            Text(f"Due now ({point.label}, from {point.on}): {', '.join(MEASURES[m].name for m in point.missing)}.")
        )
    if nxt is not None:
        console.print(Text(f"Next: {nxt.label}, from {nxt.on}."))
