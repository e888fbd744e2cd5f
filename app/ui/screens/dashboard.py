"""Progress you can see: what is due, your streak, topics, accuracy over time, weak spots and readiness.

The figures read the whole answer history, so they are computed in a thread when the screen is shown
(app/ui/background.py) while it shows a loading indicator, and kept until the store changes; a theme change
draws the same figures again.
"""

from __future__ import annotations

from collections import OrderedDict

from rich.segment import Segment
from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Static

from ...core.progress.stats import Dashboard, dashboard
from ...core.wording import count_of
from ...present.charts import bar, sparkline
from ...present.palette import Palette
from ...present.text import percent, study_time
from ..background import BackgroundContent
from ..context import ColdstartAware
from ..restyling import ReadingPane, StyledAtMount
from ..theme_palette import theme_palette
from ..widgets.drawn_once import DrawnOnce
from ..widgets.figure import Figure
from ..widgets.footer import Footer
from ..widgets.header import Header


def accuracy_chart(board: Dashboard, width: int, palette: Palette) -> Text:
    """Accuracy per day over the last weeks as a row of bars (blank days show as ·), dated below."""
    days = board.accuracy_by_day[-max(7, min(len(board.accuracy_by_day), width - 10)) :]
    line = Text("100% ┤", style=palette.muted)
    line.append(sparkline([day.accuracy for day in days]), style=palette.accent)
    first, last = days[0].day, days[-1].day
    line.append(f"\n     └ {first:%d %b}" + " " * max(1, len(days) - 14) + f"{last:%d %b}", style=palette.muted)
    return line


# The drawings of the tables of the figures last shown (DrawnOnce), kept with those figures: opened again with
# nothing new, the dashboard shows the same figures (app/ui/background.py) and copies their tables' lines instead
# of laying out two Rich tables again, the most of the time of opening it.
_drawn_figures: tuple[Dashboard, OrderedDict[tuple[object, int], list[list[Segment]]]] | None = None


def drawings_of(board: Dashboard) -> OrderedDict[tuple[object, int], list[list[Segment]]]:
    """Where the tables of `board` are drawn: the same store for the same figures, a new one for new figures."""
    global _drawn_figures
    if _drawn_figures is None or _drawn_figures[0] is not board:
        _drawn_figures = (board, OrderedDict())
    return _drawn_figures[1]


class DrillButton(Button):
    """Practise one topic."""

    def __init__(self, label: str, topic_id: str) -> None:
        super().__init__(label, classes="drill")
        self.topic_id = topic_id


