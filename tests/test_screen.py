"""The day's view is drawn without rich (hht/term/screen.py), and draws what rich
would: the same wrapped lines, grid and boxes, character for character, over
random text and widths; styled only where a terminal takes it."""

from __future__ import annotations

import io
import re

from hht.term import screen
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

STYLES = ("", "bold", "dim", "green", "bold cyan", "red", "yellow")
# Words as hht's view holds them: plain ASCII, punctuation it uses, an accent,
# and wide characters (a protocol may be written in any language).
WORD = st.text(st.sampled_from("abcdefghijklmnopqrstuvwxyzABC0123456789.,:;-()/·–é●○中文😀"), min_size=1, max_size=14)
GAP = st.sampled_from((" ", " ", " ", "  ", "\n", "\n\n"))


@st.composite
def spans(draw, max_words=30):
    out = []
    for _ in range(draw(st.integers(0, 4))):
        words = draw(st.lists(WORD, min_size=1, max_size=max_words))
        text = "".join(w + draw(GAP) for w in words)[: draw(st.integers(1, 400))]
        out.append((text, draw(st.sampled_from(STYLES))))
    return out


def rich_lines(renderable, width: int) -> list[str]:
    file = io.StringIO()
    Console(file=file, width=width, color_system=None, emoji=False, highlight=False).print(renderable)
    return file.getvalue().split("\n")[:-1]


def ours(lines) -> list[str]:
    return screen.render(lines, screen.Terminal(80, False, False)).split("\n")[:-1]


@settings(max_examples=150, deadline=None)
@given(spans(), st.integers(2, 120))
def test_text_wraps_as_rich_wraps_it(text, width):
    assert ours(screen.wrap(text, width)) == rich_lines(Text.assemble(*text), width)


LABEL = st.sampled_from(("", "Rung", "Dose", "How", "Progress", "Run", "Run steps", "Stretch", "Cross-train"))


@settings(max_examples=120, deadline=None)
@given(
    st.lists(st.tuples(LABEL, spans(max_words=12)), min_size=1, max_size=6),
    st.integers(29, 120),
    st.sampled_from(("Today · Monday 02 March 2026", "Why", "")),
    st.booleans(),
)
def test_a_grid_in_a_box_is_drawn_as_rich_draws_it(rows, width, title, centred):
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(overflow="fold")  # a long word is folded, never cut short
    for label, text in rows:
        grid.add_row(label, Text.assemble(*text))
    expected = rich_lines(
        Panel(grid, title=Text(title) if title else None, title_align="center" if centred else "left"), width
    )
    drawn = screen.panel(screen.grid(rows, width - 4), [(title, "bold")] if title else [], width, "cyan", centred)
    assert ours(drawn) == expected


@settings(max_examples=100, deadline=None)
@given(spans(), st.integers(6, 120), st.text(st.sampled_from("Why clinician·中"), max_size=140))
def test_a_box_of_text_is_drawn_as_rich_draws_it(text, width, title):
    expected = rich_lines(Panel(Text.assemble(*text), title=Text(title) if title else None, title_align="left"), width)
    assert ours(screen.text_panel(text, [(title, "")] if title else [], width, "dim")) == expected


def test_styles_only_where_a_terminal_takes_them():
    lines = screen.wrap([("Rung 2", "bold cyan"), (" of 5: ", ""), ("rest day", "yellow")], 40)
    assert screen.render(lines, screen.Terminal(40, False, False)) == "Rung 2 of 5: rest day\n"
    coloured = screen.render(lines, screen.Terminal(40, True, True))
    assert coloured == "\x1b[1;36mRung 2\x1b[0m of 5: \x1b[33mrest day\x1b[0m\n"
    # NO_COLOR: bold and dim stay, colour goes
    assert screen.render(lines, screen.Terminal(40, True, False)) == "\x1b[1mRung 2\x1b[0m of 5: rest day\n"


class Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_terminal_is_judged_as_rich_judges_it():
    assert screen.terminal(io.StringIO(), {"COLUMNS": "61"}) == (61, False, False)
    assert screen.terminal(Tty(), {"COLUMNS": "90"}) == (90, True, True)
    assert screen.terminal(Tty(), {"COLUMNS": "90", "NO_COLOR": "1"}) == (90, True, False)
    assert screen.terminal(Tty(), {"COLUMNS": "90", "TERM": "dumb"}) == (80, False, False)
    assert screen.terminal(io.StringIO(), {"COLUMNS": "70", "FORCE_COLOR": "1"}) == (70, True, True)
    assert screen.terminal(Tty(), {"COLUMNS": "70", "FORCE_COLOR": ""}) == (70, False, False)
    assert screen.terminal(Tty(), {"COLUMNS": "70", "TTY_COMPATIBLE": "0", "FORCE_COLOR": "1"}) == (70, False, False)


def test_today_in_a_colour_terminal_styles_the_day_and_nothing_else(cli, monkeypatch):
    cli.ok("log", "--morning", "0", "--note", "felt [bold]fine[/bold]")
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "80")
    out = cli.ok("today").stdout
    assert "\x1b[1;36m" in out  # the rung's exercise, bold cyan
    plain = re.sub(r"\x1b\[[0-9;]*m", "", out)
    monkeypatch.delenv("FORCE_COLOR")
    assert plain == cli.ok("today").stdout
    assert "felt [bold]fine[/bold]" in " ".join(plain.split())  # as typed


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(LABEL, spans(max_words=12)), min_size=1, max_size=6), st.integers(10, 28))
def test_too_narrow_for_two_columns_each_text_goes_under_its_label_and_no_word_is_lost(rows, width):
    drawn = screen.panel(screen.grid(rows, width - 4), [], width, "cyan")
    lines = ours(drawn)
    assert all(screen.cells(line) == width for line in lines)
    inside = "".join(line[2:-2] for line in lines[1:-1])
    for label, text in rows:
        for word in "".join(t for t, _ in [(label, ""), *text]).split():
            assert word in "".join(inside.split())


@settings(max_examples=100, deadline=None)
@given(st.lists(st.lists(WORD, min_size=1, max_size=25), min_size=1, max_size=4), st.integers(10, 100))
def test_a_bulleted_item_hangs_its_lines_under_its_text_and_keeps_every_word(items, width):
    text = "\n".join("• " + " ".join(words) for words in items)
    lines = [screen.plain(line) for line in screen.wrap([(text, "")], width)]
    assert all(screen.cells(line) <= width for line in lines)
    starts = [n for n, line in enumerate(lines) if line.startswith("• ")]
    assert len(starts) == len(items)
    for n, line in enumerate(lines):
        if n not in starts:
            assert line.startswith("  ")  # under the item's text
    for first, words, end in zip(starts, items, [*starts[1:], len(lines)]):
        item = "".join(lines[first:end])[2:]
        assert "".join(item.split()) == "".join(words)  # folded words rejoin; nothing lost


def test_the_why_panel_hangs_each_reason_under_its_text():
    lines = screen.wrap(
        [("• Held on 2026-02-20: Exercise pain 1/10 is above the advance threshold 0/10: held on maintenance.", "")], 76
    )
    assert [screen.plain(line).rstrip() for line in lines] == [
        "• Held on 2026-02-20: Exercise pain 1/10 is above the advance threshold",
        "  0/10: held on maintenance.",
    ]
