"""The part of a screen composed just after the screen's first frame: the top answers the key, the rest follows.

Making, mounting, styling, laying out and drawing a widget costs about half a millisecond, and a screen of a few
dozen widgets held the terminal unchanged for 30–50 ms after the key that opened it. A screen that composes what
lies below its opening lines in an `AfterFirstFrame` is drawn first with its top (the header, what the screen
is about, the footer), about as soon as a screen of one paragraph is; the rest is composed and mounted straight
after that frame is on the terminal, and shows in the next one. Nothing above it moves when it comes: it starts
where the top ends.

Its widgets do not exist until then, so a query for them fails: a screen that needs them handles
`AfterFirstFrame.Mounted`, and an action that needs them awaits `wait_until_mounted()` (a key pressed in the
few milliseconds before is then answered, not dropped). Textual's `Lazy` defers one widget made in advance and
says nothing when it is done.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message

__all__ = ["AfterFirstFrame"]


class AfterFirstFrame(Vertical):
    """A vertical group composed by `compose_rest` (a compose method: `with` blocks work in it) just after the
    screen's first frame."""

    DEFAULT_CSS = "AfterFirstFrame { height: auto; }"

    class Mounted(Message):
        """The group's widgets are mounted (bubbles up to the screen)."""

        def __init__(self, group: AfterFirstFrame) -> None:
            super().__init__()
            self.group = group

        @property
        def control(self) -> AfterFirstFrame:
            return self.group

    def __init__(self, compose_rest: Callable[[], ComposeResult], *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._compose_rest = compose_rest
        self._due = False
        self._mounted = asyncio.Event()

    @property
    def children_mounted(self) -> bool:
        return self._mounted.is_set()

    async def wait_until_mounted(self) -> None:
        """Return once the group's widgets are mounted."""
        await self._mounted.wait()

    def compose(self) -> ComposeResult:
        if self._due:
            yield from self._compose_rest()

    def on_mount(self) -> None:
        # The screen runs these once it has nothing left to draw: after its first frame.
        self.call_after_refresh(self._compose_now)

    async def _compose_now(self) -> None:
        self._due = True
        await self.recompose()
        self._mounted.set()
        self.post_message(self.Mounted(self))
