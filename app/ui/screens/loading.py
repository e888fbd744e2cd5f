"""Screens that wait for the course: the first screen while a large course's topics are read, and the screen that
stands in for one built from the whole course (practice, exams, a topic…) until its questions are loaded.

Both are drawn at once, so the terminal is never blank for seconds, and the app's keys stay live meanwhile.
They are told how far the course is by `CourseLoading`, which the app sends to every screen.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import LoadingIndicator, Static

from ...core.text import printable
from ..context import ColdstartAware
from ..messages import CourseLoading
from ..restyling import StyledAtMount
from ..widgets.footer import Footer
from ..widgets.header import Header


class _WaitingScreen(StyledAtMount, ColdstartAware, Screen[None]):
    """What both screens show: what is being loaded, a dim line on why or what next, and the loading indicator."""

    def __init__(self, what: Text, why: str, *, id: str) -> None:
        super().__init__(id=id)
        self._what, self._why = what, why

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="loading-box"):
            yield Static(self._what, id="loading-what")
            yield Static(Text(self._why, style="dim"), id="loading-why")
            yield LoadingIndicator()
        yield Footer()

    def say_failed(self, error: BaseException, then: str) -> None:
        """The load failed: say why, and `then` what the learner can do."""
        self.query_one(LoadingIndicator).display = False
        self.query_one("#loading-what", Static).update(
            Text.assemble(("Could not read the course: ", "bold red"), printable(str(error) or type(error).__name__))
        )
        self.query_one("#loading-why", Static).update(Text(then))


class LoadingScreen(_WaitingScreen):
    """The first screen while a large course not in the cache is read: once its topics are read (its question
    banks, most of it, come after them) the home screen opens over it.

    Help and ctrl+q work meanwhile. A load that fails says why and leaves the app running, so the learner can
    read it and quit.
    """

    def __init__(self, course_dir: Path) -> None:
        super().__init__(
            Text.assemble("Reading the course in ", (printable(str(course_dir)), "bold"), "…"),
            "Every file is read and checked after a change; the next start opens at once.",
            id="loading",
        )
        self.course_dir = course_dir
        self._handed_over = False

    def on_course_loading(self, _: CourseLoading) -> None:
        self._show_what_is_known()

    def on_screen_resume(self) -> None:  # back from a screen opened meanwhile (help)
        self._show_what_is_known()

    def _show_what_is_known(self) -> None:
        error = self._app.course_opening.error
        if self._app.summary is None and error is not None:
            self.say_failed(error, "Press ctrl+q to leave; `coldstart validate` shows what is wrong.")
        # Not from under a screen the learner opened meanwhile (`is_current` also holds beneath a modal screen).
        elif self._app.summary is not None and not self._handed_over and self.app.screen is self:
            self._handed_over = True
            self.query_one("#loading-box").remove()  # the screen stays beneath the first one (see show_first_screen)
            self._app.show_first_screen()


class CourseWaitScreen(_WaitingScreen):
    """Stands in for a screen built from the whole course until the course is loaded, then opens it in its place
    (`then`). Escape gives up and goes back; the other keys typed meanwhile are kept for the screen it opens."""

    HOLDS_KEYS_FOR_COURSE = True  # see ColdstartApp._hand_out_keys
    BINDINGS = [Binding("escape", "leave", "Back", tooltip="Stop waiting and go back", id="course-wait.back")]

    def __init__(self, then: Callable[[], object]) -> None:
        super().__init__(Text("Loading the course's questions…"), "This opens as soon as they are in; Escape goes back.", id="course-wait")
        self._then = then
        self._opened = False

    def on_mount(self) -> None:
        self._show_what_is_known()  # the course may have arrived between asking and this screen's first frame

    def on_course_loading(self, _: CourseLoading) -> None:
        self._show_what_is_known()

    def on_screen_resume(self) -> None:
        self._show_what_is_known()

    def _show_what_is_known(self) -> None:
        opening = self._app.course_opening
        if opening.error is not None:
            self.say_failed(opening.error, "Escape goes back; `coldstart validate` shows what is wrong.")
        elif self._app.course_ready and not self._opened and self.app.screen is self:
            self._opened = True
            self._app.course_wait_over(self._then)
        elif opening.banks is not None:
            done, of = opening.banks
            self.query_one("#loading-what", Static).update(Text(f"Loading the course's questions… {done} of {of} question files read"))

    def action_leave(self) -> None:
        self._opened = True  # given up: what it waited for does not open
        self.dismiss()
