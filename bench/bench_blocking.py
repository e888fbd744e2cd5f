"""How long the UI thread is blocked (keys ignored) while screens open on a large progress store.

    .venv/bin/python bench/bench_blocking.py [--answers 100000] [--answers 1000000]

Drives the real app with Pilot (in-process, FakeClock) on the bundled course and a temporary database filled
with `--answers` answers (bench_progress.fill). A probe task on the event loop sleeps 1 ms at a time; the
longest gap between its wake-ups while an action runs is the longest stretch the UI thread could not answer
a key. Per action it prints that longest block and the time until the content is on screen (the screen's
background content shown, app/ui/background.py). Actions: start-up (until the store is open), dashboard,
question statistics, and the results of a submitted 65-question exam. Goal: no block longer than a frame
or two (~50 ms) whatever the store's size.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_progress import fill
from coldstart.core.clock import FakeClock
from coldstart.core.course.cache import load_course_cached
from coldstart.core.exam.store import MIGRATIONS as EXAM_MIGRATIONS
from coldstart.core.paths import bundled_course_dir
from coldstart.core.progress.store import open_store
from coldstart.ui.factory import create_app

NOW = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)


class BlockProbe:
    """The longest time the event loop went without running this task, since the last `reset`: in wall-clock
    time (what the learner waits, including waiting for a CPU on a busy machine) and in the UI thread's CPU
    time (the work the UI thread did in that stretch, which does not depend on the machine's load)."""

    def __init__(self) -> None:
        self.longest = 0.0
        self.longest_cpu = 0.0
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.get_running_loop().create_task(self._run())

    def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()

    def reset(self) -> None:
        self.longest = self.longest_cpu = 0.0

    async def _run(self) -> None:
        while True:
            before, before_cpu = time.perf_counter(), time.thread_time()
            await asyncio.sleep(0.001)
            self.longest = max(self.longest, time.perf_counter() - before - 0.001)
            self.longest_cpu = max(self.longest_cpu, time.thread_time() - before_cpu)


async def until(condition, limit: float = 300.0) -> None:
    """Let the app run until `condition()` holds (asyncio.sleep, not Pilot.pause: that gives up after 30 s of a
    blocked UI thread, which is what the old code did at a million answers)."""
    deadline = time.perf_counter() + limit
    while not condition():
        if time.perf_counter() > deadline:
            raise TimeoutError("the screen never showed its content")
        await asyncio.sleep(0.005)


def content_shown(app) -> bool:
    """The screen's content is drawn (a screen without background content has it once it is mounted)."""
    return getattr(app.screen, "content_state", "shown") == "shown"


async def measure(db_path: Path, course_dir: Path, answers: int) -> None:
    from coldstart.ui.screens.dashboard import DashboardScreen
    from coldstart.ui.screens.exam_results import ExamResultsScreen
    from coldstart.ui.screens.question_stats import QuestionStatsScreen

    app = create_app(course_dir, db_path, {}, clock=FakeClock(NOW))
    probe = BlockProbe()
    rows: list[tuple[str, float, float, float]] = []
    async with app.run_test(size=(100, 40)):
        probe.start()
        start = time.perf_counter()
        await until(lambda: app.progress_ready)
        await app.workers.wait_for_complete()
        await asyncio.sleep(0.05)
        rows.append(("start-up (store open)", probe.longest, probe.longest_cpu, time.perf_counter() - start))

        desk = app.exam_desk
        session = desk.start(app.course.blueprints[0], seed=1)
        for position in range(len(session)):
            session.answer(position, {0})
        result = session.submit()

        for name, build in (
            ("dashboard", DashboardScreen),
            ("question statistics", QuestionStatsScreen),
            ("exam results (65 questions)", lambda: ExamResultsScreen(result)),
        ):
            await asyncio.sleep(0.05)
            probe.reset()
            start = time.perf_counter()
            screen = build()
            app.push_screen(screen)
            await until(lambda screen=screen: app.screen is screen and content_shown(app))
            shown = time.perf_counter() - start
            await asyncio.sleep(0.05)
            rows.append((name, probe.longest, probe.longest_cpu, shown))
            app.pop_screen()
        probe.stop()
    print(f"\n{answers:,} answers (load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs):")
    print(f"  {'':<30} {'longest UI block':>17} {'(its UI CPU)':>13} {'content after':>14}")
    for name, blocked, blocked_cpu, shown in rows:
        print(f"  {name:<30} {blocked * 1000:14.0f} ms {blocked_cpu * 1000:10.0f} ms {shown * 1000:11.0f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--answers", type=int, action="append", help="answers in the store (repeat for several sizes)")
    args = parser.parse_args()
    course_dir = bundled_course_dir()
    course = load_course_cached(course_dir).course
    for answers in args.answers or [100_000]:
        with tempfile.TemporaryDirectory() as folder:
            db_path = Path(folder) / "progress.db"
            store = open_store(db_path, course, clock=FakeClock(NOW), tz=UTC, fuzz=False, extra_migrations=(EXAM_MIGRATIONS,))
            fill(store, course, answers)
            store.close()
            asyncio.run(measure(db_path, course_dir, answers))


if __name__ == "__main__":
    main()
