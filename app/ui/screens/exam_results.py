"""The results of a submitted exam: the score against the pass mark, domains and topics, then every question.

The review of the questions is one scrollable list (w shows the wrong ones only, n/p jump between them):
the learner's answer, the key, why each choice is right or wrong, the explanation and the source.

A review (Markdown, a table of choices) takes milliseconds to build and measure, and an exam has 65 of them:
the questions' headings are listed just after the score's first frame, all in one widget (`QuestionReviews`),
and a review is built when its question comes into view (or the screenful below it), in order from the top, so
nothing above the view ever changes height, and a few milliseconds at a time, so keys are answered in between.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from time import perf_counter
from typing import TYPE_CHECKING

from rich.console import Group, RenderableType
from rich.markdown import Markdown as RichMarkdown
from rich.segment import Segment
from rich.style import Style
from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.geometry import Region, Size
from textual.reactive import reactive
from textual.screen import Screen
from textual.strip import Strip
from textual.style import Style as TextualStyle
from textual.widget import Widget
from textual.widgets import Button, Static

from ...core.exam import ExamResult, QuestionResult, Tally
from ...core.progress.readiness import results_explanation
from ...present.inline import inline_markdown
from ...present.tables import FiguresTable
from ...present.text import clock_text
from ..context import ColdstartAware
from ..restyling import ReadingPane, StyledAtMount
from ..theme_palette import theme_palette
from ..widgets.after_first_frame import AfterFirstFrame
from ..widgets.choices import choice_marker
from ..widgets.figure import Figure
from ..widgets.footer import Footer
from ..widgets.header import Header

if TYPE_CHECKING:
    from collections.abc import Callable

    from textual.dom import DOMNode

    from ...core.course.model import Course
    from ...present.palette import Palette

__all__ = ["ExamResultsScreen", "QuestionReviews", "question_heading", "question_review", "tally_table"]

# How long building the reviews that came into view may hold the screen before it draws a frame (and answers keys).
BUILD_BUDGET = 0.012


def tally_table(title: str, rows: list[tuple[str, Tally]]) -> FiguresTable:
    """Correct / total / percent per row, for domains and topics."""
    figures = [(name, f"{tally.correct}/{tally.total}", f"{tally.percent:.0f}%") for name, tally in rows]
    return FiguresTable(title, [title.split()[-1].capitalize(), "Correct", "%"], figures)


def _choices_table(item: QuestionResult) -> Table:
    """Each choice in the order it was shown: the key, the learner's pick, the text and why."""
    picked = item.picked or frozenset()
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)  # ✓ the key, ✗ a wrong pick
    grid.add_column(no_wrap=True)  # what the learner picked
    grid.add_column(no_wrap=True)
    grid.add_column(ratio=1)
    for number, own in enumerate(item.order, start=1):
        choice = item.question.choices[own]
        mark = Text("✓" if choice.correct else "✗" if own in picked else " ", style="bold")
        box_ = choice_marker(item.question.kind.several, own in picked)
        text = inline_markdown(choice.text, style="bold" if choice.correct else "")
        if choice.why:
            text.append("\n")
            text.append_text(inline_markdown(choice.why, style="dim"))
        grid.add_row(mark, Text(box_), Text(str(number)), text)
    return grid


def question_heading(item: QuestionResult, course: Course) -> Text:
    """'Question 3  ✗ wrong  ·  1:05  ·  ⚑ flagged  ·  Security': the verdict, time spent, flag and domain."""
    verdict = "✓ correct" if item.correct else "✗ incomplete" if item.incomplete else "✗ wrong" if item.answered else "✗ unanswered"
    domain = course.domain(item.question.domain)
    return Text.assemble(
        (f"Question {item.position + 1}  {verdict}", "bold"),
        f"  ·  {clock_text(item.time_spent)}",
        ("  ·  ⚑ flagged" if item.flagged else ""),
        ("  ·  " + (domain.name if domain else item.question.domain), "dim"),
    )


