"""Drawings made once per width: a DrawnOnce renderable copies its first drawing; a DrawnLines widget paints what
Textual would paint for its renderable, drawing it once per width and look."""

from __future__ import annotations

import io
from collections import OrderedDict

from coldstart.ui.widgets.drawn_once import DrawnLines, DrawnOnce
from rich.console import Console, RenderableType
from rich.panel import Panel
from rich.text import Text
from textual.app import App, ComposeResult
from textual.widgets import Static

PROSE = "Words that wrap when the terminal is narrow, " * 6


def renderable() -> RenderableType:
    return Panel(Text.assemble(("Bold words ", "bold"), PROSE), title="A box")


class Counted(DrawnLines):
    def __init__(self) -> None:
        super().__init__(drawings=OrderedDict())
        self.widths: list[int] = []

    def drawing_key(self) -> str:
        return "the box"

    def draw(self, width: int) -> RenderableType:
        self.widths.append(width)
        return renderable()


class Side(App[None]):
    CSS = "Static, Counted { color: $accent; background: $panel; height: auto; margin-bottom: 1; }"

    def compose(self) -> ComposeResult:
        yield Static(renderable())
        yield Counted()


def painted(widget) -> list[tuple[str, str]]:
    """Each line the widget paints, as text and the styles of its segments."""
    return [(strip.text, " ".join(str(segment.style) for segment in strip)) for strip in widget.render_lines(widget.region.reset_offset)]


async def test_it_paints_what_textual_paints_for_the_same_renderable() -> None:
    app = Side()
    async with app.run_test(size=(50, 30)) as pilot:
        await pilot.pause()
        textual_drawn, drawn_once = app.query_one(Static), app.query_one(Counted)
        assert drawn_once.size == textual_drawn.size  # the same height, from the lines drawn
        assert painted(drawn_once) == painted(textual_drawn)
        assert "Bold words" in painted(drawn_once)[1][0]


async def test_it_draws_once_per_width_however_often_it_is_painted_or_measured() -> None:
    app = Side()
    async with app.run_test(size=(50, 30)) as pilot:
        await pilot.pause()
        counted = app.query_one(Counted)
        counted.refresh(layout=True)
        await pilot.pause()
        counted.refresh()
        await pilot.pause()
        assert counted.widths == [50]
        await pilot.resize_terminal(70, 30)
        await pilot.pause()
        assert counted.widths == [50, 70]  # another width is drawn anew
        await pilot.resize_terminal(50, 30)
        await pilot.pause()
        assert counted.widths == [50, 70]  # a width drawn before is served again


async def test_a_new_look_is_drawn_anew_and_forgetting_draws_again() -> None:
    app = Side()
    async with app.run_test(size=(50, 30)) as pilot:
        await pilot.pause()
        counted = app.query_one(Counted)
        before = painted(counted)
        app.theme = "textual-light" if app.theme != "textual-light" else "nord"
        await pilot.pause()
        assert counted.widths == [50, 50] and painted(counted) != before  # the widget's CSS colours changed
        counted.forget_drawings()
        await pilot.pause()
        assert counted.widths == [50, 50, 50]


def test_a_drawn_once_renderable_is_drawn_once_per_width_and_then_copied() -> None:
    drawings: list[int] = []
    store: OrderedDict = OrderedDict()

    class Counted:
        def __rich_console__(self, console, options):
            drawings.append(options.max_width)
            yield Text("words that wrap at a narrow width " * 3)

    def draw(width: int) -> str:
        console = Console(width=width, record=True, file=io.StringIO())
        console.print(DrawnOnce(("test-passage", object), Counted(), store))
        return console.export_text()

    first = draw(40)
    assert draw(40) == first and drawings == [40]  # the second drawing is a copy
    assert draw(60) != first and drawings == [40, 60]  # another width is drawn anew
