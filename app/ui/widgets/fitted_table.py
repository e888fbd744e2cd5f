"""A DataTable that keeps every column on screen: when its rows are wider than the table, cells wrap.

Textual's DataTable sizes each column to its widest cell and scrolls sideways past the edge, so at 80 columns
the last columns of a wide table are simply not there. This one fits the columns to its own width each time
it is resized (app/present/tables.py decides the widths), and a row whose cells wrap grows taller.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import zip_longest
from typing import Any

from textual import events
from textual.css.scalar import Unit
from textual.widget import Widget
from textual.widgets import DataTable
from textual.widgets.data_table import Row, RowKey

from ...present.tables import Cell, fit_rows

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
        self._fitted_to = -1
        width = self._width_to_fit()
        if width:
            self._fit(width)
        # else: not laid out yet; the first resize fits them, so the rows are built once, at their width

    def _width_to_fit(self) -> int:
        """The table's width; before it has one, the width it is about to get, or 0 if that is not known.

        A table that was hidden under a loading indicator (which takes its place in the layout) has never been laid
        out when its rows come. Filling the width of a container that lays its children out top to bottom (a
        width of 1fr, the default, or none), it gets the container's, less its margins. Fitted at that width at
        once, the rows show in the frame that uncovers the table, not in one after it; should the guess be
        wrong, the resize fits them again.
        """
        if self.size.width:
            return self.size.width
        container, width = self.parent, self.styles.width
        fills = width is None or width.unit == Unit.FRACTION
        layout = container.styles.layout if isinstance(container, Widget) else None
        if fills and isinstance(container, Widget) and container.size.width and layout is not None and layout.name == "vertical":
            return max(0, container.content_region.width - self.styles.margin.width)
        return 0

    def on_resize(self, event: events.Resize) -> None:
        if event.size.width != self._fitted_to:
            self._fit(event.size.width)

    def _update_dimensions(self, new_rows: Iterable[Any]) -> None:
        """Skip DataTable's measuring of new rows: `_fit` gave every column its width and every row its height.

        DataTable formats and measures every cell of every added row to size auto-width columns and
        auto-height rows, neither of which this table has; for the hundreds of rows of the question statistics
        that was most of the time from the figures to the screen. What is left is the table's virtual size.
        """
        super()._update_dimensions(())

    def _fit(self, width: int) -> None:
        cursor = self.cursor_row
        self._fitted_to = width
        self.clear(columns=True)
        # Room for the cells: the width less each column's padding and the vertical scrollbar's gutter.
        room = width - 2 * self.cell_padding * len(self._headings) - self.styles.scrollbar_size_vertical
        widths, shown, heights = fit_rows(self._headings, [cells for _, cells in self._rows], room)
        for heading, column_width in zip(self._headings, widths):
            self.add_column(heading, width=column_width)
        self._add_rows([key for key, _ in self._rows], shown, heights)
        if self._rows:
            self.move_cursor(row=min(cursor, len(self._rows) - 1))

    def _add_rows(self, keys: Sequence[str], rows: Sequence[Sequence[Cell]], heights: Sequence[int]) -> None:
        """DataTable.add_row for every row at once, to an empty table.

        add_row also sets the cursor again and asks the table to check for idleness after each row, to keep the
        cursor valid as the table grows: with hundreds of rows that was most of the time of filling it (a reactive
        set and its validation per row). Here that is done once, after the last row; the rest is what add_row
        does (Textual is pinned: pyproject.toml).
        """
        columns = [column.key for column in self.ordered_columns]
        for key, cells, height in zip(keys, rows, heights):
            row_key = RowKey(key)
            self._row_locations[row_key] = len(self.rows)
            self._data[row_key] = dict(zip_longest(columns, cells))
            self.rows[row_key] = Row(row_key, height, None, False)
            self._new_rows.add(row_key)
        if not keys:
            return
        self._require_update_dimensions = True
        self._update_count += 1
        self.cursor_coordinate = self.cursor_coordinate
        if len(keys) == len(self.rows) and self.show_cursor and self.cursor_type != "none":
            self._highlight_cursor()  # a cursor can show now where it could not in an empty table
        self.check_idle()