def question_review(item: QuestionResult) -> RenderableType:
    """One question of the results: the stem, the choices, the explanation and the source."""
    parts: list[RenderableType] = [RichMarkdown(item.question.stem), Text(), _choices_table(item)]
    if item.explanation:
        parts += [Text(), RichMarkdown(item.explanation)]
    if item.source:
        parts.append(Text.assemble(("Source: ", "dim"), (item.source, f"link {item.source}")))
    return Group(*parts)


class QuestionReviews(Widget):
    """Every question of the results in one widget: each one's heading, and its review once `build` is called.

    One widget, not one per question: mounting 65 widgets, and laying every one of them out again each time a
    review was built, was most of the time from submitting to the results holding still. Each question is drawn
    as the block it was as a widget of its own (a rule on top, a blank line, the heading in the theme's colour for
    right or wrong, the review once built, a blank line), once for a width and look, and kept: layout counts the
    lines, painting hands them out. `wrong_only` leaves out the questions answered right. `palette` gives the
    theme's colours (the screen looks them up once per theme: reading the theme's variables takes milliseconds).
    """

    COMPONENT_CLASSES = {"question-reviews--rule"}

    def __init__(self, course: Course, palette: Callable[[], Palette], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.course = course
        self.palette = palette
        self.items: tuple[QuestionResult, ...] = ()
        self.built: set[int] = set()  # the positions whose review is built
        self.wrong_only = False
        self._drawn_in: tuple[int, Style, Style] | None = None  # the width, widget style and rule style drawn in
        self._drawings: dict[tuple[int, bool], list[Strip]] = {}  # (position, built) -> its lines, drawn in that
        self._lines: list[Strip] | None = None  # the shown questions' lines, one after another
        self._spans: dict[int, tuple[int, int]] = {}  # position -> (first line, number of lines) in `_lines`

    def show(self, items: Sequence[QuestionResult]) -> None:
        self.items = tuple(items)
        self._changed()

    @property
    def shown(self) -> list[QuestionResult]:
        """The questions listed, in order: all of them, or the ones answered wrong."""
        return [item for item in self.items if not (self.wrong_only and item.correct)]

    def show_wrong_only(self, wrong_only: bool) -> None:
        self.wrong_only = wrong_only
        self._changed()

    def build(self, *positions: int) -> None:
        """Add the review under the heading of the questions at `positions`."""
        if not self.built.issuperset(positions):
            self.built.update(positions)
            self._changed()

    def redraw(self) -> None:
        """Draw every question again (a new theme: the headings' colours)."""
        self._drawings.clear()
        self._changed()

    def span(self, position: int) -> tuple[int, int] | None:
        """Where the question at `position` is drawn in this widget: its first line and its number of lines (None
        when it is not shown, or the widget is not laid out yet)."""
        width = self.content_region.width
        if not width:
            return None
        self._lines_at(width)
        return self._spans.get(position)

    def _changed(self) -> None:
        self._lines = None
        self.refresh(layout=True)

    # --- drawing -----------------------------------------------------------------------------------------------

    def _lines_at(self, width: int) -> list[Strip]:
        look = (width, self.rich_style, self.get_component_rich_style("question-reviews--rule", partial=True))
        if look != self._drawn_in:
            self._drawn_in, self._lines = look, None
            self._drawings.clear()
        if self._lines is None:
            self._lines, self._spans = [], {}
            for item in self.shown:
                key = (item.position, item.position in self.built)
                drawing = self._drawings.get(key)
                if drawing is None:
                    drawing = self._drawings[key] = self._draw(item, key[1], width)
                self._spans[item.position] = (len(self._lines), len(drawing))
                self._lines.extend(drawing)
        return self._lines

    def _draw(self, item: QuestionResult, built: bool, width: int) -> list[Strip]:
        palette = self.palette()
        heading = question_heading(item, self.course)
        heading.style = palette.good if item.correct else palette.bad
        content = Group(heading, question_review(item)) if built else heading
        options = self.app.console_options.update_width(width).update(highlight=False)
        # Unpadded, as a Static's lines are: the rest of each line is the widget's background.
        lines = self.app.console.render_lines(content, options, style=self.rich_style, pad=False)
        blank = Strip([])
        return [self._rule(width), blank, *(Strip(line) for line in lines), blank]

    def _rule(self, width: int) -> Strip:
        """The line over each question, as Textual draws a widget's `border-top: solid` in the rule's colour."""
        base_background, background = self.background_colors
        rule_colour = self.get_component_styles("question-reviews--rule").color
        style = TextualStyle(background=base_background + background, foreground=base_background + rule_colour)
        return Strip([Segment("─" * width, style.rich_style)], width)

    # --- what Textual asks ---------------------------------------------------------------------------------------

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self._lines_at(width)) if width else 0

    def render_line(self, y: int) -> Strip:
        lines = self._lines_at(self.content_region.width)
        return lines[y] if y < len(lines) else Strip([])


