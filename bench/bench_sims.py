"""Benchmarks of the simulation engines: `python bench/bench_sims.py` prints one line per figure.

Each benchmark is a named function that runs once and returns nothing; `main()` times the best of a few runs
of each. To add one, write the function and add a `Benchmark` to BENCHMARKS (a target, when there is one,
is printed next to the figure; nothing fails when it is missed, this is a report, not a test).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # runnable from a checkout without installing

from coldstart.core.sims import registry

RUNS = 5  # best of this many: the least disturbed run is the closest to what the code costs


@dataclass(frozen=True)
class Benchmark:
    name: str
    run: Callable[[], object]
    target_seconds: float | None = None


def async_retry_100k() -> object:
    """100,000 asynchronous events through the retry engine, outcomes drawn by the seed.

    A mix that exercises every path: 10 % of tries throttled (backoff, no retry used), 30 % of runs failing
    (waits of 1 and 2 min, then the on-failure destination).
    """
    simulation = registry.get("async-retry")
    params = {"events": 100_000, "outcomes": "", "failure_probability": 0.3, "throttle_probability": 0.1}
    result = simulation.run(params, seed=7)
    assert result.summary["Events"] == 100_000
    return result


def async_retry_100k_throttled() -> object:
    """100,000 events throttled until the maximum event age (6 h of backoff each)."""
    result = registry.get("async-retry").run({"events": 100_000, "outcomes": "throttle"}, seed=7)
    assert result.summary["Throttles and 5xx (no retry used)"] == 100_000 * 80
    return result


def concurrency_pool_1m() -> object:
    """1,000,000 requests through a pool of 10 functions over a simulated hour.

    Three have reservations, two provisioned environments; the rates differ, so the shares of the million do.
    """
    more = ",".join(
        f"f{k}:rate={20 * k}" + (":reserved=150" if k % 3 == 0 else "") + (":provisioned=10" if k % 4 == 0 else "")
        for k in range(2, 11)
    )
    params = {"seconds": 3600, "requests": 1_000_000, "rate": 20, "reserved": 100, "provisioned": 20,
              "functions": more}
    result = registry.get("concurrency").run(params, seed=7)
    assert result.summary["Requests"] == 1_000_000
    return result


BENCHMARKS: list[Benchmark] = [
    Benchmark("async-retry: 100,000 events, 30 % failing, 10 % throttled", async_retry_100k, target_seconds=2.0),
    Benchmark("async-retry: 100,000 events throttled for 6 h", async_retry_100k_throttled, target_seconds=2.0),
    Benchmark("concurrency: 1,000,000 requests, 10 functions, 1 simulated hour", concurrency_pool_1m, target_seconds=2.0),
]


def best_of(benchmark: Benchmark, runs: int = RUNS) -> float:
    """The shortest of `runs` wall-clock timings of the benchmark, in seconds."""
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        benchmark.run()
        timings.append(time.perf_counter() - started)
    return min(timings)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmarks whose names contain any of the given words (all of them without any)."""
    words = [word.lower() for word in (sys.argv[1:] if argv is None else argv)]
    for benchmark in BENCHMARKS:
        if words and not any(word in benchmark.name.lower() for word in words):
            continue
        seconds = best_of(benchmark)
        target = f" (target < {benchmark.target_seconds:g} s)" if benchmark.target_seconds else ""
        print(f"{benchmark.name}: {seconds:.3f} s best of {RUNS}{target}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
