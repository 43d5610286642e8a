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

        if isinstance(exc, OutputError):
            _silence_stdout()
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
    say(f"hht: {exc.format_message().rstrip('.')} (see '{where} --help').", err=True)
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
    refusal = _check_process()
    if refusal:
        print(f"hht: {refusal}", file=sys.stderr)
        sys.exit(2 if "argument" in refusal else 1)
    if sys.stdout is not None:
        sys.stdout = _Stdout(sys.stdout)
    try:
        app(prog_name="hht")
        code: Any = 0
    except SystemExit as exc:
        code = exc.code
    sys.exit(_flush_stdout(code))


def _check_process() -> str | None:
    """Refuse, in one sentence, what would break hht before it starts: an
    argument that is not valid UTF-8, or a closed standard output. A closed
    standard input or error is pointed at /dev/null, so no file hht opens
    can take its place."""
    import os

    for n, arg in enumerate(sys.argv[1:], start=1):
        try:
            arg.encode("utf-8")
        except UnicodeEncodeError:
            return (
                f"argument {n} is not valid UTF-8 text (it holds bytes hht cannot read as characters); "
                "type it again in UTF-8."
            )
    closed = []
    for fd in (0, 1, 2):
        try:
            os.fstat(fd)
        except OSError:
            closed.append(fd)
    for fd in closed:
        null = os.open(os.devnull, os.O_RDWR)  # the lowest free descriptor: fd itself
        if null != fd:
            os.dup2(null, fd)
            os.close(null)
    if 1 in closed:
        return "standard output is closed, so hht could not show what it did; nothing was done."
    return None


class OutputError(OSError):
    """Standard output refused what hht wrote (full disk, device error)."""


class _Stdout:
    """sys.stdout, with its failures told apart from those of files hht opens."""

    def __init__(self, stream: Any):
        self._stream = stream

    def write(self, text: str) -> int:
        try:
            return self._stream.write(text)
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise OutputError(exc.errno, exc.strerror) from None

    def flush(self) -> None:
        try:
            self._stream.flush()
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise OutputError(exc.errno, exc.strerror) from None

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def _silence_stdout() -> None:
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass


def _flush_stdout(code: Any) -> Any:
    """Push out what is buffered, within the error boundary: a reader that went
    away ends hht quietly (as `head` expects); a full disk is one sentence."""
    try:
        if sys.stdout is not None:
            sys.stdout.flush()
        return code
    except BrokenPipeError:
        pass
    except OSError as exc:
        from hht.faults import os_reason

        print(f"hht: cannot write to standard output: {os_reason(exc)}.", file=sys.stderr)
    # Nothing more can reach standard output: point it at /dev/null so the
    # interpreter's own flush at exit does not complain.
    _silence_stdout()
    return 1
