"""Plain text to the terminal, wrapped at word boundaries: the one path for
everything hht prints without rich (rich wraps its own output).

Cheap to import (the standard library's textwrap and shutil), so the daily
commands can use it. Output to a terminal is wrapped to its width (80
columns when the width is unknown); output to a pipe or a file is left as
one line per sentence, for scripts and grep. JSON never goes through here.
"""

from __future__ import annotations

import shutil
import sys
import textwrap
from typing import TextIO

QMARK = "? "  # questionary's prefix before a question


def width() -> int:
    """The terminal's width in columns ($COLUMNS wins), 80 when unknown, within 20 to 500."""
    from hht.stdio import COLUMNS_RANGE

    low, high = COLUMNS_RANGE
    return min(max(shutil.get_terminal_size((80, 24)).columns, low), high)


def wrap(text: str, columns: int) -> str:
    """Each line of `text` wrapped at word boundaries to `columns`.

    A line keeps its indentation; the continuation of an indented line (an
    item under a heading) hangs two spaces further in. Words longer than a
    line (a path, a URL) are never broken.
    """
    out = []
    for line in text.split("\n"):
        body = line.lstrip(" ")
        lead = line[: len(line) - len(body)]
        if not body:
            out.append("")
            continue
        out.extend(
            textwrap.wrap(
                body,
                columns,
                initial_indent=lead,
                subsequent_indent=lead + ("  " if lead else ""),
                break_long_words=False,
                break_on_hyphens=False,
            )
        )
    return "\n".join(out)


def say(text: str = "", *, err: bool = False) -> None:
    """Print `text`, wrapped to the terminal's width when it goes to a terminal.
    A control character in it (from a file name, say) is shown as an escape,
    never obeyed: only line breaks and tabs pass."""
    from hht.inputs import escape_controls

    text = escape_controls(text, keep="\n\t")
    stream: TextIO = sys.stderr if err else sys.stdout
    if stream.isatty():
        text = wrap(text, width())
    stream.write(text + "\n")
    stream.flush()


def out(text: str, *, nl: bool = True) -> None:
    """Print `text` to standard output as it is (a page, a file's copy): never
    wrapped, and through the stream hht set up (hht/stdio.py), so that an
    ASCII-only locale replaces what it cannot encode and a full disk or a
    reader gone away is told apart."""
    sys.stdout.write(text + ("\n" if nl else ""))


def out_json(text: str) -> None:
    """Print JSON text whole: under a locale that cannot encode a character,
    as a \\u escape that reads back as the same character (hht/jsonout.py)."""
    from hht.jsonout import encodable

    out(encodable(text, sys.stdout))


def question(text: str, detail: str | None = None, *, suffix: int = 8) -> str:
    """A questionary prompt that reads at the terminal's width.

    The question is wrapped to leave room for questionary's "? " and the
    answer hint after it (`suffix` columns, such as " (y/N) "); `detail`, if
    any, goes on lines of its own under the question.
    """
    columns = width()
    lines = textwrap.wrap(
        text, max(columns - len(QMARK) - suffix, 20), break_long_words=False, break_on_hyphens=False
    ) or [""]
    for paragraph in (detail or "").split("\n"):  # each line of the detail keeps its own line
        lines += textwrap.wrap(
            paragraph, max(columns - len(QMARK) - suffix, 20), break_long_words=False, break_on_hyphens=False
        )
    return ("\n" + " " * len(QMARK)).join(lines)
