"""The day's view, drawn for a terminal: boxed panels of wrapped, styled text.

`hht today` is the command a runner types every day, and most of its time
went on loading rich's console (some 20 ms, a quarter of the command) to draw
three boxes of wrapped text. This draws the same boxes, line for line as
rich draws them (tests/test_screen.py holds it to rich over random text and
widths) but for the three differences said below, from the standard library
alone:

- text is a list of spans, (text, style), never markup: a runner's words and
  a protocol's are drawn as they are, with nothing in them to escape;
- a style is a space-separated set of words: bold, dim, and the terminal's
  own red, green, yellow and cyan;
- lines wrap as rich wraps them, measured in terminal cells (a wide
  character takes two): a word that fits goes on the line, one that fits no
  line is folded (in the grid too, where rich's table would cut it short),
  and the spaces at a break that overflow are dropped;
- the terminal's width and whether it takes colour are found as rich finds
  them ($COLUMNS, then the terminal, else 80; FORCE_COLOR, TTY_COMPATIBLE,
  NO_COLOR and TERM=dumb are obeyed);
- a line that starts with a bullet hangs its continuation lines under its
  text (rich does not), so each reason in the Why panel reads as one item;
- in a terminal too narrow for the grid's two columns (fewer than
  `NARROWEST` cells beside the labels), each text goes under its label,
  where rich would squeeze it into a column a few cells wide.

Everything else hht shows in a terminal (the report, the history, the live
timer) is drawn by rich.
"""

from __future__ import annotations

import os
import re
import sys
import unicodedata
from collections.abc import Iterable, Mapping
from typing import NamedTuple, TextIO

Span = tuple[str, str]  # (text, style)
Line = list[Span]  # one line on screen, without its newline

# SGR codes of the styles the day's view uses; a colour is left out under NO_COLOR.
ATTRIBUTES = {"bold": "1", "dim": "2"}
COLOURS = {"red": "31", "green": "32", "yellow": "33", "cyan": "36"}

# rich's ROUNDED box
TOP_LEFT, TOP_RIGHT, BOTTOM_LEFT, BOTTOM_RIGHT, ACROSS, DOWN = "╭", "╮", "╰", "╯", "─", "│"

_WORD = re.compile(r"\s*\S+\s*")
BULLET = "• "  # a line that starts with it hangs its continuation lines under its text
NARROWEST = 12  # the fewest cells a grid's text column wraps in; narrower, the text goes under its label


class Terminal(NamedTuple):
    """Where the view goes: its width in cells, and how it may be styled."""

    width: int
    styled: bool  # the stream is a terminal that obeys escape sequences
    colour: bool  # and may show colour (not under NO_COLOR)


def terminal(stream: TextIO | None = None, environ: Mapping[str, str] | None = None) -> Terminal:
    """The terminal `stream` (default standard output) writes to, as rich's Console judges it."""
    stream = stream if stream is not None else sys.stdout
    env = os.environ if environ is None else environ
    styled = _is_terminal(stream, env)
    dumb = styled and env.get("TERM", "").lower() in ("dumb", "unknown")
    width = 80 if dumb else _width(env)
    styled = styled and not dumb
    return Terminal(width, styled, styled and env.get("NO_COLOR", "") == "")


def _is_terminal(stream: TextIO, env: Mapping[str, str]) -> bool:
    compatible = env.get("TTY_COMPATIBLE", "")
    if compatible in ("0", "1"):
        return compatible == "1"
    force = env.get("FORCE_COLOR")
    if force is not None:
        return force != ""
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def _width(env: Mapping[str, str]) -> int:
    columns = env.get("COLUMNS", "")
    if columns.isdigit():
        return int(columns) or 80
    for fd in (0, 1, 2):
        try:
            return os.get_terminal_size(fd).columns or 80
        except (AttributeError, ValueError, OSError):
            continue
    return 80


# -- measuring ---------------------------------------------------------------------


def cells(text: str) -> int:
    """How many terminal cells `text` takes: two for a wide character, none for a combining mark."""
    if text.isascii():
        return len(text)
    return sum(_cell(c) for c in text)