class DashboardScreen(StyledAtMount, BackgroundContent, ColdstartAware, Screen[None]):
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", tooltip="Back to the home screen", id="dashboard.back"),
        Binding("r", "reviews", "Reviews due", tooltip="Answer the questions due today", id="dashboard.reviews"),
        Binding("w", "drill_weakest", "Drill weakest", tooltip="Practise your weakest topic", id="dashboard.drill"),
        Binding("s", "question_stats", "Question stats", tooltip="How each question performs: right, discrimination, top wrong choice, flags", id="dashboard.question_stats"),
    ]

    board: Dashboard | None = None  # the figures last shown

    def compose(self) -> ComposeResult:
        yield Header()
        with ReadingPane(id="dashboard"):
            yield Static("Reading your progress…", id="dash-headline")
            with Horizontal(id="dash-actions"):
                yield Button("Reviews due", id="dash-reviews", variant="primary")
                yield Button("Question statistics", id="dash-question-stats", tooltip="How each question performs (s)")
            yield Static("Exam readiness", classes="heading")
            yield Figure(id="dash-readiness")
            yield Static(id="dash-readiness-explained")
            yield Static("Weakest topics", classes="heading")
            yield Static(id="dash-weakest-empty")
            yield ReadingPane(id="dash-weakest")
            yield Static("Accuracy over the last 30 days", classes="heading")
            yield Static(id="dash-accuracy")
            yield Static("Topics", classes="heading")
            yield Figure(id="dash-topics")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Your progress"
        # The figures are drawn in the theme's colours (theme_palette): draw them again in a new theme's.
        self.app.theme_changed_signal.subscribe(self, lambda _: self.show_figures(self.board) if self.board else None)

    def on_screen_resume(self) -> None:
        """Show the figures when the screen is shown: when opened, and when back from practice or statistics.

        They are computed again only when something was written to the store or the minute moved on (the
        readiness estimate reads the time: how well each question is remembered now); otherwise the figures
        last computed are shown at once (app/ui/background.py)."""
        if self._app.open_progress():
            body = self.query_one("#dashboard", VerticalScroll)
            minute = self._app.clock.now().replace(second=0, microsecond=0)
            self.load_content(
                self._compute, self.show_figures, where=body, notice=self.query_one("#dash-headline", Static),
                what="your progress", remember=(self._app.course, minute),
            )

    def _compute(self) -> Dashboard:
        """In a worker thread, on a connection of its own."""
        course, now = self._app.course, self._app.clock.now()
        with self._app.progress_reader() as store:
            return dashboard(course, store, now)

    def show_figures(self, board: Dashboard) -> None:
        self.board = board
        palette = theme_palette(self.app)
        learning_parts: tuple[tuple[str, str] | str, ...] = ((f"{board.learning_today}", "bold"), " in learning · ")
        headline = Text.assemble(
            (f"{board.due_today}", f"bold {palette.warning}"), " due today · ",
            *(learning_parts if board.learning_today else ()),
            (f"{board.streak_days}", "bold"), f" day streak{' (study today to keep it)' if not board.studied_today and board.streak_days else ''} · ",
            (study_time(board.time_studied.total_seconds), "bold"), " studied · ",
            (f"{board.questions_seen}/{board.questions_total}", "bold"), " questions seen",
        )  # fmt: skip
        if board.changed_questions:
            headline.append(f"\n↻ {count_of(len(board.changed_questions), 'question')} changed since you last answered them.", style=palette.warning)
        if board.retired_questions:
            headline.append(f"\n{count_of(len(board.retired_questions), 'question')} you answered were retired from the course; their history is kept.", style=palette.muted)
        self.query_one("#dash-headline", Static).update(headline)
        self.query_one("#dash-reviews", Button).label = f"Reviews due ({board.due_today})"
        self.query_one("#dash-reviews", Button).disabled = board.due_today == 0

        readiness = Table(show_edge=False, pad_edge=False, box=None)
        for column in ("domain", "weight", "seen", "first try", "expected", ""):
            readiness.add_column(column, no_wrap=column != "domain")
        for d in board.readiness.domains:
            readiness.add_row(
                Text(d.name), f"{d.weight:g}%", f"{d.seen}/{d.questions}", percent(d.first_try_accuracy),
                percent(d.readiness), bar(d.readiness or 0.0, 10, palette),
            )  # fmt: skip
        overall = board.readiness.overall
        style = f"bold {palette.good if board.readiness.on_track else palette.warning}"
        shown = board.readiness.headline if overall is not None else "—"  # "64% (57–71%)"; the text below says why not
        readiness.add_row(Text("Overall", style="bold"), "", "", "", Text(shown, style=style), bar(overall or 0.0, 10, palette))
        drawings = drawings_of(board)
        self.query_one("#dash-readiness", Figure).update(DrawnOnce(("readiness", self.app.theme), readiness, drawings))
        self.query_one("#dash-readiness-explained", Static).update(Text(board.readiness.explanation, style=palette.muted))

        weakest = self.query_one("#dash-weakest", VerticalScroll)
        weakest.remove_children()
        titles = {t.id: t.title for t in self._app.course.topics}
        progress = {t.topic_id: t for t in board.topics}
        self.query_one("#dash-weakest-empty", Static).update(
            "" if board.weakest_topics else Text(
                "No topic shows a weakness yet: the topics you miss questions in show up here." if board.answers_total
                else "Answer a few questions and your weakest topics show up here.", style=palette.muted)
        )
        for topic_id in board.weakest_topics[:5]:
            p = progress.get(topic_id)
            missed = f"{p.answers - p.correct} of {count_of(p.answers, 'answer')} missed" if p else ""
            label = f"Drill: {titles.get(topic_id, topic_id)} ({missed})"
            weakest.mount(DrillButton(label, topic_id))

        self.query_one("#dash-accuracy", Static).update(accuracy_chart(board, self.app.size.width, palette))

        topics = Table(show_edge=False, pad_edge=False, box=None)
        for column in ("topic", "read", "", "seen", "right", "mastery"):
            topics.add_column(column, no_wrap=column != "topic")
        for p in board.topics:
            topics.add_row(
                Text(titles.get(p.topic_id, p.title)), percent(p.read_fraction), bar(p.read_fraction, 8, palette),
                f"{p.questions_seen}/{p.questions}", percent(p.accuracy), percent(p.mastery),
            )  # fmt: skip
        self.query_one("#dash-topics", Figure).update(DrawnOnce(("topics", self.app.theme), topics, drawings))
        self.refresh_bindings()  # "Drill weakest" is offered once the figures name a weakest topic

    # --- actions -------------------------------------------------------------------------------------------

    def action_reviews(self) -> None:
        self._app.start_practice("review")

    def action_drill_weakest(self) -> None:
        if self.board and self.board.weakest_topics:
            self._app.start_practice("practice", self.board.weakest_topics[0])

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "drill_weakest":
            return bool(self.board and self.board.weakest_topics)
        return True

    def action_question_stats(self) -> None:
        from .question_stats import QuestionStatsScreen

        self.app.push_screen(QuestionStatsScreen())

    @on(Button.Pressed, "#dash-question-stats")
    def _question_stats_pressed(self) -> None:
        self.action_question_stats()

    @on(Button.Pressed, "#dash-reviews")
    def _reviews_pressed(self) -> None:
        self.action_reviews()

    @on(Button.Pressed, "DrillButton")
    def _drill_pressed(self, event: Button.Pressed) -> None:
        assert isinstance(event.button, DrillButton)
        self._app.start_practice("practice", event.button.topic_id)
