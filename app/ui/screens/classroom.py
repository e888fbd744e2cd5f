"""The instructor's screen (`coldstart --class DIR`): every learner of the class and how the questions perform.

The figures are the class report's (app/core/classroom/report.py), the same as `coldstart class report`. Reading
every seat's database and computing the statistics takes a while for a big class, so it runs in a thread while
the screen shows a loading state (app/ui/background.py); `r` reads the class again.
"""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Static

from ...core.classroom.report import ClassReport, class_report
from ...core.classroom.seats import ClassError, ClassFolder
from ...present import question_stats as present_questions
from ...present.class_report import COLUMN_NOTE, LEARNER_COLUMNS, learner_row
from ...present.text import percent
from ..background import BackgroundContent
from ..context import ColdstartAware
from ..restyling import ReadingPane, StyledAtMount
from ..theme_palette import theme_palette
from ..widgets.fitted_table import FittedTable
from ..widgets.footer import Footer
from ..widgets.header import Header


class ClassScreen(StyledAtMount, BackgroundContent, ColdstartAware, Screen[None]):
    """Learners in a table, the weakest topics, and the question statistics over every seat."""

    BINDINGS = [
        Binding("r", "reload", "Refresh", tooltip="Read every learner's progress again", id="class.reload"),
        Binding("c", "course", "Course", tooltip="Open the course as a learner sees it", id="class.course"),
    ]

    DEFAULT_CSS = """
    ClassScreen DataTable { height: auto; max-height: 24; margin-bottom: 1; }
    ClassScreen #class-body { padding: 0 1; }
    """

    def __init__(self, folder: Path) -> None:
        super().__init__()
        self.folder = folder
        self.report: ClassReport | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with ReadingPane(id="class-body"):
            yield Static(id="class-summary")
            yield FittedTable(id="class-learners", cursor_type="row", zebra_stripes=True)
            yield Static(id="class-note")
            yield Static("Weakest topics", classes="heading")
            yield Static(id="class-weakest")
            yield Static("Question statistics, over every seat", classes="heading")
            yield Static(id="class-questions-summary")
            yield FittedTable(id="class-questions", cursor_type="row", zebra_stripes=True)
            yield Static(id="class-reports")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = f"Class {self.folder.name or self.folder}"
        self.query_one("#class-note", Static).update(Text(COLUMN_NOTE, style=theme_palette(self.app).muted))
        self.action_reload()

    def action_reload(self) -> None:
        summary = self.query_one("#class-summary", Static)
        self.load_content(self.read_class, self.show, where=self.query_one("#class-body"), notice=summary, what="the class")

    def action_course(self) -> None:
        from .home import HomeScreen

        self.app.push_screen(HomeScreen())

    def read_class(self) -> ClassReport | str:
        """Every seat, read in a worker thread; or why the folder cannot be read as a class."""
        app = self._app
        try:
            return class_report(ClassFolder.open(self.folder), app.course, app.clock)
        except (ClassError, OSError) as problem:
            return str(problem)

    def show(self, report: ClassReport | str) -> None:
        if isinstance(report, str):
            self.query_one("#class-summary", Static).update(Text(f"Cannot read the class: {report}", style="bold red"))
            return
        self.report = report
        palette = theme_palette(self.app)
        started = sum(1 for learner in report.learners if learner.started)
        self.query_one("#class-summary", Static).update(
            Text(f"{len(report.learners)} seats, {started} started · read at {report.generated_at:%H:%M} UTC")
        )
        self.query_one("#class-learners", FittedTable).show(
            [name for name, _ in LEARNER_COLUMNS], ((learner.name, [Text(cell) for cell in learner_row(learner)]) for learner in report.learners)
        )
        weakest = Text()
        for number, topic in enumerate(report.weakest_topics, 1):
            weakest.append(f"{number}. {topic.title}", style="bold")
            weakest.append(f"  mastery {percent(topic.mastery)}, right {percent(topic.accuracy)}, "
                           f"{topic.learners} learner(s)\n", style=palette.muted)
        self.query_one("#class-weakest", Static).update(weakest or Text("No topic practised yet.", style=palette.muted))
        statistics = report.questions
        self.query_one("#class-questions-summary", Static).update(Text(statistics.summary()))
        self.query_one("#class-questions", FittedTable).show(
            [name for name, _ in present_questions.COLUMNS], ((q.question_id, present_questions.row(q, palette)) for q in statistics.answered)
        )
        reports = Text()
        if report.reports:
            reports.append(f"Reported questions ({len(report.reports)}), newest first\n", style="bold")
            for item in report.reports:
                reports.append(f"{item.learner} · {item.question_id} · {item.reason_label}")
                reports.append(f"{': ' + item.note if item.note else ''}\n", style=palette.muted)
        self.query_one("#class-reports", Static).update(reports)
