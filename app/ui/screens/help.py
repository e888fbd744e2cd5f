"""The help screen: every key that works on the screen underneath, and the app-wide ones.

The list is read from the bindings that are active on that screen (its focused widget, the screen, the app),
the ones its footer is drawn from, so a binding added anywhere shows up here without editing this file.
It is a table that wraps its descriptions, so a long one never runs off an 80-column terminal.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from ..restyling import ReadingPane, StyledAtMount

__all__ = ["HelpScreen", "KeyRow", "key_rows"]

# Textual's own actions that the help explains: the app's bindings carry an id, these do not.
TEXTUAL_ACTIONS = {"command_palette": "Command palette: go to topic, search, change theme"}

THIS_SCREEN, EVERYWHERE = "On this screen", "Everywhere"


@dataclass(frozen=True)
class KeyRow:
    """One line of the help: the keys (several when they do the same), what they do, where they work."""

    keys: str
    action: str
    where: str  # THIS_SCREEN or EVERYWHERE
    enabled: bool = True  # False: shown but unavailable right now (like a dimmed footer key)


def key_rows(under: Screen[Any]) -> list[KeyRow]:
    """The rows of the help for `under`: its active bindings that are the app's own (those with an id) or that
    Textual provides and the app advertises, keys with the same action joined, the screen's before the app's."""
    app = under.app
    grouped: dict[tuple[str, str], tuple[list[str], str, bool]] = {}
    for active in under.active_bindings.values():
        binding: Binding = active.binding
        if binding.id is None and binding.action not in TEXTUAL_ACTIONS:
            continue  # Textual's scrolling and focus keys: the same in every app, and not worth a line each
        where = EVERYWHERE if active.node is app else THIS_SCREEN
        action = TEXTUAL_ACTIONS.get(binding.action) or active.tooltip or binding.tooltip or binding.description
        # Keys with the same action share a line, described as the first of them (the one the footer shows).
        keys, first_action, enabled = grouped.setdefault((where, binding.action), ([], action, active.enabled))
        keys.append(app.get_key_display(binding))
        grouped[(where, binding.action)] = (keys, first_action, enabled and active.enabled)
    rows = [KeyRow(", ".join(keys), action, where, enabled) for (where, _), (keys, action, enabled) in grouped.items()]
    return sorted(rows, key=lambda row: row.where != THIS_SCREEN)  # stable: each group keeps the bindings' order


def keys_table(rows: list[KeyRow]) -> Group:
    """The rows under a heading per place; the key column keeps its width, the descriptions wrap."""
    parts: list[RenderableType] = []
    for where in (THIS_SCREEN, EVERYWHERE):
        table = Table.grid(padding=(0, 2), expand=True)
        table.add_column(no_wrap=True, style="bold", min_width=6)
        table.add_column(ratio=1)
        for row in rows:
            if row.where == where:
                table.add_row(row.keys, row.action, style="" if row.enabled else "dim")
        if table.row_count:
            parts += [Text(("\n" if parts else "") + where, style="bold underline"), table]
    return Group(*parts)


class HelpScreen(StyledAtMount, ModalScreen[None]):
    """Lists the bindings of the screen it was opened from, then the app's."""

    BINDINGS = [
        Binding("escape", "dismiss", "Close", id="help.close"),
        Binding("question_mark", "dismiss", "Close", show=False, id="help.close2"),
        Binding("q", "dismiss", "Close", show=False, id="help.close3"),
    ]

    def __init__(self, under: Screen[Any]) -> None:
        super().__init__()
        self.under = under
        self.rows = key_rows(under)

    def compose(self) -> ComposeResult:
        with Vertical(id="help-box"):
            yield Static("Keys — press Esc to close", classes="heading")
            with ReadingPane(id="help-keys"):
                yield Static(keys_table(self.rows), id="help-table")
            yield Static(
                Text(
                    "The mouse works everywhere: click topics, buttons and choices; scroll with the wheel.",
                    style="dim",
                ),
                id="help-mouse",
            )

    def on_mount(self) -> None:
        self.set_focus(self.query_one("#help-keys"))  # ↑ ↓ and the page keys scroll the list
