"""Past exams as `coldstart exam history` prints them and the app's exams screen lists them."""

from __future__ import annotations

from rich.text import Text

from ..core.exam import HistoryEntry
from .palette import TERMINAL, Palette

__all__ = ["COLUMNS", "row"]

COLUMNS: tuple[tuple[str, str], ...] = (("#", "right"), ("Date", "left"), ("Exam", "left"), ("Score", "right"), ("Result", "left"))


def row(entry: HistoryEntry, palette: Palette = TERMINAL) -> tuple[str | Text, ...]:
    """One past exam's cells, in the order of COLUMNS; a retake of missed questions is marked ↻ (#original)."""
    title = entry.title if entry.retake_of is None else f"↻ {entry.title} (#{entry.retake_of})"
    return (
        str(entry.id),
        f"{entry.submitted_at.astimezone():%Y-%m-%d %H:%M}",
        Text(title),
        f"{entry.score:.0f}%",
        Text("pass", style=palette.good) if entry.passed else Text("fail", style=palette.bad),
    )
