"""Python's full garbage collections, run while the learner reads rather than while a screen is being built."""

from __future__ import annotations

import gc
import time
from collections.abc import Callable


class CollectBetweenActions:
    """Full collections when the learner has paused, not in the middle of answering a key.

    Python scans every object it tracks in a full collection, and starts one whenever enough objects have
    survived the younger collections: here, every few screens opened. With the course, its drawings and
    Textual's caches alive that is a few hundred thousand objects, and the pass (0.2 s on a quiet machine,
    over a second on a busy one) landed inside whichever key press happened to cross the line: the slowest
    openings of a topic were collections. So the app starts no full collection on its own. It freezes what
    start-up made (the app, its first screen and the course, alive until the end: never scanned again), and each tick
    runs the full collection that Python would have run by now, once no key or click has come for `IDLE`
    seconds, or at once when the app has been busy for `BUSY_LIMIT` younger collections without a pause, so
    memory never grows without bound. Young collections (cheap, a few milliseconds) run as Python runs them.

    `counts`, `collect` and `now` are the `gc` module's and the monotonic clock, replaced in tests.
    """

    TICK = 0.25  # seconds between looks
    IDLE = 0.5  # seconds without input before a due full collection runs
    DUE = 10  # younger (generation 1) collections since the last full one: Python's own threshold
    BUSY_LIMIT = 100  # ... after which the full collection runs even while keys keep coming

    def __init__(
        self,
        counts: Callable[[], tuple[int, int, int]] = gc.get_count,
        collect: Callable[[], object] = gc.collect,
        now: Callable[[], float] = time.monotonic,
    ) -> None:
        self.counts, self.collect, self.now = counts, collect, now
        self.last_input = now()
        self.thresholds = gc.get_threshold()

    def start(self) -> None:
        """Freeze what exists now and take the full collections over from Python (called once, at mount)."""
        self.thresholds = gc.get_threshold()
        gc.freeze()
        young, middle, _ = self.thresholds
        # Python starts a full collection when generation 2's count (younger collections since the last full
        # one) passes its threshold; one this high is never passed, so only `tick` starts them.
        gc.set_threshold(young, middle, 2**31 - 1)

    def keep_what_exists(self) -> None:
        """Freeze what exists now, because it lives as long as the app (the whole course, just arrived)."""
        gc.freeze()

    def stop(self) -> None:
        """Give the collections back to Python, and what was frozen with them (the app is closing; a test
        process goes on to make other apps)."""
        gc.set_threshold(*self.thresholds)
        gc.unfreeze()

    def input_seen(self) -> None:
        self.last_input = self.now()

    def tick(self) -> None:
        since_full = self.counts()[2]
        idle = self.now() - self.last_input >= self.IDLE
        if (since_full >= self.DUE and idle) or since_full >= self.BUSY_LIMIT:
            self.collect()
