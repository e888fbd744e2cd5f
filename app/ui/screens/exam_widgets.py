"""How the exam screens write times. (What they share with practice — the choice list and how counts of
choices are written — is in `app.ui.widgets.choices`.)"""

from __future__ import annotations

import math
from datetime import timedelta

__all__ = ["clock_text"]

def clock_text(span: timedelta) -> str:
    """A span as a countdown shows it: m:ss under an hour (05:00, 00:59), h:mm:ss from an hour (2:10:00).

    Seconds are rounded up, so the display reads 00:00 only when no time is left at all.
    """
    seconds = max(math.ceil(span.total_seconds()), 0)
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{hours}:{minutes:02}:{seconds:02}" if hours else f"{minutes:02}:{seconds:02}"
