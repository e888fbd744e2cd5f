"""The home screen: the course, its topics in order with progress, and what to do next."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

if TYPE_CHECKING:
    from app.ui.app import ColdstartApp


class HomeScreen(Screen[None]):
    """Where every session starts."""

    BINDINGS = [
        Binding("enter", "open_selected", "Open topic", show=False, id="home.open"),
        Binding("c", "continue", "Continue", tooltip="Open the next topic you have not finished", id="home.continue"),
        Binding("l", "lab", "Simulation lab", tooltip="Run any simulation with your own parameters", id="home.lab"),
        Binding("e", "show_problems", "Course problems", tooltip="Why some course files did not load", id="home.problems"),
    ]

    @property
    def _app(self) -> ColdstartApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        course = self._app.course
        yield Header()
        with VerticalScroll(id="home"):
            yield Static(Text(course.title), id="course-title")
            if course.description:
                yield Static(Text(" ".join(course.description.split())), id="course-description")
            if self._app.loaded.problems:
                failed = len(course.failed_files)
                count = len(self._app.loaded.problems)
                message = f"⚠ {count} problem{'s' if count != 1 else ''} in the course files"
                if failed:
                    message += f"; {failed} file{'s' if failed != 1 else ''} could not be loaded"
                yield Button(message + " — press e to see them", id="problems", variant="warning")
            with Horizontal(id="next-up"):
                yield Button("Continue", id="continue", variant="primary")
                yield Static(id="next-hint")
            yield Static("Topics", classes="heading")
            yield OptionList(*self._topic_options(), id="topics")
        yield Footer()

    def on_mount(self) -> None:
        self.refresh_progress()
        self.query_one("#topics", OptionList).focus()

    def on_screen_resume(self) -> None:
        self.refresh_progress()

    def _topic_options(self) -> list[Option]:
        options = []
        for number, topic in enumerate(self._app.course.topics, start=1):
            label = Text.assemble((f"{number:>2}. ", "dim"), (topic.title, "bold"), "\n    ", (topic.summary.strip().split("\n")[0][:110], "dim"))
            options.append(Option(label, id=topic.id))
        return options

    def refresh_progress(self) -> None:
        """Say what to do next. (Per-topic progress joins this list when the progress store lands.)"""
        topics = self._app.course.topics
        hint = self.query_one("#next-hint", Static)
        button = self.query_one("#continue", Button)
        if not topics:
            button.display = False
            hint.update(Text("This course has no topics that could be loaded."))
            return
        first = topics[0]
        hint.update(Text.assemble("  Start with ", (first.title, "bold"), f" — {len(topics)} topics, {len(self._app.course.questions)} questions"))
        button.label = "Start"

    # --- actions ---------------------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "show_problems":
            return bool(self._app.loaded.problems)
        if action == "continue":
            return bool(self._app.course.topics)
        return True

    def action_open_selected(self) -> None:
        topics = self.query_one("#topics", OptionList)
        if topics.highlighted is not None:
            self._app.open_topic(topics.get_option_at_index(topics.highlighted).id)

    def action_continue(self) -> None:
        topics = self._app.course.topics
        if topics:
            self._app.open_topic(topics[0].id)

    def action_lab(self) -> None:
        from app.ui.screens.lab import LabScreen

        self.app.push_screen(LabScreen())

    def action_show_problems(self) -> None:
        from app.ui.screens.problems import ProblemsScreen

        self.app.push_screen(ProblemsScreen())

    @on(OptionList.OptionSelected, "#topics")
    def _topic_chosen(self, event: OptionList.OptionSelected) -> None:
        self._app.open_topic(event.option.id)

    @on(Button.Pressed, "#continue")
    def _continue_pressed(self) -> None:
        self.action_continue()

    @on(Button.Pressed, "#problems")
    def _problems_pressed(self) -> None:
        self.action_show_problems()
