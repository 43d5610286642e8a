"""The command line: typer wiring, the one error boundary, exit codes.

Commands live one per module in hht/cli/commands; they parse, call the pure
modules and render. A command's module is imported only when that command
runs (or when the help lists them all), and heavy imports (questionary,
report rendering) happen inside the commands that need them: `hht today`
loads what `hht today` uses and nothing else.
"""

from __future__ import annotations

import importlib
import sys
from typing import Any, NoReturn, Optional

import typer
import typer.main
from typer import _click as click  # typer 0.28 vendors click; the separate package is not loaded
from typer._click.exceptions import NoArgsIsHelpError
from typer._click.exceptions import UsageError as ClickUsageError  # typer 0.28 vendors click
from typer.core import TyperGroup

from hht.cli import completion
from hht.cli.context import Context
from hht.cli.examples import EXAMPLES
from hht.errors import HHTError
from hht.messages import INPUT_ENDED, INTERRUPTED
from hht.term.console import say

# `-h` wherever `--help` works: the group, every command, the protocol sub-app.
HELP_OPTIONS = {"help_option_names": ["-h", "--help"]}
DAILY = ("today", "status", "log", "assess", "report")  # listed first in the help, under their own heading


def examples(name: str) -> str:
    """The end of a command's --help: its examples from hht/messages.py, one a line, aligned."""
    rows = EXAMPLES[name]
    width = max(len(line) for line, _ in rows)
    return "Examples:\n" + "\n".join(f"{line:<{width}}  # {what}" for line, what in rows)


# name -> (module, attribute): a command function, or a typer app for a group.
COMMANDS = {
    "today": ("hht.cli.commands.today", "today"),
    "status": ("hht.cli.commands.status", "status"),
    "log": ("hht.cli.commands.log", "log"),
    "assess": ("hht.cli.commands.assess", "assess"),
    "report": ("hht.cli.commands.report", "report"),
    "calendar": ("hht.cli.commands.calendar", "calendar"),
    "history": ("hht.cli.commands.history", "history"),
    "undo": ("hht.cli.commands.undo", "undo"),
    "backup": ("hht.cli.commands.backup", "backup"),
    "export": ("hht.cli.commands.export", "export"),
    "import": ("hht.cli.commands.import_cmd", "import_"),
    "import-runs": ("hht.cli.commands.import_runs", "import_runs"),
    "protocol": ("hht.cli.commands.protocol_cmd", "app"),
    "outcome": ("hht.cli.commands.outcome", "app"),
    "check": ("hht.cli.commands.check", "check"),
}


class HHTGroup(TyperGroup):
    """Loads each command when it is used, and turns HHTError, a misused
    option, Ctrl-C and Ctrl-D into one line on stderr and an exit code."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in COMMANDS:
            return None
        module, attribute = COMMANDS[name]
        target = getattr(importlib.import_module(module), attribute)
        panel = "Every day" if name in DAILY else "Your data and the rules"
        if isinstance(target, typer.Typer):
            command: click.Command = typer.main.get_group(target)
            command.rich_help_panel = panel  # type: ignore[attr-defined]
            for sub_name, sub in getattr(command, "commands", {}).items():
                sub.context_settings = {**HELP_OPTIONS, **sub.context_settings}
                sub.epilog = examples(f"{name} {sub_name}")
            command.context_settings = {**HELP_OPTIONS, **command.context_settings}
            command.epilog = examples(name)
        else:
            command = typer.main.get_command_from_info(
                typer.models.CommandInfo(
                    name=name,
                    callback=target,
                    context_settings=dict(HELP_OPTIONS),
                    epilog=examples(name),
                    rich_help_panel=panel,
                ),
                pretty_exceptions_short=app.pretty_exceptions_short,
                rich_markup_mode=app.rich_markup_mode,
            )
        command.name = name
        return command

    def resolve_command(self, ctx: click.Context, args: list[str]) -> Any:
        """An unknown command gets the closest ones offered, as git does (`hht tody`: today)."""
        try:
            return super().resolve_command(ctx, args)
        except ClickUsageError as exc:
            if args and "Did you mean" not in exc.message:
                from hht.inputs import closest

                matches = closest(args[0], list(COMMANDS))
                if matches:
                    exc.message = f"{exc.message.rstrip('.')}. Did you mean {' or '.join(map(repr, matches))}?"
            raise

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)
        except ClickUsageError as exc:
            usage_error(exc)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except HHTError as exc:
            say(f"hht: {exc}", err=True)
            ctx.exit(exc.exit_code)
        except ClickUsageError as exc:  # a subcommand's options, as click parses them
            usage_error(exc)
        except KeyboardInterrupt:
            say(f"\nhht: {INTERRUPTED}", err=True)
            ctx.exit(130)
        except EOFError:  # Ctrl-D at a question
            say(f"\nhht: {INPUT_ENDED}", err=True)
            ctx.exit(1)
        except (typer.Exit, typer.Abort, click.ClickException):
            raise
        except BrokenPipeError:
            raise  # the reader went away (`hht export | head`): end quietly, in main()
        except Exception as exc:
            if debugging(ctx):
                raise
            say(f"hht: {fault_sentence(ctx, exc)}", err=True)
            ctx.exit(1)


def debugging(ctx: click.Context) -> bool:
    """Whether to show tracebacks: --debug, or HHT_DEBUG=1."""
    import os

    return bool(getattr(ctx.obj, "debug", False)) or os.environ.get("HHT_DEBUG", "") not in ("", "0")


def fault_sentence(ctx: click.Context, exc: Exception) -> str:
    """One sentence for an exception no command turned into an HHTError."""
    import sqlite3

    if isinstance(exc, sqlite3.Error):
        from hht.store.faults import storage_error

        context = ctx.obj
        path = context.db_path if isinstance(context, Context) else None
        return str(storage_error(path, exc))
    if isinstance(exc, OSError):
        from hht.faults import os_reason
        from hht.stdio import OutputError, silence_stdout

        if isinstance(exc, OutputError):
            silence_stdout()
            return f"Cannot write to standard output: {os_reason(exc)}."
        where = f" {exc.filename}" if exc.filename else ""
        return f"Cannot use{where}: {os_reason(exc)}; the command stopped there."
    if isinstance(exc, MemoryError):
        return "The computer ran out of memory; the command stopped there."
    return (
        f"An unexpected error ({type(exc).__name__}) stopped the command: this is a bug in hht. "
        "The details were not shown; run it again with --debug (or HHT_DEBUG=1) to see them, "
        "and please report them."
    )


def usage_error(exc: ClickUsageError) -> NoReturn:
    """One sentence and exit 2, rather than click's usage block; bare `hht` still shows the help."""
    if isinstance(exc, NoArgsIsHelpError):
        raise exc
    where = exc.ctx.command_path if exc.ctx else "hht"
    message = exc.format_message()
    if message.endswith("?"):  # a question: did you mean ...?
        say(f"hht: {message} See '{where} --help'.", err=True)
    else:
        say(f"hht: {message.rstrip('.')} (see '{where} --help').", err=True)
    raise typer.Exit(2)


