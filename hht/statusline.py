"""`hht status`: one short line of what is still to do today.

For a shell prompt, a tmux status bar or a desktop notifier, so it is built
to be fast and to never break them: it reads the database read-only, says
nothing when there is no database yet, and imports neither typer nor rich.
`hht.launch` runs it before the CLI is even imported (`fast`); the typer
command in hht/commands/status.py is the same code, for `--help` and the
rare call the fast path does not take.

What the line says is read from the day's plan (hht/plan.py's `today_plan`),
never decided here: the red-flag pause, the rung, the run or the rest day
are what `hht today` shows for the same day.
"""

from __future__ import annotations

import json
import sqlite3
import sys
from datetime import date
from typing import Any, Sequence

from hht.errors import HHTError
from hht.records import AssessmentSummary, Day

SEPARATOR = " · "
ALL_DONE = "all done for today"
REST_DAY = "rest day from running"
RUN_PAUSED = "running paused"
NO_LOADING = "no exercise or running"

# What the line lists, in order; the `kind` of each item in `--json`.
CLINICIAN, MORNING, SESSION, RUN, ASSESSMENT = "clinician", "morning", "session", "run", "assessment"


def todo(plan: dict[str, Any], entry: Day | None, rung_id: str) -> tuple[list[dict[str, str]], list[str]]:
    """What is still to do on the plan's day, in the runner's words, most important first;
    and what not to do (a rest day from running, say), said after it."""
    items = []
    notes = []
    if plan["paused"]:
        items.append((CLINICIAN, "see a clinician"))
    if entry is None or entry.morning is None:
        items.append((MORNING, "morning pain"))
    ladder = plan["ladder"]
    run = plan["run"]
    if not plan.get("loading", True):  # a red flag stops all loading: no dose, no run
        notes.append(NO_LOADING)
    else:
        if ladder["logged_today"] is None:
            word = plan["protocol"].get("stage_word", "rung")
            what = "maintenance session" if ladder["complete"] else f"{word} {ladder['rung']} {rung_id.replace('_', ' ')}"
            items.append((SESSION, what))
        if run["unlocked"] and not run["complete"]:
            if run["paused"]:
                notes.append(RUN_PAUSED)
            elif run["rest_day"]:
                notes.append(REST_DAY)
            elif run["logged_today"] is None:
                sets = f", {run['sets']} sets" if run["sets"] is not None else ""
                items.append((RUN, f"run week {run['week']}{sets}"))
    due = plan["assessment_due"]
    if not plan["assessed"]:
        items.append((ASSESSMENT, "first assessment"))
    elif due is not None and due <= plan["date"]:
        items.append((ASSESSMENT, "re-assess"))
    return [{"kind": kind, "text": text} for kind, text in items], notes


def status(
    protocol: Any, days: Sequence[Day], assessments: Sequence[AssessmentSummary], on: date, changes: Sequence = (),
) -> dict[str, Any]:
    """The status of the day `on` as plain data; `line` is what `hht status` prints.

    `protocol` applies from the start and `changes` from their days, as in `hht today`."""
    from hht.plan import today_plan

    _, plan = today_plan(protocol, days, on, assessments, changes)
    entry = next((d for d in reversed(days) if d.date == on), None)
    in_force = next((c.protocol for c in reversed(changes) if c.date <= on), protocol)
    items, notes = todo(plan, entry, in_force.ladder[plan["ladder"]["rung"] - 1].id)
    words = [item["text"] for item in items]
    return {
        "date": plan["date"],
        "line": SEPARATOR.join(words + notes) if words else ALL_DONE,
        "done": not items,
        "todo": items,
        "not_today": notes,
        "paused": plan["paused"],
        "assessment_due": plan["assessment_due"],
        "assessment_due_reason": plan["assessment_due_reason"],
    }


def show(context: Any, as_json: bool) -> str:
    """What `hht status` prints: the line, or one JSON object; "" when there is no database yet."""
    from hht import dates, faults, storage

    path = context.db_path
    store = storage.open_reader(path)
    if store is None:
        return ""
    with store:
        on = dates.today()
        preview = context.previewed()  # a broken what-if protocol stops here
        try:
            days = store.days(until=on)
            assessments = store.assessment_summaries()
            timeline = preview or context.timeline(store)  # else the protocols adopted, read from this read-only store
        except sqlite3.Error as exc:  # damage found while reading: named, with what to do
            raise faults.storage_error(path, exc) from None
    result = status(timeline.initial, days, assessments, on, timeline.changes)
    return json.dumps(result, ensure_ascii=False) if as_json else result["line"]


def parse(argv: Sequence[str]) -> tuple[str | None, str | None, bool] | None:
    """`[--db PATH] [--protocol FILE] status [--json]` as (db, protocol, json); None for anything else."""
    db = protocol = None
    args = list(argv)
    while args and args[0] != "status":
        name, eq, value = args.pop(0).partition("=")
        if name not in ("--db", "--protocol"):
            return None
        if not eq:
            if not args:
                return None
            value = args.pop(0)
        if name == "--db":
            db = value
        else:
            protocol = value
    if not args:
        return None
    rest = args[1:]
    if rest not in ([], ["--json"]):
        return None
    return db, protocol, bool(rest)


def fast(argv: Sequence[str]) -> int | None:
    """Run `hht status` without the CLI; None when argv is not a plain status call (the CLI takes it).

    Exit 0 with the line (or nothing) whenever the database is fine. A
    problem prints one line on stderr, and nothing on stdout, and exits
    non-zero: 1 for a database or protocol that cannot be used (2 for a bad
    HHT_NOW or protocol file), 130 on Ctrl-C.
    """
    parsed = parse(argv)
    if parsed is None:
        return None
    db, protocol, as_json = parsed
    try:
        from hht.context import Context

        text = show(Context(db_option=db, protocol_option=protocol), as_json)
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # a damaged database, or a bug: never a traceback in a prompt
        if isinstance(exc, HHTError):
            message, code = str(exc), exc.exit_code
        else:
            message, code = f"status could not be read ({type(exc).__name__}: {exc}).", 1
        print(f"hht: {' '.join(message.split())}", file=sys.stderr)
        return code
    if text:
        try:
            print(text)
            sys.stdout.flush()
        except BrokenPipeError:  # `hht status | head -c 20`
            sys.stdout = None  # nothing left to flush at exit
    return 0
