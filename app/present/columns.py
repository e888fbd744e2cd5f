"""Column widths that fit a table into the width it is given, wrapping cells rather than dropping columns."""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len
from rich.text import Text

__all__ = ["Cell", "cell_widths", "fit_widths"]

Cell = str | Text


def _plain(cell: Cell) -> str:
    return cell.plain if isinstance(cell, Text) else cell


def cell_widths(cell: Cell) -> tuple[int, int]:
    """A cell's width on one line and the width of its longest word (the narrowest it wraps to whole words)."""
    text = _plain(cell)
    return cell_len(text), max((cell_len(word) for word in text.split()), default=0)


def fit_widths(natural: Sequence[int], floors: Sequence[int], available: int) -> list[int]:
    """Widths for columns whose content wants `natural` cells, so that together they take `available` cells.

    Columns keep their natural width while that fits. Otherwise the columns with the most room to give shrink
    first, one cell at a time, down to their floor (their longest word, so they wrap between words); only if
    every column is at its floor do the widest go below it (a long word then breaks). No column goes below 1.
    """
    widths = list(natural)
    excess = sum(widths) - available
    while excess > 0:
        slack = [width - floor for width, floor in zip(widths, floors)]
        column = max(range(len(widths)), key=lambda i: slack[i])
        if slack[column] <= 0:
            column = max(range(len(widths)), key=lambda i: widths[i])
            if widths[column] <= 1:
                break
        widths[column] -= 1
        excess -= 1
    return widths
