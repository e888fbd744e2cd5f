"""A Figure draws its Rich renderable once per width: layout and repaints reuse the lines."""

from __future__ import annotations

from coldstart.ui.widgets.figure import Figure
from rich.console import Console, ConsoleOptions, RenderResult
from rich.text import Text
from textual.app import App, ComposeResult
from ui_helpers import wait_until


class CountedDrawing:
    """A renderable that counts how often it is drawn, and at which widths."""

    def __init__(self) -> None:
        self.widths: list[int] = []

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        self.widths.append(options.max_width)
        yield Text("figures " * 40)  # wraps: its height depends on the width


class FigureApp(App[None]):
    def compose(self) -> ComposeResult:
        yield Figure(id="figure")


async def test_a_figure_is_drawn_once_per_width_however_often_it_is_laid_out_and_painted() -> None:
    drawing = CountedDrawing()
    app = FigureApp()
    async with app.run_test(size=(60, 20)) as pilot:
        figure = app.query_one(Figure)
        figure.update(drawing)
        await wait_until(pilot, lambda: figure.size.height > 1, "the figure laid out")
        for _ in range(3):
            figure.refresh(layout=True)
            await pilot.pause()
        assert drawing.widths == [60]
        assert figure.size.height == 6  # 320 characters at 60 columns
        assert figure.render_line(0).text.startswith("figures figures")
        await pilot.resize_terminal(40, 20)
        await wait_until(pilot, lambda: figure.size.width == 40, "the figure at the new width")
        assert drawing.widths == [60, 40]


async def test_a_fitted_table_does_not_measure_the_cells_of_its_rows(monkeypatch) -> None:
    """Its columns have their widths and its rows their heights before they are added: DataTable's measuring of
    every cell (most of the time of a table of hundreds of rows) is skipped."""
    from coldstart.ui.widgets.fitted_table import FittedTable
    from textual.widgets import _data_table

    measured: list[object] = []
    original = _data_table.measure
    monkeypatch.setattr(_data_table, "measure", lambda *args, **kwargs: measured.append(args[1]) or original(*args, **kwargs))

    class TableApp(App[None]):
        def compose(self) -> ComposeResult:
            yield FittedTable()

    async with TableApp().run_test(size=(60, 20)) as pilot:
        table = pilot.app.query_one(FittedTable)
        table.show(["id", "figure"], ((f"q{n}", (f"question-{n}", str(n))) for n in range(300)))
        await wait_until(pilot, lambda: table.virtual_size.height >= 300, "the rows laid out")
        cells = [cell for cell in measured if not isinstance(cell, Text) or cell.plain not in ("id", "figure")]
        assert len(cells) < 10, f"{len(cells)} cells measured"
        assert table.row_count == 300 and table.get_row_at(299) == ["question-299", "299"]


async def test_a_fitted_table_sets_its_cursor_once_for_all_its_rows(monkeypatch) -> None:
    """DataTable.add_row sets the cursor again after every row (a reactive set and its validation): filling a
    FittedTable of hundreds of rows does it once. The rows, their heights and the first highlight are as before."""
    from coldstart.ui.widgets.fitted_table import FittedTable
    from textual.widgets import DataTable

    validated: list[object] = []
    original = DataTable.validate_cursor_coordinate
    monkeypatch.setattr(DataTable, "validate_cursor_coordinate", lambda self, value: validated.append(value) or original(self, value))
    highlighted: list[str] = []

    class TableApp(App[None]):
        def compose(self) -> ComposeResult:
            yield FittedTable(cursor_type="row")

        def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
            highlighted.append(str(event.row_key.value))

    async with TableApp().run_test(size=(40, 20)) as pilot:
        table = pilot.app.query_one(FittedTable)
        await pilot.pause()
        validated.clear()
        table.show(["id", "figure"], ((f"q{n}", (f"question number {n} of a table of very many rows", str(n))) for n in range(300)))
        assert len(validated) < 5, f"the cursor was set {len(validated)} times"
        await wait_until(pilot, lambda: highlighted == ["q0"], "the first row highlighted")
        assert table.row_count == 300 and table.get_row("q299") == ["question number 299 of a table of very many rows", "299"]
        assert table.rows[next(iter(table.rows))].height == 2  # wrapped at 40 columns, as fit_rows says
        await pilot.press("down")
        await wait_until(pilot, lambda: highlighted[-1] == "q1", "the cursor moves")


async def test_the_dashboard_draws_each_table_once_and_not_again_for_the_same_figures(make_app, long_titles, monkeypatch) -> None:
    """Its figures fill more than the screen: the scrollbar's room is kept from the start, so they are not drawn at
    the full width first and again when the scrollbar comes. Opened again with nothing new, the same figures are
    shown and their tables' drawings copied."""
    from coldstart.present.tables import HeadedColumns
    from coldstart.ui.screens.dashboard import DashboardScreen
    from ui_helpers import answer, content_shown, progress_loaded

    widths: list[int] = []  # the width of each drawing of a table
    table_drawing = HeadedColumns.__rich_console__

    def counted(self: HeadedColumns, console: Console, options: ConsoleOptions) -> RenderResult:
        widths.append(options.max_width)
        yield from table_drawing(self, console, options)

    monkeypatch.setattr(HeadedColumns, "__rich_console__", counted)
    app = make_app(long_titles)
    async with app.run_test(size=(80, 24)) as pilot:
        await progress_loaded(pilot)
        for question, right in zip(app.course.questions[:2], (True, False)):
            answer(app, question, right)
        app.push_screen(DashboardScreen())
        await content_shown(pilot)
        assert app.screen.query_one("#dashboard").max_scroll_y > 0  # more than a screenful
        assert widths == [74, 74]  # readiness and topics: 80 less the padding and the scrollbar
        await pilot.press("escape")
        widths.clear()
        again = DashboardScreen()
        app.push_screen(again)
        await content_shown(pilot)
        assert widths == [] and again.query_one("#dash-topics", Figure).size.height > 3
