"""Past exams as `coldstart exam history` prints them and the app's exams screen lists them, and the
unfinished exam as `coldstart exam` and the app describe it."""

from __future__ import annotations

from datetime import datetime

from rich.text import Text

from ..core.exam import ExamRecord, HistoryEntry
from ..core.text import printable
from .palette import TERMINAL, Palette
from .text import clock_text

__all__ = ["COLUMNS", "row", "unfinished_summary"]

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


def unfinished_summary(record: ExamRecord, now: datetime) -> str:
    """'Quick exam is unfinished: 2 of 3 answered, 03:12 left (paused).', as it stands at `now`.

    The title is plain text (it may hold brackets): print it as Text, or escaped, never as markup.
    """
    answered = sum(a.picked is not None for a in record.answers)
    if record.ran_out(now):
        time = "its time has run out"
    else:
        time = f"{clock_text(record.countdown_while_closed.remaining(now))} left"
        time += " (paused)" if record.pausable else " (the clock keeps running)"
    return f"{printable(record.title)} is unfinished: {answered} of {len(record.answers)} answered, {time}."
