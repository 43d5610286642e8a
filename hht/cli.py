"""The command line: typer wiring, the one error boundary, exit codes.

Commands live one per module in hht/commands; they parse, call the pure
modules and render. Heavy imports (questionary, report rendering) happen
inside the commands that need them.
"""

from __future__ import annotations

import sys
from typing import Any, NoReturn, Optional

import click
import typer
from typer._click.exceptions import NoArgsIsHelpError
from typer._click.exceptions import UsageError as ClickUsageError  # typer 0.28 vendors click
from typer.core import TyperGroup

from hht.context import Context
from hht.errors import HHTError
from hht.messages import INPUT_ENDED, INTERRUPTED


class HHTGroup(TyperGroup):
    """Turns HHTError, a misused option, Ctrl-C and Ctrl-D into one line on stderr and an exit code."""

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


from hht.commands import assess as _assess  # noqa: E402
from hht.commands import backup as _backup  # noqa: E402
from hht.commands import export as _export  # noqa: E402
from hht.commands import history as _history  # noqa: E402
from hht.commands import import_cmd as _import  # noqa: E402
from hht.commands import log as _log  # noqa: E402
from hht.commands import protocol_cmd as _protocol  # noqa: E402
from hht.commands import report as _report  # noqa: E402
from hht.commands import today as _today  # noqa: E402
from hht.commands import undo as _undo  # noqa: E402

app.command("assess")(_assess.assess)
app.command("log")(_log.log)
app.command("today")(_today.today)
app.command("report")(_report.report)
app.command("history")(_history.history)
app.command("undo")(_undo.undo)
app.command("backup")(_backup.backup)
app.command("export")(_export.export)
app.command("import")(_import.import_)
app.add_typer(_protocol.app, name="protocol")


def main() -> None:
    app(prog_name="hht")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
