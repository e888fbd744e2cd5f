"""Who is connected to a served classroom: at most one session per seat, at most `limit` at once, and which
sessions have been idle too long. The server asks before it starts an app process and tells it about input;
time comes from the injected clock, so the rules are tested without waiting.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Generic, TypeVar

from ..clock import Clock

__all__ = ["ALREADY_OPEN", "FULL", "Refusal", "SessionBoard"]

T = TypeVar("T")


@dataclass(frozen=True)
class Refusal:
    """Why a new session was not opened, in words for the learner."""

    reason: str
    message: str


FULL = "full"
ALREADY_OPEN = "already_open"


@dataclass
class _Entry(Generic[T]):
    handle: T
    last_input: datetime


class SessionBoard(Generic[T]):
    """Open sessions by seat name; `T` is whatever the server needs to close one (its app service)."""

    def __init__(self, clock: Clock, limit: int, idle_after: timedelta | None) -> None:
        if limit < 1:
            raise ValueError("the session limit must be at least 1")
        self.clock = clock
        self.limit = limit
        self.idle_after = idle_after  # None: never closed for idleness
        self._open: dict[str, _Entry[T]] = {}

    def __len__(self) -> int:
        return len(self._open)

    def refusal(self, seat: str) -> Refusal | None:
        """Why `seat` cannot open a session now, or None if it can."""
        if seat in self._open:
            return Refusal(
                ALREADY_OPEN,
                "coldstart is already open for you in another tab or browser. Use that one, or close it and "
                "reload this page: one window at a time keeps your answers and exams in order.",
            )
        if len(self._open) >= self.limit:
            return Refusal(
                FULL,
                f"The classroom is full ({self.limit} learners are working). Please try again in a few minutes.",
            )
        return None

    def open(self, seat: str, handle: T) -> Refusal | None:
        """Register a session, unless refused (then nothing is registered)."""
        refusal = self.refusal(seat)
        if refusal is None:
            self._open[seat] = _Entry(handle, self.clock.now())
        return refusal

    def touch(self, seat: str) -> None:
        """The learner typed, clicked or resized: not idle."""
        entry = self._open.get(seat)
        if entry is not None:
            entry.last_input = self.clock.now()

    def close(self, seat: str, handle: T) -> None:
        """Forget the session, if `handle` is still the one registered for the seat."""
        entry = self._open.get(seat)
        if entry is not None and entry.handle is handle:
            del self._open[seat]

    def idle(self) -> list[tuple[str, T]]:
        """Sessions without input for longer than `idle_after`."""
        if self.idle_after is None:
            return []
        cutoff = self.clock.now() - self.idle_after
        return [(seat, entry.handle) for seat, entry in self._open.items() if entry.last_input < cutoff]

    def handles(self) -> list[T]:
        return [entry.handle for entry in self._open.values()]
