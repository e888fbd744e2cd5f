"""The help screen: every key that works on the screen underneath, and the app-wide ones."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Static


class HelpScreen(ModalScreen[None]):
    """Lists the bindings of the screen it was opened from, then the app's."""

    BINDINGS = [
        Binding("escape", "dismiss", "Close", id="help.close"),
        Binding("question_mark", "dismiss", "Close", show=False, id="help.close2"),
        Binding("q", "dismiss", "Close", show=False, id="help.close3"),
    ]

    def __init__(self, under: Screen[Any]) -> None:
        super().__init__()
        self.under = under

    def compose(self) -> ComposeResult:
        with Vertical(id="help-box"):
            yield Static("Keys — press Esc to close", classes="heading")
            yield DataTable(id="help-keys", cursor_type="row", zebra_stripes=True)
            yield Static(
                Text(
                    "The mouse works everywhere: click topics, buttons and choices; scroll with the wheel. "
                    "ctrl+p opens the command palette (go to topic, search, change theme).",
                    style="dim",
                ),
                id="help-mouse",
            )

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("Key", "Action", "Where")
        seen: set[str] = set()
        for where, bindings in (("this screen", self.under.BINDINGS), ("everywhere", self.app.BINDINGS)):
            for binding in bindings:
                if not isinstance(binding, Binding) or (binding.action in seen and where == "everywhere"):
                    continue
                seen.add(binding.action)
                key = self.app.get_key_display(binding)
                table.add_row(Text(key, style="bold"), Text(binding.tooltip or binding.description), Text(where, style="dim"))
        table.add_row(Text("ctrl+p", style="bold"), Text("Command palette: go to topic, search, change theme"), Text("everywhere", style="dim"))
        self.set_focus(table)
