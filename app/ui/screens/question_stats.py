"""Question statistics in the app: how each answered question performs, and why a question is flagged.

The figures are those of `coldstart stats questions` (app/core/progress/question_stats.py says how each
is defined): a table of answered questions, and under it the highlighted question in detail, with its file
and line so an author can go straight to it. They read every answer, which takes seconds on a large store,
so they are computed in a thread while the screen shows a loading indicator, and kept until something is
written to the store (app/ui/background.py).
"""

from __future__ import annotations

from collections import OrderedDict
from typing import TYPE_CHECKING, Any, cast

from rich.segment import Segment
from rich.text import Text
from textual import on
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import DataTable, Static

from ...core.progress.question_stats import MIN_ATTEMPTS, QuestionStatistics, question_statistics
from ...present import question_stats as present
from ..background import BackgroundContent, prepare_content
from ..context import ColdstartAware
from ..restyling import ReadingPane, StyledAtMount
from ..theme_palette import theme_palette
from ..widgets.drawn_once import DrawnOnce
from ..widgets.figure import Figure
from ..widgets.fitted_table import FittedTable
from ..widgets.footer import Footer
from ..widgets.header import Header

if TYPE_CHECKING:
    from ..context import CourseApp


WHAT = "the question statistics"  # as load_content names them


def compute_statistics(app: CourseApp) -> QuestionStatistics:
    """In a worker thread, on a connection of its own."""
    with app.progress_reader() as store:
        return question_statistics(app.course, store.db)


def prepare_statistics(app: App[Any]) -> None:
    """Compute the statistics ahead, so their screen opens with them (see `prepare_content`)."""
    course_app = cast("CourseApp", app)
    prepare_content(app, WHAT, course_app.course, lambda: compute_statistics(course_app))


class QuestionStatsScreen(StyledAtMount, BackgroundContent, ColdstartAware, Screen[None]):
    """Every answered question in a table; the highlighted one in detail below."""


    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", tooltip="Back to your progress", id="qstats.back"),
        Binding("f", "toggle_flagged", "Flagged only", tooltip="Show only flagged questions, or all answered ones", id="qstats.flagged"),
    ]

    flagged_only: reactive[bool] = reactive(False, init=False)

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Reading every answer…", id="qstats-summary")
        yield FittedTable(id="qstats-table", cursor_type="row", zebra_stripes=True)
        with ReadingPane(id="qstats-details"):
            yield Figure(id="qstats-question")  # drawn once per width (a Static draws it to measure, then again to paint)
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Question statistics"
        self.statistics: QuestionStatistics | None = None
        self._detailed: tuple[str, QuestionStatistics] | None = None  # the question shown in detail, of which figures
        self._drawn_for: QuestionStatistics | None = None  # the figures the details drawn so far are of
        self._drawings: OrderedDict[tuple[object, int], list[list[Segment]]] = OrderedDict()
        self.set_focus(self.query_one(FittedTable))

    def on_screen_resume(self) -> None:
        """Show the statistics when the screen is shown: computed again only if an answer was written since, or the
        course changed (the screen is kept between visits: `show_kept`)."""
        if self._app.open_progress():
            table, summary = self.query_one(FittedTable), self.query_one("#qstats-summary", Static)
            self.load_content(self._compute, self._show, where=table, notice=summary, what=WHAT, remember=self._app.course)

    def _compute(self) -> QuestionStatistics:
        return compute_statistics(self._app)

    def _show(self, statistics: QuestionStatistics) -> None:
        self.statistics = statistics
        summary = Text(statistics.summary() + "\n")
        summary.append(
            f"D: share right among the strongest 27% of learners minus the weakest 27% (first answers); "
            f"flags need {MIN_ATTEMPTS} answers. Merge your learners' exports to see a class.",
            style=theme_palette(self.app).muted,
        )
        self.query_one("#qstats-summary", Static).update(summary)
        self.fill()

    def fill(self) -> None:
        """The table rows: answered questions, or only the flagged ones (none while loading)."""
        if self.statistics is None:
            return
        shown = self.statistics.flagged if self.flagged_only else self.statistics.answered
        palette = theme_palette(self.app)
        headings = [name for name, _ in present.COLUMNS]
        table = self.query_one(FittedTable)
        table.show(headings, ((q.question_id, present.row(q, palette)) for q in shown))
        if shown and table.row_count:
            # The highlighted question in detail in the same frame as the rows (the highlight's message comes later)
            self.show_details(str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value))
        if not shown:
            empty = "No question is flagged." if self.flagged_only else "No answers yet: answer some questions first."
            self.query_one("#qstats-question", Figure).update(Text(empty, style=palette.muted))

    def watch_flagged_only(self) -> None:
        self.fill()

    def action_toggle_flagged(self) -> None:
        self.flagged_only = not self.flagged_only

    @on(DataTable.RowHighlighted)
    def _show_question(self, event: DataTable.RowHighlighted) -> None:
        self.show_details(str(event.row_key.value))

    def show_details(self, question_id: str) -> None:
        """The question `question_id` in detail under the table (not drawn again if it is the one shown)."""
        statistics = self.statistics
        if statistics is None or (self._detailed is not None and self._detailed[0] == question_id and self._detailed[1] is statistics):
            return
        question = next((q for q in statistics.questions if q.question_id == question_id), None)
        if question is not None:
            self._detailed = (question_id, statistics)
            if self._drawn_for is not statistics:  # drawings of other figures
                self._drawn_for, self._drawings = statistics, OrderedDict()
            details = present.details(question, self._app.course.root, theme_palette(self.app))
            # Kept per width: the pane's scrollbar comes and goes as the details are laid out, and each time the
            # details were drawn again at the other width.
            self.query_one("#qstats-question", Figure).update(DrawnOnce((question_id, self.app.theme), details, self._drawings))
