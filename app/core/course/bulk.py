"""Building or reading a whole course at once: hundreds of objects per question, made in one go."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """No cyclic garbage collection while a course is built.

    Loading makes a few hundred objects per question, nearly all of which live on (the course) or are freed
    at once by reference counting (a file's data). The collector cannot know that: every few thousand new
    objects it walks the young ones, and every time the heap grows by a quarter it walks all of them, so on a
    course of 50,000 questions it spent more time than the loading itself, and the longer the course the
    more per question. Paused, loading costs the same per question at any size.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
