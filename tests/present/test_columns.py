"""Column widths that fit a table into its width (app/present/columns.py): wrap between words, never drop a column."""

from __future__ import annotations

from coldstart.present.columns import break_long_words, fit_rows, fit_widths, narrowest, width_of
from rich.text import Text


def test_columns_keep_their_width_while_it_fits() -> None:
    assert fit_widths([10, 5, 20], [4, 5, 8], 40) == [10, 5, 20]


def test_the_column_with_most_room_to_give_shrinks_first_down_to_its_longest_word() -> None:
    assert fit_widths([10, 5, 20], [4, 5, 8], 30) == [10, 5, 15]
    assert fit_widths([10, 5, 20], [4, 5, 8], 17) == [4, 5, 8]  # every column at its floor
    widths = fit_widths([10, 5, 20], [4, 5, 8], 12)  # below the floors: the widest give way, none vanishes
    assert sum(widths) == 12 and min(widths) >= 1


def test_a_long_id_breaks_after_its_hyphens_and_text_keeps_its_style() -> None:
    assert narrowest("apigw-gen-cache-invocations") == len("invocations")
    assert break_long_words("apigw-gen-cache-invocations", 16) == "apigw-gen-cache-\ninvocations"
    assert break_long_words("short one", 5) == "short one"  # words that fit are left to Rich's own wrapping
    styled = break_long_words(Text("lambda-gen-memory", style="bold"), 8)
    assert isinstance(styled, Text) and styled.plain == "lambda-\ngen-\nmemory" and styled.style == "bold"


def test_rows_that_fit_cost_one_line_and_crowded_rows_wrap() -> None:
    headings = ["Question", "Flags"]
    rows = [["alpha-01", Text("hard")], ["apigw-gen-cache-invocations", Text("mis-key? hard D<0")]]
    widths, shown, heights = fit_rows(headings, rows, 60)
    assert widths == [27, 17] and heights == [1, 1] and shown == rows
    widths, shown, heights = fit_rows(headings, rows, 30)
    assert sum(widths) == 30 and widths[1] >= width_of("mis-key?")  # a flag is never cut
    assert heights[0] == 1 and heights[1] == 2
    assert "\n" in str(shown[1][0]) and str(shown[1][0]).replace("\n", "") == "apigw-gen-cache-invocations"
