"""`hht import-runs PATH...`: runs from a watch's activity folder, a Strava
export or a few files, each matched to its day."""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any, NamedTuple, Optional

import typer

from hht.cli import completion, dates
from hht.cli.context import Context
from hht.errors import UsageError

LONG_BATCH = 20  # files: a longer batch shows a progress bar, in a terminal
LISTED = 10  # files or days named at most, per kind of problem


class Found(NamedTuple):
    """One file of the batch: its run's summary, or why it gives none."""

    path: Path
    summary: dict[str, Any] | None
    kind: str | None = None  # for a file without a run: unreadable, not_activity or not_run
    reason: str = ""


def import_runs(
    ctx: typer.Context,
    paths: list[Path] = typer.Argument(
        ...,
        metavar="PATH...",
        help="FIT, GPX or TCX files (gzipped too), or folders to look through: a watch's activity "
        "folder, an unpacked Strava export.",
        autocompletion=completion.paths,
    ),
    since: Optional[str] = typer.Option(
        None,
        "--since",
        metavar="DAY",
        help=f"Take runs from this day on ({dates.DATE_WORDS}; default: the first day logged or assessed).",
    ),
    replace: bool = typer.Option(False, "--replace", help="Replace another run already logged for a day."),
) -> None:
    """Match the runs in activity files to their days, each stored with the day's entry.

    A file already logged is recognised by its content, and left as it is. A
    run's pain is not in its file: a day without it counts for nothing until
    `hht log --date DAY --run N` adds it.
    """
    from hht.cli.runs import in_terminal, shown
    from hht.rules.runfile import summary_words
    from hht.term.console import say

    context: Context = ctx.obj
    today = dates.today()
    first_wanted = dates.parse_day(since, today) if since is not None else None
    files = sorted(set(_files(paths)))
    found = _read_all(files, today)
    with context.reader() as store:
        logged = store.run_files()
        days = store.days()
        assessments = store.assessment_summaries()
    start = first_wanted or min([*(d.date for d in days[:1]), *(a.date for a in assessments[:1])], default=None)

    runs = sorted((f for f in found if f.summary is not None), key=lambda f: (f.summary["date"], str(f.path)))  # type: ignore[index]
    known = {s["sha256"] for s in logged.values()}
    there, early, taken, clashes, doubles = [], [], {}, [], []
    for item in runs:
        summary = item.summary
        assert summary is not None
        day = date.fromisoformat(summary["date"])
        if summary["sha256"] in known:
            there.append(item)
        elif start is None or day < start:
            early.append(item)
        elif day in taken:
            doubles.append(item)  # a second run that day in the batch: the first is kept
        elif day in logged and not replace:
            clashes.append(item)
        else:
            taken[day] = item
        known.add(summary["sha256"])
    left = []
    for item in clashes:
        day = date.fromisoformat(item.summary["date"])  # type: ignore[index]
        if in_terminal() and _replace_asked(day, logged[day], item):
            taken[day] = item
        else:
            left.append(item)

    if taken:
        with context.store() as store, store.write():
            now_logged = store.run_files()
            for day, item in sorted(taken.items()):
                if now_logged.get(day) != logged.get(day):  # written meanwhile: left as it now is
                    left.append(item)
                    continue
                store.save_day(day, {"run_file": item.summary})
            pains = {d.date: d.run for d in store.days()}
        for item in left:
            taken.pop(date.fromisoformat(item.summary["date"]), None)  # type: ignore[index]
    else:
        pains = {d.date: d.run for d in days}

    lines = []
    if taken:
        span = f"{min(taken)}" if len(taken) == 1 else f"{min(taken)} to {max(taken)}"
        lines.append(
            f"Matched {_count(len(taken), 'run')} to {'its day' if len(taken) == 1 else 'their days'} ({span})."
        )
    else:
        lines.append("No new run was matched to a day.")
    if there:
        one = len(there) == 1
        lines.append(
            f"{_count(len(there), 'file')} {'was' if one else 'were'} already there, "
            f"left as {'it was' if one else 'they were'}."
        )
    other_sport = [f for f in found if f.kind == "not_run"]
    not_activity = [f for f in found if f.kind == "not_activity"]
    if other_sport or not_activity:
        parts = []
        if other_sport:
            parts.append(f"{len(other_sport)} of another sport")
        if not_activity:
            parts.append(
                f"{len(not_activity)} not {'an activity file' if len(not_activity) == 1 else 'activity files'}"
            )
        lines.append(f"{_count(len(other_sport) + len(not_activity), 'file')} held no run ({', '.join(parts)}).")
    if early:
        where = f"before {start}" if start is not None else "before anything is logged"
        lines.append(
            f"{_count(len(early), 'run')} {where} {'was' if len(early) == 1 else 'were'} left out "
            "(--since DAY takes them from that day)."
        )
    unreadable = [f for f in found if f.kind == "unreadable"]
    if unreadable:
        lines.append(f"{_count(len(unreadable), 'file')} could not be read:")
        lines += [f"  {f.reason}" for f in unreadable[:LISTED]]
        if len(unreadable) > LISTED:
            lines.append(f"  and {len(unreadable) - LISTED} more.")
    for item in doubles[:LISTED]:
        lines.append(
            f"{shown(item.path)} is a second run on {item.summary['date']}: hht keeps one run a day, "  # type: ignore[index]
            "the first of the batch; `hht log --run-file FILE --replace` takes this one instead."
        )
    for item in left[:LISTED]:
        day = date.fromisoformat(item.summary["date"])  # type: ignore[index]
        lines.append(
            f"{day} already has another run ({summary_words(logged[day])}): {shown(item.path)} was left out "
            "(--replace puts it in its place)."
        )
    painless = sorted(day for day in taken if pains.get(day) is None)
    if painless:
        listed = ", ".join(str(d) for d in painless[:LISTED]) + (", ..." if len(painless) > LISTED else "")
        lines.append(
            f"{_count(len(painless), 'run')} {'has' if len(painless) == 1 else 'have'} no pain logged ({listed}): "
            "a run counts for nothing until its pain is (`hht log --date DAY --run N`)."
        )
    say("\n".join(lines))
    if unreadable or left or doubles:
        raise typer.Exit(1)


