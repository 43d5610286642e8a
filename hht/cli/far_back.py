"""A day far before anything recorded: most likely a mistyped year.

`hht log --date 2025-03-16` in 2026, a year before the first entry, would
make the report's period a year long. A day more than FAR_BACK_DAYS before
the earliest day recorded is asked about in a terminal and needs `--yes`
without one; nothing is written until it is confirmed.
"""

from __future__ import annotations

import sys
from datetime import date
from typing import TYPE_CHECKING

from hht.errors import HHTError, UsageError

if TYPE_CHECKING:
    from hht.cli.context import Context

FAR_BACK_DAYS = 60
YES_HELP = f"Record a day more than {FAR_BACK_DAYS} days before your first entry without asking."


def confirm(context: Context, day: date, today: date, yes: bool) -> None:
    """Return if `day` may be recorded; ask in a terminal when it lies more than
    FAR_BACK_DAYS before the first day recorded; else refuse in one sentence."""
    if yes or (today - day).days <= FAR_BACK_DAYS:  # nothing recorded lies after today: no need to look
        return
    if not context.db_path.is_file():
        return
    with context.reader() as store:
        first = store.first_record_day()
    if first is None or (first - day).days <= FAR_BACK_DAYS:
        return
    gap = (first - day).days
    sentence = f"{day} is {gap} days before your first entry ({first})"
    if sys.stdin.isatty() and sys.stdout.isatty():
        import questionary

        from hht.term.console import question

        if questionary.confirm(question(f"{sentence}. Record it for {day}?"), default=False).unsafe_ask():
            return
        raise HHTError(f"Nothing was recorded: {sentence}, and you chose not to record it.")
    raise UsageError(f"{sentence}: if that is the day you mean, pass --yes; nothing was written.")
