"""The colours a result is drawn with, by role: the terminal's named colours, or the app's theme."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["TERMINAL", "Palette"]


@dataclass(frozen=True)
class Palette:
    """Rich styles for each role a colour plays in a result."""

    good: str  # right answers, done parts of bars, on track
    bad: str  # wrong answers
    warning: str  # flags, changes, not there yet
    accent: str  # a chart's marks
    muted: str  # axes, empty parts, notes


# Named terminal colours: what `coldstart stats` prints, readable on a dark or a light terminal.
TERMINAL = Palette(good="green", bad="red", warning="yellow", accent="cyan", muted="dim")
