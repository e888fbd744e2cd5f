"""The first screen while a large course is read: drawn at once, so the terminal is never blank for seconds."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import LoadingIndicator, Static

from ...core.course.result import LoadResult
from ...core.text import printable
from ..restyling import StyledAtMount
from ..widgets.footer import Footer
from ..widgets.header import Header


class LoadingScreen(StyledAtMount, Screen[None]):
    """Reads the course with `load` in a thread, then hands the result to `done` (which shows the home screen).

    The keys of the whole app stay live meanwhile: help, and ctrl+q to leave. A load that fails says why and
    leaves the app running, so the learner can read it and quit.
    """

    def __init__(self, course_dir: Path, load: Callable[[], LoadResult], done: Callable[[LoadResult], None]) -> None:
        super().__init__(id="loading")
        self.course_dir = course_dir
        self._load = load
        self._done = done
        self._result: LoadResult | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="loading-box"):
            yield Static(Text.assemble("Reading the course in ", (printable(str(self.course_dir)), "bold"), "…"), id="loading-what")
            yield Static(
                Text("Every file is read and checked after a change; the next start opens at once.", style="dim"),
                id="loading-why",
            )
            yield LoadingIndicator()
        yield Footer()

    def on_mount(self) -> None:
        self._read_course()

    @work(thread=True, exit_on_error=False, group="course-load")
    def _read_course(self) -> None:
        try:
            result = self._load()
        except Exception as error:  # a bug or an unreadable folder: say so instead of closing the app
            self.app.call_from_thread(self._failed, error)
            return
        self.app.call_from_thread(self._loaded, result)

    def _loaded(self, result: LoadResult) -> None:
        """Hand the course over now, or when the learner comes back from a screen opened meanwhile (help)."""
        self._result = result
        if self.app.screen is self:  # (`is_current` also holds beneath a modal screen)
            self._hand_over()

    def on_screen_resume(self) -> None:
        if self._result is not None:
            self._hand_over()

    def _hand_over(self) -> None:
        assert self._result is not None
        result, self._result = self._result, None
        self.query_one("#loading-box").remove()  # the screen stays beneath the first one (see course_loaded)
        self._done(result)

    def _failed(self, error: Exception) -> None:
        self.query_one(LoadingIndicator).display = False
        self.query_one("#loading-what", Static).update(
            Text.assemble(("Could not read the course: ", "bold red"), printable(str(error) or type(error).__name__))
        )
        self.query_one("#loading-why", Static).update(Text("Press ctrl+q to leave; `coldstart validate` shows what is wrong."))
