"""Tables of the course break lines between words, never inside one, wherever the words can fit."""

from __future__ import annotations

import re

import pytest
from coldstart.core.course.loader import load_course
from coldstart.core.course.model import TableBlock
from coldstart.core.paths import bundled_course_dir
from coldstart.present.tables import (
    HeadedColumns,
    WordFittingTable,
    break_long_words,
    fit_rows,
    narrowest,
    share_room,
    width_of,
    word_fitting_widths,
)
from rich.console import Console
from rich.measure import Measurement
from rich.segment import Segment
from rich.text import Text

# The topic body's width at 80 columns, and at 100 columns with the contents sidebar open.
BODY_WIDTHS = (74, 46)


def _tables() -> list[TableBlock]:
    course = load_course(bundled_course_dir()).course
    return [block for topic in course.topics for section in topic.sections for block in section.blocks if isinstance(block, TableBlock)]


def _drawn_words(table: WordFittingTable, width: int) -> set[str]:
    console = Console(width=width, record=True, color_system=None)
    console.print(table)
    return set(re.findall(r"[^\s│┃]+", console.export_text()))


@pytest.mark.parametrize("width", BODY_WIDTHS)
def test_every_bundled_table_keeps_its_words_whole_when_they_fit(width: int) -> None:
    tables = _tables()
    assert len(tables) >= 30  # the whole course, not a sample
    whole = 0
    for block in tables:
        cells_by_column = [[heading, *(row[n] for row in block.rows)] for n, heading in enumerate(block.columns)]
        longest_words = sum(max(len(word) for cell in cells for word in cell.split()) for cells in cells_by_column)
        if longest_words + 1 + 3 * len(block.columns) > width:
            continue  # even one word per line cannot fit side by side: Rich folds, as it must
        drawn = _drawn_words(WordFittingTable(block.columns, block.rows, title=block.title), width)
        words = {word for row in (block.columns, *block.rows) for cell in row for word in cell.split()}
        assert words <= drawn, f"{block.title!r} at {width}: split {sorted(words - drawn)[:5]}"
        whole += 1
    assert whole >= len(tables) // 2


def test_spare_room_goes_to_the_columns_that_want_it_and_the_widths_fill_the_room() -> None:
    columns = [["KeyConditionExpression (Query)"], ["Which item collection and sort-key range is read"], ["Yes"]]
    widths = word_fitting_widths(columns, 60)
    assert widths is not None
    assert widths[0] >= len("KeyConditionExpression") and widths[2] >= 3
    assert sum(widths) + 1 + 3 * 3 == 60
    assert widths[1] > widths[2]


def test_a_table_that_fits_or_cannot_fit_is_left_to_rich() -> None:
    assert word_fitting_widths([["short"], ["cells"]], 80) is None
    assert word_fitting_widths([["a" * 50], ["b" * 50]], 80) is None


# --- the app's tables of figures (question statistics, the class): fit_rows sizes a FittedTable's columns ---


def test_a_long_id_breaks_after_its_hyphens_and_text_keeps_its_style() -> None:
    assert narrowest("apigw-gen-cache-invocations") == len("invocations")
    assert break_long_words("apigw-gen-cache-invocations", 16) == "apigw-gen-cache-\ninvocations"
    assert break_long_words("short one", 5) == "short one"  # words that fit are left to Rich's own wrapping
    styled = break_long_words(Text("lambda-gen-memory", style="bold"), 8)
    assert isinstance(styled, Text) and styled.plain == "lambda-\ngen-\nmemory" and styled.style == "bold"


def test_rows_that_fit_keep_one_line_and_crowded_rows_share_the_room_and_wrap() -> None:
    headings = ["Question", "Flags"]
    rows = [["alpha-01", Text("hard")], ["apigw-gen-cache-invocations", Text("mis-key? hard D<0")]]
    widths, shown, heights = fit_rows(headings, rows, 60)
    assert widths == [27, 17] and heights == [1, 1] and shown == rows
    widths, shown, heights = fit_rows(headings, rows, 30)
    assert sum(widths) == 30 and widths[1] >= width_of("mis-key?")  # no flag is cut
    assert widths == share_room([len("invocations"), len("mis-key?")], [27, 17], 30)  # the topic tables' rule
    assert heights == [1, 2]
    assert "\n" in str(shown[1][0]) and str(shown[1][0]).replace("\n", "") == "apigw-gen-cache-invocations"


def test_when_not_even_the_longest_words_fit_every_column_still_gets_a_width() -> None:
    widths, _, heights = fit_rows(["A", "B"], [["x" * 30, "y" * 30]], 20)
    assert sum(widths) == 20 and min(widths) >= 1 and heights == [3]  # each 30-letter word folds onto three lines of 10


# --- HeadedColumns: the dashboard's tables, drawn by hand as Rich draws them ---------------------------------------


def _as_drawn(console: Console, renderable: object, width: int) -> list[list[tuple[str, object]]]:
    """The lines `renderable` draws at `width`, as (text, style) runs, a null style counted as none."""
    options = console.options.update(width=width)
    lines = Segment.split_and_crop_lines(console.render(renderable, options), width, pad=False)
    return [[(s.text, s.style or None) for s in Segment.simplify(Segment(s.text, s.style or None) for s in line)] for line in lines]


def _dashboard_like_columns() -> HeadedColumns:
    from coldstart.present.charts import bar

    headings = ("domain", "weight", "seen", "first try", "expected", "")
    rows = [
        [Text("Development with AWS Services"), "32%", "12/40", "50%", "61%", bar(0.6, 10)],
        [Text("Security, with a name long enough to wrap at most widths"), "26%", "3/30", "—", "—", bar(None, 10)],
        [Text("Overall", style="bold"), "", "", "", Text("64% (57–71%)", style="bold green"), bar(0.64, 10)],
    ]
    return HeadedColumns(headings, rows)


@pytest.mark.parametrize("width", range(16, 121))
def test_headed_columns_draw_what_the_rich_table_draws_at_every_width(width: int) -> None:
    console = Console(width=width, color_system="truecolor", legacy_windows=False)
    columns = _dashboard_like_columns()
    assert _as_drawn(console, columns, width) == _as_drawn(console, columns.rich_table(), width)
    options = console.options.update(width=width)
    assert Measurement.get(console, options, columns) == Measurement.get(console, options, columns.rich_table())
