"""Runs from their files at the command line: `hht log --run-file FILE`, and
what `hht today` and `hht import-runs` say of a run's file.

A file is read by hht/activity/ (imported here, only when a file is given),
checked against the session the plan prescribed that day
(hht/plan/prescribed.py, hht/rules/runcheck.py), and stored with the day's
entry, with the run's pain: a file alone never counts as pain-free, so the
pain is asked in a terminal, or given with --run N.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hht.errors import HHTError, UsageError

if TYPE_CHECKING:
    from hht.cli.context import Context
    from hht.rules.adoption import Timeline
    from hht.rules.records import AssessmentSummary, Day
    from hht.rules.runcheck import Prescribed, RunCheck

NEEDS_PAIN = (
    "A run file alone never counts as pain-free: give the run's pain with --run N (0-10), "
    "or log it in a terminal, where hht asks."
)


def shown(path: Path | str) -> str:
    """A file's name as hht shows it: any control character made visible."""
    from hht.term.safe_text import visible

    return visible(str(path))


def read_file(path: Path, today: date) -> dict[str, Any]:
    """The run's summary from its file, or one sentence (exit 1) saying why there is none."""
    from hht.activity.read import read_run

    return read_run(path, today, shown(path))


def in_terminal() -> bool:
    return sys.stdin is not None and sys.stdout is not None and sys.stdin.isatty() and sys.stdout.isatty()


# -- against the plan --------------------------------------------------------------


def prescriptions(
    timeline: Timeline, days: Sequence[Day], assessments: Sequence[AssessmentSummary], on: Sequence[date]
) -> dict[date, Prescribed]:
    """What the plan prescribed on each of the days `on`, from the log."""
    from hht.plan.prescribed import prescribed_runs

    return prescribed_runs(timeline, days, assessments, on)


def checked(summary: dict[str, Any], prescribed: Prescribed) -> RunCheck:
    from hht.rules.runcheck import check

    return check(summary, prescribed)


def against(prescribed: Prescribed) -> str:
    """`Against week 2 at 4 sets (4 x (walk 5:00, jog 5:00), 40 min)`, or `Against the plan`."""
    from hht.rules.runcheck import RUN

    step = prescribed.step
    if prescribed.status == RUN and step is not None:
        return f"Against {step.label} ({step.session})"
    return "Against the plan"


def run_lines(summary: dict[str, Any], prescribed: Prescribed) -> list[str]:
    """What `hht log` says of the run's file: its summary, and the check against the day's session."""
    from hht.rules.runfile import summary_words

    result = checked(summary, prescribed)
    return [f"Run file: {summary_words(summary)}.", f"{against(prescribed)}: {result.line}."]


# -- hht log --run-file --------------------------------------------------------------


def log_run_file(
    context: Context, path: Path, values: dict[str, Any], on: date | None, replace: bool, now: date
) -> list[str]:
    """Log the run in the file (with the pain in `values`, or asked), and the other values given."""
    from hht.rules.runfile import summary_words

    summary = read_file(path, now)
    day = date.fromisoformat(summary["date"])
    if on is not None and on != day:
        raise UsageError(f"{shown(path)} is a run on {day}, not {on}: leave out --date, as the file tells the day.")
    preview = context.previewed()  # a broken what-if protocol stops here, before anything is asked
    with context.reader() as store:
        existing = store.day(day)
        before = store.run_file(day)
        logged_on = {s["sha256"]: d for d, s in store.run_files().items()}
        protocol = (preview or context.timeline(store)).at(day)
    if "load_test" in values and protocol.load_test is None:
        from hht.cli.commands.log import no_load_test

        raise UsageError(no_load_test(protocol))
    other_day = logged_on.get(summary["sha256"])
    if other_day is not None and other_day != day:
        raise HHTError(f"{shown(path)} is already logged, for {other_day}; nothing was logged.")
    if before is not None and before["sha256"] != summary["sha256"] and not replace:
        if not in_terminal():
            raise HHTError(
                f"{day} already has another run from its file ({summary_words(before)}); "
                "pass --replace to put this one in its place. Nothing was logged."
            )
        import questionary

        from hht.term.console import question

        if not questionary.confirm(
            question(
                f"{day} already has another run: {summary_words(before)}. Replace it with {shown(path)}?",
                f"This one: {summary_words(summary)}.",
            ),
            default=False,
        ).unsafe_ask():
            return ["Kept the run already logged; nothing was logged."]
    if "run" not in values and (existing is None or existing.run is None):
        if not in_terminal():
            raise UsageError(NEEDS_PAIN)
        from hht.term.prompts import ask_pain

        values["run"] = ask_pain(f"Pain during or after the run on {day}", required=True)
    values["run_file"] = summary

    from hht.cli.logbook import record

    with context.store() as store:
        timeline = preview or context.timeline(store)
        if store.run_file(day) != before:  # written by another command while the question was open
            raise HHTError(f"The run logged for {day} changed meanwhile; run the command again. Nothing was logged.")
        lines = record(
            store,
            timeline,
            day,
            values,
            now,
            notice_edits=preview is None,
            describe=_describing(before, summary),
        )
        prescribed = prescriptions(timeline, store.days(until=day), store.assessment_summaries(), [day])[day]
    return [*lines, *run_lines(summary, prescribed)]


def _describing(before: dict[str, Any] | None, summary: dict[str, Any]):
    """What the write did, in one line: as `hht log` says it, or that only the run's file changed."""
    from hht.plan.effects import describe_change

    def describe(old: Day | None, new: Day) -> str:
        if old is not None and old == new and (before or {}).get("sha256") != summary["sha256"]:
            what = "replaced" if before is not None else "new"
            return f"Updated {new.date}: the run's file ({what})."
        return describe_change(old, new)

    return describe


# -- hht today ---------------------------------------------------------------------------


def today_file(
    timeline: Timeline,
    days: Sequence[Day],
    assessments: Sequence[AssessmentSummary],
    day: date,
    summary: dict[str, Any],
) -> dict[str, Any]:
    """`today --json`'s `run.file`: the day's run file, and how it went against the day's session."""
    prescribed = prescriptions(timeline, days, assessments, [day])[day]
    return {
        "summary": summary,
        "words": _words(summary),
        "prescribed": prescribed.to_json(),
        "check": checked(summary, prescribed).to_json(),
    }


def _words(summary: dict[str, Any]) -> str:
    from hht.rules.runfile import summary_words

    return summary_words(summary)


def today_rows(found: dict[str, Any] | None) -> list[tuple[str, list[tuple[str, str]]]]:
    """The day's run file in `hht today`'s panel (today_file's): what the file holds, and the check."""
    if not found:
        return []
    check = found["check"]
    style = "green" if check["verdict"] == "as_prescribed" else "yellow"
    return [("Run file", [(found["words"], ""), ("\n", ""), (check["line"], style)])]
