"""`hht assess`: the red-flag screen, the three self-tests on each side, and
what the result unlocks.

In a terminal it asks; with --answers it reads the same answers as JSON.
Nothing is stored until the last answer is in: Ctrl-C at any question
raises KeyboardInterrupt, which the CLI's boundary turns into exit 130.
"""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Optional

import typer

from hht.cli import completion, dates, far_back
from hht.cli.context import Context
from hht.errors import UsageError
from hht.messages import ASSESS_NEEDS_TERMINAL, continued
from hht.rules.assessment.answers import parse_answers, validate
from hht.rules.assessment.questions import rapid_skip_reason, red_flags_by_urgency, self_tests
from hht.rules.assessment.scoring import score
from hht.rules.assessment.trend import earlier_answers
from hht.rules.protocol.model import TEST_IDS, Protocol
from hht.rules.records import SIDES

if TYPE_CHECKING:
    from hht.plan.day import DayPlan

TEST_COLUMNS = {"standing_stretch": "standing", "bent_knee": "bent-knee", "rapid_extension": "rapid"}
SIDE_CHOICES = {"left": ["left"], "right": ["right"], "both": list(SIDES)}


def assess(
    ctx: typer.Context,
    answers_file: Optional[str] = typer.Option(
        None,
        "--answers",
        metavar="FILE",
        help="Read the answers as JSON from FILE (- for stdin) instead of asking.",
        autocompletion=completion.paths,
    ),
    as_json: bool = typer.Option(
        False, "--json", help="Print the result (or, with --history, every assessment) as JSON."
    ),
    on: Optional[str] = typer.Option(
        None, "--date", metavar="DAY", help=f"Record an assessment done on an earlier day ({dates.DATE_WORDS})."
    ),
    history: bool = typer.Option(False, "--history", help="Show past assessments side by side."),
    yes: bool = typer.Option(False, "--yes", "-y", help=far_back.YES_HELP),
) -> None:
    """Screen for red flags, self-test each affected side, and see what it unlocks.

    A screen to guide self-management, not a diagnosis.
    """
    context: Context = ctx.obj
    if history:
        if answers_file is not None or on is not None:
            raise UsageError("--history shows past assessments: leave out --answers and --date with it.")
        show_history(context, as_json)
        return
    now = dates.now()
    day = dates.parse_day(on, now.date()) if on else now.date()
    far_back.confirm(context, day, now.date(), yes)  # before any question: a mistyped year is asked about first
    protocol = context.protocol(day)
    if answers_file is not None:
        raw = read_answers(answers_file)
    elif as_json:
        raise UsageError(
            "--json prints the result of --answers FILE (or --history); "
            "in a terminal, leave --json out and answer the questions."
        )
    elif not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise UsageError(ASSESS_NEEDS_TERMINAL)
    else:
        raw = ask(context, protocol, day)
    answers = validate(protocol, raw)

    from hht.plan.day import day_plan
    from hht.plan.views import states

    with context.store() as store:
        # Read against the assessments dated before this one.
        result = score(protocol, answers, day, earlier_answers(store.assessments(), day))
        timeline = context.timeline(store)
        lived = store.days(until=now.date())
        was, _ = states(timeline, lived, now.date(), store.assessment_summaries())
        with store.write():
            store.add_assessment(
                day, now, protocol.name, protocol.version, answers["sides"], answers, result, result["red_flag"]
            )
        after = day_plan(timeline, lived, now.date(), store.assessment_summaries())
    if as_json:
        from hht.term.console import out_json

        out_json(json.dumps(result, indent=2, ensure_ascii=False))
        return
    render_result(result, _pause_note(result, was, after.progress), run_line(after))


def run_line(plan: DayPlan) -> str:
    """The run plan as `hht today` now tells it, after this assessment."""
    from hht.plan import prescription as rx

    p, state = plan.prescription, plan.run.state
    if p.run == rx.LOCKED:
        return "Not open yet: " + "; ".join(state.missing) + "."
    if p.run == rx.RUN_STOPPED:
        return "No running: the red flag stops all loading until a clinician has seen you."
    if p.run in (rx.RUN, rx.RUN_REST):
        return f"Open: week {plan.run.week} of {plan.run.weeks} (`hht today` has the day's run)."
    return state.reason