class ExamResultsScreen(StyledAtMount, ColdstartAware, Screen[None]):
    """A scored exam; the retake of the missed questions starts from here."""

    BINDINGS = [
        Binding("escape", "back", "Back to exams", tooltip="The list of exams and your past results", id="results.back"),
        Binding("t", "retake", "Retake missed", tooltip="A new exam of the questions you missed here", id="results.retake"),
        Binding("w", "toggle_wrong", "Wrong only", tooltip="Show only the questions you missed, or all of them", id="results.wrong"),
        Binding("n", "jump(1)", "Next question", tooltip="Scroll to the next question", id="results.next"),
        Binding("p", "jump(-1)", "Previous", tooltip="Scroll to the previous question", id="results.previous"),
        Binding("exclamation_mark", "report", "Report", tooltip="Report a problem with the question you are at (n/p move)", id="results.report"),
        Binding("j", "scroll_body(1)", "Down", show=False, id="results.down"),
        Binding("k", "scroll_body(-1)", "Up", show=False, id="results.up"),
    ]


    wrong_only: reactive[bool] = reactive(False)
    # "shown" once every review in view (and the next screenful) is built: what tests and benches wait for.
    content_state: str = "loading"

    def __init__(self, result: ExamResult) -> None:
        super().__init__()
        self.result = result
        self._at = -1  # the question block last jumped to
        self.made_ready = False  # laid out and drawn before it was shown (the exam's submit: ExamScreen)

    def shows_alike(self, result: ExamResult) -> bool:
        """Whether this screen, built for another result of the same exam (a preview), shows `result`'s first frame
        as it would: the same score, verdict and title, and whether the time ran out (said at mount)."""
        mine = self.result
        return self.made_ready and (mine.exam_id, mine.title, mine.correct, mine.total, mine.pass_mark, mine.timed_out) == (
            result.exam_id,
            result.title,
            result.correct,
            result.total,
            result.pass_mark,
            result.timed_out,
        )

    def _time_line(self) -> str:
        result = self.result
        record = self._app.exams.load(result.exam_id)
        used = f"Time used {clock_text(result.time_used)}"
        if record is not None:
            used += f" of {clock_text(record.countdown.limit)}"
        if result.timed_out:
            used += " · time ran out: submitted with what was answered"
        answered = sum(q.answered for q in result.questions)
        if result.questions:
            average = sum((q.time_spent for q in result.questions), timedelta(0)) / len(result.questions)
            slowest = max(result.questions, key=lambda q: q.time_spent)
            used += (
                f"\n{answered} of {result.total} answered · {clock_text(average)} a question on average · "
                f"longest: question {slowest.position + 1} ({clock_text(slowest.time_spent)})"
            )
        return used

    def compose(self) -> ComposeResult:
        result = self.result
        verdict = "Passed" if result.passed else "Not passed"
        yield Header()
        with ReadingPane(id="results-body"):
            yield Static(
                f"{verdict}: {result.score:.0f}% ({result.correct} of {result.total}); the pass mark is {result.pass_mark:g}%",
                id="verdict",
                classes="passed" if result.passed else "failed",
            )
            # The rest comes just after the first frame (the score answers the key at once, and the lines below it
            # follow in the next frame, from the exam's title and time down): see AfterFirstFrame.
            yield AfterFirstFrame(self._compose_rest, then=self._list_questions, id="results-rest")
        yield Footer()

    def _compose_rest(self) -> ComposeResult:
        """What comes below the score: the exam and its time, what the score says, the actions, the tallies and the
        questions."""
        result, course = self.result, self._app.course
        yield Static(Text(f"{result.title}\n{self._time_line()}"), id="result-meta")
        yield Static(Text(results_explanation(course, result.pass_mark), style="dim"), id="result-scope")
        with Horizontal(id="results-actions"):
            missed = len(result.missed_ids)
            yield Button(f"Retake the ones I missed ({missed}) — t", id="retake", variant="primary", disabled=not missed)
            yield Button("Back to exams — Esc", id="back")
        with Vertical(id="tallies"):
            domains = [((d.name if (d := course.domain(key)) else key), tally) for key, tally in result.by_domain.items()]
            topics = [((t.title if (t := course.topic(key)) else key), tally) for key, tally in result.by_topic.items()]
            yield Figure(tally_table("By domain", domains), classes="tally", id="by-domain")
            yield Figure(tally_table("By topic", topics), classes="tally", id="by-topic")
        yield Static("Questions", classes="heading")
        yield Static(id="filter-hint")
        # Its questions are listed once it is mounted (_list_questions), before it is drawn.
        yield QuestionReviews(course, self.review_palette, id="questions")

    def on_mount(self) -> None:
        self.sub_title = f"Results: {self.result.title}"
        if self.result.timed_out:
            self.notify("Time ran out: the exam was submitted with what you had answered.", title="Time is up", timeout=6)
        body = self.query_one("#results-body", VerticalScroll)
        self.set_focus(body)
        self.watch(body, "scroll_y", self._schedule_build, init=False)
        self.app.theme_changed_signal.subscribe(self, self._redraw_reviews)

    _questions_listed = False

    def _list_questions(self) -> None:
        self._show_filter()
        self.query_one(QuestionReviews).show(self.result.questions)
        self._questions_listed = True
        self._build_in_view()  # once laid out: where each question starts is the list's own drawing

    def review_palette(self) -> Palette:
        """The current theme's colours (worked out once per theme: theme_palette.py)."""
        return theme_palette(self.app)

    def _redraw_reviews(self, _theme: object) -> None:
        self.query_one(QuestionReviews).redraw()

    def on_resize(self) -> None:
        self._schedule_build()

    _build_scheduled = False

    def _schedule_build(self) -> None:
        """Look for reviews to build after the next refresh, when the layout says where the questions are."""
        if not self._build_scheduled:
            self._build_scheduled = True
            self.content_state = "loading"  # until the look finds nothing more to build in view
            self.call_after_refresh(self._build_in_view)

    def _build_in_view(self) -> None:
        """Build the reviews of the questions that start within the view or the screenful below it, in order from
        the top, so the ones above the view are always complete; for at most BUILD_BUDGET at a time, so keys are
        answered in between (the rest after the next frame)."""
        self._build_scheduled = False
        if not self._questions_listed:
            return  # still to come: listing them looks again
        body = self.query_one("#results-body", VerticalScroll)
        reviews = self.query_one(QuestionReviews)
        if not body.size.height or not reviews.content_region.width:  # not laid out yet
            self._schedule_build()
            return
        reach = body.scroll_y + 2 * body.size.height - self._list_top()  # in the list's own lines
        deadline = perf_counter() + BUILD_BUDGET
        for item in reviews.shown:
            if item.position in reviews.built:
                continue
            span = reviews.span(item.position)
            if span is None or span[0] > reach:
                break
            if perf_counter() > deadline:
                self._schedule_build()
                return
            reviews.build(item.position)
            reviews.span(item.position)  # drawn now, while the deadline can still stop the next one
        self.content_state = "shown"

    async def _rest_mounted(self) -> bool:
        """Wait for the part below the score (a key pressed before it came is answered once it has); False if the
        screen closed first."""
        return await self.query_one("#results-rest", AfterFirstFrame).wait_until_mounted()

    def _list_top(self) -> int:
        """Where the list of questions starts in the scrolling body, in lines from its top (from the layout, so it
        holds whatever the scroll: each widget's place in its parent, added up)."""
        body: Widget = self.query_one("#results-body", VerticalScroll)
        node: DOMNode | None
        top, node = 0, self.query_one(QuestionReviews)
        while isinstance(node, Widget) and node is not body:
            top += node.virtual_region.y
            node = node.parent
        return top

    def watch_wrong_only(self) -> None:
        if self.query_one("#results-rest", AfterFirstFrame).children_mounted:
            self._show_filter()

    def _show_filter(self) -> None:
        wrong_only = self.wrong_only
        self.query_one(QuestionReviews).show_wrong_only(wrong_only)
        shown = "the ones you missed" if wrong_only else "all of them"
        self.query_one("#filter-hint", Static).update(
            # Text, not a str: a str is read as markup, and "[x]" would vanish as a tag.
            Text(
                f"Showing {shown} · w to switch · n and p to jump between them\n"
                "✓ the correct answer · ✗ a wrong pick · (•) and [x] what you picked"
            )
        )
        self._at = -1
        self._schedule_build()  # the questions that come into view

    # --- actions -------------------------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "retake":
            return bool(self.result.missed_ids)
        return True

    async def action_toggle_wrong(self) -> None:
        if not await self._rest_mounted():
            return
        self.wrong_only = not self.wrong_only

    async def action_jump(self, step: int) -> None:
        if not await self._rest_mounted():
            return
        reviews = self.query_one(QuestionReviews)
        shown = reviews.shown
        if not shown:
            return
        self._at = max(0, min(len(shown) - 1, self._at + step))
        # The reviews up to the target, so it lands where it will stay.
        reviews.build(*(item.position for item in shown[: self._at + 1]))
        self.call_after_refresh(self._scroll_to_question, shown[self._at].position)

    def _scroll_to_question(self, position: int) -> None:
        reviews = self.query_one(QuestionReviews)
        span = reviews.span(position)
        if span is not None:
            top, height = span
            region = Region(0, self._list_top() + top, reviews.size.width, height)
            self.query_one("#results-body", VerticalScroll).scroll_to_region(region, top=True, animate=False, immediate=True)

    async def action_report(self) -> None:
        """Report the question last jumped to with n/p (the first one before any jump)."""
        from .report_question import ask_and_report

        if not await self._rest_mounted():
            return
        shown = self.query_one(QuestionReviews).shown
        if shown:
            ask_and_report(self, shown[max(0, min(self._at, len(shown) - 1))].question)

    def action_scroll_body(self, lines: int) -> None:
        self.query_one("#results-body", VerticalScroll).scroll_relative(y=lines, animate=False)

    def action_retake(self) -> None:
        self._app.start_retake(self.result.exam_id, replace=self)

    def action_back(self) -> None:
        self.dismiss()
        self._app.open_exams()  # the exams screen, unless the results were opened from it

    @on(Button.Pressed, "#retake")
    def _retake_pressed(self) -> None:
        self.action_retake()

    @on(Button.Pressed, "#back")
    def _back_pressed(self) -> None:
        self.action_back()

