"""Past exams as `coldstart exam history` prints them and the app's exams screen lists them."""

from __future__ import annotations

from rich.text import Text

from ..core.exam import HistoryEntry
from ..core.text import printable
from .palette import TERMINAL, Palette

__all__ = ["COLUMNS", "row"]

COLUMNS: tuple[tuple[str, str], ...] = (("#", "right"), ("Date", "left"), ("Exam", "left"), ("Score", "right"), ("Result", "left"))


def row(entry: HistoryEntry, palette: Palette = TERMINAL) -> tuple[str | Text, ...]:
    """One past exam's cells, in the order of COLUMNS; a retake of missed questions is marked ↻ (#original).

    The title is read back from the progress database (which an import may have filled), so it is shown
    as written: Text keeps brackets from reading as markup, `printable` keeps control characters inert.
    """
    title = entry.title if entry.retake_of is None else f"↻ {entry.title} (#{entry.retake_of})"
    return (
        str(entry.id),
        f"{entry.submitted_at.astimezone():%Y-%m-%d %H:%M}",
        Text(printable(title)),
        f"{entry.score:.0f}%",
        Text("pass", style=palette.good) if entry.passed else Text("fail", style=palette.bad),
    )
