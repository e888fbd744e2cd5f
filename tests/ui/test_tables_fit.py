"""At 80 columns every table keeps every column: each heading and every word of every cell is drawn, whole.

The tables of the exam results (by domain, by topic), the dashboard (readiness, topics), the question
statistics (the table and a question's choices) and the help, on the bundled course, whose topic titles are the
longest there are. A word cut short ("Correc…"), a column pushed past the edge or scrolled out of sight fails.
The terminal is 80 columns wide and tall enough to lay everything out; the same tables are checked at 200x60.
"""

from __future__ import annotations

import re
from collections import Counter

import pytest
from coldstart.core.exam import ExamSession, feed_progress
from coldstart.core.paths import bundled_course_dir
from coldstart.present.tables import FiguresTable, HeadedColumns
from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.geometry import Region
from textual.widget import Widget
from textual.widgets import DataTable, Static
from ui_helpers import answer, content_shown, progress_loaded, wait_until

SIZES = [(80, 150), (200, 60)]


def rich_tables(renderable: object) -> list[Table | FiguresTable]:
    """The tables in a Static's content (a Rich table, a table of figures or of headed columns, a Group holding
    some, or a table drawn once per width)."""
    from coldstart.ui.widgets.drawn_once import DrawnOnce

    if isinstance(renderable, DrawnOnce) and not callable(renderable.renderable):
        return rich_tables(renderable.renderable)
    if isinstance(renderable, Table | FiguresTable):
        return [renderable]
    if isinstance(renderable, HeadedColumns):
        return [renderable.rich_table()]  # the same words, as Rich would draw them
    if isinstance(renderable, Group):
        return [table for part in renderable.renderables for table in rich_tables(part)]
    return []


# A word may break after a hyphen (a long question id does at 80 columns), nowhere else: compare the pieces.
PIECES = re.compile(r"[^-]*-+|[^-]+")


def words(cell: object) -> list[str]:
    """The pieces of the words in a cell or a drawn line."""
    text = cell.plain if isinstance(cell, Text) else str(cell)
    return [piece for word in text.split() for piece in PIECES.findall(word)]


def table_words(table: Table | FiguresTable) -> Counter[str]:
    """Every word of every heading and cell of a table."""
    counted: Counter[str] = Counter()
    if isinstance(table, FiguresTable):
        for cell in [*table.headings, *(cell for row in table.rows for cell in row)]:
            counted.update(words(cell))
        return counted
    for column in table.columns:
        counted.update(words(column.header) if table.show_header else [])
        for cell in column._cells:
            counted.update(words(cell))
    return counted


def data_table_words(table: DataTable) -> Counter[str]:
    counted: Counter[str] = Counter()
    for column in table.ordered_columns:
        counted.update(words(column.label))
    for row in range(table.row_count):
        for cell in table.get_row_at(row):
            counted.update(words(cell))
    return counted


def drawn_words(widget: Widget) -> Counter[str]:
    """The words a widget draws (all of it, also the part scrolled out of the terminal)."""
    lines = widget.render_lines(Region(0, 0, widget.size.width, widget.size.height))
    return Counter(piece for strip in lines for piece in words(strip.text))


def assert_fits(widget: Widget, expected: Counter[str], what: str) -> None:
    missing = expected - drawn_words(widget)
    assert not missing, f"{what}: not drawn whole at {widget.app.size.width} columns: {sorted(missing)}"
    assert widget.region.x >= 0 and widget.region.right <= widget.app.size.width, f"{what} runs past the edge: {widget.region}"


def assert_every_table_fits(screen, at_least: int) -> None:
    """Every Static (or Figure) on the screen that shows Rich tables draws all their words, inside the terminal."""
    from coldstart.ui.widgets.figure import Figure

    checked = 0
    for static in [*screen.query(Static), *screen.query(Figure)]:
        tables = rich_tables(static.content)
        if tables and static.display and static.size.width:
            assert_fits(static, sum((table_words(t) for t in tables), Counter()), f"#{static.id or type(static).__name__}")
            checked += 1
    assert checked >= at_least, f"only {checked} tables found on {type(screen).__name__}"


