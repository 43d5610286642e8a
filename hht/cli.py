"""The command line: typer wiring, the one error boundary, exit codes.

Commands live one per module in hht/commands; they parse, call the pure
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

from hht.context import Context
from hht.errors import HHTError
from hht.messages import INPUT_ENDED, INTERRUPTED


# name -> (module, attribute): a command function, or a typer app for a group.
COMMANDS = {
    "today": ("hht.commands.today", "today"),
    "status": ("hht.commands.status", "status"),
    "log": ("hht.commands.log", "log"),
    "assess": ("hht.commands.assess", "assess"),
    "report": ("hht.commands.report", "report"),
    "calendar": ("hht.commands.calendar", "calendar"),
    "history": ("hht.commands.history", "history"),
    "undo": ("hht.commands.undo", "undo"),
    "backup": ("hht.commands.backup", "backup"),
    "export": ("hht.commands.export", "export"),
    "import": ("hht.commands.import_cmd", "import_"),
    "protocol": ("hht.commands.protocol_cmd", "app"),
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
        if isinstance(target, typer.Typer):
            command: click.Command = typer.main.get_group(target)
        else:
            command = typer.main.get_command_from_info(
                typer.models.CommandInfo(name=name, callback=target),
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
            click.echo(f"hht: {exc}", err=True)
            ctx.exit(exc.exit_code)
        except ClickUsageError as exc:  # a subcommand's options, as click parses them
            usage_error(exc)
        except KeyboardInterrupt:
            click.echo(f"\nhht: {INTERRUPTED}", err=True)
            ctx.exit(130)
        except EOFError:  # Ctrl-D at a question
            click.echo(f"\nhht: {INPUT_ENDED}", err=True)
            ctx.exit(1)


def usage_error(exc: ClickUsageError) -> NoReturn:
    """One sentence and exit 2, rather than click's usage block; bare `hht` still shows the help."""
    if isinstance(exc, NoArgsIsHelpError):
        raise exc
    where = exc.ctx.command_path if exc.ctx else "hht"
    click.echo(f"hht: {exc.format_message().rstrip('.')} (see '{where} --help').", err=True)
    raise typer.Exit(2)


app = typer.Typer(
    cls=HHTGroup,
    name="hht",
    help="A self-assessment and rehab tracker for runners with high hamstring tendinopathy.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,  # never print a runner's data in a traceback
)


@app.callback()
def main_options(
    ctx: typer.Context,
    db: Optional[str] = typer.Option(
        None, "--db", metavar="PATH", help="The database file (default: $HHT_DB, else your data directory)."
    ),
    protocol: Optional[str] = typer.Option(
        None, "--protocol", metavar="FILE", help="A protocol file to use (default: $HHT_PROTOCOL, else the shipped one)."
    ),
) -> None:
    ctx.obj = Context(db_option=db, protocol_option=protocol)




def main() -> None:
    app(prog_name="hht")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
