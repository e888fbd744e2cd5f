"""The course's problems, located like compiler errors, for learners and authors alike."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import OptionList, Static

from ..messages import CourseReloaded, LintChecked
from ..widgets.footer import Footer
from .dialog import Dialog

if TYPE_CHECKING:
    from ..context import CourseApp


class ProblemsScreen(Dialog[None]):
    """The list of the course's problems and warnings, kept up to date while it is open."""

    BINDINGS = [Binding("escape", "dismiss", "Close", id="problems.close")]

    async def on_course_reloaded(self, _: CourseReloaded) -> None:
        """The files changed while the list was open (`--watch`): show the new problems."""
        await self.recompose()

    async def on_lint_checked(self, _: LintChecked) -> None:
        """The item-writing warnings were computed anew (`--watch`): show them."""
        await self.recompose()

    def compose(self) -> ComposeResult:
        app: CourseApp = self.app  # type: ignore[assignment]  # Textual types `app` as App; this screen only runs in CourseApp
        root = app.loaded.course.root
        with Vertical(id="problems-box"):
            problems, warnings = app.loaded.problems, app.warnings
            heading = f"{len(problems)} problems — everything else is served"
            if warnings:
                heading += f"; {len(warnings)} item-writing warnings (coldstart lint), which block nothing"
            yield Static(heading + ".", classes="heading")
            yield OptionList(
                *(Text(p.display(root)) for p in problems),
                *(Text(f"warning: {w.display(root)}") for w in warnings),
            )
        yield Footer()
