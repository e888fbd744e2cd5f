"""Figures as words: percentages, spans of time, countdowns."""

from __future__ import annotations

import math
from datetime import timedelta

__all__ = ["clock_text", "percent", "percent_range", "seconds_text", "signed", "study_time"]

MISSING = "—"  # a figure that cannot be computed yet (no answers, too few learners)


def percent(value: float | None) -> str:
    """0.42 as "42%"; None as "—"."""
    return MISSING if value is None else f"{value:.0%}"


def percent_range(low: float | None, high: float | None) -> str:
    """An interval of shares as "57–71%"; "—" when either end is unknown."""
    return MISSING if low is None or high is None else f"{low * 100:.0f}–{high:.0%}"


def signed(value: float | None) -> str:
    """A figure that can be negative, with its sign: "+0.35", "-0.10"; None as "—"."""
    return MISSING if value is None else f"{value:+.2f}"


def seconds_text(value: float | None) -> str:
    """A mean time per answer: "42 s"; None as "—"."""
    return MISSING if value is None else f"{value:.0f} s"


def study_time(seconds: float) -> str:
    """Time spent studying, to the minute: "12 min", "1 h 05 min"."""
    minutes = round(seconds / 60)
    return f"{minutes // 60} h {minutes % 60:02d} min" if minutes >= 60 else f"{minutes} min"


def clock_text(span: timedelta) -> str:
    """A span as a countdown shows it: m:ss under an hour (05:00, 00:59), h:mm:ss from an hour (2:10:00).

    Seconds are rounded up, so the display reads 00:00 only when no time is left at all.
    """
    total = max(math.ceil(span.total_seconds()), 0)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02}:{secs:02}" if hours else f"{minutes:02}:{secs:02}"
