"""The help screen: every key that works on the screen underneath, and the app-wide ones."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Static


def keys_here(under: Screen[Any]) -> list[tuple[Binding, str]]:
    """The app's own bindings that work on `under`: the screen's and those of the widgets around its focus (a
    simulation's number keys, a dialog's replies, which are bindings of that dialog alone), then the app's.

    Taken from the live bindings, not the classes' lists, so whatever a screen binds is listed. Textual's own
    widget keys (an Input's editing keys) carry no id and are left to the widgets.
    """
    focused = under.focused
    nodes = [node for node in (focused.ancestors_with_self if focused is not None else [under]) if node is not under.app]
    if under not in nodes:
        nodes.append(under)
    rows: list[tuple[Binding, str]] = []
    seen: set[str] = set()
    app_bindings = [(binding.key, binding) for binding in Binding.make_bindings(under.app.BINDINGS)]  # in their order
    for where, bindings in [("this screen", node._bindings) for node in nodes] + [("everywhere", app_bindings)]:
        for _, binding in bindings:
            if binding.id is None or binding.id in seen or (where == "everywhere" and binding.action in seen):
                continue
            seen.update((binding.id, binding.action))
            rows.append((binding, where))
    return rows


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
        for binding, where in keys_here(self.under):
            key = self.app.get_key_display(binding)
            table.add_row(Text(key, style="bold"), Text(binding.tooltip or binding.description), Text(where, style="dim"))
        table.add_row(Text("ctrl+p", style="bold"), Text("Command palette: go to topic, search, change theme"), Text("everywhere", style="dim"))
        self.set_focus(table)
