"""A DataTable that keeps every column on screen: when its rows are wider than the table, cells wrap.

Textual's DataTable sizes each column to its widest cell and scrolls sideways past the edge, so at 80 columns
the last columns of a wide table are simply not there. This one fits the columns to its own width each time
it is resized (app/present/columns.py decides the widths), and a row whose cells wrap grows taller.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.widgets import DataTable

from ...present.columns import Cell, break_long_words, cell_widths, fit_widths

__all__ = ["FittedTable"]


class FittedTable(DataTable[Cell]):
    """Show rows with `show(headings, rows)`; the columns follow the table's width."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._headings: tuple[str, ...] = ()
        self._rows: list[tuple[str, Sequence[Cell]]] = []
        self._fitted_to = -1  # the width the columns were last fitted to

    def show(self, headings: Sequence[str], rows: Iterable[tuple[str, Sequence[Cell]]]) -> None:
        """Replace the table's content: `rows` are (key, cells) in the order of `headings`."""
        self._headings = tuple(headings)
        self._rows = list(rows)
        self._fit(self.size.width)

    def on_resize(self, event: events.Resize) -> None:
        if event.size.width != self._fitted_to:
            self._fit(event.size.width)

    def _fit(self, width: int) -> None:
        cursor = self.cursor_row
        self._fitted_to = width
        self.clear(columns=True)
        natural = [cell_len(heading) for heading in self._headings]
        floors = list(natural)  # a heading stays on its one line
        for _, cells in self._rows:
            for column, cell in enumerate(cells):
                whole, word = cell_widths(cell)
                natural[column] = max(natural[column], whole)
                floors[column] = max(floors[column], word)
        # Room for the cells: the width less each column's padding and the vertical scrollbar's gutter.
        room = width - 2 * self.cell_padding * len(self._headings) - self.styles.scrollbar_size_vertical
        widths = fit_widths(natural, floors, room) if width else natural  # not laid out yet: fitted on resize
        for heading, column_width in zip(self._headings, widths):
            self.add_column(heading, width=column_width)
        for key, cells in self._rows:
            fitted = [break_long_words(cell, column_width) for cell, column_width in zip(cells, widths)]
            self.add_row(*fitted, key=key, height=self._height(fitted, widths))
        if self._rows:
            self.move_cursor(row=min(cursor, len(self._rows) - 1))

    def _height(self, cells: Sequence[Cell], widths: Sequence[int]) -> int:
        """Lines the row needs: one, unless a cell wraps (measured only then, so most rows cost a length)."""
        height = 1
        for cell, width in zip(cells, widths):
            text = cell if isinstance(cell, Text) else Text(cell)
            if text.cell_len > width:
                height = max(height, len(text.wrap(self.app.console, width)))
        return height
