"""The exam countdown as pure arithmetic over moments the caller supplies.

The deadline is the start plus the blueprint's minutes, pushed back by every interval the exam was paused
(pausable blueprints only: the session never records a pause for the others). Nothing here reads a clock:
the session passes `clock.now()`, so tests drive it with a FakeClock.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Literal

__all__ = ["FINAL", "WARNING", "Countdown", "TimerState"]

TimerState = Literal["normal", "warning", "final", "expired"]

# The UI changes its look at these thresholds: amber at ten minutes, red in the last minute.
WARNING = timedelta(minutes=10)
FINAL = timedelta(minutes=1)


@dataclass(frozen=True)
class Countdown:
    """A time limit with the pauses taken so far; `paused_since` is set while a pause is open."""

    started: datetime
    limit: timedelta
    paused: tuple[tuple[datetime, datetime], ...] = ()
    paused_since: datetime | None = None

    @property
    def nominal_deadline(self) -> datetime:
        """Start plus the time limit: the deadline if the exam is never paused."""
        return self.started + self.limit

    def paused_for(self, now: datetime) -> timedelta:
        """All the time spent paused up to `now`, counting an open pause."""
        total = sum((end - start for start, end in self.paused), timedelta(0))
        if self.paused_since is not None:
            total += max(now - self.paused_since, timedelta(0))
        return total

    def deadline(self, now: datetime) -> datetime:
        """When time runs out, as it stands at `now` (an open pause keeps pushing it back)."""
        return self.nominal_deadline + self.paused_for(now)

    def remaining(self, now: datetime) -> timedelta:
        """Time left at `now`, never below zero."""
        return max(self.deadline(now) - now, timedelta(0))

    def elapsed(self, now: datetime) -> timedelta:
        """Exam time used at `now`: wall time since the start minus pauses, at most the limit."""
        return min(now - self.started - self.paused_for(now), self.limit)

    def state(self, now: datetime) -> TimerState:
        """normal, warning (10 minutes or less left), final (1 minute or less) or expired."""
        left = self.deadline(now) - now
        if left <= timedelta(0):
            return "expired"
        if left <= FINAL:
            return "final"
        if left <= WARNING:
            return "warning"
        return "normal"

    def pause(self, now: datetime) -> Countdown:
        """The countdown with a pause opened at `now` (no change if one is open already)."""
        return self if self.paused_since is not None else replace(self, paused_since=now)

    def unpause(self, now: datetime) -> Countdown:
        """The countdown with the open pause closed at `now` (no change if none is open)."""
        if self.paused_since is None:
            return self
        interval = (self.paused_since, max(now, self.paused_since))
        return replace(self, paused=(*self.paused, interval), paused_since=None)
