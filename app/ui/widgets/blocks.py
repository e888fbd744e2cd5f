"""One widget per kind of content block. Text from the course is never read as Rich markup."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import HorizontalScroll, Vertical
from textual.widget import Widget
from textual.widgets import Markdown, Static

from app.core.course.model import (
    Block,
    CalloutBlock,
    ChangedBlock,
    DiagramBlock,
    SimulationBlock,
    TableBlock,
    TextBlock,
)

CALLOUT_TITLES = {"tip": "✦ Tip", "exam_tip": "◎ Exam tip", "warning": "⚠ Watch out"}


class Callout(Vertical):
    """A boxed aside with a title in its border."""

    DEFAULT_CSS = """
    Callout {
        height: auto;
        border: round $accent;
        padding: 0 1;
        margin: 1 0;
    }
    Callout.-exam_tip { border: round $primary; }
    Callout.-warning { border: round $warning; }
    Callout.-changed { border: round $error; }
    Callout Markdown { margin: 0; padding: 0; }
    Callout MarkdownParagraph:last-of-type { margin: 0; }
    """

    def __init__(self, title: str, markdown: str, kind: str) -> None:
        super().__init__(classes=f"-{kind}")
        self.border_title = title
        self._markdown = markdown

    def compose(self) -> ComposeResult:
        yield Markdown(self._markdown)


class Diagram(Vertical):
    """Preformatted terminal art, scrolled sideways rather than wrapped when the terminal is narrow."""

    DEFAULT_CSS = """
    Diagram { height: auto; margin: 1 0; border: round $panel; padding: 0 1; }
    Diagram HorizontalScroll { height: auto; }
    Diagram .art { width: auto; }
    Diagram .caption { color: $text-muted; }
    """

    def __init__(self, block: DiagramBlock) -> None:
        super().__init__()
        self.block = block
        self.border_title = block.title

    def compose(self) -> ComposeResult:
        with HorizontalScroll():
            yield Static(Text(self.block.art, no_wrap=True), classes="art")
        if self.block.caption:
            yield Static(Text(self.block.caption), classes="caption")


class TableView(Static):
    DEFAULT_CSS = """
    TableView { height: auto; margin: 1 0; }
    """

    def __init__(self, block: TableBlock) -> None:
        table = Table(title=Text(block.title), title_justify="left", expand=False, show_lines=False)
        for column in block.columns:
            table.add_column(Text(column), overflow="fold")
        for row in block.rows:
            table.add_row(*(Text(cell) for cell in row))
        if block.caption:
            table.caption = Text(block.caption)
        super().__init__(table)


def changed_markdown(block: ChangedBlock) -> str:
    when = f" (changed {block.changed_on:%d %b %Y})" if block.changed_on else ""
    return f"**The notes said:** {block.was}\n\n**Now{when}:** {block.now}\n\nSource: <{block.source}>"


def block_widget(block: Block) -> Widget:
    """The widget that shows one block."""
    if isinstance(block, TextBlock):
        return Markdown(block.markdown)
    if isinstance(block, CalloutBlock):
        return Callout(CALLOUT_TITLES[block.kind], block.markdown, block.kind)
    if isinstance(block, ChangedBlock):
        return Callout("↻ Changed since the notes", changed_markdown(block), "changed")
    if isinstance(block, DiagramBlock):
        return Diagram(block)
    if isinstance(block, TableBlock):
        return TableView(block)
    if isinstance(block, SimulationBlock):
        from app.ui.widgets.simulation import SimulationPanel

        return SimulationPanel(block)
    raise TypeError(f"no widget for {type(block).__name__}")  # pragma: no cover
