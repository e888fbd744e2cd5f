"""The part of a screen composed just after the screen's first frame: the top answers the key, the rest follows.

Making, mounting, styling, laying out and drawing a widget costs half a millisecond to a millisecond here, and a
screen of a few dozen widgets held the terminal unchanged for 30–50 ms after the key that opened it. A screen that composes what
lies below its opening lines in an `AfterFirstFrame` is drawn first with its top (the header, what the screen
is about, the footer), about as soon as a screen of one paragraph is; the rest is composed and mounted straight
after that frame is on the terminal, and shows in the next one. Nothing above it moves when it comes: it starts
where the top ends.

Its widgets do not exist until then, so a query for them fails: what the screen does with them once they are there
goes in `then` (run before they are drawn, so their first frame shows them filled in), and an action that needs
them awaits `wait_until_mounted()`, so a key pressed in the few milliseconds before is answered, not dropped (it
returns False if the screen closed first). Textual's `Lazy` defers one widget made in advance and says nothing
when it is done.
"""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Callable

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widget import Widget

__all__ = ["AfterFirstFrame", "call_after_first_frame"]


def call_after_first_frame(node: Widget, callback: Callable[[], object]) -> None:
    """Call `callback` (on `node`) as soon as the screen of `node` has drawn a layout: straight after its first frame.

    Not once the screen is idle (`call_after_refresh`), which a new screen is only after it has taken the requests
    its widgets made before that frame and drawn them again, a frame interval later. That is the fallback, should
    the frame be drawn already. `node` is the signal's subscriber (one subscription a node), so it is a widget of
    the screen, never the screen (which subscribes for itself). A screen laid out off screen, before it is shown
    (see textual_fixes.lay_out_and_draw_ahead), has its first frame when it is shown: `callback` comes after that.
    """
    screen = node.screen
    app = screen.app
    called = False

    def once(*_: object) -> None:
        nonlocal called
        if called or app.screen is not screen:
            return  # (a screen made ready off screen: its first frame is the one that shows it)
        called = True
        screen.screen_layout_refresh_signal.unsubscribe(node)
        app.screen_change_signal.unsubscribe(node)
        if node.is_attached:
            node.call_next(callback)

    def shown(current: object) -> None:
        if current is screen:
            node.call_after_refresh(once)  # after the frame that shows it

    screen.screen_layout_refresh_signal.subscribe(node, once, immediate=True)
    app.screen_change_signal.subscribe(node, shown)
    node.call_after_refresh(once)


class AfterFirstFrame(Vertical):
    """A vertical group composed by `compose_rest` (a compose method: `with` blocks work in it) just after the
    screen's first frame; `then` (a function or coroutine function) runs once its widgets are mounted, in the same
    update of the terminal."""

    DEFAULT_CSS = "AfterFirstFrame { height: auto; }"

    def __init__(
        self,
        compose_rest: Callable[[], ComposeResult],
        *,
        then: Callable[[], object] | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self._compose_rest = compose_rest
        self._then = then
        self._due = False
        self._mounted = asyncio.Event()

    @property
    def children_mounted(self) -> bool:
        """Whether the group's widgets are mounted (and `then` has run)."""
        return self._due and self._mounted.is_set() and self.is_attached

    async def wait_until_mounted(self) -> bool:
        """Wait until the group's widgets are mounted (and `then` has run): True; False if the group was removed
        first (its screen closed before its first frame), so that nothing waits for ever."""
        await self._mounted.wait()
        return self._due and self.is_attached

    def compose(self) -> ComposeResult:
        if self._due:
            yield from self._compose_rest()

    def on_mount(self) -> None:
        call_after_first_frame(self, self._compose_now)

    def on_unmount(self) -> None:
        self._mounted.set()  # let whatever waits go (wait_until_mounted says whether the widgets came)

    async def _compose_now(self) -> None:
        if self._due or not self.is_attached:  # done already, or the screen closed before its first frame
            return
        self._due = True
        with self.app.batch_update():  # one frame: the widgets as `then` leaves them, not empty first
            await self.recompose()
            done = self._then() if self._then is not None and self.is_attached else None
            if inspect.isawaitable(done):
                await done
        self._mounted.set()
