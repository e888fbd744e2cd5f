"""Column widths that fit a table into the width it is given, wrapping cells rather than dropping columns."""

from __future__ import annotations

import re
from collections.abc import Sequence

from rich.cells import cell_len
from rich.text import Text

__all__ = ["Cell", "break_long_words", "cell_widths", "fit_widths"]

Cell = str | Text


# A word's pieces, each up to and including a hyphen: where a long id ("apigw-gen-cache-invocations") may break.
_PIECES = re.compile(r"[^-]*-+|[^-]+")


def _plain(cell: Cell) -> str:
    return cell.plain if isinstance(cell, Text) else cell


def cell_widths(cell: Cell) -> tuple[int, int]:
    """A cell's width on one line and the width of its longest piece: the narrowest it wraps to without
    breaking a word anywhere but after a hyphen."""
    text = _plain(cell)
    return cell_len(text), max((cell_len(piece) for word in text.split() for piece in _PIECES.findall(word)), default=0)


def break_long_words(cell: Cell, width: int) -> Cell:
    """The cell with each word wider than `width` split into lines after its hyphens, as many pieces to a
    line as fit (Rich wraps only at spaces, and would cut the word anywhere)."""
    text = _plain(cell)
    if cell_len(text) <= width or all(cell_len(word) <= width for word in text.split()):
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
