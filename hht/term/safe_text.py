"""User text made harmless for each place hht shows it.

A note, a label from a custom protocol or anything imported may hold what an
output format would obey rather than show: rich markup and terminal control
characters, Markdown and HTML markup, spreadsheet formulas. Each renderer
passes user text through the one function for its format; `neutral` applies
one to every string in a report's model.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from hht.inputs import escape_controls

# What can open Markdown or HTML anywhere in a line ("|" is the table's to
# escape); "_" only at a word's edge, where it can open emphasis, so that an
# identifier such as step_back stays as it is.
_MARKDOWN = re.compile(r"([\\`*\[\]<>#!~&]|(?<![0-9A-Za-z])_|_(?![0-9A-Za-z]))")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def visible(text: str) -> str:
    """Control characters as visible escapes (ESC is shown as \\x1b), never raw."""
    return escape_controls(text, keep="\t\n")


def terminal(text: str) -> str:
    """For rich: markup escaped, so `[b]` shows as typed; controls visible."""
    from rich.markup import escape

    return escape(visible(text))


def markdown(text: str) -> str:
    """For Markdown: on one line, with every character that could open markup
    (HTML, links, emphasis, code, headings) backslash-escaped."""
    return _MARKDOWN.sub(r"\\\1", visible(text).replace("\r", " ").replace("\n", " "))


# A code span hht writes in its own sentences (`hht assess`): one backtick each side, none inside.
CODE_SPAN = re.compile(r"(?<!`)`([^`\n]+)`(?!`)")


def markdown_code(text: str) -> str:
    """For Markdown, hht's own sentences: as `markdown`, but a code span stays one
    (`hht assess` shows as code, not as escaped backticks). Markdown reads nothing
    inside a code span, so what is in it is shown as typed."""
    text = visible(text).replace("\r", " ").replace("\n", " ")
    out, last = [], 0
    for span in CODE_SPAN.finditer(text):
        out += [_MARKDOWN.sub(r"\\\1", text[last : span.start()]), span.group(0)]
        last = span.end()
    return "".join(out) + _MARKDOWN.sub(r"\\\1", text[last:])


def csv_cell(value: Any) -> Any:
    """For a spreadsheet: a text cell that would start a formula gets a leading
    apostrophe (OWASP's advice on CSV injection); controls visible."""
    if not isinstance(value, str):
        return value
    if value.startswith(_FORMULA_START):
        value = "'" + value
    return visible(value)


def neutral(model: Any, clean: Callable[[str], str]) -> Any:
    """The model with `clean` applied to every string value (keys are hht's own)."""
    if isinstance(model, str):
        return clean(model)
    if isinstance(model, dict):
        return {k: neutral(v, clean) for k, v in model.items()}
    if isinstance(model, (list, tuple)):
        return [neutral(v, clean) for v in model]
    return model
