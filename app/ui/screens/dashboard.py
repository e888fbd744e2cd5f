"""Progress you can see: what is due, your streak, topics, accuracy over time, weak spots and readiness.

The figures read the whole answer history, so they are computed in a thread when the screen is shown
(app/ui/background.py) while it shows a loading indicator, and kept until the store changes; a theme change
draws the same figures again.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Hashable, Sequence
from typing import TYPE_CHECKING, Any, cast

from rich.segment import Segment
from rich.text import Text
from textual import on
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widget import AwaitMount, Widget
from textual.widgets import Button, Static

from ...core.progress.stats import Dashboard, dashboard
from ...core.wording import count_of
from ...present.charts import bar, sparkline
from ...present.palette import Palette
from ...present.tables import HeadedColumns
from ...present.text import percent, study_time
from ..background import BackgroundContent, PreparesAhead, prepare_content
from ..context import ColdstartAware
from ..restyling import ReadingPane, StyledAtMount
from ..theme_palette import theme_palette
from ..widgets.after_first_frame import call_after_first_frame
from ..widgets.drawn_once import DrawnOnce
from ..widgets.figure import Figure
from ..widgets.footer import Footer
from ..widgets.header import Header

if TYPE_CHECKING:
    from ..context import CourseApp


def accuracy_chart(board: Dashboard, width: int, palette: Palette) -> Text:
    """Accuracy per day over the last weeks as a row of bars (blank days show as ·), dated below."""
    days = board.accuracy_by_day[-max(7, min(len(board.accuracy_by_day), width - 10)) :]
    line = Text("100% ┤", style=palette.muted)
    line.append(sparkline([day.accuracy for day in days]), style=palette.accent)
    first, last = days[0].day, days[-1].day
    line.append(f"\n     └ {first:%d %b}" + " " * max(1, len(days) - 14) + f"{last:%d %b}", style=palette.muted)
    return line


# The drawings of the dashboard's tables (DrawnOnce), by what they show: drawing a table was most of the time of
# showing new figures, and a new answer among thousands seldom changes a percentage as shown, so the table is
# often the one drawn last time, whose lines are copied. A few are kept: two tables, at a width or two, per theme.
_table_drawings: OrderedDict[tuple[object, int], list[list[Segment]]] = OrderedDict()


class TableDrawing(DrawnOnce):
    """A drawing of one of the dashboard's tables, kept among the last few (not DrawnOnce's thousands: each new
    set of figures may be a new key)."""

    KEEP = 16


def drawn_table(name: str, columns: Sequence[str], rows: Sequence[Sequence[str | Text]], theme: str) -> TableDrawing:
    """A table of `rows` under the headings `columns` (the first wraps, the others keep their width), drawn once
    for what it shows: the same cells in the same theme are the same drawing."""

    def cell_key(cell: str | Text) -> Hashable:
        return cell if isinstance(cell, str) else (cell.plain, cell.style, tuple(cell.spans))

    key = (name, theme, tuple(columns), tuple(tuple(map(cell_key, row)) for row in rows))
    return TableDrawing(key, HeadedColumns(columns, rows), _table_drawings)


WEAKEST_SHOWN = 5  # the weakest topics offered for a drill
WHAT = "your progress"  # the figures, as load_content names them


def figures_key(app: CourseApp) -> object:
    """What the figures depend on besides the store: the course, and the minute (the readiness estimate reads the
    time: how well each question is remembered now)."""
    return (app.course, app.clock.now().replace(second=0, microsecond=0))


def compute_figures(app: CourseApp) -> Dashboard:
    """In a worker thread, on a connection of its own."""
    course, now = app.course, app.clock.now()
    with app.progress_reader() as store:
        return dashboard(course, store, now)


def prepare_figures(app: App[Any]) -> None:
    """Compute the figures ahead, so the dashboard opens with them (see `prepare_content`)."""
    course_app = cast("CourseApp", app)
    prepare_content(app, WHAT, figures_key(course_app), lambda: compute_figures(course_app))


class DrillButton(Button):
    """Practise one topic (`topic_id`); hidden until the figures name a topic for it."""

    def __init__(self) -> None:
        super().__init__(classes="drill")
        self.display = False
        self.topic_id = ""


class DashboardScreen(StyledAtMount, BackgroundContent, PreparesAhead, ColdstartAware, Screen[None]):
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", tooltip="Back to the home screen", id="dashboard.back"),
        Binding("r", "reviews", "Reviews due", tooltip="Answer the questions due today", id="dashboard.reviews"),
        Binding("w", "drill_weakest", "Drill weakest", tooltip="Practise your weakest topic", id="dashboard.drill"),
        Binding("s", "question_stats", "Question stats", tooltip="How each question performs: right, discrimination, top wrong choice, flags", id="dashboard.question_stats"),
    ]

    board: Dashboard | None = None  # the figures last shown
    _body: list[Widget]  # the body's widgets, mounted with the screen or after its first frame (compose makes them)
    _body_mounted = False

    def compose(self) -> ComposeResult:
        yield Header()
        self._body = self._body_widgets()
        self._body_mounted = self._app.open_progress() and self.content_remembered(WHAT, self._remember_key())
        with ReadingPane(id="dashboard"):
            if self._body_mounted:  # the figures are kept: they show with the screen's first frame
                yield from self._body
        yield Footer()

    def _body_widgets(self) -> list[Widget]:
        """What the figures are shown in; the drill buttons are hidden until the figures name a topic for each."""
        # Held here as well: mounted after the first frame, the figures may come before a container has mounted
        # its children, which queries do not find until then.
        self._headline = Static("Reading your progress…", id="dash-headline")  # says so, too, if the figures fail
        self._reviews = Button("Reviews due", id="dash-reviews", variant="primary")
        self._drills = [DrillButton() for _ in range(WEAKEST_SHOWN)]
        return [
            self._headline,
            Horizontal(
                self._reviews,
                Button("Question statistics", id="dash-question-stats", tooltip="How each question performs (s)"),
                id="dash-actions",
            ),
            Static("Exam readiness", classes="heading"),
            Figure(id="dash-readiness"),
            Static(id="dash-readiness-explained"),
            Static("Weakest topics", classes="heading"),
            Static(id="dash-weakest-empty"),
            ReadingPane(*self._drills, id="dash-weakest"),
            Static("Accuracy over the last 30 days", classes="heading"),
            Static(id="dash-accuracy"),
            Static("Topics", classes="heading"),
            Figure(id="dash-topics"),
        ]

    def _mount_body(self) -> None:
        """Put the body's widgets in the screen (once).

        While the figures are computed the body is under a loading indicator, so its two dozen widgets are
        mounted after the screen's first frame, which then holds only the header, the footer and the indicator
        (they were most of the time to it), and they are mounted meanwhile, not after the figures come.
        """
        if not self._body_mounted:
            self._body_mounted = True
            mounting = self.query_one("#dashboard").mount_all(self._body)
            self.call_later(self._measure_again_once_mounted, mounting)

    async def _measure_again_once_mounted(self, mounting: AwaitMount) -> None:
        """Lay the body out again once its widgets are mounted, if the figures came first.

        Figures that come while the body is being mounted are shown in widgets whose Mount event is not handled
        yet, and Textual keeps what such a widget measured before the change: the headline, measured while it
        said "Reading your progress…", now and then stayed one line high for its two lines of figures.
        """
        await mounting
        if self.board is not None:
            for widget in self._body:
                widget.refresh(layout=True)

    def _remember_key(self) -> object:
        return figures_key(self._app)

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
            self.load_content(
                self._compute, self.show_figures, where=body, notice=self._headline, what=WHAT, remember=self._remember_key()
            )  # fmt: skip
        if not self._body_mounted:
            call_after_first_frame(self.query_one("#dashboard", VerticalScroll), self._mount_body)

    def _compute(self) -> Dashboard:
        return compute_figures(self._app)

    def _prepare_statistics(self) -> None:
        from .question_stats import prepare_statistics

        prepare_statistics(self.app)

    def show_figures(self, board: Dashboard) -> None:
        self._mount_body()  # if the figures came before the first frame was drawn
        if board is not self.board:
            # Once the learner has stayed here for a moment, the question statistics are computed ahead, so they
            # open with them: at 100,000 answers they take a tenth of a second.
            self.prepare_when_paused(self._prepare_statistics)
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
        self._headline.update(headline)
        self._reviews.label = f"Reviews due ({board.due_today})"
        self._reviews.disabled = board.due_today == 0

        readiness: list[list[str | Text]] = [
            [
                Text(d.name), f"{d.weight:g}%", f"{d.seen}/{d.questions}", percent(d.first_try_accuracy),
                percent(d.readiness), bar(d.readiness or 0.0, 10, palette),
            ]
            for d in board.readiness.domains
        ]  # fmt: skip
        overall = board.readiness.overall
        style = f"bold {palette.good if board.readiness.on_track else palette.warning}"
        shown = board.readiness.headline if overall is not None else "—"  # "64% (57–71%)"; the text below says why not
        readiness.append([Text("Overall", style="bold"), "", "", "", Text(shown, style=style), bar(overall or 0.0, 10, palette)])
        self.query_one("#dash-readiness", Figure).update(
            drawn_table("readiness", ("domain", "weight", "seen", "first try", "expected", ""), readiness, self.app.theme)
        )
        self.query_one("#dash-readiness-explained", Static).update(Text(board.readiness.explanation, style=palette.muted))

        titles = {t.id: t.title for t in self._app.course.topics}
        progress = {t.topic_id: t for t in board.topics}
        self.query_one("#dash-weakest-empty", Static).update(
            "" if board.weakest_topics else Text(
                "No topic shows a weakness yet: the topics you miss questions in show up here." if board.answers_total
                else "Answer a few questions and your weakest topics show up here.", style=palette.muted)
        )
        weakest = board.weakest_topics[:WEAKEST_SHOWN]
        for n, button in enumerate(self._drills):
            button.display = n < len(weakest)
            if n < len(weakest):
                topic_id = weakest[n]
                p = progress.get(topic_id)
                missed = f"{p.answers - p.correct} of {count_of(p.answers, 'answer')} missed" if p else ""
                button.topic_id = topic_id
                button.label = f"Drill: {titles.get(topic_id, topic_id)} ({missed})"

        self.query_one("#dash-accuracy", Static).update(accuracy_chart(board, self.app.size.width, palette))

        topics: list[list[str | Text]] = [
            [
                Text(titles.get(p.topic_id, p.title)), percent(p.read_fraction), bar(p.read_fraction, 8, palette),
                f"{p.questions_seen}/{p.questions}", percent(p.accuracy), percent(p.mastery),
            ]
            for p in board.topics
        ]  # fmt: skip
        self.query_one("#dash-topics", Figure).update(
            drawn_table("topics", ("topic", "read", "", "seen", "right", "mastery"), topics, self.app.theme)
        )
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

        self._app.show_kept("question-statistics", QuestionStatsScreen)

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