def read_answers(source: str) -> dict[str, Any]:
    """The answers JSON from a file, or stdin for '-'. Raises UsageError."""
    from hht.files import MAX_SMALL_BYTES, read_bytes, read_stream
    from hht.inputs import shown

    if source == "-":
        raw = read_stream(sys.stdin.buffer, "the answers on stdin", MAX_SMALL_BYTES, UsageError)
        name = "The answers on stdin"
    else:
        raw = read_bytes(Path(source).expanduser(), MAX_SMALL_BYTES, UsageError, f"--answers {shown(source)}")
        name = f"The answers file {shown(source)}"
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise UsageError(f"{name} is not UTF-8 text.") from None
    return parse_answers(text, name)


def _pause_note(result: dict[str, Any], was, state) -> str | None:
    """A line on what this assessment did to a pause, when that is news."""
    if was.paused and not state.paused:
        what = "progression resumes" if was.loading else "loading and progression resume"
        return (
            f"No red flag this time: the pause from the assessment on {was.latest_assessment.date} "
            f"is lifted and {what}."
        )
    if state.paused and not result["red_flag"]:
        return (
            f"Progression stays paused: the assessment on {state.latest_assessment.date}, "
            "later than this one, found a red flag."
        )
    if result["red_flag"] and not state.paused:
        return (
            f"The assessment on {state.latest_assessment.date}, later than this one, found no red "
            "flag, so progression is not paused; still, have this checked before you load the tendon more."
        )
    return None


# --- the questions ----------------------------------------------------------


def ask(context: Context, protocol: Protocol, day: date) -> dict[str, Any]:
    """Ask everything in a terminal; return the answers. Stores nothing."""
    import questionary
    from rich.console import Console
    from rich.panel import Panel
    from rich.text import Text

    from hht.inputs import PAIN_ASK, PAIN_SCALE, is_pain
    from hht.messages import (
        ASSESS_BEFORE_YOU_START,
        DISCLAIMER,
        ROM_HOW,
        ROM_HOW_BOTH,
        ROM_QUESTION,
        TEST_THEN_RATE,
        URGENCY_HEADINGS,
    )
    from hht.term.console import question

    console = Console(emoji=False)  # a runner's `:name:` is shown as typed
    with context.reader() as store:
        saved = store.sides()
    when = "" if day == dates.today() else f", recorded for {day.isoformat()}"
    console.print(f"[bold]hht assess[/bold] · a self-screen for high hamstring tendinopathy{when}\n")

    choices = list(SIDE_CHOICES)
    default = next((name for name, sides in SIDE_CHOICES.items() if sides == saved), None)
    which = "Which side hurts?" if default is None else "Which side hurts? (last time: " + default + ")"
    side_word = questionary.select(question(which), choices=choices, default=default).unsafe_ask()
    answers: dict[str, Any] = {"sides": SIDE_CHOICES[side_word], "red_flags": {}}

    console.print(
        Panel(
            Text(f"{DISCLAIMER}\n\n{ASSESS_BEFORE_YOU_START}"),
            title="Before you start",
            title_align="left",
            border_style="cyan",
        )
    )

    for urgency, flags in red_flags_by_urgency(protocol):
        console.print(f"\n[bold]{URGENCY_HEADINGS[urgency]}[/bold]")
        for flag in flags:
            yes = questionary.confirm(question(*_split(flag.question)), default=False).unsafe_ask()
            answers["red_flags"][flag.id] = yes
            if yes:
                return answers  # a red flag ends the assessment here

    console.print("\n[bold]Your symptoms[/bold]")
    answers["signs"] = {
        sign.id: questionary.confirm(question(*_split(sign.question)), default=False).unsafe_ask()
        for sign in protocol.signs
    }
    how = ROM_HOW_BOTH if len(answers.get("sides", ())) > 1 else ROM_HOW
    answers["range_of_motion_normal"] = questionary.confirm(question(ROM_QUESTION, how), default=False).unsafe_ask()

    tests = self_tests(protocol)
    answers["tests"] = {}
    for side in answers["sides"]:
        done: dict[str, Any] = {}
        for number, test in enumerate(tests, 1):
            title = f"Test {number} of {len(tests)} · {test.name} · {side} leg"
            if test.id == "rapid_extension":
                skip = rapid_skip_reason(protocol, done["bent_knee"]["pain"])
                if skip:
                    console.print(Panel(Text(skip), title=title, title_align="left", border_style="yellow"))
                    continue
            console.print()
            console.print(
                Panel(
                    Text(f"{test.how_alone}\n\n{TEST_THEN_RATE}"), title=title, title_align="left", border_style="cyan"
                )
            )
            pain = int(
                questionary.text(
                    question(f"Pain during the test, {side} leg ({PAIN_SCALE})"),
                    validate=lambda v: is_pain(v) or PAIN_ASK,
                ).unsafe_ask()
            )
            familiar = (
                pain > 0
                and questionary.confirm(question("Was it your familiar deep buttock pain?"), default=False).unsafe_ask()
            )
            done[test.id] = {"pain": pain, "familiar": familiar}
        answers["tests"][side] = done
    return answers