async def _with_answers(pilot, count: int = 60) -> None:
    """Answers on the bundled course, one in three wrong, so every table has rows and figures."""
    await progress_loaded(pilot)
    app = pilot.app
    askable = [q for q in app.course.questions if q.generator is None and any(not c.correct for c in q.choices)]
    for n, question in enumerate(askable[::7][:count]):
        answer(app, question, right=n % 3 != 0)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_the_exam_results_tables_keep_every_column(make_app, clock, size) -> None:
    from coldstart.ui.screens.exam_results import ExamResultsScreen

    app = make_app(bundled_course_dir())
    async with app.run_test(size=size) as pilot:
        await progress_loaded(pilot)
        blueprint = app.course.blueprint("lambda-sprint")
        session = ExamSession.start(app.course, blueprint, app.exams, clock, seed=11, answer_sink=feed_progress(app.progress))
        for position, question in enumerate(session.questions[:12]):
            session.answer(position, question.correct_indexes if position % 2 else frozenset({len(question.choices) - 1}))
        app.push_screen(ExamResultsScreen(session.submit()))
        await wait_until(pilot, lambda: isinstance(app.screen, ExamResultsScreen), "the results")
        await content_shown(pilot, "the results")
        screen = app.screen
        assert len(screen.result.by_topic) >= 8  # enough topics for the long titles to be among them
        assert_every_table_fits(screen, at_least=2)  # by domain, by topic (and a question's choices)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_the_dashboard_tables_keep_every_column(make_app, size) -> None:
    from coldstart.ui.screens.dashboard import DashboardScreen

    app = make_app(bundled_course_dir())
    async with app.run_test(size=size) as pilot:
        await _with_answers(pilot)
        app.push_screen(DashboardScreen())
        await wait_until(pilot, lambda: isinstance(app.screen, DashboardScreen), "the dashboard")
        await content_shown(pilot, "the dashboard's figures")
        assert_every_table_fits(app.screen, at_least=2)  # readiness, topics


@pytest.mark.parametrize("size", [(80, 120), (200, 60)], ids=lambda s: f"{s[0]}x{s[1]}")
async def test_the_question_statistics_keep_every_column(make_app, size) -> None:
    from coldstart.ui.screens.question_stats import QuestionStatsScreen

    app = make_app(bundled_course_dir())
    async with app.run_test(size=size) as pilot:
        await _with_answers(pilot, count=20)
        flagged = app.course.questions[0]
        for _ in range(6):  # six wrong answers: flagged as hard and possibly mis-keyed, the widest Flags cell
            answer(app, flagged, right=False)
        app.push_screen(QuestionStatsScreen())
        await wait_until(pilot, lambda: isinstance(app.screen, QuestionStatsScreen), "the question statistics")
        await content_shown(pilot, "the question statistics")
        table = app.screen.query_one("#qstats-table", DataTable)
        await wait_until(pilot, lambda: table.row_count >= 20 and table.size.width > 0, "the table's rows")
        await pilot.pause()
        assert table.virtual_size.width <= table.scrollable_content_region.width, "columns scroll out of sight"
        assert_fits(table, data_table_words(table), "the statistics table")
        assert_every_table_fits(app.screen, at_least=1)  # the highlighted question's choices


async def test_at_80_columns_a_crowded_statistics_table_wraps_rather_than_dropping_columns(make_app) -> None:
    """Long ids and every flag at once: wider than 80 columns, so cells wrap and rows grow, every column stays."""
    from coldstart.ui.widgets.fitted_table import FittedTable
    from textual.app import App, ComposeResult

    headings = ["Question", "Tries", "Right", "D", "Time", "Top wrong", "Flags"]
    rows = [
        (f"q{n}", [f"apigw-gen-cache-invocations-{n}", "120", "100%", "+0.35", "120 s", "B ×12", "mis-key? hard D<0"])
        for n in range(5)
    ]

    class OneTable(App[None]):
        def compose(self) -> ComposeResult:
            yield FittedTable(id="t")

    app = OneTable()
    async with app.run_test(size=(80, 30)) as pilot:
        table = app.query_one(FittedTable)
        table.show(headings, rows)
        await pilot.pause()
        assert table.virtual_size.width <= table.scrollable_content_region.width
        given = Counter(piece for heading in headings for piece in words(heading))
        given.update(piece for _, cells in rows for cell in cells for piece in words(cell))
        assert_fits(table, given, "the crowded table")
        assert max(row.height for row in table.rows.values()) == 2  # ids and flags wrap onto a second line
        table.move_cursor(row=3)
        await pilot.resize_terminal(200, 30)
        await pilot.pause()
        assert all(row.height == 1 for row in table.rows.values()) and table.cursor_row == 3  # wide: one line each


@pytest.mark.parametrize("screen_key", [("dashboard", "d"), ("topic", "enter")], ids=lambda k: k[0])
async def test_the_help_lists_every_key_of_the_screen_whole_at_80_columns(make_app, screen_key) -> None:
    from coldstart.ui.screens.help import EVERYWHERE, HelpScreen

    app = make_app(bundled_course_dir())
    async with app.run_test(size=(80, 60)) as pilot:
        await progress_loaded(pilot)
        await pilot.press(screen_key[1])
        await content_shown(pilot)
        under = app.screen
        shown_in_footer = {binding.action for _, binding, enabled, _ in under.app.active_bindings.values() if binding.show and enabled}
        await pilot.press("question_mark")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen), "the help")
        await pilot.pause()
        help_screen = app.screen
        listed = {row.action for row in help_screen.rows}
        described = {
            (active.binding.tooltip or active.binding.description)
            for active in under.active_bindings.values()
            if active.binding.action in shown_in_footer and active.binding.id is not None
        }
        assert described <= listed, described - listed  # every key the footer shows is in the help
        assert any(row.where == EVERYWHERE and row.keys == "?" for row in help_screen.rows)
        assert_every_table_fits(help_screen, at_least=1)
