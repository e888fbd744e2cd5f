"""Progress drawn as text, for tables and list rows where a ProgressBar widget would be too heavy."""

from __future__ import annotations

from rich.text import Text


def fraction_bar(fraction: float, width: int = 10) -> Text:
    """A bar `width` cells long: ▰ for the done part, ▱ for the rest (fraction clamped to 0..1)."""
    filled = round(max(0.0, min(1.0, fraction)) * width)
    return Text.assemble(("▰" * filled, "green"), ("▱" * (width - filled), "dim"))
