"""Question statistics in the app: how each answered question performs, and why a question is flagged.

The figures are those of `coldstart stats questions` (app/core/progress/question_stats.py says how each
is defined): a table of answered questions, and under it the highlighted question in detail, with its file
and line so an author can go straight to it.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static

from ...core.progress.question_stats import MIN_ATTEMPTS, QuestionStatistics, question_statistics
from ...present import question_stats as present
from ..context import ColdstartAware
from ..theme_palette import theme_palette
from ..widgets.footer import Footer


class QuestionStatsScreen(ColdstartAware, Screen[None]):
    """Every answered question in a table; the highlighted one in detail below."""


    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", tooltip="Back to your progress", id="qstats.back"),
        Binding("f", "toggle_flagged", "Flagged only", tooltip="Show only flagged questions, or all answered ones", id="qstats.flagged"),
    ]

    flagged_only: reactive[bool] = reactive(False, init=False)

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="qstats-summary")
        yield DataTable(id="qstats-table", cursor_type="row", zebra_stripes=True)
        with VerticalScroll(id="qstats-details"):
            yield Static(id="qstats-question")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Question statistics"
        table = self.query_one(DataTable)
        table.add_columns(*(name for name, _ in present.COLUMNS))
        self.statistics: QuestionStatistics = question_statistics(self._app.course, self._app.progress.db)
        summary = Text(self.statistics.summary() + "\n")
        summary.append(
            f"D: share right among the strongest 27% of learners minus the weakest 27% (first answers); "
            f"flags need {MIN_ATTEMPTS} answers. Merge your learners' exports to see a class.",
            style=theme_palette(self.app).muted,
        )
        self.query_one("#qstats-summary", Static).update(summary)
        self.fill()
        table.focus()

    def fill(self) -> None:
        """The table rows: answered questions, or only the flagged ones."""
        table = self.query_one(DataTable)
        table.clear()
        shown = self.statistics.flagged if self.flagged_only else self.statistics.answered
        palette = theme_palette(self.app)
        for q in shown:
            table.add_row(*present.row(q, palette), key=q.question_id)
        if not shown:
            empty = "No question is flagged." if self.flagged_only else "No answers yet: answer some questions first."
            self.query_one("#qstats-question", Static).update(Text(empty, style=theme_palette(self.app).muted))

    def watch_flagged_only(self) -> None:
        self.fill()

    def action_toggle_flagged(self) -> None:
        self.flagged_only = not self.flagged_only

    @on(DataTable.RowHighlighted)
    def _show_question(self, event: DataTable.RowHighlighted) -> None:
        by_id = {q.question_id: q for q in self.statistics.questions}
        question = by_id.get(str(event.row_key.value))
        if question is not None:
            self.query_one("#qstats-question", Static).update(present.details(question, self._app.course.root, theme_palette(self.app)))
