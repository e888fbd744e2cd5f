"""Drawings made once per width and remembered: DrawnOnce, a renderable for inside another widget, and
DrawnLines, a widget serving the lines it drew."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator
from typing import Any, ClassVar, Generic, TypeVar

from rich.console import Console, ConsoleOptions, RenderableType
from rich.segment import Segment
from rich.style import Style
from textual.geometry import Size
from textual.strip import Strip
from textual.widget import Widget

K = TypeVar("K")
V = TypeVar("V")


def remembered(store: OrderedDict[K, V], key: K, make: Callable[[], V], keep: int) -> V:
    """`store[key]`, made by `make()` if missing; the store keeps the `keep` most recently used."""
    found = store.get(key)
    if found is not None:
        store.move_to_end(key)
        return found
    made = store[key] = make()
    if len(store) > keep:
        store.popitem(last=False)
    return made


class KeptPerStylesheet(Generic[K, V]):
    """Drawings shared by every widget of a kind (a footer's keys, a choice), kept for the stylesheet's rules they
    were drawn with: Textual parses a new list of rules when the stylesheet or the theme changes, and the store
    starts afresh then. Keeps the `keep` most recently used (`remembered`)."""

    def __init__(self, keep: int) -> None:
        self.keep = keep
        self.rules: object = None
        self.store: OrderedDict[K, V] = OrderedDict()

    def get(self, app: Any, key: K, make: Callable[[], V]) -> V:
        """The drawing kept as `key` for `app`'s stylesheet, made by `make()` if there is none."""
        rules = app.stylesheet.rules
        if rules is not self.rules:
            self.rules, self.store = rules, OrderedDict()
        return remembered(self.store, key, make, self.keep)


class DrawnOnce:
    """A renderable drawn once per width and remembered, for inside another widget (a table in a Figure, an
    option's prompt): Textual draws a widget's content once to learn its height and again to paint it, so the
    second drawing, and any at a width already drawn, is a copy of the lines kept in `store` (the widget's own,
    so that its drawings die with it)."""

    KEEP = 2048  # drawings kept in a store

    def __init__(
        self,
        key: object,
        renderable: RenderableType | Callable[[int], RenderableType],
        store: OrderedDict[tuple[object, int], list[list[Segment]]],
    ) -> None:
        """`key` names what is drawn (with the width, it names the drawing); `renderable` is it, or a function
        that makes it for a width, called only when there is no drawing at that width yet."""
        self.key, self.renderable, self.store = key, renderable, store

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterator[Segment]:
        def draw() -> list[list[Segment]]:
            renderable = self.renderable(options.max_width) if callable(self.renderable) else self.renderable
            # Its natural height: a drawing asked for at a given height would be padded or cut to it, and kept so.
            return console.render_lines(renderable, options.update(height=None), pad=False, new_lines=False)

        newline = Segment.line()
        for line in remembered(self.store, (self.key, options.max_width), draw, self.KEEP):
            yield from line
            yield newline


# Drawings by (what is drawn, width, base style): each line's segments and its width in cells. Kept as
# segments, not Textual strips: a strip carries seven caches of its own, and a course's worth of them was
# a few hundred thousand more objects for every full garbage collection to walk.
Drawing = list[tuple[list[Segment], int]]
LineDrawings = OrderedDict[tuple[Hashable, int, Style], Drawing]


class DrawnLines(Widget):
    """A widget whose content is a Rich drawing made once per width and look, then served line by line
    (where DrawnOnce is a renderable inside another widget, this is the widget).

    Textual draws a widget's renderable once to learn its height and again to paint it, and once more after
    each focus change, scroll or repaint; each time it renders every line, re-applies the widget's style to
    every segment and cuts the lines into new strips. A topic opened again drew all its prose again. Here the
    height is the number of lines drawn, and painting a line hands Textual a strip of the line kept: the same
    result as Textual's own drawing of `draw(width)` (the widget's CSS colours under the renderable's own
    styles), made once.

    Subclasses say what they draw: `drawing_key()` names it (None when there is nothing to draw), and
    `draw(width)` makes it, called only when there is no drawing of that key at that width in that look yet.
    Drawings are kept in one store shared by every widget of the class (`shared_drawings`: a topic's
    passages drawn when it was first opened serve every later opening); a widget whose drawings should die
    with it passes its own `drawings` store.
    """

    shared_drawings: ClassVar[LineDrawings] = OrderedDict()
    KEEP: ClassVar[int] = 2048  # drawings kept in a store: a whole course at two widths

    def __init__(self, *, drawings: LineDrawings | None = None, classes: str | None = None, id: str | None = None) -> None:
        super().__init__(classes=classes, id=id)
        self.drawings = self.shared_drawings if drawings is None else drawings

    def drawing_key(self) -> Hashable | None:
        """What is drawn: equal keys draw the same at the same width and look; None draws nothing."""
        raise NotImplementedError

    def draw(self, width: int) -> RenderableType:
        """The renderable to draw at `width` cells."""
        raise NotImplementedError

    def lines_at(self, width: int) -> Drawing:
        """The drawing at `width`, made now if there is none yet."""
        return self.lines_of(self.drawing_key(), lambda: self.draw(width), width)

    def lines_of(self, what: Hashable | None, make: Callable[[], RenderableType], width: int) -> Drawing:
        """The drawing named `what` at `width` in this widget's look, made from `make()` if there is none yet: the
        drawing on screen (`lines_at`), or one drawn ahead of being shown."""
        if what is None or width <= 0:
            return []
        base = self.visual_style.rich_style

        def draw() -> Drawing:
            options = self.app.console_options.update(highlight=False, width=width, height=None)
            segments = self.app.console.render(make(), options)
            # Under the drawing's own styles, as Textual lays a widget's CSS style under its renderable.
            segments = Segment.apply_style(segments, base) if base else segments
            return [
                (line, Segment.get_line_length(line))
                for line in Segment.split_and_crop_lines(segments, width, include_new_lines=False, pad=False)
            ]

        return remembered(self.drawings, (what, width, base), draw, self.KEEP)

    def forget_drawings(self) -> None:
        """Drop the drawings of a widget with a store of its own (its content changed), and lay it out again."""
        assert self.drawings is not self.shared_drawings, "a shared store holds other widgets' drawings"
        self.drawings.clear()
        self.refresh(layout=True)

    # --- what Textual asks ---------------------------------------------------------------------------------

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self.lines_at(width))

    # The width it was last drawn at: what a drawing ahead uses while the widget is hidden (its size is then 0).
    drawn_width: int = 0

    def render_line(self, y: int) -> Strip:
        width = self.drawn_width = self.size.width
        lines = self.lines_at(width)
        if y >= len(lines):
            return Strip.blank(width, self.visual_style.rich_style)
        segments, cells = lines[y]
        return Strip(segments, cells)
