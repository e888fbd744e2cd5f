"""The footer: one widget, redrawn only when the keys it shows change; its keys can be clicked."""

from __future__ import annotations

from coldstart.ui.widgets.footer import Footer, FooterKey
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Button
from ui_helpers import wait_until


class Keys(Screen[None]):
    BINDINGS = [Binding("n", "next", "Next"), Binding("s", "save", "Save")]

    def __init__(self) -> None:
        super().__init__()
        self.can_save = True
        self.saved = 0

    def action_save(self) -> None:
        self.saved += 1

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
    return list(app.screen.query_one(Footer).keys)


def save_key(app: App[None]) -> FooterKey:
    return next(key for key in footer_keys(app) if key.action == "save")


async def test_the_same_keys_are_not_rebuilt_on_focus_changes_and_refreshes() -> None:
    app = KeysApp()
    async with app.run_test() as pilot:
        await wait_until(pilot, lambda: len(footer_keys(app)) >= 2, "the footer shows the keys")
        shown_keys = app.screen.query_one(Footer).keys
        app.screen.query_one("#two").focus()
        app.screen.refresh_bindings()
        app.screen.query_one("#one").focus()
        app.screen.refresh_bindings()
        await pilot.pause()
        await pilot.pause()
        assert app.screen.query_one(Footer).keys is shown_keys  # the same keys: nothing was rebuilt


async def test_a_key_that_changes_is_shown_changed() -> None:
    app = KeysApp()
    async with app.run_test() as pilot:
        await wait_until(pilot, lambda: len(footer_keys(app)) >= 2, "the footer shows the keys")
        assert save_key(app).enabled
        app.screen.can_save = False
        app.screen.refresh_bindings()
        await wait_until(pilot, lambda: not save_key(app).enabled, "the Save key shown disabled")
        assert "Save" in str(app.screen.query_one(Footer).render())



async def test_clicking_a_key_presses_it_and_a_disabled_one_does_nothing() -> None:
    app = KeysApp()
    async with app.run_test() as pilot:
        await wait_until(pilot, lambda: len(footer_keys(app)) >= 2, "the footer shows the keys")
        footer = app.screen.query_one(Footer)
        save_at = next(x for x in range(footer.size.width) if (key := footer.key_at(x)) and key.action == "save")
        await pilot.click(Footer, offset=(save_at + 1, 0))
        await wait_until(pilot, lambda: app.screen.saved == 1, "Save pressed by a click")
        app.screen.can_save = False
        app.screen.refresh_bindings()
        await wait_until(pilot, lambda: not save_key(app).enabled, "the Save key shown disabled")
        await pilot.click(Footer, offset=(save_at + 1, 0))
        await pilot.pause()
        assert app.screen.saved == 1


async def test_hovering_a_key_shows_its_tooltip() -> None:
    app = KeysApp()
    async with app.run_test() as pilot:
        await wait_until(pilot, lambda: len(footer_keys(app)) >= 2, "the footer shows the keys")
        footer = app.screen.query_one(Footer)
        await pilot.hover(Footer, offset=(1, 0))
        await wait_until(pilot, lambda: footer.tooltip == "Next", "the first key's tooltip")


async def test_a_screen_shown_again_shows_the_keys_it_has_now_in_its_first_frame() -> None:
    """A screen kept between visits and changed while away (the app's `show_kept`) hears of its new keys only
    when it is next idle, after its first frame: the footer looks again as the screen is shown."""
    app = KeysApp()
    async with app.run_test(size=(80, 12)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, Keys), "the keys screen")
        kept = app.screen
        app.install_screen(kept, "kept")
        app.pop_screen()
        await wait_until(pilot, lambda: app.screen is not kept, "away from it")
        footer = kept.query_one(Footer)
        assert next(key for key in footer.keys if key.key == "s").enabled
        kept.can_save = False
        kept.refresh_bindings()
        app.push_screen("kept")
        assert not next(key for key in footer.keys if key.key == "s").enabled  # before any frame is drawn


async def test_footers_showing_the_same_keys_alike_draw_them_once_and_a_change_of_keys_hover_or_theme_draws_anew(monkeypatch) -> None:
    drawn: list[Footer] = []
    render = Footer.render
    monkeypatch.setattr(Footer, "render", lambda self: drawn.append(self) or render(self))
    app = KeysApp()
    async with app.run_test(size=(80, 12)) as pilot:
        await wait_until(pilot, lambda: len(footer_keys(app)) >= 2, "the footer shows the keys")
        first = app.screen.query_one(Footer)
        await pilot.pause()
        line = first.render_line(0)
        drawn.clear()

        await app.push_screen(Keys())  # another screen, the same keys
        await wait_until(pilot, lambda: app.screen.query_one(Footer).render_line(0) is not None, "its footer drawn")
        second = app.screen.query_one(Footer)
        assert second is not first and drawn == []
        assert second.render_line(0).text == line.text and list(second.render_line(0)) == list(line)

        app.screen.can_save = False  # the keys change: drawn for them
        app.screen.refresh_bindings()
        await wait_until(pilot, lambda: not save_key(app).enabled, "the Save key shown disabled")
        second.render_line(0)
        assert drawn == [second]

        drawn.clear()
        await pilot.hover(Footer, offset=(1, 0))  # a key under the mouse: drawn highlighted
        await wait_until(pilot, lambda: second.hovered is not None, "a key hovered")
        second.render_line(0)
        assert drawn == [second]

        drawn.clear()
        app.theme = "textual-light" if app.theme != "textual-light" else "nord"  # the same keys in new colours
        await pilot.pause()
        await pilot.pause()
        assert list(second.render_line(0)) != list(line) and drawn == [second]
