"""Progress and accuracy drawn with characters, as Rich Text: bars and sparklines."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text

from .palette import TERMINAL, Palette
from .text import MISSING

__all__ = ["bar", "percent_bar", "spark", "sparkline"]

_LEVELS = "▁▂▃▄▅▆▇█"


def bar(fraction: float | None, width: int = 10, palette: Palette = TERMINAL) -> Text:
    """A bar `width` cells long: ▰ for the done part, ▱ for the rest (clamped to 0..1); "—" for None."""
    if fraction is None:
        return Text(MISSING, style=palette.muted)
    filled = round(max(0.0, min(1.0, fraction)) * width)
    return Text.assemble(("▰" * filled, palette.good), ("▱" * (width - filled), palette.muted))


def percent_bar(fraction: float | None, width: int = 10, palette: Palette = TERMINAL) -> Text:
    """A bar followed by its percentage ("▰▰▰▱▱  60%"): readable in colour, in plain text and in a file."""
    drawn = bar(fraction, width, palette)
    if fraction is not None:
        drawn.append(f" {max(0.0, min(1.0, fraction)):4.0%}")
    return drawn


def spark(value: float | None) -> str:
    """One day's accuracy as one character: a block as tall as it, a dot for a day without answers."""
    if value is None:
        return "·"
    return _LEVELS[max(0, min(len(_LEVELS) - 1, int(value * len(_LEVELS))))]


def sparkline(values: Sequence[float | None]) -> str:
    """One character per day (see `spark`)."""
    return "".join(spark(v) for v in values)
