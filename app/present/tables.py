"""Tables that break lines between words, never inside one, when they must fit a narrow terminal.

Two kinds share one rule for the room (`share_room`): a topic's tables, laid out by Rich at render time
(`WordFittingTable`), and the app's tables of figures, whose columns a FittedTable sizes (`fit_rows`).

Rich shrinks an over-wide table by cutting its widest columns down evenly, which splits long words such as
`KeyConditionExpression` across two lines even when narrower columns could have given up the room. Here every
column keeps at least its longest word and the room left over goes to the columns that need it most, in
proportion to how much more their longest cell wants. Only when even the longest words cannot fit side by
side does the table fall back to Rich's own folding.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.segment import Segment
from rich.style import Style
from rich.table import Table
from rich.text import Text

__all__ = ["Cell", "FiguresTable", "HeadedColumns", "WordFittingTable", "break_long_words", "fit_rows", "narrowest", "share_room", "width_of", "word_fitting_widths"]

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
    return share_room(least, most, width - _EDGE - _PER_COLUMN * len(cells_by_column))


def share_room(least: Sequence[int], most: Sequence[int], room: int) -> list[int] | None:
    """Widths between each column's `least` and `most` that add up to `room`: every column gets its least, and
    the spare room goes to the columns in proportion to how much more they want. None when the columns fit at
    their most (nothing to decide) or not even at their least."""
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


# --- Data tables (the app's DataTables of figures): widths for a given width, long ids broken at hyphens ---

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
    rows stays cheap). Otherwise the room is shared as in a topic's tables (`share_room`, each column keeping
    its longest word) and the cells that no longer fit wrap; if even the longest words cannot sit side by
    side, the widest columns give way (`_squeeze`) and a word breaks anywhere.
    """
    natural = [width_of(heading) for heading in headings]
    for cells in rows:
        natural = [max(width, width_of(cell)) for width, cell in zip(natural, cells)]
    if sum(natural) <= available:
        return natural, [list(cells) for cells in rows], [1] * len(rows)
    floors = [width_of(heading) for heading in headings]  # a heading stays on its one line
    for cells in rows:
        floors = [max(floor, narrowest(cell)) for floor, cell in zip(floors, cells)]
    widths = share_room(floors, natural, available) or _squeeze(natural, available)
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


def _squeeze(natural: Sequence[int], room: int) -> list[int]:
    """Widths within `room` when not even the longest words fit: the widest column gives up a cell at a time
    (none below one), so every column stays on screen."""
    widths = list(natural)
    for _ in range(sum(widths) - room):
        widest = max(range(len(widths)), key=lambda n: widths[n])
        if widths[widest] <= 1:
            break
        widths[widest] -= 1
    return widths


# --- A titled table of figures, drawn by hand -------------------------------------------------------------------


