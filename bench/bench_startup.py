"""Start-up: coldstart's home screen against a minimal Textual app (Header, Static, Footer).

Each app is started in a fresh interpreter and timed from launch to its first screen being drawn and ready for
keys (what a person waits for; tearing down afterwards is not counted). The two are started in pairs, minimal
then coldstart, run after run, so a change in the machine's load lands on both sides of a pair rather than on one
app's whole series. Each pair gives a ratio (coldstart / minimal); the median of those ratios is the figure, with
the medians of each app's times beside it. The target is a ratio of at most 1.2.

Beside the wall-clock ratio, each pair's ratio of CPU time (user + system, of the whole process: start, first
frame and exit) is printed. On a machine that other processes keep busy, wall-clock times stretch with the load
at the moment each app runs, while CPU time mostly does not: the CPU ratio is the steadier figure there.

    python bench/bench_startup.py [--runs PAIRS]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

PROBE = Path(__file__).with_name("startup_probe.py")
TARGET = 1.2
# Both apps start as installed ones do, from compiled bytecode: pip compiles an installed package, but with
# PYTHONDONTWRITEBYTECODE set (as in some shells and containers) an editable checkout of coldstart would be
# compiled from source at every launch while Textual's installed bytecode is used, which is no comparison.
CHILD_ENV = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}


def _children_cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def time_start(kind: str) -> tuple[float, float]:
    """Seconds from launch to ready (wall clock), and the CPU seconds the whole run used."""
    cpu_before = _children_cpu()
    started = time.monotonic()
    output = subprocess.run([sys.executable, str(PROBE), kind], check=True, capture_output=True, text=True, env=CHILD_ENV).stdout
    ready = float(next(line for line in output.splitlines() if line.startswith("ready ")).split()[1])
    return ready - started, _children_cpu() - cpu_before


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9, help="pairs of starts")
    runs = parser.parse_args().runs
    time_start("minimal")  # warm the file cache and write the bytecode of both
    time_start("coldstart")
    pairs, cpu_ratios = [], []
    for run in range(1, runs + 1):
        (minimal, minimal_cpu), (coldstart, coldstart_cpu) = time_start("minimal"), time_start("coldstart")
        pairs.append((minimal, coldstart))
        cpu_ratios.append(coldstart_cpu / minimal_cpu)
        print(f"pair {run:>2}: minimal {minimal * 1000:5.0f} ms   coldstart {coldstart * 1000:5.0f} ms   ratio {coldstart / minimal:.2f}"
              f"   (CPU {minimal_cpu * 1000:4.0f} / {coldstart_cpu * 1000:4.0f} ms, ratio {cpu_ratios[-1]:.2f})")
    ratios = [coldstart / minimal for minimal, coldstart in pairs]
    print(f"median of {runs} pairs: minimal {statistics.median(m for m, _ in pairs) * 1000:.0f} ms, "
          f"coldstart {statistics.median(c for _, c in pairs) * 1000:.0f} ms; "
          f"ratio per pair: median {statistics.median(ratios):.2f}, best {min(ratios):.2f}, worst {max(ratios):.2f} "
          f"(target <= {TARGET}); CPU time ratio per pair: median {statistics.median(cpu_ratios):.2f}")

if __name__ == "__main__":
    main()
