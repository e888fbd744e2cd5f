"""The footer is rebuilt only when the keys it shows change, not on every focus change or binding refresh."""

from __future__ import annotations

from coldstart.ui.widgets.footer import Footer
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Button
from textual.widgets._footer import FooterKey
from ui_helpers import wait_until


class Keys(Screen[None]):
    BINDINGS = [Binding("n", "next", "Next"), Binding("s", "save", "Save")]

    def __init__(self) -> None:
        super().__init__()
        self.can_save = True

    def compose(self) -> ComposeResult:
        yield Button("one", id="one")
        yield Button("two", id="two")
        yield Footer()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "save" and not self.can_save:
            return None  # shown, disabled
        return True


class KeysApp(App[None]):
    def on_mount(self) -> None:
        self.push_screen(Keys())


def footer_keys(app: App[None]) -> list[FooterKey]:
    return list(app.screen.query_one(Footer).query(FooterKey))


def save_key(app: App[None]) -> FooterKey:
    return next(key for key in footer_keys(app) if key.action == "save")


async def test_the_same_keys_are_not_rebuilt_on_focus_changes_and_refreshes() -> None:
    app = KeysApp()
    async with app.run_test() as pilot:
        await wait_until(pilot, lambda: len(footer_keys(app)) >= 2, "the footer shows the keys")
        shown = footer_keys(app)
        app.screen.query_one("#two").focus()
        app.screen.refresh_bindings()
        app.screen.query_one("#one").focus()
        app.screen.refresh_bindings()
        await pilot.pause()
        await pilot.pause()
        assert footer_keys(app) == shown  # the same widgets: nothing was rebuilt


async def test_a_key_that_changes_is_shown_changed() -> None:
    app = KeysApp()
    async with app.run_test() as pilot:
        await wait_until(pilot, lambda: len(footer_keys(app)) >= 2, "the footer shows the keys")
        assert not save_key(app).has_class("-disabled")
        app.screen.can_save = False
        app.screen.refresh_bindings()
        await wait_until(pilot, lambda: save_key(app).has_class("-disabled"), "the Save key shown disabled")

