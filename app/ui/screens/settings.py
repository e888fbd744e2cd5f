"""Settings: how hard the review schedule works (desired retention), the exam date the plan aims at, and how the
app looks (theme)."""

from __future__ import annotations

from datetime import date
from typing import Literal

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static

from ...core.progress.plan import exam_date, set_exam_date
from ...core.progress.store import RETENTION_RANGE
from ..context import ColdstartAware
from ..restyling import StyledAtMount
from ..store_errors import store_write
from ..widgets.footer import Footer

RETENTION_HELP = (
    "Desired retention: the chance you still remember a question when it comes due. 0.90 is usual; higher "
    "means more reviews (steeply above 0.95), from now on. The exam date sets the plan's daily target (p at home)."
)


class SettingsScreen(StyledAtMount, ColdstartAware, ModalScreen[None]):
    # Save and Cancel are keys too (Enter in a field also saves); the app's ? does not reach through a modal screen.
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", tooltip="Save the settings and close", id="settings.save"),
        Binding("escape", "dismiss", "Cancel", tooltip="Close without saving", id="settings.close"),
        Binding("question_mark", "app.help", "Help", tooltip="Every key you can press here", id="settings.help"),
    ]


    def compose(self) -> ComposeResult:
        low, high = RETENTION_RANGE
        with Vertical(id="settings-box"):
            yield Static("Settings", classes="heading")
            # Retention and the exam date side by side, so the dialog fits an 80x24 terminal.
            with Horizontal(id="settings-fields"):
                with Vertical():
                    yield Label(f"Desired retention ({low:.2f}–{high:.2f})")
                    yield Input(f"{self._app.progress.desired_retention:.2f}", id="retention", select_on_focus=True)
                with Vertical():
                    yield Label("Exam date (empty: none)")
                    planned = exam_date(self._app.progress)
                    yield Input(planned.isoformat() if planned else "", placeholder="YYYY-MM-DD", id="exam-date", select_on_focus=True)
            yield Static(Text(RETENTION_HELP), classes="help")
            yield Label("Theme")
            themes = sorted(self._app.available_themes)
            yield Select([(name, name) for name in themes], value=self._app.theme, allow_blank=False, id="theme")
            yield Static("", classes="problem", id="settings-problem")
            with Horizontal(id="settings-buttons"):
                yield Button("Save (ctrl+s)", id="save", variant="primary")
                yield Button("Cancel (Esc)", id="cancel")
        yield Footer()

    def on_mount(self) -> None:
        self.set_focus(self.query_one("#retention", Input))

    @on(Input.Submitted, "#retention")
    @on(Input.Submitted, "#exam-date")
    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        self.save()

    def save(self) -> None:
        low, high = RETENTION_RANGE
        raw = self.query_one("#retention", Input).value.strip()
        try:
            value = float(raw)
            if not low <= value <= high:
                raise ValueError
        except ValueError:
            self.query_one("#settings-problem", Static).update(
                Text(f"Desired retention must be a number from {low:.2f} to {high:.2f}, not {raw!r}.")
            )
            return
        day = self._exam_date()
        if day is False:
            return
        with store_write(self) as write:
            self._app.progress.set_desired_retention(value)
            set_exam_date(self._app.progress, day)
        if write.failed:
            return  # the dialog stays open with what was typed: Save tries again
        theme = self.query_one("#theme", Select).value
        if isinstance(theme, str):
            self._app.theme = theme  # the app remembers it
        exam = f", exam date {day:%d %b %Y}" if day else ""
        self.notify(f"Saved: desired retention {value:.2f}{exam}, theme {self._app.theme}.")
        self.dismiss()

    def _exam_date(self) -> date | Literal[False] | None:
        """The exam date typed (None when left empty), or False after saying why it cannot be one."""
        raw = self.query_one("#exam-date", Input).value.strip()
        if not raw:
            return None
        try:
            day = date.fromisoformat(raw)
        except ValueError:
            problem = f"The exam date must be a date as YYYY-MM-DD, not {raw!r}."
        else:
            if day >= self._app.progress.local_day(self._app.progress.now()):
                return day
            problem = f"The exam date {raw} has already passed."
        self.query_one("#settings-problem", Static).update(Text(problem))
        return False

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss()
