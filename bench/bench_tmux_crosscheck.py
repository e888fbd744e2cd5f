"""Cross-check bench_latency.py through a real terminal: coldstart in tmux at 80x24, key press to final text.

    python bench/bench_tmux_crosscheck.py [--presses 5]

bench_latency.py times the app in-process. This runs the `coldstart` command in a tmux session of 80x24 (a
throwaway progress database), sends keys with `tmux send-keys` and polls `tmux capture-pane` every 5 ms until
the text that ends the action is on screen, for four actions:

* open a topic: Enter on the home screen's highlighted topic, until the topic's footer shows "Next topic" (a
  different topic each press, the first to the last: the app keeps the topics read last, and one opened again
  is only shown again);
* back to home: Escape on the topic, until the home screen's "Topics — Enter to read" heading is back;
* start the 65-question exam: s on the exams list, until the question's buttons ("Next (n)") are there, the last
  part of the screen drawn (and, on the way, until its bar, "Question 1 of 65", the first);
* submit → results: y in the "Submit the exam?" dialog, until the tallies' "By domain" heading is there (and until
  the score, the first).

It prints the median and the slowest of `--presses` presses each, in milliseconds. The polling adds up to 5 ms
and tmux's own redraw a few more, so the figures sit a little above bench_latency.py's full-content times.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SESSION = "coldstart-crosscheck"
POLL = 0.005


def tmux(*args: str) -> str:
    return subprocess.run(["tmux", *args], check=True, capture_output=True, text=True).stdout


def screen() -> str:
    return tmux("capture-pane", "-p", "-t", SESSION)


def wait_for(text: str, *, absent: str | None = None, first: str | None = None, limit: float = 30.0) -> tuple[float, float]:
    """Poll until `text` is on screen (and `absent` is not); return when `first` (by default `text`) was first
    seen, and when `text` was."""
    deadline = time.monotonic() + limit
    first_seen = None
    while time.monotonic() < deadline:
        shown = screen()
        now = time.monotonic()
        if first is not None and first_seen is None and first in shown:
            first_seen = now
        if text in shown and (absent is None or absent not in shown):
            return (first_seen or now), now
        time.sleep(POLL)
    raise TimeoutError(f"never on screen: {text!r}")


def press(key: str, until: str, absent: str | None = None) -> float:
    """Send `key`; return the milliseconds until `until` is on screen."""
    return press_seeing(key, until, until, absent)[1]


def press_seeing(key: str, first: str, until: str, absent: str | None = None) -> tuple[float, float]:
    """Send `key`; return the milliseconds until `first` is on screen, and until `until` is."""
    pressed = time.monotonic()
    tmux("send-keys", "-t", SESSION, key)
    seen_first, seen = wait_for(until, absent=absent, first=first)
    return (seen_first - pressed) * 1000, (seen - pressed) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--presses", type=int, default=5, help="presses of each action")
    args = parser.parse_args()
    if shutil.which("tmux") is None:
        sys.exit("bench_tmux_crosscheck: tmux is not installed")
    command = shutil.which("coldstart") or str(Path(sys.executable).parent / "coldstart")
    with tempfile.TemporaryDirectory() as folder:
        database = Path(folder) / "progress.db"
        subprocess.run(["tmux", "kill-session", "-t", SESSION], capture_output=True)
        tmux("new-session", "-d", "-s", SESSION, "-x", "80", "-y", "24", f"{command} --db {database}")
        try:
            wait_for("Topics — Enter to read")
            time.sleep(1.0)  # the progress store is opened just after the first frames; let it settle
            opening, returning, starting, submitting = [], [], [], []
            starting_first, submitting_first = [], []  # the first text of each: the exam's bar, the score
            for _ in range(args.presses):
                opening.append(press("Enter", "Next topic", absent="Topics — Enter to read"))
                time.sleep(0.5)  # whatever the screen does after its final text (marking sections read) is done
                returning.append(press("Escape", "Topics — Enter to read", absent="Next topic"))
                tmux("send-keys", "-t", SESSION, "Down")  # the next topic, untimed
                time.sleep(0.5)
            press("x", "Practice exams")  # the exams list, its first exam (the 65-question one) highlighted
            for _ in range(args.presses):
                time.sleep(0.5)  # the next paper is drawn while the list is open
                first, final = press_seeing("s", "Question 1 of", "Next (n)")
                starting_first.append(first)
                starting.append(final)
                time.sleep(0.5)
                press("s", "Submit (y)")
                first, final = press_seeing("y", "the pass mark is", "By domain")
                submitting_first.append(first)
                submitting.append(final)
                time.sleep(0.5)
                press("Escape", "Practice exams", absent="By domain")
        finally:
            subprocess.run(["tmux", "kill-session", "-t", SESSION], capture_output=True)
    load = os.getloadavg()[0]
    print(f"coldstart in tmux at 80x24, {args.presses} presses each (load average {load:.1f} on {os.cpu_count()} CPUs)")
    actions = (
        ("open a topic (Enter → 'Next topic')", opening),
        ("back to home (Escape → topic list)", returning),
        ("start the exam, first text (the bar)", starting_first),
        ("start the exam (s → 'Next (n)')", starting),
        ("submit → results, first text (the score)", submitting_first),
        ("submit → results (y → 'By domain')", submitting),
    )
    for name, times in actions:
        print(f"  {name:<40} median {statistics.median(times):6.0f} ms   slowest {max(times):6.0f} ms")


if __name__ == "__main__":
    main()
