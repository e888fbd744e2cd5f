"""How the exam screens write times and counts. (The choice list they share with practice is
`app.ui.widgets.choices.ChoiceList`.)"""

from __future__ import annotations

import math
from datetime import timedelta


__all__ = ["clock_text", "count_word"]

_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


def count_word(n: int) -> str:
    """A small count as a word ("two"), as the exam writes "(Choose two.)"; larger ones as digits."""
    return _WORDS[n] if 0 <= n < len(_WORDS) else str(n)


def clock_text(span: timedelta) -> str:
    """A span as a countdown shows it: m:ss under an hour (05:00, 00:59), h:mm:ss from an hour (2:10:00).

    Seconds are rounded up, so the display reads 00:00 only when no time is left at all.
    """
    seconds = max(math.ceil(span.total_seconds()), 0)
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{hours}:{minutes:02}:{seconds:02}" if hours else f"{minutes:02}:{seconds:02}"