def _count(n: int, what: str) -> str:
    return f"{n} {what}" if n == 1 else f"{n} {what}s"


def _files(paths: list[Path]) -> Iterator[Path]:
    """The files named, and those in the folders named (not hidden ones), each once."""
    from hht.cli.runs import shown

    for path in paths:
        try:
            info = os.stat(path)
        except OSError:
            raise UsageError(f"{shown(path)}: no such file or folder.") from None
        if not stat.S_ISDIR(info.st_mode):
            yield path
            continue
        for folder, subfolders, names in os.walk(path):  # symbolic links to folders are not followed
            subfolders[:] = sorted(d for d in subfolders if not d.startswith("."))
            for name in sorted(names):
                if name.startswith("."):
                    continue
                inside = Path(folder) / name
                try:
                    if stat.S_ISREG(os.stat(inside).st_mode):
                        yield inside
                except OSError:
                    continue


def _read_all(files: list[Path], today: date) -> list[Found]:
    """Each file read, with a progress bar on a long batch in a terminal."""
    if len(files) >= LONG_BATCH and sys.stderr is not None and sys.stderr.isatty():
        from rich.console import Console
        from rich.progress import Progress

        with Progress(console=Console(stderr=True), transient=True) as progress:
            task = progress.add_task("Reading activity files", total=len(files))
            out = []
            for path in files:
                out.append(_read_one(path, today))
                progress.advance(task)
            return out
    return [_read_one(path, today) for path in files]


def _read_one(path: Path, today: date) -> Found:
    from hht.activity.errors import NOT_ACTIVITY, RunFileError
    from hht.activity.read import may_be_activity
    from hht.cli.runs import read_file, shown

    if not may_be_activity(path):
        return Found(path, None, NOT_ACTIVITY, f"{shown(path)} is not a FIT, GPX or TCX file.")
    try:
        return Found(path, read_file(path, today))
    except RunFileError as exc:
        return Found(path, None, exc.kind, str(exc))
    except MemoryError:
        return Found(path, None, "unreadable", f"{shown(path)} is too large for this computer's memory.")


def _replace_asked(day: date, before: dict[str, Any], item: Found) -> bool:
    import questionary

    from hht.cli.runs import shown
    from hht.rules.runfile import summary_words
    from hht.term.console import question

    assert item.summary is not None
    return bool(
        questionary.confirm(
            question(
                f"{day} already has another run: {summary_words(before)}. Replace it with {shown(item.path)}?",
                f"This one: {summary_words(item.summary)}.",
            ),
            default=False,
        ).unsafe_ask()
    )
