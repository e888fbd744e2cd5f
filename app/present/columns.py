"""Column widths that fit a table into the width it is given, wrapping cells rather than dropping columns."""

from __future__ import annotations

import io
import re
from collections.abc import Sequence

from rich.cells import cell_len
from rich.console import Console
from rich.text import Text

__all__ = ["Cell", "break_long_words", "fit_rows", "fit_widths", "narrowest", "width_of"]

Cell = str | Text


# A word's pieces, each up to and including a hyphen: where a long id ("apigw-gen-cache-invocations") may break.
_PIECES = re.compile(r"[^-]*-+|[^-]+")


def _plain(cell: Cell) -> str:
    return cell.plain if isinstance(cell, Text) else cell


def width_of(cell: Cell) -> int:
    """A cell's width on one line, in terminal cells."""
    text = _plain(cell)
    return len(text) if text.isascii() else cell_len(text)


def narrowest(cell: Cell) -> int:
    """The narrowest a cell wraps to without breaking a word anywhere but after a hyphen: its longest piece."""
    return max((cell_len(piece) for word in _plain(cell).split() for piece in _PIECES.findall(word)), default=0)


def fit_rows(headings: Sequence[str], rows: Sequence[Sequence[Cell]], available: int) -> tuple[list[int], list[list[Cell]], list[int]]:
    """Column widths for `rows` under `headings` within `available` cells, the rows as they are to be shown
    (long words broken after their hyphens) and each row's height in lines.

    When every column fits at its natural width, that is all (one length per cell: a table of thousands of
    rows stays cheap); otherwise the columns shrink (`fit_widths`) and the cells that no longer fit are wrapped.
    """
    natural = [width_of(heading) for heading in headings]
    for cells in rows:
        natural = [max(width, width_of(cell)) for width, cell in zip(natural, cells)]
    if sum(natural) <= available:
        return natural, [list(cells) for cells in rows], [1] * len(rows)
    floors = [width_of(heading) for heading in headings]  # a heading stays on its one line
    for cells in rows:
        floors = [max(floor, narrowest(cell)) for floor, cell in zip(floors, cells)]
    widths = fit_widths(natural, floors, available)
    shown, heights = [], []
    for cells in rows:
        fitted = [break_long_words(cell, width) if width_of(cell) > width else cell for cell, width in zip(cells, widths)]
        shown.append(fitted)
        heights.append(max(_lines(cell, width) for cell, width in zip(fitted, widths)))
    return widths, shown, heights


def _lines(cell: Cell, width: int) -> int:
    """How many lines a cell takes at `width`: Rich's own wrapping, measured only for a cell wider than that."""
    text = cell if isinstance(cell, Text) else Text(cell)
    if width_of(text) <= width:
        return 1
    return len(text.wrap(_MEASURING, max(width, 1)))


_MEASURING = Console(file=io.StringIO(), width=1000, legacy_windows=False)  # wraps text to count its lines; never prints


def break_long_words(cell: Cell, width: int) -> Cell:
    """The cell with each word wider than `width` split into lines after its hyphens, as many pieces to a
    line as fit (Rich wraps only at spaces, and would cut the word anywhere)."""
    text = _plain(cell)
    if all(cell_len(word) <= width for word in text.split()):
        return cell
    words = []
    for word in text.split():
        lines = [""]
        for piece in _PIECES.findall(word) if cell_len(word) > width else [word]:
            if lines[-1] and cell_len(lines[-1] + piece) > width:
                lines.append("")
            lines[-1] += piece
        words.append("\n".join(lines))
    broken = " ".join(words)
    return Text(broken, style=cell.style, justify=cell.justify) if isinstance(cell, Text) else broken


def fit_widths(natural: Sequence[int], floors: Sequence[int], available: int) -> list[int]:
    """Widths for columns whose content wants `natural` cells, so that together they take `available` cells.

    Columns keep their natural width while that fits. Otherwise the columns with the most room to give shrink
    first, one cell at a time, down to their floor (their longest word, so they wrap between words); only if
    every column is at its floor do the widest go below it (a word then breaks anywhere). No column goes below 1.
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
