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


def in_processes(
    function: Callable[[Item, Shared], Result], items: Iterable[Item], shared: Shared, *, processes: int
) -> Iterator[Result]:
    """`function(item, shared)` for each item, in the items' order, computed by up to `processes` worker processes.

    `function` must be a module's function and its arguments and results picklable. Worker k computes items k,
    k + n, k + 2n… and sends each result as soon as it is made, so the caller works on one while the workers
    compute the next. With one process, or when a worker cannot be started or fails, each item left is computed
    here instead: the results are the same, later.

    The workers are fresh interpreters fed through pipes rather than a multiprocessing pool, so that this works
    from any thread: the app reads a large course in a thread while Textual draws, where forking could inherit
    a lock another thread holds and multiprocessing's resource tracker fails on Textual's captured stderr.
    """
    items = list(items)
    done = 0
    workers: list[subprocess.Popen[bytes]] = []
    try:
        if processes > 1 and len(items) > 1:
            workers = [_start_worker(function, items[k :: processes], shared) for k in range(min(processes, len(items)))]
            for index in range(len(items)):
                worker = workers[index % len(workers)]
                assert worker.stdout is not None  # started with a pipe
                result = pickle.load(worker.stdout)
                yield result
                done += 1
    except Exception:  # no processes here (a sandbox), or one died: its items are computed below
        pass
    finally:
        for worker in workers:
            worker.kill()  # done, or given up on (the caller may also stop early)
            worker.wait()
    for item in items[done:]:
        yield function(item, shared)


def _start_worker(function: Callable[[Item, Shared], Result], items: list[Item], shared: Shared) -> subprocess.Popen[bytes]:
    worker = subprocess.Popen(
        [sys.executable, "-c", f"from {__name__} import _serve; _serve()"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,  # a worker's error shows as its end: the item is then computed here
    )
    assert worker.stdin is not None  # started with a pipe
    with worker.stdin:  # the work is a few kilobytes: the pipe takes it at once
        pickle.dump(sys.path, worker.stdin)  # first, so that the worker finds `function`'s module as this process does
        pickle.dump((function, items, shared), worker.stdin, protocol=pickle.HIGHEST_PROTOCOL)
    return worker


def _serve() -> None:
    """In a worker: read the function and its items from stdin, and write each result to stdout as it is made."""
    sys.path[:] = pickle.load(sys.stdin.buffer)
    function, items, shared = pickle.load(sys.stdin.buffer)
    out = sys.stdout.buffer
    for item in items:
        pickle.dump(function(item, shared), out, protocol=pickle.HIGHEST_PROTOCOL)
        out.flush()
