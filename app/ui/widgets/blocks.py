"""How a topic's blocks are drawn: runs of text as Passages, diagrams and simulations as widgets of their own.
Text from the course is never read as Rich markup."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import ClassVar

from rich import box
from rich.cells import cell_len
from rich.console import Group, NewLine, RenderableType
from rich.markdown import Markdown as RichMarkdown
from rich.panel import Panel
from rich.rule import Rule
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Static

from ...core.course.model import (
    Block,
    CalloutBlock,
    ChangedBlock,
    DiagramBlock,
    SimulationBlock,
    TableBlock,
    TextBlock,
)
from ...present.tables import WordFittingTable
from ..theme_palette import theme_colours
from .drawn_once import DrawnLines, LineDrawings

CALLOUT_TITLES = {"tip": "✦ Tip", "exam_tip": "◎ Exam tip", "warning": "⚠ Watch out"}


@lru_cache(maxsize=4096)
def parsed_markdown(markdown: str) -> RichMarkdown:
    """The Markdown parsed once per text: the course does not change while it is read (a reload brings new text,
    so new keys), and drawing never changes a parsed document, so widgets can share it. Opening a topic again,
    or the next one and back, no longer parses its prose again."""
    return RichMarkdown(markdown, hyperlinks=True)


class DrawnText(DrawnLines):
    """Text shown in place of the text before (a question's stem, an answer's feedback), drawn once per width and look.

    A Static draws its content once to learn its height and again to paint it: for a question's Markdown, the most
    of the time from a key to the next question or the feedback on screen. Here each is drawn once, and kept among
    the last few hundred (a whole exam's stems at two widths), so going back to a question copies its lines.
    `source` is the text shown, for those who read it.
    """

    DEFAULT_CSS = """
    DrawnText { height: auto; }
    """
    shared_drawings: ClassVar[LineDrawings] = OrderedDict()
    KEEP: ClassVar[int] = 512

    def __init__(self, *, classes: str | None = None, id: str | None = None) -> None:
        super().__init__(classes=classes, id=id)
        self.source = ""
        self._key: Hashable | None = None
        self._make: Callable[[], RenderableType] = Text

    def show(self, key: Hashable, source: str, make: Callable[[], RenderableType]) -> None:
        """Show what `make()` returns, named `key` (equal keys draw the same); `source` is its text."""
        if key != self._key:
            self._key, self.source, self._make = key, source, make
            self.refresh(layout=True)

    def show_markdown(self, markdown: str) -> None:
        self.show(*self._markdown_drawing(markdown))

    def draw_markdown_ahead(self, markdown: str, width: int) -> None:
        """Draw what `show_markdown(markdown)` would show at `width` (see draw_ahead)."""
        key, _, make = self._markdown_drawing(markdown)
        self.draw_ahead(key, make, width)

    @staticmethod
    def _markdown_drawing(markdown: str) -> tuple[Hashable, str, Callable[[], RenderableType]]:
        """What `show` is given for Markdown (its key, text and maker): one place, so a drawing made ahead is found."""
        return ("markdown", markdown), markdown, lambda: parsed_markdown(markdown)

    def draw_ahead(self, key: Hashable, make: Callable[[], RenderableType], width: int) -> None:
        """Draw what `show(key, …, make)` would show at `width`, so that showing it there copies the lines."""
        self.lines_of(key, make, width)

    def drawing_key(self) -> Hashable | None:
        return self._key

    def draw(self, width: int) -> RenderableType:
        return self._make()


class DiagramArt(ScrollView):
    """The art's lines, whole: never re-wrapped, scrolled sideways when wider than the pane.

    One widget that draws its own lines (Textual's line API). It was a scroll container around a Static, and
    every layout of a topic measured the art again through the two of them: most of a topic's layout time.
    Here the art's size is known once, when it is made.
    """

    DEFAULT_CSS = """
    DiagramArt { height: auto; overflow-x: auto; overflow-y: hidden; scrollbar-size-horizontal: 1; }
    """

    def __init__(self, art: str, *, classes: str | None = None) -> None:
        super().__init__(classes=classes)
        self.lines = art.splitlines()
        self.art_width = max((cell_len(line) for line in self.lines), default=0)
        self.set_reactive(Widget.virtual_size, Size(self.art_width, len(self.lines)))
        self._strips: tuple[Style, list[Strip]] | None = None

    def render_line(self, y: int) -> Strip:
        base = self.visual_style.rich_style
        if self._strips is None or self._strips[0] != base:
            self._strips = (base, [Strip([Segment(line, base)], cell_len(line)) for line in self.lines])
        width, left = self.size.width, self.scroll_offset.x
        if y >= len(self.lines):
            return Strip.blank(width, base)
        return self._strips[1][y].crop_extend(left, left + width, base)


class Diagram(Vertical):
    """Preformatted terminal art, shown exactly as written: never re-wrapped, scrolled sideways when too wide.

    Wrapped art is garbled art, so the lines keep their length and the art scrolls on its own (DiagramArt);
    when it is wider than the pane the border says "← → scroll" and the scrollbar shows how much is hidden.
    The caption is prose, so it wraps to the pane under the art.
    """

    DEFAULT_CSS = """
    Diagram { height: auto; margin: 1 0 0 0; border: round $panel; padding: 0 1; }
    Diagram > .diagram-caption { height: auto; color: $text-muted; }
    Diagram.-too-wide { border-subtitle-color: $accent; }
    """

    SCROLL_HINT = "← → scroll"

    def __init__(self, block: DiagramBlock) -> None:
        super().__init__()
        self.block = block
        self.border_title = block.title
        self.art = DiagramArt(block.art, classes="diagram-art")
        self.art_width = self.art.art_width

    def compose(self) -> ComposeResult:
        yield self.art
        if self.block.caption:
            yield Static(Text(self.block.caption), classes="diagram-caption")

    def on_resize(self, _: events.Resize) -> None:
        too_wide = self.art_width > self.size.width  # the content width: the event's size counts the border too
        self.set_class(too_wide, "-too-wide")
        hint = self.SCROLL_HINT if too_wide else ""
        if (self.border_subtitle or "") != hint:  # setting it repaints, changed or not
            self.border_subtitle = hint


def changed_markdown(block: ChangedBlock) -> str:
    when = f" (changed {block.changed_on:%d %b %Y})" if block.changed_on else ""
    return f"**The notes said:** {block.was}\n\n**Now{when}:** {block.now}\n\nSource: <{block.source}>"


# --- a section drawn as few widgets as it can be --------------------------------------------------------------

FLOWING = (TextBlock, CalloutBlock, ChangedBlock, TableBlock)  # drawn as text; diagrams and simulations are widgets
CALLOUT_COLOURS = {"tip": "accent", "exam_tip": "primary", "warning": "warning", "changed": "error"}


@dataclass(frozen=True)
class Piece:
    """One thing a Passage draws, with the blank lines it keeps above and below (as CSS margins would)."""

    above: int
    below: int
    kind: str  # "title", "text", "callout", "table"
    source: str  # its Markdown or title, as written
    block: Block | None = None


def flowing_pieces(blocks: Sequence[Block], after_block: bool) -> list[Piece]:
    """The pieces of a run of flowing blocks. Prose sits tight under a heading or prose and keeps one blank
    line below anything else; boxes keep one above; tables one above and one below."""
    pieces, previous = [], after_block
    for block in blocks:
        if isinstance(block, TextBlock):
            pieces.append(Piece(1 if previous else 0, 0, "text", block.markdown, block))
        elif isinstance(block, CalloutBlock):
            pieces.append(Piece(1, 0, "callout", block.markdown, block))
        elif isinstance(block, ChangedBlock):
            pieces.append(Piece(1, 0, "callout", changed_markdown(block), block))
        elif isinstance(block, TableBlock):
            pieces.append(Piece(1, 1, "table", block.title or "", block))
        previous = True
    return pieces


class Passage(DrawnLines):
    """A section's title and a run of its prose, boxes and tables, drawn as one widget.

    A topic drew each block as a widget of its own, about 85 widgets a topic, and opening one spent most of its
    time mounting, styling and laying them out. A run of blocks that only draw text needs none of that: one
    widget draws them as one Rich group, spaced as the widgets' margins spaced them (the first and last
    spacing stay real margins, so they collapse with the widgets around, as before). Diagrams and simulations
    stay widgets: they scroll sideways and take keys.
    """

    DEFAULT_CSS = """
    Passage { height: auto; }
    """

    def __init__(self, pieces: Sequence[Piece], *, classes: str | None = None, id: str | None = None) -> None:
        super().__init__(classes=classes, id=id)
        self.pieces = tuple(pieces)
        self.sources = tuple(piece.source for piece in self.pieces)
        self.documents = tuple(parsed_markdown(piece.source) for piece in self.pieces if piece.kind in ("text", "callout"))
        if self.pieces:
            self.styles.margin = (self.pieces[0].above, 0, self.pieces[-1].below, 0)

    def drawing_key(self) -> Hashable:
        return (self.pieces, self.app.theme)

    def draw(self, width: int) -> RenderableType:
        return self._group(theme_colours(self.app))

    def _group(self, colours: dict[str, str]) -> Group:
        parts: list[RenderableType] = []
        for index, piece in enumerate(self.pieces):
            if index:
                gap = max(self.pieces[index - 1].below, piece.above)
                if gap:
                    parts.append(NewLine(gap))
            parts.append(self._drawn(piece, colours))
        return Group(*parts)

    @staticmethod
    def _drawn(piece: Piece, colours: dict[str, str]) -> RenderableType:
        if piece.kind == "title":
            return Group(Text(piece.source, style=f"bold {colours['accent']}"), Rule(characters="─", style=colours["panel"]))
        if piece.kind == "text":
            return parsed_markdown(piece.source)
        if piece.kind == "callout":
            if isinstance(piece.block, ChangedBlock):
                title, colour = "↻ Changed since the notes", colours[CALLOUT_COLOURS["changed"]]
            else:
                assert isinstance(piece.block, CalloutBlock)
                title, colour = CALLOUT_TITLES[piece.block.kind], colours[CALLOUT_COLOURS[piece.block.kind]]
            return Panel(
                parsed_markdown(piece.source), box=box.ROUNDED, title=title, title_align="left",
                padding=(0, 1), border_style=colour,
            )
        assert isinstance(piece.block, TableBlock)
        block = piece.block
        return WordFittingTable(block.columns, block.rows, title=block.title, caption=block.caption or "")


def section_widgets(title: str, blocks: Sequence[Block], *, section_id: str | None = None) -> Iterator[Widget]:
    """A section as widgets: its title and each run of flowing blocks as one Passage; each diagram and
    simulation as its own widget. The first (the Passage with the title) has the id `section_id` and the
    class "section": it is where the section starts."""
    run: list[Block] = []
    pieces = [Piece(1, 0, "title", title)]
    after_block = False
    for block in blocks:
        if isinstance(block, FLOWING):
            run.append(block)
            continue
        if run or pieces:
            yield _passage(pieces + flowing_pieces(run, after_block), section_id if pieces else None)
        run, pieces, after_block = [], [], True
        yield block_widget(block)
    if run or pieces:
        yield _passage(pieces + flowing_pieces(run, after_block), section_id if pieces else None)


def _passage(pieces: list[Piece], section_id: str | None) -> Passage:
    """A Passage; the one that opens a section (its title's) carries the section's id."""
    return Passage(pieces, classes="section" if section_id else None, id=section_id)


def block_widget(block: Block) -> Widget:
    """The widget of a block that is not drawn as text: a diagram or a simulation."""
    if isinstance(block, DiagramBlock):
        return Diagram(block)
    if isinstance(block, SimulationBlock):
        from .simulation import SimulationPanel

        return SimulationPanel(block)
    raise TypeError(f"{type(block).__name__} is drawn by a Passage, not a widget of its own")  # pragma: no cover
