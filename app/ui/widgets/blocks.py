"""One widget per kind of content block. Text from the course is never read as Rich markup."""

from __future__ import annotations

from functools import lru_cache

from rich.cells import cell_len
from rich.markdown import Markdown as RichMarkdown
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.containers import HorizontalScroll, Vertical
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

CALLOUT_TITLES = {"tip": "✦ Tip", "exam_tip": "◎ Exam tip", "warning": "⚠ Watch out"}


@lru_cache(maxsize=4096)
def parsed_markdown(markdown: str) -> RichMarkdown:
    """The Markdown parsed once per text: the course does not change while it is read (a reload brings new text,
    so new keys), and drawing never changes a parsed document, so widgets can share it. Opening a topic again,
    or the next one and back, no longer parses its prose again."""
    return RichMarkdown(markdown, hyperlinks=True)


class MarkdownText(Static):
    """Markdown drawn by Rich in one widget.

    Textual's Markdown widget builds a widget per paragraph, list item and table cell; a topic has hundreds of
    them, and opening one took seconds. One Static per block draws the same prose in a fraction of the time.
    """

    DEFAULT_CSS = """
    MarkdownText { height: auto; margin: 0; }
    MarkdownText.-after-text { margin: 1 0 0 0; }
    """

    def __init__(self, markdown: str, *, classes: str | None = None) -> None:
        super().__init__(parsed_markdown(markdown), classes=classes)
        self.source = markdown


class Callout(Static):
    """A boxed aside with a title in its border."""

    DEFAULT_CSS = """
    Callout {
        height: auto;
        border: round $accent;
        padding: 0 1;
        margin: 1 0 0 0;
    }
    Callout.-exam_tip { border: round $primary; }
    Callout.-warning { border: round $warning; }
    Callout.-changed { border: round $error; }
    """

    def __init__(self, title: str, markdown: str, kind: str) -> None:
        super().__init__(parsed_markdown(markdown), classes=f"-{kind}")
        self.border_title = title
        self.source = markdown


class Diagram(Vertical):
    """Preformatted terminal art, shown exactly as written: never re-wrapped, scrolled sideways when too wide.

    Wrapped art is garbled art, so the lines keep their length and the art sits in its own horizontal scroll
    area; when it is wider than the pane the border says "← → scroll" and the scrollbar shows how much is hidden.
    The caption is prose, so it wraps to the pane under the art.
    """

    DEFAULT_CSS = """
    Diagram { height: auto; margin: 1 0 0 0; border: round $panel; padding: 0 1; }
    Diagram > .diagram-art { height: auto; scrollbar-size-horizontal: 1; }
    Diagram .diagram-lines { width: auto; text-wrap: nowrap; text-overflow: clip; }
    Diagram > .diagram-caption { height: auto; color: $text-muted; }
    Diagram.-too-wide { border-subtitle-color: $accent; }
    """

    SCROLL_HINT = "← → scroll"

    def __init__(self, block: DiagramBlock) -> None:
        super().__init__()
        self.block = block
        self.border_title = block.title
        self.art_width = max((cell_len(line) for line in block.art.splitlines()), default=0)

    def compose(self) -> ComposeResult:
        with HorizontalScroll(classes="diagram-art"):
            yield Static(Text(self.block.art, no_wrap=True, overflow="ignore"), classes="diagram-lines")
        if self.block.caption:
            yield Static(Text(self.block.caption), classes="diagram-caption")

    def on_resize(self, _: events.Resize) -> None:
        too_wide = self.art_width > self.size.width  # the content width: the event's size counts the border too
        self.set_class(too_wide, "-too-wide")
        self.border_subtitle = self.SCROLL_HINT if too_wide else ""


class TableView(Static):
    DEFAULT_CSS = """
    TableView { height: auto; margin: 1 0; }
    """

    def __init__(self, block: TableBlock) -> None:
        super().__init__(WordFittingTable(block.columns, block.rows, title=block.title, caption=block.caption or ""))


def changed_markdown(block: ChangedBlock) -> str:
    when = f" (changed {block.changed_on:%d %b %Y})" if block.changed_on else ""
    return f"**The notes said:** {block.was}\n\n**Now{when}:** {block.now}\n\nSource: <{block.source}>"


def block_widget(block: Block) -> Widget:
    """The widget that shows one block."""
    if isinstance(block, TextBlock):
        return MarkdownText(block.markdown)
    if isinstance(block, CalloutBlock):
        return Callout(CALLOUT_TITLES[block.kind], block.markdown, block.kind)
    if isinstance(block, ChangedBlock):
        return Callout("↻ Changed since the notes", changed_markdown(block), "changed")
    if isinstance(block, DiagramBlock):
        return Diagram(block)
    if isinstance(block, TableBlock):
        return TableView(block)
    if isinstance(block, SimulationBlock):
        from .simulation import SimulationPanel

        return SimulationPanel(block)
    raise TypeError(f"no widget for {type(block).__name__}")  # pragma: no cover