def _cell(char: str) -> int:
    if char < "\u0300":
        return 1
    if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def _chop(text: str, width: int) -> list[str]:
    """`text` cut into pieces of at most `width` cells."""
    pieces, piece, used = [], "", 0
    for char in text:
        size = _cell(char)
        if used + size > width and piece:
            pieces.append(piece)
            piece, used = "", 0
        piece += char
        used += size
    if piece:
        pieces.append(piece)
    return pieces


# -- text ---------------------------------------------------------------------------


def lines_of(spans: Iterable[Span]) -> list[Line]:
    """Spans cut at their newlines: the lines they make before wrapping."""
    out: list[Line] = [[]]
    for text, style in spans:
        first, *rest = text.split("\n")
        if first:
            out[-1].append((first, style))
        for part in rest:
            out.append([(part, style)] if part else [])
    return out


def plain(line: Line) -> str:
    return "".join(text for text, _ in line)


def wrap(spans: Iterable[Span], width: int) -> list[Line]:
    """The spans wrapped to `width` cells, as rich wraps a Text: each line
    breaks before the word that would overflow it; a word longer than a line
    is folded; the spaces at a break are dropped where they overflow.

    One thing rich does not do: a line that starts with a bullet ("• ") hangs
    its continuation lines under its text, so that each item reads as one.
    """
    width = max(width, 1)
    out: list[Line] = []
    for line in lines_of(spans):
        text = plain(line)
        hang = len(BULLET) if text.startswith(BULLET) and width > 4 * len(BULLET) else 0
        breaks = _breaks(text, width, width - hang)
        for n, (start, end) in enumerate(zip([0, *breaks], [*breaks, len(text)])):
            room = width - hang if n else width
            piece = cut(_strip_end(_slice(line, start, end), room), room)
            out.append([(" " * hang, ""), *piece] if n and hang else piece)
    return out


def _breaks(text: str, first: int, rest: int) -> list[int]:
    """Where to break `text` (character offsets) so that its first line fits `first`
    cells and each other line `rest` (with both the same, rich's divide_line)."""
    breaks: list[int] = []
    limit, offset = first, 0
    for match in _WORD.finditer(text):
        start, word = match.start(), match.group(0)
        length = cells(word.rstrip())
        if limit - offset >= length:
            offset += cells(word)
        elif length > rest or (not start and length > limit):  # no line holds it: fold it
            head = _chop(word, limit)[0] if not start else ""  # the text's first word begins the first line
            pieces = ([head] if head else []) + _chop(word[len(head) :], rest)
            for i, piece in enumerate(pieces):
                if start:
                    breaks.append(start)
                    limit = rest
                if i == len(pieces) - 1:
                    offset = cells(piece)
                else:
                    start += len(piece)
        elif offset and start:
            breaks.append(start)
            limit, offset = rest, cells(word)
    return breaks


def _slice(line: Line, start: int, end: int) -> Line:
    out: Line = []
    at = 0
    for text, style in line:
        following = at + len(text)
        piece = text[max(start - at, 0) : max(end - at, 0)]
        if piece:
            out.append((piece, style))
        at = following
    return out


def _strip_end(line: Line, width: int) -> Line:
    """The line without the spaces it ends with beyond `width` characters (rich's
    rstrip_end: those within it stay; a line still wider is then cut, and what
    is cut is those spaces, as a word always fits)."""
    text = plain(line)
    excess = min(len(text) - len(text.rstrip()), len(text) - width)
    if excess <= 0:
        return line
    return _slice(line, 0, len(text) - excess)


def cut(line: Line, width: int) -> Line:
    """The line cut to at most `width` cells (a wide character that would
    straddle the edge becomes a space, as rich does)."""
    out: Line = []
    left = width
    for text, style in line:
        if left <= 0:
            break
        size = cells(text)
        if size > left:
            kept = ""
            for char in text:
                if cells(kept + char) > left:
                    break
                kept += char
            text = kept + " " * (left - cells(kept))
            size = left
        if text:
            out.append((text, style))
        left -= size
    return out


