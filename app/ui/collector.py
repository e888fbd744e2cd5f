"""Python's full garbage collections, run while the learner reads rather than while a screen is being built."""

from __future__ import annotations

import gc
import time
from collections.abc import Callable


class CollectBetweenActions:
    """Full collections when the learner has paused, not in the middle of answering a key.

    Python scans every object it tracks in a full collection, and starts one whenever enough objects have
    survived the younger collections: here, every few screens opened. With the course, its drawings and
    Textual's caches alive that is a few hundred thousand objects, and the pass (0.3 s on a quiet machine with
    100,000 answers, over a second on a busy one) landed inside whichever key press happened to cross the line:
    the slowest openings of a topic were collections. So the app starts no full collection on its own. It
    freezes what start-up made (the app, its first screen and the course, alive until the end: never scanned
    again), and each tick runs the full collection that Python would have run by now, once no key or click has
    come for `IDLE` seconds.

    A learner who keeps pressing keys (paging through topics, answering fast) may not pause for a long time.
    After `BUSY_LIMIT` younger collections without a pause, what exists is frozen instead (no scan: a pointer
    move), so the next younger collections stay small and no key waits for a full pass. Garbage frozen that way
    is held until the frozen objects are twice as many as after the last full pass over everything; then, at a
    pause, everything is unfrozen and collected in full, and what survives is frozen again. If no pause comes
    for `HARD_LIMIT` younger collections, that full pass runs anyway: memory never grows without bound. A pause
    is a pause of the app too: no worker running (the learner waiting for a dashboard is not reading yet).
    Young collections (a millisecond or several; every tenth, a middle-aged one, up to twenty) run every
    YOUNG allocations of tracked objects, as Python runs them, with two exceptions that keep them out of the
    answer to a key: none runs between a key or a click and the first frame that answers it
    (`hold_young_collections` until `frame_drawn`; if no frame comes, until the next tick), since a screen's
    first frame makes tens of thousands of objects and one used to land in most; and the tick runs one when
    it is half due and no key or click came for `YOUNG_IDLE` seconds, so an action after a pause starts with
    none near.

    `counts`, `collect`, `freeze`, `unfreeze`, `frozen` and `now` are the `gc` module's and the monotonic
    clock, and `working` says whether the app has work running: replaced in tests.
    """

    TICK = 0.25  # seconds between looks
    IDLE = 0.5  # seconds without input before a due full collection runs
    YOUNG_IDLE = 0.1  # seconds without input before a young collection runs
    YOUNG = 10_000  # allocations of tracked objects between young collections (Python's default: 700)
    # Counted in generation-1 collections since the last full one, each 10 young ones: 100,000 allocations here
    # (50,000 to 100,000 with the young ones run at pauses), 7,000 with Python's default, so these are about
    # Python's own cadence (10, 100 and 1,000 of its generation-1 collections) in allocations.
    DUE = 1  # ... after which a full collection is due, run at the next pause
    BUSY_LIMIT = 7  # ... after which, while keys keep coming, what exists is frozen rather than scanned
    HARD_LIMIT = 70  # ... and after which the full collection runs even while keys keep coming

    def __init__(
        self,
        counts: Callable[[], tuple[int, int, int]] = gc.get_count,
        collect: Callable[[], object] = gc.collect,
        collect_young: Callable[[int], object] = gc.collect,
        automatic: Callable[[bool], None] = lambda on: gc.enable() if on else gc.disable(),
        now: Callable[[], float] = time.monotonic,
        freeze: Callable[[], None] = gc.freeze,
        unfreeze: Callable[[], None] = gc.unfreeze,
        frozen: Callable[[], int] = gc.get_freeze_count,
        working: Callable[[], bool] = lambda: False,
    ) -> None:
        self.counts, self.collect, self.now, self.working = counts, collect, now, working
        self.collect_young, self.automatic = collect_young, automatic
        self.holding = False  # young collections held until a frame answers an input
        self.freeze, self.unfreeze, self.frozen = freeze, unfreeze, frozen
        self.last_input = now()
        self.thresholds = gc.get_threshold()
        self.frozen_alive = 0  # objects frozen after the last full pass over everything: all alive then
        self.frozen_at = 0  # the younger-collection count when it was last frozen while busy

    def start(self) -> None:
        """Freeze what exists now and take the full collections over from Python (called once, at mount)."""
        self.thresholds = gc.get_threshold()
        self.freeze()
        young, middle, _ = self.thresholds
        # Python starts a full collection when generation 2's count (younger collections since the last full
        # one) passes its threshold; one this high is never passed, so only `tick` starts them. And a young
        # collection every YOUNG allocations of tracked objects rather than Python's 700: a screen's first frame
        # makes tens of thousands, most dead by the end of the frame, and ran a dozen young collections, each
        # walking what was still alive (first responses 1–2 ms sooner, bench_latency alternated in one process).
        gc.set_threshold(max(young, self.YOUNG), middle, 2**31 - 1)
        self.frozen_alive = self.frozen()

    def keep_what_exists(self) -> None:
        """Freeze what exists now, because it lives as long as the app (the whole course, just arrived)."""
        self.freeze()
        self.frozen_alive = self.frozen()

    def stop(self) -> None:
        """Give the collections back to Python, and what was frozen with them (the app is closing; a test
        process goes on to make other apps)."""
        self.frame_drawn()
        gc.set_threshold(*self.thresholds)
        self.unfreeze()

    def input_seen(self) -> None:
        self.last_input = self.now()

    def hold_young_collections(self) -> None:
        """A key or a click came: no collection until the frame that answers it is drawn (`frame_drawn`)."""
        if not self.holding:
            self.holding = True
            self.automatic(False)

    def frame_drawn(self) -> None:
        """A frame is out: the collections held since the input run again (one at once if it is due)."""
        if self.holding:
            self.holding = False
            self.automatic(True)

    def tick(self) -> None:
        self.frame_drawn()  # an input that no frame answered holds the collections for a tick at most
        young, middle, since_full = self.counts()
        if young >= self.YOUNG // 2 and self.now() - self.last_input >= self.YOUNG_IDLE:
            # The middle generation with it, as Python does, every `middle` young collections.
            self.collect_young(1 if middle >= self.thresholds[1] else 0)
            since_full = self.counts()[2]
        paused = self.now() - self.last_input >= self.IDLE and not self.working()
        if since_full >= self.HARD_LIMIT or (paused and self.frozen() > 2 * self.frozen_alive):
            self.collect_everything()
        elif paused and since_full >= self.DUE:
            self.collect()
            self.frozen_at = 0
        elif not paused and since_full - self.frozen_at >= self.BUSY_LIMIT:
            self.freeze()
            self.frozen_at = since_full

    def collect_everything(self) -> None:
        """Unfreeze, collect in full, and freeze what survives (the course, the screens open, the caches)."""
        self.unfreeze()
        self.collect()
        self.freeze()
        self.frozen_alive, self.frozen_at = self.frozen(), 0
