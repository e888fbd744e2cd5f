"""Slowing down guessers: an address that keeps presenting bad tokens must wait longer and longer.

The first FREE_FAILURES bad tokens within WINDOW cost nothing (a learner mistyping, or a link that was
relinked); each further one makes the address wait before its next try, twice as long as the last time, up to
MAX_DELAY. While it waits, the server answers "too many tries" without looking at the token, so parallel
guesses gain nothing. Failures older than WINDOW are forgotten, and at most MAX_ADDRESSES addresses are
remembered (the one idle longest is dropped first), so memory stays bounded. Time comes from the clock.
"""

from __future__ import annotations

from collections import deque
from datetime import datetime, timedelta

from ..clock import Clock

__all__ = ["BadTokenLimiter"]


class BadTokenLimiter:
    FREE_FAILURES = 3
    BASE_DELAY = 1.0  # seconds, after the first failure past the free ones
    MAX_DELAY = 60.0
    WINDOW = timedelta(minutes=15)
    MAX_ADDRESSES = 10_000

    def __init__(self, clock: Clock) -> None:
        self.clock = clock
        self._failures: dict[str, deque[datetime]] = {}
        self._blocked_until: dict[str, datetime] = {}

    def wait(self, address: str) -> float:
        """Seconds before `address` may present a token again; 0 when it may now."""
        until = self._blocked_until.get(address)
        if until is None:
            return 0.0
        left = (until - self.clock.now()).total_seconds()
        if left <= 0:
            del self._blocked_until[address]
            return 0.0
        return left

    def failed(self, address: str) -> float:
        """Record a bad token from `address`; returns how long it must now wait (0 while still free)."""
        now = self.clock.now()
        failures = self._failures.pop(address, deque())  # re-inserted last: the dict is ordered by activity
        while failures and failures[0] < now - self.WINDOW:
            failures.popleft()
        failures.append(now)
        self._failures[address] = failures
        while len(self._failures) > self.MAX_ADDRESSES:
            oldest = next(iter(self._failures))
            del self._failures[oldest]
            self._blocked_until.pop(oldest, None)
        excess = len(failures) - self.FREE_FAILURES
        if excess <= 0:
            return 0.0
        delay = min(self.MAX_DELAY, self.BASE_DELAY * 2.0 ** (excess - 1))
        self._blocked_until[address] = now + timedelta(seconds=delay)
        return delay

    def succeeded(self, address: str) -> None:
        """A good token: the address's bad ones are forgiven."""
        self._failures.pop(address, None)
        self._blocked_until.pop(address, None)
