"""The home screen: the course, its topics in order with progress, and what to do next."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.geometry import Size
from textual.reactive import reactive
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Button, OptionList, Static
from textual.widgets.option_list import Option

from ...core.wording import count_of
from ...present.charts import bar
from ..background import PreparesAhead
from ..context import ColdstartAware
from ..messages import CourseLoading, CourseReloaded, LintChecked
from ..restyling import StyledAtMount
from ..theme_palette import theme_palette
from ..widgets.footer import Footer
from ..widgets.header import Header

if TYPE_CHECKING:
    from ...core.course.summary import CourseSummary
    from ...core.progress.store import TopicProgress


# Seconds between the first paint and loading the progress store: long enough for the first frames.
WARM_UP_DELAY = 0.25


def wrap_entries(sizes: list[int], width: int, gap: int = 3) -> list[list[int]]:
    """Indexes of entries per line, filling each line greedily and breaking only between entries."""
    lines: list[list[int]] = [[]]
    used = 0
    for index, size in enumerate(sizes):
        if lines[-1] and used + gap + size > width:
            lines.append([])
            used = 0
        used += size + (gap if lines[-1] else 0)
        lines[-1].append(index)
    return lines


class ActionLine(Widget):
    """Clickable actions in a line, wrapped between entries (never inside one) to the width it has.

    Cheaper to draw than a row of Buttons, which matters on the first screen, and just as usable by mouse.
    """

    entries: reactive[tuple[tuple[str, str, str], ...]] = reactive((), layout=True)

    def __init__(self, entries: tuple[tuple[str, str, str], ...], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.set_reactive(ActionLine.entries, entries)

    def _lines(self, width: int) -> list[list[int]]:
        return wrap_entries([len(label) + 1 + len(key) for _, label, key in self.entries], max(20, width))

    def render(self) -> Content:
        parts = [f"[@click=screen.{a}][b]{label}[/b] [dim]{key}[/dim][/]" for a, label, key in self.entries]
        lines = self._lines(self.content_region.width or 80)
        return Content.from_markup("\n".join("   ".join(parts[i] for i in line) for line in lines))

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self._lines(width))


class HomeScreen(StyledAtMount, PreparesAhead, ColdstartAware, Screen[None]):
    """Where every session starts.

    Drawn from the course's summary (`app.summary`: title, topics, problems), so it opens and takes keys before
    the whole course is loaded; what it opens from there waits for the course (`with_course`), and the learner's
    progress is shown once both the course and the store are open.
    """

    _progress_wanted = False  # the store is to be opened once the course is loaded
    _progress_shown_for: tuple[object, ...] | None = None  # the store's change stamp and the minute of what is shown

    # The action line shows c, r, x, d, p, l, w, m and s with their names, so the footer keeps to the rest.
    BINDINGS = [
        Binding("c", "continue", "Continue", show=False, tooltip="Open the first topic you have not finished reading", id="home.continue"),
        Binding("q", "practice", "Practise", tooltip="Questions on the highlighted topic", id="home.practice"),
        Binding("r", "reviews", "Reviews", show=False, tooltip="The questions due for review today", id="home.reviews"),
        Binding("x", "exams", "Exams", show=False, tooltip="Timed practice exams like the real one", id="home.exams"),
        Binding("d", "dashboard", "Progress", show=False, tooltip="Your progress, weak spots and exam readiness", id="home.dashboard"),
        Binding("p", "plan", "Plan", show=False, tooltip="Your plan to the exam date: today's target and the reviews ahead", id="home.plan"),
        Binding("l", "lab", "Sim lab", show=False, tooltip="Run any simulation with your own parameters", id="home.lab"),
        Binding("m", "cram", "Cram", show=False, tooltip="Weakest topics and most-missed questions first; reviews stay as scheduled", id="home.cram"),
        Binding("w", "retake", "Retake wrong", show=False, tooltip="Every question you last answered wrong", id="home.retake"),
        Binding("s", "settings", "Settings", show=False, tooltip="Desired retention for reviews, the exam date and the theme", id="home.settings"),
        Binding("e", "show_problems", "Course problems", show=False, tooltip="Why some course files did not load", id="home.problems"),
    ]

    def compose(self) -> ComposeResult:
        summary = self._summary
        yield Header()
        with Vertical(id="home"):
            yield Static(Text(summary.title), id="course-title")
            if summary.description:
                yield Static(Text(" ".join(summary.description.split())), id="course-description")
            problems = self._problems_label()
            if problems:
                yield Button(problems, id="problems", variant="warning")
            yield Static(id="next-hint")
            # One line of clickable actions rather than a row of Buttons: the same for mouse users, and five
            # Buttons cost more to draw at start-up than the rest of the home screen together.
            yield ActionLine(self._actions(), id="home-actions")
            yield Static("Topics — Enter to read, q to practise", classes="heading")
            yield OptionList(id="topics")
        yield Footer()

    def _problems_label(self) -> str | None:
        """What the problems button says, or None when there is nothing to say (yet: a large course's problems are
        counted once its question banks are read)."""
        problems, failed, warnings = self._summary.problems, self._summary.failed_files, self._app.warnings
        if not (problems or warnings):
            return None
        parts = []
        if problems:
            parts.append(f"{count_of(problems, 'problem')} in the course files")
            if failed:
                parts.append(f"{count_of(failed, 'file')} could not be loaded")
        if warnings:
            parts.append(f"{count_of(len(warnings), 'item-writing warning')}")
        return "⚠ " + "; ".join(parts) + " — press e to see them"

    def _show_problems(self) -> None:
        """The problems button as the course now has it: added when the problems become known, in place."""
        label = self._problems_label()
        shown = self.query("#problems")
        if label is None or (shown and str(shown.first(Button).label) == label):
            return
        if shown:
            shown.first(Button).label = label
        else:
            self.query_one("#home").mount(Button(label, id="problems", variant="warning"), before="#next-hint")

    @property
    def _summary(self) -> CourseSummary:
        summary = self._app.summary
        assert summary is not None  # the home screen opens once the summary is known (LoadingScreen)
        return summary

    def on_mount(self) -> None:
        self._fill_topics()
        self._show_questions_loading()
        # Load the store once the first frames are drawn: the topics are on screen and usable meanwhile, and
        # importing it (sqlite-utils, fsrs) in parallel with the first paint would only slow both down.
        # The delay counts from the first frame, not from now: on a busy machine the first frame can take longer than
        # WARM_UP_DELAY, and the store's imports then competed with it.
        self.call_after_refresh(self.set_timer, WARM_UP_DELAY, self._warm_up_when_course_ready)
        # The bars are drawn in the theme's colours (theme_palette): draw them again in a new theme's.
        self.app.theme_changed_signal.subscribe(self, lambda _: self.on_screen_resume())

    def _fill_topics(self, highlight: str | None = None) -> None:
        """The topic list without progress (it follows once the store is open), the `highlight` topic or the first one highlighted."""
        topics = self.query_one("#topics", OptionList)
        # Whatever the list holds goes first: a reload and the lint check that follows it (--watch) can both refill
        # it, and adding a topic twice raised DuplicateID and closed the app.
        topics.clear_options()
        topics.add_options([self._topic_option(n, topic, None) for n, topic in enumerate(self._summary.topics, 1)])
        if topics.option_count:
            ids = [topic_id for topic_id, _ in self._summary.topics]
            topics.highlighted = ids.index(highlight) if highlight in ids else 0
        self.set_focus(topics)

    async def on_course_reloaded(self, _: CourseReloaded | LintChecked) -> None:
        """The course files changed (--watch): draw the title, the problems button and the topics again."""
        highlighted = self._highlighted_topic()
        await self.recompose()
        self._fill_topics(highlighted)
        if self._app.progress_ready:
            self.refresh_progress()
        self.refresh_bindings()

    def on_course_loading(self, _: CourseLoading) -> None:
        """The course being opened moved on: show its problems once they are known (a large course's, once its banks
        are read), say how far the questions are, and open the store once the course is there. The title and
        topics drawn are the course's already: they are read before the banks."""
        self._show_problems()
        self._show_questions_loading()
        if self._app.course_ready and self._progress_wanted:
            self._progress_wanted = False
            self._warm_up_progress()
        self.refresh_bindings()

    def _show_questions_loading(self) -> None:
        """While a large course's banks are read from its files, the hint line says how far they are (the
        learner's progress takes its place once they are in)."""
        opening = self._app.course_opening
        if opening.from_files and not self._app.course_ready:
            done, of = opening.banks or (0, 0)
            counted = f": {done} of {of} question files read" if of else ""
            self.query_one("#next-hint", Static).update(Text(f"Loading the questions{counted}…", style="dim"))
        elif self._app.course_ready and not self._app.progress_ready:
            self.query_one("#next-hint", Static).update("")

    def _warm_up_when_course_ready(self) -> None:
        if self._app.course_ready:
            self._warm_up_progress()
        else:
            self._progress_wanted = True  # on_course_loading starts it

    async def on_lint_checked(self, message: LintChecked) -> None:
        """New item-writing warnings (--watch): the problems button counts them."""
        await self.on_course_reloaded(message)

    @work(thread=True, exit_on_error=False, group="warm-up")
    def _warm_up_progress(self) -> None:
        """Import and open the progress store in the background, so the topics are on screen first and keys
        stay live while a large file is checked."""
        from ...core.exam import store  # noqa: F401
        from ...core.progress import stats  # noqa: F401

        self._app.prepare_progress()
        self.app.call_from_thread(self._progress_ready)

    def _progress_ready(self) -> None:
        if self._app.open_progress():
            self._refresh_progress_if_changed()  # shown already if something opened the store first
            self._make_highlighted_ready()  # (the highlight came before the store: q's run needs it)
            # And the dashboard's figures now, not after a pause: the learner is reading the home screen that just
            # appeared, and this is the slowest time to compute them (the readiness estimate's draws are made
            # then, 25 ms of the 45 at 100,000 answers, kept from then on while no question is tried for the first
            # time), the first visit to the dashboard of a session taking 70-130 ms without them.
            self._prepare_figures()

    def on_screen_resume(self) -> None:
        # After the frame that shows home again: the learner sees home at once, and the one row that changed
        # (at 100,000 answers the figures take 25 ms) follows a frame later.
        if self._app.progress_ready:
            self.call_after_refresh(self._refresh_progress_if_changed)
        # And what the highlighted topic's keys open made ready again (the practice screen just left shows its
        # summary; the topic made ready may have been let go for another).
        self._make_highlighted_ready()

    def _make_highlighted_ready(self) -> None:
        listing = self.query_one("#topics", OptionList)
        if listing.highlighted is not None:
            topic_id = listing.get_option_at_index(listing.highlighted).id
            if topic_id:
                self.call_after_refresh(self._make_ready_for, topic_id)

    def _refresh_progress_if_changed(self) -> None:
        """Show the progress again unless nothing was written since it was shown, in the same minute (coming back
        from the dashboard, the lab or help writes nothing; the due hint counts in minutes)."""
        if self._progress_key() != self._progress_shown_for:
            self.refresh_progress()
            # Once the learner has stayed on home for a moment, the dashboard's figures are computed ahead, so it
            # opens with them: at 100,000 answers they take 27 ms after new answers (at start-up they are computed
            # at once: see _progress_ready).
            self.prepare_when_paused(self._prepare_figures)

    def _prepare_figures(self) -> None:
        from .dashboard import prepare_figures

        if self._app.course_ready and self._app.progress_ready:
            prepare_figures(self.app)

    def _progress_key(self) -> tuple[object, ...]:
        """What the progress shown depends on: the store's change stamp, and the minute (the due hint)."""
        progress = self._app.progress
        return progress.change_stamp(), progress.now().replace(second=0, microsecond=0)

    def refresh_progress(self) -> None:
        """Topic rows with read, seen and mastery; the next thing to do; the due count."""
        self._progress_shown_for = self._progress_key()
        progress_by_topic = {p.topic_id: p for p in self._app.progress.topic_progress()}
        self._show_topic_rows([self._topic_option(n, topic, progress_by_topic.get(topic[0])) for n, topic in enumerate(self._summary.topics, 1)])
        next_topic = self._next_topic(progress_by_topic)
        hint = self.query_one("#next-hint", Static)
        due = self._app.progress.due()
        started = any(p.sections_read or p.answers for p in progress_by_topic.values())
        self.query_one("#home-actions", ActionLine).entries = self._actions(started=started, due=len(due.reviews))
        if not self._summary.topics:
            text = Text("This course has no topics that could be loaded.")
        elif next_topic is None:
            text = Text("You have read every topic. Keep your reviews going and try a practice exam.", style=theme_palette(self.app).good)
        else:
            verb = "Next up:" if started else "Start with"
            text = Text.assemble(f"{verb} ", (next_topic[1], "bold"), f" · {due.in_words(self._app.progress.now())}")
        if text != hint.content:  # an update lays the screen out again, even with the same words
            hint.update(text)

    def _show_topic_rows(self, rows: list[Option]) -> None:
        """Show `rows` in the topic list, replacing only the rows whose text changed.

        Home shows its progress again each time the learner comes back to it; rebuilding every row re-measured and
        redrew the whole list each time, when coming back from a topic changes one row at most."""
        topics = self.query_one("#topics", OptionList)
        shown = [topics.get_option_at_index(i) for i in range(topics.option_count)]
        if [option.id for option in shown] == [row.id for row in rows]:
            for index, (option, row) in enumerate(zip(shown, rows, strict=True)):
                if option.prompt != row.prompt:  # Rich Text compares its words and their styles (the bars' colours)
                    topics.replace_option_prompt_at_index(index, row.prompt)
            return
        highlighted = topics.highlighted
        topics.clear_options()
        topics.add_options(rows)
        if topics.option_count:
            topics.highlighted = highlighted if highlighted is not None and highlighted < topics.option_count else 0

    def _topic_option(self, number: int, topic: tuple[str, str], progress: TopicProgress | None) -> Option:
        topic_id, title = topic
        label = Text.assemble((f"{number:>2}. ", "dim"), (title, "bold"))
        if progress is not None:
            details = Text.assemble(
                "\n    ", bar(progress.read_fraction, 8, theme_palette(self.app)), (f" {progress.read_fraction:>4.0%} read", "dim"),
                (f" · {progress.questions_seen}/{progress.questions} questions", "dim"),
                (f" · {progress.accuracy:.0%} right" if progress.accuracy is not None else "", "dim"),
                (f" · mastery {progress.mastery:.0%}" if progress.questions_seen else "", "dim"),
            )  # fmt: skip
            label.append_text(details)
        return Option(label, id=topic_id)

    def _next_topic(self, progress_by_topic: dict[str, TopicProgress]) -> tuple[str, str] | None:
        """(id, title) of the first topic not read to the end."""
        # Imported once the store is open: importing the progress package (sqlite-utils, fsrs) before the first
        # frame would delay the topic list (see _warm_up_progress).
        from ...core.progress.ranking import next_to_read

        topics = self._summary.topics
        topic_id = next_to_read([topic_id for topic_id, _ in topics], progress_by_topic)
        return next((topic for topic in topics if topic[0] == topic_id), None)

    def _highlighted_topic(self) -> str | None:
        topics = self.query_one("#topics", OptionList)
        if topics.highlighted is None:
            return None
        return topics.get_option_at_index(topics.highlighted).id

    # --- actions ---------------------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "show_problems":
            return bool(self._summary.problems or self._app.warnings)
        if action in ("continue", "practice"):
            return bool(self._summary.topics)
        return True

    # The actions that open a screen built from the whole course go through `with_course` (the App's own
    # methods, open_topic, start_practice…, do so themselves): before it is loaded, they open when it is.

    def action_continue(self) -> None:
        self._app.with_course(self._continue)

    def _continue(self) -> None:
        progress_by_topic = {p.topic_id: p for p in self._app.progress.topic_progress()}
        topics = self._summary.topics
        topic = self._next_topic(progress_by_topic) or (topics[0] if topics else None)
        if topic:
            self._app.open_topic(topic[0])

    def action_practice(self) -> None:
        topic_id = self._highlighted_topic()
        if topic_id:
            self._app.start_practice("practice", topic_id)

    def action_reviews(self) -> None:
        self._app.start_practice("review")

    def action_cram(self) -> None:
        self._app.start_practice("cram")

    def action_retake(self) -> None:
        self._app.start_practice("retake")

    def action_exams(self) -> None:
        self._app.open_exams()

    def action_dashboard(self) -> None:
        from .dashboard import DashboardScreen

        self._app.with_course(lambda: self._app.show_kept("dashboard", DashboardScreen))

    def action_plan(self) -> None:
        from .plan import PlanScreen

        self._app.with_course(lambda: self.app.push_screen(PlanScreen()))

    def action_lab(self) -> None:
        from .lab import LabScreen

        self._app.show_kept("lab", LabScreen)

    def action_settings(self) -> None:
        self._app.action_settings()

    def action_show_problems(self) -> None:
        from .problems import ProblemsScreen

        self._app.with_course(lambda: self.app.push_screen(ProblemsScreen()))

    @on(OptionList.OptionSelected, "#topics")
    def _topic_chosen(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self._app.open_topic(event.option.id)

    @on(OptionList.OptionHighlighted, "#topics")
    def _topic_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option.id:
            self.call_after_refresh(self._make_ready_for, event.option.id)

    def _make_ready_for(self, topic_id: str) -> None:
        """Once the highlight on `topic_id` is on screen, what its keys open is made ready: q's first question, and
        Enter's topic screen as far as its first screenful (`prepare_topic_ahead`)."""
        if self.is_current and self._app.course_ready:
            self._app.draw_practice_ahead(topic_id)
            self._app.prepare_topic_ahead(topic_id, whole=False)

    @on(Button.Pressed, "#problems")
    def _problems_pressed(self) -> None:
        self.action_show_problems()

    def _actions(self, *, started: bool = False, due: int | None = None) -> tuple[tuple[str, str, str], ...]:
        """The action line's entries: (action, label, key); each runs the same action as its key."""
        reviews = "Reviews" if due is None else f"Reviews {due}"
        entries = [("continue", "▶ Continue" if started else "▶ Start", "c")] if self._summary.topics else []
        entries += [
            ("reviews", f"↻ {reviews}", "r"),
            ("exams", "◷ Exams", "x"),
            ("dashboard", "▦ Progress", "d"),
            ("plan", "◴ Plan", "p"),
            ("lab", "⚗ Sim lab", "l"),
            ("retake", "✗ Retake wrong", "w"),
            ("cram", "» Cram", "m"),
            ("settings", "⚙ Settings", "s"),
        ]
        return tuple(entries)
