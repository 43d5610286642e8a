"""`hht today`: the day's plan."""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING, Any, Optional

import typer

from hht.cli import dates, physio_notes
from hht.cli.context import Context
from hht.errors import UsageError
from hht.term.console import say

if TYPE_CHECKING:  # hht/term/screen.py is loaded only to draw the view, not for --json
    from hht.plan.day import DayPlan
    from hht.term.screen import Line, Span


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
        run_file = store.run_file(day)
        physio = physio_notes.read(store, day)  # outcome scores due, load steps: hht/cli/physio_notes.py
    if start:
        from hht.cli.live_timer import start_session

        start_session(context, timeline, days, day, assessments)
        return
    from hht.plan.day import day_plan

    plan = day_plan(timeline, days, day, assessments)
    found = None
    if run_file is not None:  # the day's run from its file, against the day's session: hht/cli/runs.py
        from hht.cli.runs import today_file

        found = today_file(timeline, days, assessments, day, run_file)
    shown = plan.to_json()
    notes = physio_notes.today_notes(physio, shown, timeline.at(day), days, day)  # the physio's numbers
    if as_json:
        out = {**shown, **notes}
        if found is not None:
            out["run"]["file"] = found
        from hht.term.console import out_json

        out_json(json.dumps(out, indent=2, ensure_ascii=False))
        return
    said = physio_notes.today_lines(notes)  # said under the day's screen, within its lines
    render(plan, found, reserve=sum(1 + len(line) // 80 for line in said))
    for line in said:
        say(line)


def _dots(done: int, needed: int) -> list[Span]:
    done = min(done, needed)
    return [("●" * done, "green"), ("○" * max(needed - done, 0), "dim")]


SCREEN_LINES = 40  # the view fits a screen: what is left out is in `--json` and `hht history`


def render(plan: DayPlan, run_file: dict[str, Any] | None = None, reserve: int = 0) -> None:
    """The day's view, at most SCREEN_LINES lines where it can be: the how of each
    exercise and of the stretching, then the older reasons, give way first."""
    from hht.term import screen

    term = screen.terminal()
    for detail in (3, 2, 1, 0, -1):
        lines = view(plan, term.width, detail, run_file)
        if len(lines) + reserve <= SCREEN_LINES:
            break
    sys.stdout.write(screen.render(lines, term))


def view(plan: DayPlan, width: int, detail: int = 3, run_file: dict[str, Any] | None = None) -> list[Line]:
    """The day's view: a box with the day's decision, a box with why, and what to do next.
    `detail` 3 shows everything; 2 leaves out how to stretch, 1 how to do each of several
    exercises, 0 the older decisions in the Why box, -1 the hints of what to type."""
    from hht.plan import prescription as rx
    from hht.term import screen

    lines: list[screen.Line] = []
    ladder, run, p = plan.ladder, plan.run, plan.prescription
    word = ladder.word.capitalize()
    when = plan.date.strftime("%A %d %B %Y")
    if plan.paused:
        lines += screen.text_panel([(plan.reasons[0], "")], [("See a clinician", "bold")], width, "red", centred=True)

    rows: list[tuple[str, list[Span]]] = []
    if p.stopped:
        rows.append(
            (
                "Rest",
                [
                    ("no exercise dose today", "red"),
                    (": all loading stops until a clinician has seen you and an assessment has no red flag", ""),
                ],
            )
        )
        rows.append((word, [(f"{ladder.stage} of {ladder.stages}: {ladder.name} (on hold)", "")]))
    elif ladder.complete:
        assert ladder.maintenance is not None
        rows.append(("Ladder", [("complete", "green"), (": maintenance work", "")]))
        for exercise in ladder.maintenance.exercises:
            how = [("\n", ""), (exercise.how, "dim")] if detail >= 2 else []
            rows.append(("", [(exercise.name, "bold"), (f": {exercise.dose}", ""), *how]))
    else:
        rows.append((word, [(f"{ladder.stage} of {ladder.stages}: ", ""), (ladder.name, "bold cyan")]))
        if p.session == rx.REST:
            rows.append(
                ("", [("rest day", "yellow"), (" for this heavy work: the tendon has 48 hours between sessions", "")])
            )
        several = ladder.exercises is not None and len(ladder.exercises) > 1
        if several:  # each exercise once: its name and dose, then how
            assert ladder.exercises is not None
            for n, exercise in enumerate(ladder.exercises):
                how = [("\n", ""), (exercise.how, "dim")] if detail >= 2 else []
                label = ("Next time" if p.session == rx.REST else "Dose") if n == 0 else ""  # a rest day: no dose
                rows.append((label, [(exercise.name, "bold"), (f": {exercise.dose}", ""), *how]))
        else:
            rows.append(("Next time" if p.session == rx.REST else "Dose", [(ladder.dose or "", "")]))
            rows.append(("How", [(ladder.how or "", "")]))
        moving = "to move up" if not plan.paused else "(none counts while progression is paused)"
        count = min(ladder.pain_free_sessions, ladder.needed)
        rows.append(
            (
                "Progress",
                [
                    *_dots(ladder.pain_free_sessions, ladder.needed),
                    (f"  {count} of {ladder.needed} pain-free sessions {moving}", ""),
                ],
            )
        )
    done = ladder.logged
    if done is not None:
        dose = "partial dose" if done.partial else "full dose"
        rows.append(("", [("logged today", "green"), (f" at {done.exercise}/10, {dose}", "")]))
    rows += run_rows(plan)
    if run_file is not None:
        from hht.cli.runs import today_rows

        rows += today_rows(run_file)
    stretch = plan.stretching
    if stretch is None:
        rows.append(("Stretch", [("none into the ache while loading is stopped", "")]))
    else:
        how = [("\n", ""), (stretch.how, "dim")] if detail >= 3 else []
        rows.append(("Stretch", [(stretch.summary, ""), *how]))
    cross = plan.cross_training
    if cross.allowed:  # why is in `--json`: the assessment's stretch was pain-free
        rows.append(("Cross-train", [("allowed", "green"), (f": {', '.join(cross.ideas)}", "")]))
    else:
        rows.append(("Cross-train", [("not yet\n", ""), (cross.reason, "dim")]))
    lines += screen.panel(screen.grid(rows, width - 4), [("Today", "bold"), (f" · {when}", "")], width, "cyan")

    reasons = list(plan.reasons[1:] if plan.paused else plan.reasons)
    if detail < 1:  # the last move of each track, made before today: in `hht history`
        reasons = [r for r in reasons if r not in plan.earlier]
    reasons = [r for r in reasons if r != run.state.reason]  # said in the panel above
    why: list[Span] = [("\n".join("• " + reason for reason in reasons), "")]
    if plan.today:
        why.append(("\n\n" if reasons else "", ""))
        why.append(("Decided today:", "bold"))
        why += [(f"\n• {decision.reason}", "") for decision in reversed(plan.today)]
    lines += screen.text_panel(why, [("Why", "")], width, "dim")

    after: list[list[Span]] = []
    if not plan.assessed:
        after.append(
            [
                ("Tip:", "yellow"),
                (" run ", ""),
                ("hht assess", "bold"),
                (" first: it screens for red flags and tells you what you can safely do.", ""),
            ]
        )
    if p.run == rx.RUN and run.logged is None:
        after.append(
            [("Time the run with ", "dim"), ("hht today --start", "bold dim"), (": space pauses, Ctrl-C stops.", "dim")]
        )
    elif p.session == rx.DUE and not ladder.complete and done is None and timed_holds(plan):
        after.append(
            [
                ("Time the holds with ", "dim"),
                ("hht today --start", "bold dim"),
                (": space pauses, Ctrl-C stops.", "dim"),
            ]
        )
    if plan.load_test_missing:
        assert plan.protocol.load_test is not None
        after.append(
            [("Still to rate today: the load test (", "dim"), ("hht log --load-test N", "bold dim"), (").", "dim")]
        )
    if plan.logged_today:
        after.append(
            [
                (f"Logged today: {plan.logged_today}. ", "dim"),
                ("hht log", "bold dim"),
                (" again adds or corrects a value.", "dim"),
            ]
        )
    else:
        after.append([("Log the day with ", "dim"), ("hht log", "bold dim"), ("; pain is 0-10, 0 is none.", "dim")])
    if plan.week:
        after.append([("The week's decisions: ", "dim"), ("hht history", "bold dim"), (".", "dim")])
    if detail < 0:  # the last to give way: the hints of what to type (`hht -h` has them)
        after = [spans for spans in after if spans[0][0].startswith(("Logged today", "Still to rate"))]
    for spans in after:
        lines += screen.wrap(spans, width)
    return lines


def timed_holds(plan: DayPlan) -> bool:
    """Whether the stage has holds for `--start` to time."""
    return plan.ladder.hold_seconds is not None or any(e.hold_seconds for e in plan.ladder.exercises or ())


def run_rows(plan: DayPlan) -> list[tuple[str, list[Span]]]:
    """The run's rows in the day's panel."""
    from hht.plan import prescription as rx
    from hht.plan.words import tally

    run, p = plan.run, plan.prescription
    state = run.state
    if p.run == rx.RUN_STOPPED or (p.stopped and p.run == rx.LOCKED):  # no gate to work toward either
        where = f" (the plan stays at week {run.week} of {run.weeks})" if run.week else ""
        return [("Run", [(f"none while loading is stopped{where}", "")])]
    if p.run == rx.LOCKED:
        return [("Run", [("not open yet:", "dim"), *(("\n• " + m, "dim") for m in state.missing)])]
    if p.run == rx.COMPLETE:
        return [("Run", [("plan complete", "green"), (f": {state.reason}", "")])]
    week = f"week {run.week} of {run.weeks}"
    if p.run == rx.PAUSED:
        return [("Run", [("paused", "red"), (f" · {week}\n{state.reason}", "")])]
    if p.run == rx.RUN_REST:  # cross-training has its own row
        return [("Run", [("rest day", "yellow"), (f" · {week}\n{state.reason}", "")])]
    rows: list[tuple[str, list[Span]]] = [
        (
            "Run",
            [(f"{week.capitalize()}: ", ""), (run.session or "", "bold cyan"), ("\n", ""), (run.guidance or "", "dim")],
        )
    ]
    if run.logged is not None:
        rows.append(("", [("logged today", "green"), (f" at {run.logged}/10", "")]))
    step = p.step
    assert step is not None
    if step.sets is not None and step.week.max_sets is not None:
        rows.append(
            (
                "Run steps",
                [
                    *_dots(step.sets, step.week.max_sets),
                    (f"  {step.sets} of {step.week.max_sets} sets; a pain-free run adds one", ""),
                ],
            )
        )
    elif state.week_started is not None:
        needed = step.week.min_pain_free_runs or 0
        day = (plan.date - state.week_started).days + 1
        rows.append(
            (
                "Run steps",
                [
                    *_dots(state.pain_free_runs, needed),
                    (
                        f"  {tally(state.pain_free_runs, needed, 'pain-free run')} "
                        f"since {state.week_started}; day {max(day, 0)} of at least "
                        f"{step.week.min_days}",
                        "",
                    ),
                ],
            )
        )
    return rows
