"""`hht status` for a shell prompt: read the database, print the line.

For a shell prompt, a tmux status bar or a desktop notifier, so it is built
to be fast and to never break them: it reads the database read-only, says
nothing when there is no database yet, and imports neither typer nor rich.
`hht.launch` runs it before the CLI is even imported (`fast`), when
hht/cli/status_cache.py has no answer kept for it; the typer
command in hht/cli/commands/status.py is the same code, for `--help` and the
rare call the fast path does not take. What the line says is
hht/plan/status.py's.
"""

from __future__ import annotations

import json
import sqlite3
import sys
from collections.abc import Callable, Sequence
from typing import Any

from hht.cli import physio_notes
from hht.cli.status_cache import parse, say
from hht.errors import HHTError
from hht.plan.status import status


def show(context: Any, as_json: bool) -> str:
    """What `hht status` prints: the line, or one JSON object; "" when there is no database yet."""
    from hht.cli import dates
    from hht.store import faults
    from hht.store.opening import open_reader

    path = context.db_path
    store = open_reader(path)
    if store is None:
        return ""
    with store:
        on = dates.today()
        preview = context.previewed()  # a broken what-if protocol stops here
        try:
            days = store.days(until=on)
            assessments = store.assessment_summaries()
            timeline = preview or context.timeline(store)  # else the protocols adopted, read from this read-only store
            physio = physio_notes.read(store, loads=False)  # the outcome scores due: hht/cli/physio_notes.py
        except sqlite3.Error as exc:  # damage found while reading: named, with what to do
            raise faults.storage_error(path, exc) from None
    result = status(timeline, days, assessments, on)
    result = physio_notes.status_with_outcomes(result, physio, on)
    if as_json:
        from hht.jsonout import encodable

        return encodable(json.dumps(result, ensure_ascii=False), sys.stdout)
    return result["line"]


def fast(argv: Sequence[str], keep: Callable[[str], None] | None = None) -> int | None:
    """Run `hht status` without the CLI; None when argv is not a plain status call (the CLI takes it).
    What it printed is handed to `keep` (hht/cli/status_cache.py keeps it).

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
        from hht.cli.context import Context

        text = show(Context(db_option=db, protocol_option=protocol), as_json)
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # a damaged database, or a bug: never a traceback in a prompt
        if isinstance(exc, HHTError):
            message, code = str(exc), exc.exit_code
        else:
            message, code = f"status could not be read ({type(exc).__name__}: {exc}).", 1
        from hht.inputs import shown

        print(f"hht: {shown(' '.join(message.split()))}", file=sys.stderr)
        return code
    code = say(text)
    if text and keep is not None:
        keep(text)
    return code
