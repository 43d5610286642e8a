"""A two-column grid for the day's view, drawn as rich's `Table.grid` draws it.

`hht today` lays its panel out as labels on the left and wrapped text on
the right. rich's Table does that, but importing rich.table pulls in
`fractions` and `decimal` (through rich._ratio) for the column arithmetic
of tables in general, which the day's two columns never need. This grid
takes the same steps as `Table.grid(padding=(0, gap))` with a no-wrap,
styled first column and a wrapping second one: the same measurements, the
same cells (rich's Padding, Console.render_lines, Segment), so it draws the
same lines, styles included. Only when the terminal is too narrow for the
labels themselves (where a Table shares out the shortfall between the
columns) does it hand its rows to a real Table.grid.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from rich.measure import Measurement
from rich.padding import Padding
from rich.segment import Segment

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions, RenderableType


class Grid:
    """Rows of (label, text): labels in `label_style`, never wrapped; text
    wrapped in what is left of the width, `gap` columns further right."""

    def __init__(self, *, gap: int = 2, label_style: str = "bold"):
        self.gap = gap
        self.label_style = label_style
        self.rows: list[tuple[RenderableType, RenderableType]] = []

    def add_row(self, label: RenderableType, text: RenderableType) -> None:
        self.rows.append((label, text))

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterator[Segment]:
        if not self.rows:
            yield Segment("\n")  # as an empty Table.grid does
            return
        max_width = options.max_width
        labels = [Padding(label, (0, self.gap, 0, 0)) for label, _ in self.rows]
        texts = [Padding(text, (0, 0, 0, 0)) for _, text in self.rows]
        widths = [_measure(console, options, labels) or 1, _measure(console, options, texts) or 1]
        if sum(widths) > max_width:  # the text column gives way, as a Table's wrapping column does
            widths[1] = max_width - widths[0]
            if widths[1] < 1:  # the labels alone do not fit: let a Table share out the shortfall
                yield from self._table().__rich_console__(console, options)
                return
        options = options.update(width=sum(widths), highlight=False, height=None)
        styles = [console.get_style(self.label_style), console.get_style("")]
        new_line = Segment.line()
        for row in zip(labels, texts):
            cells = []
            for cell, width, style, no_wrap in zip(row, widths, styles, (True, False)):
                cell_options = options.update(width=width, justify="left", no_wrap=no_wrap, overflow="ellipsis",
                                              height=None, highlight=False)
                cells.append(console.render_lines(cell, cell_options, style=style))
            height = max(len(lines) for lines in cells)
            cells = [Segment.set_shape(Segment.align_top(lines, width, height, style), width, height)
                     for lines, width, style in zip(cells, widths, styles)]
            for line in range(height):
                for lines in cells:
                    yield from lines[line]
                yield new_line

    def _table(self) -> RenderableType:
        from rich.table import Table

        table = Table.grid(padding=(0, self.gap))
        table.add_column(style=self.label_style, no_wrap=True)
        table.add_column()
        for label, text in self.rows:
            table.add_row(label, text)
        return table


def _measure(console: Console, options: ConsoleOptions, cells: list[Padding]) -> int:
    """A column's width, as a Table measures it: its widest cell, within the width."""
    if options.max_width < 1:
        return 0
    return min(max(Measurement.get(console, options, cell).maximum for cell in cells), options.max_width)
