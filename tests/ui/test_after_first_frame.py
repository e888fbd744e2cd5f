"""AfterFirstFrame: the top of a screen is drawn in its first frame, the rest is composed just after it."""

from __future__ import annotations

from coldstart.ui.widgets.after_first_frame import AfterFirstFrame
from textual.app import App, ComposeResult
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Static
from ui_helpers import wait_until


class Opened(Screen[None]):
    DEFAULT_CSS = "#row { height: auto; } #row Static { width: 1fr; }"

    def __init__(self) -> None:
        super().__init__()
        self.told: list[str] = []

    def compose(self) -> ComposeResult:
        yield Static("The top", id="top")
        yield AfterFirstFrame(self.compose_rest, then=self.fill_in, id="rest")

    def compose_rest(self) -> ComposeResult:
        with Horizontal(id="row"):  # `with` blocks work as in a compose method
            yield Static("left", id="left")
            yield Static("right", id="right")
        yield Static("The rest", id="below")

    async def fill_in(self) -> None:
        """What a screen does once the rest is there: it runs before the rest is drawn."""
        self.query_one("#below", Static).update("The rest, filled in")
        self.told.append("filled in")


class Frames(App[None]):
    """Keeps the text of every frame drawn of an `Opened` screen."""

    def __init__(self) -> None:
        super().__init__()
        self.frames: list[str] = []

    def _display(self, screen, renderable) -> None:  # type: ignore[no-untyped-def]
        if renderable is not None and isinstance(screen, Opened):
            self.frames.append("\n".join(strip.text for strip in screen._compositor.render_strips()))
        super()._display(screen, renderable)


async def test_the_top_is_drawn_first_and_the_rest_is_composed_in_the_frame_after() -> None:
    app = Frames()
    async with app.run_test(size=(40, 10)) as pilot:
        screen = Opened()
        app.push_screen(screen)
        await wait_until(pilot, lambda: bool(screen.told), "the rest mounted")
        group = screen.query_one("#rest", AfterFirstFrame)
        assert screen.told == ["filled in"] and group.children_mounted
        await group.wait_until_mounted()  # returns at once now
        first = app.frames[0]
        assert "The top" in first and "The rest" not in first and "left" not in first
        await wait_until(pilot, lambda: "The rest" in app.frames[-1], "the rest drawn")
        # Never drawn empty or before `then` filled it in: the frame that shows the rest shows it filled in.
        assert not any("left" in frame and "filled in" not in frame for frame in app.frames)
        last = app.frames[-1]
        assert last.index("The top") < last.index("left") < last.index("The rest, filled in")  # below the top
        assert screen.query_one("#row").query_one("#right", Static).region.height == 1


async def test_the_rest_is_not_queried_before_it_is_mounted() -> None:
    """Until the first frame is drawn the group is empty: `then` is where its widgets are used, and an action
    awaits wait_until_mounted."""
    app = Frames()
    async with app.run_test(size=(40, 10)) as pilot:
        screen = Opened()
        await app.push_screen(screen)
        group = screen.query_one("#rest", AfterFirstFrame)
        waiting = not group.children_mounted and not screen.query("#below")
        await group.wait_until_mounted()
        assert screen.query_one("#below", Static)
        assert waiting or app.frames  # mounted early only if a frame had been drawn already
        await pilot.pause()


async def test_a_screen_closed_before_the_rest_came_lets_its_waiters_go(monkeypatch) -> None:
    """An action waiting for the rest (a key pressed at once) must not wait for ever when the screen closes first
    (the exam submitted by its clock, say): wait_until_mounted returns False."""
    import asyncio

    monkeypatch.setattr(AfterFirstFrame, "_compose_now", lambda group: None)  # the rest never comes
    app = Frames()
    async with app.run_test(size=(40, 10)) as pilot:
        screen = Opened()
        await app.push_screen(screen)
        group = screen.query_one("#rest", AfterFirstFrame)
        waiting = asyncio.create_task(group.wait_until_mounted())
        await pilot.pause()
        assert not waiting.done()
        await app.pop_screen()
        await wait_until(pilot, waiting.done, "the waiter let go")
        assert waiting.result() is False and not screen.told