app = typer.Typer(
    cls=HHTGroup,
    name="hht",
    help="A self-assessment and rehab tracker for runners with high hamstring tendinopathy.",
    no_args_is_help=True,
    context_settings=HELP_OPTIONS,
    epilog=examples(""),
    add_completion=True,  # typer's --install-completion and --show-completion: bash, zsh, fish
    pretty_exceptions_show_locals=False,  # never print a runner's data in a traceback
)


@app.callback()
def main_options(
    ctx: typer.Context,
    version: bool = typer.Option(
        False,
        "--version",
        "-V",
        is_eager=True,
        expose_value=False,
        callback=lambda value: show_version(value),
        help="Print hht's version and exit.",
    ),
    db: Optional[str] = typer.Option(
        None,
        "--db",
        metavar="PATH",
        help="The database file (default: $HHT_DB, else your data directory).",
        autocompletion=completion.paths,
    ),
    protocol: Optional[str] = typer.Option(
        None,
        "--protocol",
        metavar="FILE",
        help="A protocol file to use (default: $HHT_PROTOCOL, else the shipped one).",
        autocompletion=completion.paths,
    ),
    debug: bool = typer.Option(
        False, "--debug", help="Show the full traceback of an unexpected error (or set HHT_DEBUG=1)."
    ),
) -> None:
    ctx.obj = Context(db_option=db, protocol_option=protocol, debug=debug)


def show_version(value: bool) -> None:
    if value:
        from hht import version

        click.echo(f"hht {version()}")
        raise typer.Exit()


def main() -> None:
    from hht import stdio

    refusal = stdio.prepare()  # hht.launch has done it already; a second time changes nothing
    if refusal:
        print(f"hht: {refusal}", file=sys.stderr)
        sys.exit(2 if "argument" in refusal else 1)
    try:
        app(prog_name="hht")
        code: Any = 0
    except SystemExit as exc:
        code = exc.code
    except Exception as exc:  # before any command ran: `hht --help` or `--version` meeting a full disk
        code = _before_any_command(exc)
    sys.exit(stdio.finish(code))


def _before_any_command(exc: Exception) -> int:
    """The exit code, and one sentence, for what went wrong while the options
    before a command were read (the command's own errors meet HHTGroup.invoke)."""
    import os

    from hht import stdio

    if isinstance(exc, BrokenPipeError) or stdio.reader_went_away():
        stdio.silence_stdout()
        return 0
    if "--debug" in sys.argv[1:] or os.environ.get("HHT_DEBUG", "") not in ("", "0"):
        raise exc
    say(f"hht: {fault_sentence(click.Context(app_command()), exc)}", err=True)
    return 1


def app_command() -> click.Command:
    return typer.main.get_command(app)