class FiguresTable:
    """Names in the first column, figures right-aligned in the others, under a bold title and bold headings.

    It looks as a Rich `Table(box=SIMPLE_HEAD, pad_edge=False, expand=False)` does (a rule under the headings,
    three columns between columns, one at each edge), but its widths come from `fit_rows` and it is drawn
    straight to segments: Rich measures and wraps every cell of a table each time it draws it, about 6 ms for the
    35 rows of an exam's "By topic", on the way to the results screen. When the names must wrap they break
    between words, as in the app's other tables.
    """

    _EDGES = 2  # a column at each edge
    _BETWEEN = 3  # between two columns: a cell's padding, the (blank) border, the next cell's padding
    _BOLD = Style(bold=True)

    def __init__(self, title: str, headings: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
        self.title = title
        self.headings = tuple(headings)
        self.rows = [tuple(row) for row in rows]

    def _overhead(self) -> int:
        return self._EDGES + self._BETWEEN * (len(self.headings) - 1)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        natural = [width_of(heading) for heading in self.headings]
        floors = list(natural)
        for row in self.rows:
            natural = [max(width, width_of(cell)) for width, cell in zip(natural, row)]
            floors = [max(floor, narrowest(cell)) for floor, cell in zip(floors, row)]
        most = max(sum(natural) + self._overhead(), width_of(self.title))
        return Measurement(min(sum(floors) + self._overhead(), most), most)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        widths, shown, _heights = fit_rows(self.headings, self.rows, max(options.max_width - self._overhead(), len(self.headings)))
        width = sum(widths) + self._overhead()
        new_line = Segment.line()
        if self.title:
            for line in Text(self.title).wrap(console, width, overflow="fold"):
                yield Segment(line.plain + " " * (width - line.cell_len), self._BOLD)
                yield new_line
        yield Segment(" " * width)  # the box's top edge, blank
        yield new_line
        yield from self._row(console, self.headings, widths, self._BOLD)
        yield Segment(" " + "─" * (width - self._EDGES) + " ")
        yield new_line
        for cells in shown:
            yield from self._row(console, cells, widths, Style())
        yield Segment(" " * width)
        yield new_line

    def _row(self, console: Console, cells: Sequence[Cell], widths: Sequence[int], style: Style) -> RenderResult:
        """One row: the first cell left-aligned, the others right-aligned, each wrapped to its column."""
        columns: list[list[str]] = []
        for index, (cell, width) in enumerate(zip(cells, widths)):
            text = Text(cell) if isinstance(cell, str) else cell.copy()
            wrapped = list(text.wrap(console, width, overflow="fold")) if width_of(text) > width else [text]
            columns.append([self._fill(line, width, right=index > 0) for line in wrapped])
        height = max(len(lines) for lines in columns)
        last = len(columns) - 1
        for y in range(height):
            yield Segment(" ")
            for index, (shown, width) in enumerate(zip(columns, widths)):
                if index:
                    yield Segment(" ", style)
                    yield Segment(" ")
                    yield Segment(" ", style)
                yield Segment(shown[y] if y < len(shown) else " " * width, style)
                if index == last:
                    yield Segment(" ")
            yield Segment.line()

    @staticmethod
    def _fill(line: Text, width: int, *, right: bool) -> str:
        room = " " * max(width - line.cell_len, 0)
        return room + line.plain if right else line.plain + room


# --- Columns of figures without a box, drawn by hand -------------------------------------------------------------


class HeadedColumns:
    """Headings over rows, two columns apart, without a box: the first column wraps between words in the room the
    others leave; the others keep the width of their widest cell.

    It draws what a Rich `Table(box=None, show_edge=False, pad_edge=False)` of those columns draws, segment for
    segment (tests/present/test_tables.py compares them), but straight to segments: Rich measures, pads and
    wraps every cell each time it draws a table, 5–10 ms for the dashboard's two tables whenever a figure in them
    changes. Too narrow for the first column's longest word, where Rich would squeeze every column, it lets the
    Rich table draw itself.
    """

    _GAP = 2  # between two columns: one cell's right padding and the next one's left

    def __init__(self, headings: Sequence[str], rows: Sequence[Sequence[Cell]]) -> None:
        self.headings = tuple(Text(heading) for heading in headings)
        self.rows = [tuple(Text(cell) if isinstance(cell, str) else cell for cell in row) for row in rows]
        columns = list(zip(self.headings, *self.rows, strict=True))
        self._fixed: list[int] = [max(cell.cell_len for cell in column) for column in columns[1:]]
        first = columns[0] if columns else ()
        self._first_most = max((cell_len(line) for cell in first for line in cell.plain.splitlines() or [""]), default=0)
        self._first_least = max((_longest_word(cell.plain) for cell in first), default=0)

    def _others(self) -> int:
        """The columns after the first, and the gaps before each."""
        return sum(self._fixed) + self._GAP * len(self._fixed)

    def rich_table(self) -> Table:
        """The same columns as a Rich table."""
        table = Table(show_edge=False, pad_edge=False, box=None)
        for n, heading in enumerate(self.headings):
            table.add_column(heading.plain, no_wrap=n > 0, width=self._fixed[n - 1] if n else None)
        for row in self.rows:
            table.add_row(*row)
        return table

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement(self._first_least + self._others(), self._first_most + self._others()).clamp(max_width=options.max_width)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        room = options.max_width - self._others()
        if not self.headings or room < max(self._first_least, 1):
            yield self.rich_table()
            return
        widths = [min(self._first_most, room), *self._fixed]
        yield from self._row(console, self.headings, widths, console.get_style("table.header"))
        for row in self.rows:
            yield from self._row(console, row, widths, Style())

    def _row(self, console: Console, cells: Sequence[Text], widths: Sequence[int], style: Style) -> RenderResult:
        """One row as Rich draws it: each cell wrapped (the first) or cut (the others) to its width and padded with
        its own style, the gaps and the blank lines below a shorter cell in the row's `style`."""
        columns: list[list[list[Segment]]] = []
        for n, (cell, width) in enumerate(zip(cells, widths)):
            wrapped = cell.wrap(console, width, justify="left", overflow="ellipsis", no_wrap=n > 0)
            columns.append([list(Segment.apply_style(line.render(console), style + console.get_style(line.style))) for line in wrapped])
        last = len(columns) - 1
        for y in range(max(len(lines) for lines in columns)):
            for n, (lines, width) in enumerate(zip(columns, widths)):
                if n:
                    yield Segment(" ", style)
                if y < len(lines):
                    yield from lines[y]
                else:
                    yield Segment(" " * width, style)
                if n < last:
                    yield Segment(" ", style)
            yield Segment.line()
