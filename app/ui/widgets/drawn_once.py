"""Renderables drawn once per width and remembered (see DrawnOnce)."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Iterator

from rich.console import Console, ConsoleOptions, RenderableType
from rich.segment import Segment


class DrawnOnce:
    """A renderable drawn once per width and remembered: Textual draws a widget's content once to learn its
    height and again to paint it, and a topic opened again would draw all its prose again. The course does not
    change while it is read (a reload brings new blocks, so new keys), so a passage drawn at a width in a theme
    is kept, and the next drawing is a copy of its lines."""

    shared: OrderedDict[tuple[object, int], list[list[Segment]]] = OrderedDict()
    KEEP = 2048  # passages × widths: a whole course at two widths

    def __init__(
        self,
        key: object,
        renderable: RenderableType | Callable[[int], RenderableType],
        store: OrderedDict[tuple[object, int], list[list[Segment]]] | None = None,
    ) -> None:
        """`key` names what is drawn (with the width, it names the drawing); `renderable` is it, or a function
        that makes it for a width, called only when there is no drawing at that width yet; `store` keeps the
        drawings, by default in one store shared by every passage (a widget whose drawings should die with it
        passes its own)."""
        self.key, self.renderable = key, renderable
        self.store = self.shared if store is None else store

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterator[Segment]:
        key, store = (self.key, options.max_width), self.store
        lines = store.get(key)
        if lines is None:
            renderable = self.renderable(options.max_width) if callable(self.renderable) else self.renderable
            # Its natural height: a drawing asked for at a given height would be padded or cut to it, and kept so.
            lines = console.render_lines(renderable, options.update(height=None), pad=False, new_lines=False)
            store[key] = lines
            if len(store) > self.KEEP:
                store.popitem(last=False)
        else:
            store.move_to_end(key)
        newline = Segment.line()
        for line in lines:
            yield from line
            yield newline
