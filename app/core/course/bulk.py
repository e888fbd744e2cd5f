"""Building or reading a whole course at once: hundreds of objects per question, made in one go."""

from __future__ import annotations

import gc
import os
import pickle
import subprocess
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import TypeVar

Item = TypeVar("Item")
Shared = TypeVar("Shared")
Result = TypeVar("Result")


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


def usable_cpus() -> int:
    """How many CPUs this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


class Workers:
    """Worker processes, started ahead of their work so that their start (an interpreter and its imports, about
    0.2 s) overlaps what the caller does meanwhile, e.g. reading the files that say what the work needs.

    They are fresh interpreters fed through pipes rather than a multiprocessing pool, so that this works from
    any thread: the app reads a large course in a thread while Textual draws, where forking could inherit a lock
    another thread holds and multiprocessing's resource tracker fails on Textual's captured stderr. Each worker
    takes one piece of work (one `map`); leaving the `with` block ends them.
    """

    def __init__(self, processes: int, preload: str) -> None:
        """Start `processes` workers (none for fewer than 2), each importing the module `preload` at once."""
        self._processes: list[subprocess.Popen[bytes]] = []
        try:
            for _ in range(processes if processes > 1 else 0):
                self._processes.append(
                    subprocess.Popen(
                        [sys.executable, "-c", f"import sys; sys.path[:] = {sys.path!r}; import {preload}; from {__name__} import _serve; _serve()"],
                        stdin=subprocess.PIPE,
                        stdout=subprocess.PIPE,
                        stderr=subprocess.DEVNULL,  # a worker's error shows as its end: its items are then computed here
                    )
                )
        except OSError:  # no processes here (a sandbox): the work is done in this one
            pass

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, *exc_info: object) -> None:
        for process in self._processes:
            process.kill()  # done, or given up on (the caller may also stop early)
            process.wait()

    def map(self, function: Callable[[Item, Shared], Result], items: Iterable[Item], shared: Shared) -> Iterator[Result]:
        """`function(item, shared)` for each item, in the items' order. `function` must be a module's function and
        its arguments and results picklable. Worker k computes items k, k + n, k + 2n… and sends each result as
        soon as it is made, so the caller works on one while the workers compute the next. Without workers, or
        when one fails, each item left is computed here instead: the results are the same, later."""
        items = list(items)
        done = 0
        workers = self._processes[: len(items)] if len(items) > 1 else []
        try:
            for k, worker in enumerate(workers):
                assert worker.stdin is not None  # started with a pipe
                with worker.stdin:  # the work is a few kilobytes: the pipe takes it at once
                    pickle.dump((function, items[k :: len(workers)], shared), worker.stdin, protocol=pickle.HIGHEST_PROTOCOL)
            for index in range(len(items) if workers else 0):
                worker = workers[index % len(workers)]
                assert worker.stdout is not None  # started with a pipe
                result = pickle.load(worker.stdout)
                yield result
                done += 1
        except Exception:  # a worker died (or could not take its work): its items are computed below
            pass
        for item in items[done:]:
            yield function(item, shared)


def _serve() -> None:
    """In a worker: read the function and its items from stdin, and write each result to stdout as it is made.

    A worker yields the CPU to its parent: the app draws its first frames while its course is read, and on a
    2-core machine two workers would otherwise take a third of its time from it."""
    if hasattr(os, "nice"):  # not on Windows
        os.nice(5)
    # A worker computes its items and ends, and what it makes is freed as it goes or sent away: the collector
    # would only walk each item's objects once it is done (3% of the time reading a course's banks).
    gc.disable()
    function, items, shared = pickle.load(sys.stdin.buffer)
    out = sys.stdout.buffer
    for item in items:
        pickle.dump(function(item, shared), out, protocol=pickle.HIGHEST_PROTOCOL)
        out.flush()
