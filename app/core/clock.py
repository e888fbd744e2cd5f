"""Injected time: everything in the core that needs "now" asks a `Clock`.

Nothing in coldstart reads the wall clock directly or sleeps. The app and the CLI pass a `SystemClock`;
tests pass a `FakeClock` and move it forward by hand, so no test waits and no assertion depends on timing.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Protocol, runtime_checkable

__all__ = ["Clock", "FakeClock", "SystemClock", "utc"]


def utc(moment: datetime) -> datetime:
    """`moment` as a tz-aware UTC datetime; naive datetimes are taken to be UTC already."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


@runtime_checkable
class Clock(Protocol):
    """Something that tells the time."""

    def now(self) -> datetime:
        """The current moment, tz-aware, in UTC."""
        ...


class SystemClock:
    """The real clock."""

    def now(self) -> datetime:
        """The current moment, tz-aware, in UTC."""
        return datetime.now(UTC)

    def __repr__(self) -> str:
        return "SystemClock()"


class FakeClock:
    """A clock that only moves when told to, for tests and simulations.

    It starts at `start` (2025-01-01 09:00 UTC by default, an arbitrary fixed moment) and stays there
    until `advance` or `set` is called.
    """

    def __init__(self, start: datetime | None = None) -> None:
        self._now = utc(start) if start is not None else datetime(2025, 1, 1, 9, 0, tzinfo=UTC)

    def now(self) -> datetime:
        """The current (fake) moment, tz-aware, in UTC."""
        return self._now

    def advance(self, seconds: float = 0.0, **delta: float) -> datetime:
        """Move forward by `seconds` (and/or timedelta keywords such as days=1); returns the new now."""
        step = timedelta(seconds=seconds, **delta)
        if step < timedelta(0):
            raise ValueError("a clock cannot go backwards; use set() to jump")
        self._now += step
        return self._now

    def set(self, moment: datetime) -> None:
        """Jump to `moment` (either direction): for tests that need a particular day."""
        self._now = utc(moment)

    def __repr__(self) -> str:
        return f"FakeClock({self._now.isoformat()})"
