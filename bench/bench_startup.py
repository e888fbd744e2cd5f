"""Start-up: coldstart's home screen against a minimal Textual app (Header, Static, Footer).

Each app is started in a fresh interpreter several times and timed from launch to its first screen being
drawn and ready for keys (what a person waits for; tearing down afterwards is not counted). The best and the
median of each are printed with their ratio. The target is a ratio of at most 1.5.

    python bench/bench_startup.py [--runs N]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

PROBE = Path(__file__).with_name("startup_probe.py")


def time_start(kind: str) -> float:
    started = time.monotonic()
    output = subprocess.run([sys.executable, str(PROBE), kind], check=True, capture_output=True, text=True).stdout
    ready = float(next(line for line in output.splitlines() if line.startswith("ready ")).split()[1])
    return ready - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    runs = parser.parse_args().runs
    results = {}
    for kind in ("minimal", "coldstart"):
        time_start(kind)  # warm the file cache and bytecode
        times = [time_start(kind) for _ in range(runs)]
        results[kind] = times
        print(f"{kind:>10}: best {min(times) * 1000:6.0f} ms   median {statistics.median(times) * 1000:6.0f} ms   ({runs} runs)")
    ratio = min(results["coldstart"]) / min(results["minimal"])
    median_ratio = statistics.median(results["coldstart"]) / statistics.median(results["minimal"])
    print(f"     ratio: {ratio:.2f} best-to-best, {median_ratio:.2f} median-to-median (target <= 1.5)")


if __name__ == "__main__":
    main()