def fit(line: Line, width: int, style: str = "") -> Line:
    """The line cut or padded (with spaces in `style`) to exactly `width` cells."""
    line = cut(line, width)
    used = sum(cells(text) for text, _ in line)
    return [*line, (" " * (width - used), style)] if used < width else line


def with_style(line: Line, style: str) -> Line:
    """Each span of the line with `style` under its own (as rich's base style)."""
    return [(text, f"{style} {own}".strip()) for text, own in line]


# -- layout -------------------------------------------------------------------------


def grid(rows: list[tuple[str, list[Span]]], width: int, gap: int = 2, label_style: str = "bold") -> list[Line]:
    """Labels on the left, never wrapped, in `label_style`; text wrapped in what is left,
    `gap` cells further right (as rich's Table.grid(padding=(0, gap)) with a no-wrap first
    column and a folding second one: a word too long for the column is folded, never cut)."""
    if not rows:
        return [[]]
    labels = max(max(cells(label) for label, _ in rows) + gap, 1)
    if width - labels < NARROWEST:  # no room beside the labels: each text under its label
        return _stacked(rows, width, label_style)
    texts = max((cells(plain(line)) for _, spans in rows for line in lines_of(spans)), default=0)
    texts = min(max(texts, 1), width)
    if labels + texts > width:
        texts = width - labels
    out: list[Line] = []
    for label, spans in rows:
        wrapped = wrap(spans, texts)
        for n, line in enumerate(wrapped):
            left = fit([(label, label_style)] if n == 0 and label else [], labels, label_style if n == 0 else "")
            out.append([*left, *fit(line, texts)])
    return out


def _stacked(rows: list[tuple[str, list[Span]]], width: int, label_style: str) -> list[Line]:
    """The grid for a terminal too narrow for two columns: each label on a line
    of its own, its text under it, indented two cells."""
    out: list[Line] = []
    for label, spans in rows:
        if label:
            out += wrap([(label, label_style)], width)
        out += [[("  ", ""), *line] for line in wrap(spans, max(width - 2, 1))]
    return out


def panel(body: list[Line], title: list[Span], width: int, border: str, centred: bool = False) -> list[Line]:
    """`body` in a rounded box `width` cells wide, `title` at its top left (or
    centred); the body's lines are cut or padded to the box (as rich's Panel
    draws them)."""
    inner = max(width - 4, 1)
    heading = with_style(cut([(" ", ""), *title, (" ", "")], inner), border) if title else []
    excess = inner - sum(cells(text) for text, _ in heading)
    before = excess // 2 if centred else 0
    top = [(TOP_LEFT + ACROSS * (1 + before), border), *heading, (ACROSS * (excess - before + 1) + TOP_RIGHT, border)]
    out = [top]
    for line in body:
        out.append([(DOWN + " ", border), *fit(line, inner), (" " + DOWN, border)])
    out.append([(BOTTOM_LEFT + ACROSS * (inner + 2) + BOTTOM_RIGHT, border)])
    return out


def text_panel(spans: list[Span], title: list[Span], width: int, border: str, centred: bool = False) -> list[Line]:
    """Wrapped text in a box."""
    return panel(wrap(spans, max(width - 4, 1)), title, width, border, centred)


# -- writing ------------------------------------------------------------------------


def render(lines: Iterable[Line], term: Terminal) -> str:
    """The lines as the terminal shows them: styled with escape sequences where it takes them."""
    out = []
    for line in lines:
        if not term.styled:
            out.append(plain(line))
            continue
        parts = []
        for text, style in line:
            codes = _codes(style, term.colour)
            parts.append(f"\x1b[{codes}m{text}\x1b[0m" if codes and text else text)
        out.append("".join(parts))
    return "\n".join(out) + "\n"


def _codes(style: str, colour: bool) -> str:
    found = []
    for word in style.split():
        if word in ATTRIBUTES:
            found.append(ATTRIBUTES[word])
        elif colour and word in COLOURS:
            found.append(COLOURS[word])
    return ";".join(sorted(set(found), key=found.index))
