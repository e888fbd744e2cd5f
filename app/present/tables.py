"""Tables that break lines between words, never inside one, when they must fit a narrow terminal.

Rich shrinks an over-wide table by cutting its widest columns down evenly, which splits long words such as
`KeyConditionExpression` across two lines even when narrower columns could have given up the room. Here every
column keeps at least its longest word and the room left over goes to the columns that need it most, in
proportion to how much more their longest cell wants. Only when even the longest words cannot fit side by
side does the table fall back to Rich's own folding.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.table import Table
from rich.text import Text

__all__ = ["WordFittingTable", "word_fitting_widths"]

# A table with a box spends one column on its left edge and, per column, two of padding and one of border.
_EDGE = 1
_PER_COLUMN = 3


def _longest_word(text: str) -> int:
    return max((len(word) for word in text.split()), default=0)


def _longest_line(text: str) -> int:
    return max((len(line) for line in text.splitlines()), default=0)


def word_fitting_widths(cells_by_column: Sequence[Sequence[str]], width: int) -> list[int] | None:
    """The content width of each column so the table fits `width` without splitting a word, or None when
    the table fits as it is (nothing to decide) or cannot fit without splitting words (Rich folds them)."""
    if not cells_by_column:
        return None
    least = [max((_longest_word(cell) for cell in cells), default=1) or 1 for cells in cells_by_column]
    most = [max(max((_longest_line(cell) for cell in cells), default=1), low) for cells, low in zip(cells_by_column, least)]
    room = width - _EDGE - _PER_COLUMN * len(cells_by_column)
    if sum(most) <= room or sum(least) > room:
        return None
    spare = room - sum(least)
    wants = [high - low for low, high in zip(least, most)]
    total_want = sum(wants)
    widths = [low + spare * want // total_want for low, want in zip(least, wants)]
    # Integer shares leave a few columns over; give them to the columns that still want the most.
    for column in sorted(range(len(widths)), key=lambda n: widths[n] - most[n])[: room - sum(widths)]:
        widths[column] += 1
    return widths


class WordFittingTable:
    """A titled table of plain text that is laid out at render time for the width it is given."""

    def __init__(
        self, columns: Sequence[str], rows: Sequence[Sequence[str]], *, title: str = "", caption: str = ""
    ) -> None:
        self.columns = tuple(columns)
        self.rows = tuple(tuple(row) for row in rows)
        self.title = title
        self.caption = caption

    def table(self, width: int) -> Table:
        cells_by_column = [[heading, *(row[n] if n < len(row) else "" for row in self.rows)] for n, heading in enumerate(self.columns)]
        widths = word_fitting_widths(cells_by_column, width)
        table = Table(title=Text(self.title) if self.title else None, title_justify="left", expand=False)
        for n, heading in enumerate(self.columns):
            table.add_column(Text(heading), overflow="fold", width=widths[n] if widths else None)
        for row in self.rows:
            table.add_row(*(Text(cell) for cell in row))
        if self.caption:
            table.caption = Text(self.caption)
        return table

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield self.table(options.max_width)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement.get(console, options, self.table(options.max_width))
