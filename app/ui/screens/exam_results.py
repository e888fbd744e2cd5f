"""The results of a submitted exam: the score against the pass mark, domains and topics, then every question.

The review of the questions is one scrollable list (w shows the wrong ones only, n/p jump between them):
the learner's answer, the key, why each choice is right or wrong, the explanation and the source.

A review (Markdown, a table of choices) takes tens of milliseconds to build and measure, and an exam has 65
of them: each question's heading is mounted just after the score's first frame, and its review is built when
the list comes into view (`ReviewBlock`), one per frame, in order from the top, so nothing above the view ever
changes height and keys are answered in between.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from rich import box
from rich.console import Group, RenderableType
from rich.markdown import Markdown as RichMarkdown
from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Button, Static

from ...core.exam import ExamResult, QuestionResult, Tally
from ...core.progress.readiness import results_explanation
from ...present.inline import inline_markdown
from ...present.text import clock_text
from ..context import ColdstartAware
from ..restyling import ReadingPane, StyledAtMount
from ..theme_palette import theme_palette
from ..widgets.choices import choice_marker
from ..widgets.figure import Figure
from ..widgets.footer import Footer
from ..widgets.header import Header

if TYPE_CHECKING:
    from collections.abc import Callable

    from ...core.course.model import Course
    from ...present.palette import Palette

__all__ = ["ExamResultsScreen", "question_heading", "question_review", "tally_table"]


def tally_table(title: str, rows: list[tuple[str, Tally]]) -> Table:
    """Correct / total / percent per row, for domains and topics."""
    table = Table(title=title, title_justify="left", title_style="bold", box=box.SIMPLE_HEAD, pad_edge=False, expand=False)
    table.add_column(title.split()[-1].capitalize())
    table.add_column("Correct", justify="right")
    table.add_column("%", justify="right")
    for name, tally in rows:
        table.add_row(Text(name), f"{tally.correct}/{tally.total}", f"{tally.percent:.0f}%")
    return table


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


class ReviewBlock(Figure):
    """One question of the results: its heading at once, its review too once `build` is called.

    One widget per question, not a heading and a body: every widget on this screen is laid out again each time
    a review is built, and an exam has 65 of them. A Figure, so that a review built is drawn once for its width,
    not again at every one of those layouts. `palette` gives the theme's colours (the screen looks them
    up once per theme: reading the theme's variables takes milliseconds, and there are 65 headings)."""

    def __init__(self, item: QuestionResult, course: Course, palette: Callable[[], Palette]) -> None:
        super().__init__(id=f"question-{item.position}", classes="question-review " + ("-correct" if item.correct else "-wrong"))
        self.item = item
        self.course = course
        self.palette = palette
        self.built = False
        self.draw()  # the heading, before the first layout

    def build(self) -> None:
        self.built = True
        self.draw()

    def draw(self) -> None:
        """The heading in the theme's colour for right or wrong, then the review if built (again for a new theme)."""
        palette = self.palette()
        heading = question_heading(self.item, self.course)
        heading.style = palette.good if self.item.correct else palette.bad
        self.update(Group(heading, question_review(self.item)) if self.built else heading)


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
        result, course = self.result, self._app.course
        verdict = "Passed" if result.passed else "Not passed"
        yield Header()
        with ReadingPane(id="results-body"):
            yield Static(
                f"{verdict}: {result.score:.0f}% ({result.correct} of {result.total}); the pass mark is {result.pass_mark:g}%",
                id="verdict",
                classes="passed" if result.passed else "failed",
            )
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
            # The question headings are mounted after the first frame (_mount_reviews): 65 of them took most of
            # the time between submitting and the score on screen, and they start below the tallies.
            yield Vertical(id="questions")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = f"Results: {self.result.title}"
        if self.result.timed_out:
            self.notify("Time ran out: the exam was submitted with what you had answered.", title="Time is up", timeout=6)
        body = self.query_one("#results-body", VerticalScroll)
        self.set_focus(body)
        self.watch(body, "scroll_y", self._schedule_build, init=False)
        self.app.theme_changed_signal.subscribe(self, self._redraw_reviews)
        self.call_after_refresh(self._mount_reviews)

    _reviews_mounted = False

    async def _mount_reviews(self) -> None:
        blocks = [ReviewBlock(item, self._app.course, self.review_palette) for item in self.result.questions]
        await self.query_one("#questions", Vertical).mount_all(blocks)
        self._reviews_mounted = True
        self._schedule_build()

    def review_palette(self) -> Palette:
        """The current theme's colours (worked out once per theme: theme_palette.py)."""
        return theme_palette(self.app)

    def _redraw_reviews(self, _theme: object) -> None:
        for block in self.query(ReviewBlock):
            block.draw()

    def on_resize(self) -> None:
        self._schedule_build()

    def _shown_blocks(self) -> list[ReviewBlock]:
        return [block for block in self.query(ReviewBlock) if block.display]

    _build_scheduled = False

    def _schedule_build(self) -> None:
        """Look for reviews to build after the next refresh, when the layout says where the blocks are."""
        if not self._build_scheduled:
            self._build_scheduled = True
            self.content_state = "loading"  # until the look finds nothing more to build in view
            self.call_after_refresh(self._build_in_view)

    def _build_in_view(self) -> None:
        """Build the next unbuilt review if it starts within the view or the screenful below it, then look again
        once it is laid out; blocks are built in order, so the ones above the view are always complete."""
        self._build_scheduled = False
        if not self._reviews_mounted:
            return  # still loading: mounting them looks again
        body = self.query_one("#results-body", VerticalScroll)
        if not body.size.height:  # not laid out yet
            self._schedule_build()
            return
        reach = body.scroll_y + 2 * body.size.height
        questions = self.query_one("#questions")
        block = next((b for b in self._shown_blocks() if not b.built), None)
        if block is None or questions.virtual_region.y + block.virtual_region.y > reach:
            self.content_state = "shown"
            return
        self.content_state = "loading"
        block.build()
        self._schedule_build()

    def watch_wrong_only(self, wrong_only: bool) -> None:
        self.query_one("#questions").set_class(wrong_only, "-wrong-only")
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

    def action_toggle_wrong(self) -> None:
        self.wrong_only = not self.wrong_only

    def action_jump(self, step: int) -> None:
        blocks = self._shown_blocks()
        if not blocks:
            return
        self._at = max(0, min(len(blocks) - 1, self._at + step))
        for block in blocks[: self._at + 1]:  # the reviews up to the target, so it lands where it will stay
            if not block.built:
                block.build()
        body = self.query_one("#results-body", VerticalScroll)
        self.call_after_refresh(body.scroll_to_widget, blocks[self._at], top=True, animate=False)

    def action_report(self) -> None:
        """Report the question last jumped to with n/p (the first one before any jump)."""
        from .report_question import ask_and_report

        blocks = self._shown_blocks()
        if blocks:
            ask_and_report(self, blocks[max(0, min(self._at, len(blocks) - 1))].item.question)

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

