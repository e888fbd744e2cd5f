"""Settings: how hard the review schedule works (desired retention) and how the app looks (theme)."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static

from ...core.progress.store import RETENTION_RANGE
from ..context import ColdstartAware
from ..store_errors import store_write

RETENTION_HELP = (
    "Desired retention is the chance you still remember a question when it comes due. 0.90 is the usual "
    "choice; higher means more reviews (above 0.95 the workload climbs steeply), lower means fewer. "
    "New value applies to reviews from now on."
)


class SettingsScreen(ColdstartAware, ModalScreen[None]):
    BINDINGS = [Binding("escape", "dismiss", "Close", tooltip="Close without saving", id="settings.close")]


    def compose(self) -> ComposeResult:
        low, high = RETENTION_RANGE
        with Vertical(id="settings-box"):
            yield Static("Settings", classes="heading")
            yield Label(f"Desired retention ({low:.2f}–{high:.2f})")
            yield Input(f"{self._app.progress.desired_retention:.2f}", id="retention", select_on_focus=True)
            yield Static(Text(RETENTION_HELP), classes="help")
            yield Label("Theme")
            themes = sorted(self._app.available_themes)
            yield Select([(name, name) for name in themes], value=self._app.theme, allow_blank=False, id="theme")
            yield Static("", classes="problem", id="settings-problem")
            with Horizontal(id="settings-buttons"):
                yield Button("Save", id="save", variant="primary")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#retention", Input).focus()

    @on(Input.Submitted, "#retention")
    @on(Button.Pressed, "#save")
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
        with store_write(self) as write:
            self._app.progress.set_desired_retention(value)
        if write.failed:
            return  # the dialog stays open with what was typed: Save tries again
        theme = self.query_one("#theme", Select).value
        if isinstance(theme, str):
            self._app.theme = theme  # the app remembers it
        self.notify(f"Saved: desired retention {value:.2f}, theme {self._app.theme}.")
        self.dismiss()

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss()