def _split(text: str) -> tuple[str, str | None]:
    """A protocol's question and the parenthesis after its question mark, which goes on a line of its own."""
    head, mark, tail = text.partition("? (")
    if mark and tail.endswith(")"):
        return head + "?", "(" + tail
    return text, None


# --- the result ---------------------------------------------------------------


def _short(name: str) -> str:
    """A test's name without its parenthesis: 'Rapid extension'."""
    return name.split(" (")[0]


def _mark(test: dict[str, Any]) -> str:
    if not test["done"]:
        return "[dim]skipped[/dim]"
    return "[bold yellow]+ positive[/bold yellow]" if test["positive"] else "[green]- negative[/green]"


def _familiar(test: dict[str, Any]) -> str:
    """Whether the pain was the familiar one; blank when the test was not done
    or caused no pain (then the question is not asked)."""
    if not test["done"] or test["pain"] == 0:
        return ""
    return "yes" if test["familiar"] else "no"


def _cell(test: dict[str, Any]) -> str:
    """A test in the history table: its pain and + or -."""
    if not test.get("done", True):
        return "[dim]skipped[/dim]"
    return f"{test['pain']} [bold yellow]+[/bold yellow]" if test["positive"] else f"{test['pain']} [green]-[/green]"


def render_result(result: dict[str, Any], note: str | None = None, running_now: str | None = None) -> None:
    from rich.console import Console, Group, JustifyMethod
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text

    from hht.messages import URGENCY_TITLES

    console = Console(emoji=False)  # a runner's `:name:` is shown as typed
    console.print()
    console.rule(f"[bold]Result[/bold] · {result['date']}", align="left", style="dim")
    saved = f"Saved as the assessment for {result['date']}."
    if result["red_flag"]:
        flags = Table.grid(padding=(0, 1))
        flags.add_column()
        flags.add_column()
        for flag in result["red_flags"]:
            flags.add_row(" •", flag["question"])
        paused = (
            note
            or result.get("plan")
            or (
                "Progression is paused: hht will not move you on until an "
                "assessment has no red flag. The self-tests were skipped."
            )
        )
        body = Group(Text("You answered yes to:"), flags, Text(f"\n{result['advice']}\n", style="bold"), Text(paused))
        console.print(
            Panel(
                body, title=f"[bold]{URGENCY_TITLES[result['urgency']]}[/bold]", title_align="left", border_style="red"
            )
        )
        console.print(f"[dim]{result['screen']} {saved}[/dim]")
        return

    for side, scored in result["per_side"].items():
        table = Table(show_edge=False, pad_edge=False, box=None, padding=(0, 1))
        before = scored.get("changes") or {}
        columns: list[tuple[str, JustifyMethod]] = [
            ("test", "left"),
            ("pain", "right"),
            ("familiar", "left"),
            ("result", "left"),
        ]
        if before:  # the earlier assessment this side is read against
            columns.append((date.fromisoformat(scored["compared_with"]).strftime("%d %b"), "right"))
        columns += [("sens.", "right"), ("spec.", "right")]
        for column, justify in columns:
            table.add_column(column, justify=justify, header_style="dim", no_wrap=column != "test")
        for test_id, test in scored["tests"].items():
            cells = [_short(test["name"]), f"{test['pain']}/10" if test["done"] else "", _familiar(test), _mark(test)]
            if before:
                cells.append(_cell(before[test_id]["before"] or {"done": False}))
            table.add_row(*cells, f"{test['sensitivity']:.2f}", f"{test['specificity']:.2f}")
        parts: list[Any] = [table]
        parts += [Text(t["skip_reason"], style="dim") for t in scored["tests"].values() if t["skip_reason"]]
        parts.append(Text("\n" + scored["interpretation"], style="bold"))
        console.print(
            Panel(
                Group(*parts),
                title=f"[bold]{side.capitalize()} side[/bold]",
                title_align="left",
                border_style="yellow" if scored["positive"] else "green",
            )
        )
    console.print(Text(result["caveat"], style="dim"))

    if result["hints"]:
        console.print(
            Panel(
                Text("\n".join(f"• {hint}" for hint in result["hints"])),
                title="[bold]Worth checking[/bold]",
                title_align="left",
                border_style="yellow",
            )
        )

    unlocks = Table.grid(padding=(0, 2))
    unlocks.add_column(style="bold", no_wrap=True)
    unlocks.add_column()
    cross = result["unlocks"]["cross_training"]
    running = result["unlocks"]["running"]
    unlocks.add_row(
        "Cross-training",
        Text.assemble(
            ("yes" if cross["allowed"] else "not yet", "green" if cross["allowed"] else "yellow"),
            ": ",
            continued(cross["reason"]),
        ),
    )
    unlocks.add_row("Run plan", Text(running_now if running_now is not None else running["reason"]))
    console.print(Panel(unlocks, title="[bold]What this unlocks[/bold]", title_align="left", border_style="cyan"))
    if note:
        console.print(f"[bold]{note}[/bold]")
    console.print(
        f"[bold]{result['screen']}[/bold] [dim]{saved} `hht today` shows the day's plan; "
        "`hht assess --history` shows every assessment.[/dim]"
    )


