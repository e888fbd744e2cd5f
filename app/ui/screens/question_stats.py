"""Question statistics in the app: how each answered question performs, and why a question is flagged.

The figures are those of `coldstart stats questions` (app/core/progress/question_stats.py says how each
is defined): a table of answered questions, and under it the highlighted question in detail, with its file
and line so an author can go straight to it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from ...core.progress.question_stats import (
    MIN_ATTEMPTS,
    SHORT_FLAGS,
    QuestionStatistics,
    QuestionStats,
    question_statistics,
)
from ..typed import ColdstartAware
from .dashboard import percent

if TYPE_CHECKING:
    pass

def details(q: QuestionStats, root: Path) -> Text:
    """One question in full: where it is (inside the course folder `root`), its figures, its choices with their picks, its flags."""
    text = Text.assemble((q.question_id, "bold"))
    if q.location is not None:
        file = q.location.file
        text.append(f"  {file.relative_to(root) if file.is_relative_to(root) else file}:{q.location.line}", style="dim")
    text.append(f"\n{q.attempts} answer{'s' if q.attempts != 1 else ''} from {q.learners} "
                f"learner{'s' if q.learners != 1 else ''}, {percent(q.proportion_correct)} right")
    if q.mean_seconds is not None:
        text.append(f", {q.mean_seconds:.0f} s on average")
    text.append("\nDiscrimination: ")
    text.append(f"{q.discrimination:+.2f}" if q.discrimination is not None else q.discrimination_note or "—")
    if q.generated:
        text.append("\nGenerated question: its choices change with every drawing, so picks are not compared.", style="dim")
    for c in q.choices:
        share = c.picks / q.attempts if q.attempts else 0.0
        filled = round(share * 10)
        text.append(f"\n{'✓' if c.correct else ' '} {c.letter} ", style="green" if c.correct else "")
        text.append("█" * filled, style="green" if c.correct else "red")
        text.append("░" * (10 - filled), style="dim")
        text.append(f" {c.picks:>3}  ")
        text.append(c.text[:60] + ("…" if len(c.text) > 60 else ""))
    for flag in q.flags:
        text.append(f"\n⚑ {q.describe_flag(flag)}", style="bold yellow")
    if q.older_answers:
        text.append(f"\n{q.older_answers} answer(s) to earlier versions of this question are not counted.", style="dim")
    return text


class QuestionStatsScreen(ColdstartAware, Screen[None]):
    """Every answered question in a table; the highlighted one in detail below."""

    DEFAULT_CSS = """
    QuestionStatsScreen #qstats-summary { height: auto; padding: 0 1; }
    QuestionStatsScreen #qstats-table { height: 1fr; min-height: 5; }
    QuestionStatsScreen #qstats-details { height: auto; max-height: 50%; border-top: solid $panel; padding: 0 1; }
    """

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
        table.add_columns("Question", "Tries", "Right", "D", "Time", "Top wrong", "Flags")
        self.statistics: QuestionStatistics = question_statistics(self._app.course, self._app.progress.db)
        summary = Text(self.statistics.summary() + "\n")
        summary.append(
            f"D: share right among the strongest 27% of learners minus the weakest 27% (first answers); "
            f"flags need {MIN_ATTEMPTS} answers. Merge your learners' exports to see a class.",
            style="dim",
        )
        self.query_one("#qstats-summary", Static).update(summary)
        self.fill()
        table.focus()

    def fill(self) -> None:
        """The table rows: answered questions, or only the flagged ones."""
        table = self.query_one(DataTable)
        table.clear()
        shown = self.statistics.flagged if self.flagged_only else self.statistics.answered
        for q in shown:
            wrong = q.most_chosen_wrong
            table.add_row(
                Text(q.question_id), str(q.attempts), percent(q.proportion_correct),
                "—" if q.discrimination is None else f"{q.discrimination:+.2f}",
                "—" if q.mean_seconds is None else f"{q.mean_seconds:.0f} s",
                f"{wrong.letter} ×{wrong.picks}" if wrong else "—",
                Text(" ".join(SHORT_FLAGS.get(f, f) for f in q.flags), style="bold yellow"),
                key=q.question_id,
            )  # fmt: skip
        if not shown:
            empty = "No question is flagged." if self.flagged_only else "No answers yet: answer some questions first."
            self.query_one("#qstats-question", Static).update(Text(empty, style="dim"))

    def watch_flagged_only(self) -> None:
        self.fill()

    def action_toggle_flagged(self) -> None:
        self.flagged_only = not self.flagged_only

    @on(DataTable.RowHighlighted)
    def _show_question(self, event: DataTable.RowHighlighted) -> None:
        by_id = {q.question_id: q for q in self.statistics.questions}
        question = by_id.get(str(event.row_key.value))
        if question is not None:
            self.query_one("#qstats-question", Static).update(details(question, self._app.course.root))
