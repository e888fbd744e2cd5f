"""A Rich renderable drawn once per width: for tables of figures (the dashboard's, the exam results'), which layout
asks for often.

A Static renders its Rich renderable in full to learn its height, and again to paint it, and again after each
layout at a new width (a scrollbar coming or going); a Rich Table of a few dozen rows measures and wraps every
cell each time, tens of milliseconds on this machine. A Figure renders the lines once for a width and a style
and keeps them: layout counts them, painting hands them out one by one. Its natural width (for `width: auto`) is
measured once per container width, as a Static measures it.
"""

from __future__ import annotations

from typing import Any

from rich.console import RenderableType
from rich.style import Style
from textual.geometry import Size
from textual.render import measure
from textual.strip import Strip
from textual.widget import Widget

__all__ = ["Figure"]


class Figure(Widget):
    """Show a Rich renderable with `update(renderable)`; it is drawn again only when its width or style change."""

    DEFAULT_CSS = "Figure { height: auto; }"

    def __init__(self, renderable: RenderableType = "", **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._renderable = renderable
        self._drawn: tuple[int, Style, list[Strip]] | None = None  # the width and style drawn at, and the lines
        self._measured: tuple[int, int] | None = None  # a container width and the natural width within it

    @property
    def content(self) -> RenderableType:
        """What is shown (as `Static.content`)."""
        return self._renderable

    def update(self, renderable: RenderableType) -> None:
        self._renderable = renderable
        self._drawn = self._measured = None
        self.refresh(layout=True)

    def _lines(self, width: int) -> list[Strip]:
        style = self.rich_style
        if self._drawn is None or self._drawn[:2] != (width, style):
            options = self.app.console_options.update_width(width).update(highlight=False)
            # Unpadded, as a Static's lines are: the rest of the line is the widget's background (the styles cache).
            lines = self.app.console.render_lines(self._renderable, options, style=style, pad=False)
            self._drawn = (width, style, [Strip(line) for line in lines])
        return self._drawn[2]

    def get_content_width(self, container: Size, viewport: Size) -> int:
        if self._measured is None or self._measured[0] != container.width:
            natural = measure(self.app.console, self._renderable, container.width, container_width=container.width)
            self._measured = (container.width, natural)
        return self._measured[1]

    def get_content_height(self, container: Any, viewport: Any, width: int) -> int:
        return len(self._lines(width)) if width else 0

    def render_line(self, y: int) -> Strip:
        width = self.content_region.width
        lines = self._lines(width)
        return lines[y] if y < len(lines) else Strip.blank(width, self.rich_style)