# --- history ------------------------------------------------------------------


def show_history(context: Context, as_json: bool) -> None:
    with context.reader() as store:
        stored = store.assessments()
    if as_json:
        from hht.term.console import out_json

        out_json(json.dumps([a.to_json() for a in stored], indent=2, ensure_ascii=False))
        return

    from rich import box
    from rich.console import Console
    from rich.table import Table

    console = Console(emoji=False)  # a runner's `:name:` is shown as typed
    if not stored:
        console.print("No assessments yet: run [bold]hht assess[/bold].")
        return
    table = Table(title="Assessments", title_justify="left", box=box.SIMPLE_HEAD, padding=(0, 1))
    table.add_column("date", no_wrap=True)
    table.add_column("side", no_wrap=True)
    for test_id in TEST_IDS:
        table.add_column(TEST_COLUMNS[test_id], justify="center", no_wrap=True)
    table.add_column("motion", no_wrap=True)
    table.add_column("red flag")
    for a in stored:
        r = a.result
        if a.red_flag:
            flags = ", ".join(f"{f['id'].replace('_', ' ')} ({f['urgency']})" for f in r["red_flags"])
            table.add_row(
                a.date.isoformat(),
                "both" if len(a.sides) == 2 else a.sides[0],
                *[""] * len(TEST_IDS),
                "",
                f"[bold red]{flags}[/bold red]",
            )
            continue
        rom = "normal" if r["range_of_motion_normal"] else "[yellow]not normal[/yellow]"
        for i, (side, scored) in enumerate(r["per_side"].items()):
            cells = [_cell(scored["tests"][test_id]) for test_id in TEST_IDS]
            table.add_row(a.date.isoformat() if i == 0 else "", side, *cells, rom if i == 0 else "", "")
    console.print(table)
    console.print(
        "[dim]Each test: its pain 0-10, then + when it reproduced the familiar pain (positive) "
        "or - when it did not. Motion: the hamstring's range of motion against the other leg. "
        "A screen, not a diagnosis.[/dim]"
    )
