"""Latency: from a key press to the answer on screen, for every action a learner takes, against a bare Textual screen.

    python bench/bench_latency.py [--runs 3] [--answers 100000] [--only ACTION ...] [--size 80x24]

The real app is built by `create_app` (the one factory the CLI and the tests use) on the bundled course, with a
FakeClock, and driven in-process by Textual's Pilot on two temporary progress databases: an empty one, and one of
`--answers` answers (100,000 by default) made by bench_progress.py's generator. Each action is timed `--runs` times
(opening a topic once per topic per run) and reported as median and 95th percentile in milliseconds, and as a ratio
to the floor.

What is measured
----------------
* **Key press** (t0): the moment the key event is handed to the app exactly as the terminal driver hands it over
  (`driver.send_message(events.Key(...))`, what `Pilot.press` does, but without Pilot's waiting afterwards).
* **Frames**: the headless driver writes nothing, so every frame the app would write is rendered here to the
  terminal's escape codes (`CompositorUpdate.render_segments`, the work a real terminal write costs) and stamped
  when done. Textual only draws what changed, so each frame is a change on screen.
* **First response**: the first frame after t0 of the screen the action ends on — the moment the screen visibly
  reacts to the key (a push or a pop first repaints the screen it leaves, which the learner does not see as an
  answer, so that frame does not count).
* **Full content**: the last frame drawn before the app is settled, where settled means all of:
  the action's own end state holds (e.g. the topic screen of that topic is current; the simulation's result is in);
  no messages are pending in the app, the current screen or any of its widgets (Pilot's `_wait_for_screen`);
  no worker is pending or running; the screen has no layout, repaint, scroll, recompose or after-refresh
  callbacks outstanding; no loading indicator or "Loading…" text is visible; and one more frame interval
  passes with no new frame. The time is that of the last frame, not of the moment the bench noticed, so the
  bench's own checks are not counted; and while the app works the bench only looks at cheap flags, so that its
  checks do not take time from the app either (the look at every widget's messages comes once all else says
  settled).
* **Floor**: a minimal Textual app (one screen, one binding) pushing a screen that holds a single Static of
  prose as long as a topic's opening, and popping it again, timed the same way, half of its runs before the
  app's and half after. It runs in a process of its own: the app mends some of Textual's costs for every screen
  in its process (app/ui/textual_fixes.py), and the floor is Textual as it comes. Ratios are each action's
  median (and p95) over the floor's push median.

Goal (issue 12): full content median <= 2x the floor, p95 <= 4x; first response median <= 1.5x.

Kept screens: the lab, the exams list, the dashboard and the question statistics are built on the first visit and
kept (`show_kept`), so with --runs 3 an action's median is a visit to a kept screen, and its p95 the first visit.

Notes: the exam's countdown ticks every second and redraws the same text under a FakeClock, so the bench pauses
that timer while it measures (it would otherwise add unrelated frames); Input cursors do not blink, as in the
tests. The machine's load shows in every figure, including the floor's, which is why the ratios are the goal.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import weakref
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_progress
from coldstart.core.clock import FakeClock
from textual import events
from textual._compositor import CompositorUpdate
from textual.app import App, ComposeResult
from textual.screen import Screen
from textual.widgets import Input, LoadingIndicator, Static
from textual.worker import WorkerState

FRAME_INTERVAL = 1 / 60
FULL_GOAL, FULL_P95_GOAL, FIRST_GOAL = 2.0, 4.0, 1.5
KEY_CHARACTERS = {"enter": "\r", "escape": "\x1b", "down": None, "up": None}


# --- observing the app --------------------------------------------------------------------------------------


class FrameLog:
    """Every frame the app hands to the terminal, rendered to escape codes as a real driver would, and when."""

    def __init__(self, app: App[Any]) -> None:
        self.times: list[float] = []
        # The screen each frame drew, held weakly: a log holding every screen ever drawn kept them all alive,
        # and the collector's full passes over them (a second each after a few hundred actions) were timed
        # as the app's.
        self.screens: list[weakref.ref[Screen[Any]]] = []
        original = app._display

        def display(screen: Screen[Any], renderable: Any) -> None:
            if renderable is not None and not app._batch_count:
                if isinstance(renderable, CompositorUpdate):
                    renderable.render_segments(app.console)
                self.times.append(time.perf_counter())
                self.screens.append(weakref.ref(screen))
            original(screen, renderable)

        app._display = display  # type: ignore[method-assign]


def send_key(app: App[Any], key: str) -> float:
    """Hand `key` to the app as the terminal driver does; returns the moment it was pressed."""
    char = KEY_CHARACTERS.get(key, key if len(key) == 1 else None)
    event = events.Key(key, char)
    event.set_sender(app)
    pressed = time.perf_counter()
    assert app._driver is not None
    app._driver.send_message(event)
    return pressed


def loading_visible(screen: Screen[Any]) -> bool:
    """A loading indicator or a "Loading…" placeholder is on screen."""
    for widget in screen._compositor.visible_widgets:
        if isinstance(widget, LoadingIndicator):
            return True
        if isinstance(widget, Static) and "Loading" in str(widget.content):
            return True
    return False


def busy(app: App[Any]) -> bool:
    """Something is still to be done before the screen is in its final form."""
    if app._batch_count or any(w.state in (WorkerState.PENDING, WorkerState.RUNNING) for w in app.workers):
        return True
    screen = app.screen
    if (screen._layout_required or screen._repaint_required or screen._scroll_required or screen._recompose_required
            or screen._dirty_widgets or screen._callbacks):
        return True
    return loading_visible(screen)


async def settle(pilot: Any, log: FrameLog, since: int, done: Callable[[], bool], what: str, limit: float = 60.0) -> None:
    """Wait until the action's end state holds and the app is settled (see the module docstring)."""
    deadline = time.perf_counter() + limit
    while time.perf_counter() < deadline:
        # Only cheap looks while the app works. Waiting for every widget's messages posts a message to each: done
        # every 2 ms, as it was, it took the interpreter from the app it measured, most of all from a worker
        # computing a screen's figures in a thread (the dashboard's took 35–55 ms instead of its 27).
        if len(log.times) == since or not done() or busy(pilot.app):
            await asyncio.sleep(0.002)
            continue
        seen = len(log.times)
        await asyncio.sleep(FRAME_INTERVAL)
        if len(log.times) != seen or not done() or busy(pilot.app):
            continue
        await pilot._wait_for_screen()  # nothing left to handle anywhere
        if len(log.times) == seen and done() and not busy(pilot.app):
            return
    raise TimeoutError(f"never settled: {what}")


@dataclass
class Timings:
    first: dict[str, list[float]] = field(default_factory=dict)
    full: dict[str, list[float]] = field(default_factory=dict)

    def add(self, action: str, first: float, full: float) -> None:
        self.first.setdefault(action, []).append(first * 1000)
        self.full.setdefault(action, []).append(full * 1000)


class Driver:
    """Presses keys and times the ones that are measured."""

    def __init__(self, pilot: Any, timings: Timings, only: frozenset[str] | None) -> None:
        self.pilot, self.app, self.timings, self.only = pilot, pilot.app, timings, only
        self.log = FrameLog(pilot.app)

    async def press(self, key: str, done: Callable[[], bool], action: str | None = None) -> None:
        """Press `key` and wait for `done` and a settled app; time it as `action` (unless --only says otherwise)."""
        since = len(self.log.times)
        pressed = send_key(self.app, key)
        await settle(self.pilot, self.log, since, done, action or f"key {key}")
        if action is not None and (self.only is None or action in self.only):
            frames = self.log.times[since:]
            # The first frame of the screen the action ends on (a push or pop redraws the old one first).
            first = next(t for t, screen in zip(frames, self.log.screens[since:], strict=True) if screen() is self.app.screen)
            self.timings.add(action, first - pressed, frames[-1] - pressed)

    async def setup(self, change: Callable[[], object], done: Callable[[], bool] = lambda: True) -> None:
        """Change something without a key (not timed), then let the app settle."""
        change()
        await self.pilot.pause()
        await settle(self.pilot, self.log, -1, done, "setup")


# --- the floor --------------------------------------------------------------------------------------------------


def floor_app(prose: str) -> App[None]:
    class Prose(Screen[None]):
        BINDINGS = [("escape", "app.pop_screen", "Back")]

        def compose(self) -> ComposeResult:
            yield Static(prose)

    class Floor(App[None]):
        BINDINGS = [("o", "open", "Open")]

        def compose(self) -> ComposeResult:
            yield Static("Press o")

        def action_open(self) -> None:
            self.push_screen(Prose())

    return Floor()


async def time_floor(prose: str, runs: int, size: tuple[int, int], timings: Timings) -> None:
    app = floor_app(prose)
    async with app.run_test(size=size) as pilot:
        drive = Driver(pilot, timings, None)
        await pilot.pause()
        # Once untimed (no action named): a fresh process's first push pays one-time costs (code run for the
        # first time) that the app has paid in its start-up before anything is timed.
        await drive.press("o", lambda: len(app.screen_stack) == 2)
        await drive.press("escape", lambda: len(app.screen_stack) == 1)
        for _ in range(runs):
            await drive.press("o", lambda: isinstance(app.screen, Screen) and len(app.screen_stack) == 2, "push")
            await drive.press("escape", lambda: len(app.screen_stack) == 1, "pop")


def floor_in_own_process(runs: int, size: tuple[int, int], timings: Timings) -> None:
    """Time the floor in a fresh interpreter (`--floor`), which never loads the app, and add its figures."""
    command = [sys.executable, __file__, "--floor", str(runs), "--size", f"{size[0]}x{size[1]}"]
    figures = json.loads(subprocess.run(command, check=True, capture_output=True, text=True).stdout)
    for kind in ("first", "full"):
        for action, samples in figures[kind].items():
            getattr(timings, kind).setdefault(action, []).extend(samples)


def opening_prose(course: Any) -> str:
    """About a screenful of a topic's prose, as plain text."""
    from coldstart.core.course.model import TextBlock

    texts = [b.markdown for s in course.topics[0].sections for b in s.blocks if isinstance(b, TextBlock)]
    return "\n\n".join(texts)[:2500]


# --- the app's actions -----------------------------------------------------------------------------------------


async def topics(drive: Driver, run: int) -> None:
    """Open each topic from home and go back; next and previous on a few of them (a different few each run).

    The topics are opened in a shuffled order (a different one each run): in course order each would be the topic
    after the one read last, which the app makes ready whole while that one is read (`prepare_topic_ahead`), and
    "open topic" would time only that case. Shuffled, it times Enter on a topic highlighted on home, which home
    makes ready as far as its first screenful once the highlight is drawn (the setup waits for the app to settle,
    as a learner reads the highlighted line before pressing Enter); "next topic" times n on a topic complete on
    screen, whose next one is ready whole."""
    import random

    from coldstart.ui.screens.home import HomeScreen
    from coldstart.ui.screens.topic import TopicScreen
    from textual.widgets import OptionList

    app = drive.app
    ids = [t.id for t in app.course.topics]
    order = list(range(len(ids)))
    random.Random(run).shuffle(order)

    def on_topic(topic_id: str) -> Callable[[], bool]:
        return lambda: isinstance(app.screen, TopicScreen) and app.screen.topic_id == topic_id

    def at_home() -> bool:
        return isinstance(app.screen, HomeScreen)

    for step, index in enumerate(order):
        topic_id = ids[index]
        listing = app.screen.query_one("#topics", OptionList)
        await drive.setup(lambda listing=listing, index=index: setattr(listing, "highlighted", index))
        await drive.press("enter", on_topic(topic_id), "open topic")
        if step % 4 == run % 4 and index + 1 < len(ids):
            await drive.press("n", on_topic(ids[index + 1]), "next topic")
            await drive.press("p", on_topic(topic_id), "previous topic")
        await drive.press("escape", at_home, "back to home")


async def lab(drive: Driver, run: int) -> None:
    from coldstart.ui.screens.home import HomeScreen
    from coldstart.ui.screens.lab import LabScreen
    from coldstart.ui.widgets.simulation import SimulationPanel
    from textual.widgets import OptionList

    app = drive.app

    def panel() -> SimulationPanel | None:
        panels = app.screen.query(SimulationPanel) if isinstance(app.screen, LabScreen) else None
        return panels.first() if panels else None

    def showing(position: int) -> Callable[[], bool]:
        def check() -> bool:
            shown = panel()
            listing = app.screen.query_one("#lab-list", OptionList)
            return shown is not None and shown.block.name == listing.get_option_at_index(position).id
        return check

    def showing_chosen() -> bool:
        listing = app.screen.query_one("#lab-list", OptionList) if isinstance(app.screen, LabScreen) else None
        return listing is not None and listing.highlighted is not None and showing(listing.highlighted)()

    # The lab is kept between visits (`show_kept`): it opens as it was left, with the last simulation chosen and
    # the focus where it was (after a run, in the result). Untimed, the list gets the focus back, as a Tab would,
    # and the first simulation is chosen again, so every run times the same switch, from the first to the second.
    await drive.press("l", showing_chosen, "open lab")
    listing = app.screen.query_one("#lab-list", OptionList)
    await drive.setup(lambda: (app.screen.set_focus(listing), setattr(listing, "highlighted", 0)), showing(0))
    await drive.press("down", showing(1), "switch simulation")
    shown = panel()
    assert shown is not None
    await drive.press("r", lambda: shown.result is not None, "run simulation")
    await drive.press("escape", lambda: isinstance(app.screen, HomeScreen))


async def practice(drive: Driver, run: int) -> None:
    from coldstart.ui.screens.home import HomeScreen
    from coldstart.ui.screens.practice import PracticeScreen
    from textual.widgets import OptionList

    app = drive.app
    with_questions = [n for n, t in enumerate(app.course.topics) if app.course.questions_for(t.id)]
    listing = app.screen.query_one("#topics", OptionList)
    await drive.setup(lambda: setattr(listing, "highlighted", with_questions[run % len(with_questions)]))

    def practising(answered: bool) -> Callable[[], bool]:
        return lambda: isinstance(app.screen, PracticeScreen) and app.screen.view is not None and app.screen.answered == answered

    await drive.press("q", practising(False), "start practice")
    for choice in range(1, app.screen.view.question.choose + 1):  # as many as the question asks for ("choose two")
        await drive.press(str(choice), lambda choice=choice: len(app.screen.view.picked) == choice)
    await drive.press("enter", practising(True), "answer -> feedback")
    await drive.press("n", practising(False), "next question")
    await drive.press("escape", lambda: isinstance(app.screen, PracticeScreen) and app.screen.question is None)  # summary
    await drive.press("escape", lambda: isinstance(app.screen, HomeScreen))


async def progress_screens(drive: Driver, run: int) -> None:
    from coldstart.ui.screens.dashboard import DashboardScreen
    from coldstart.ui.screens.home import HomeScreen
    from coldstart.ui.screens.question_stats import QuestionStatsScreen

    app = drive.app
    await drive.press("d", lambda: isinstance(app.screen, DashboardScreen), "dashboard")
    await drive.press("s", lambda: isinstance(app.screen, QuestionStatsScreen), "question statistics")
    await drive.press("escape", lambda: isinstance(app.screen, DashboardScreen))
    await drive.press("escape", lambda: isinstance(app.screen, HomeScreen))


async def exams(drive: Driver, run: int) -> None:
    from coldstart.ui.screens.ask import AskScreen
    from coldstart.ui.screens.exam import ExamScreen
    from coldstart.ui.screens.exam_results import ExamResultsScreen
    from coldstart.ui.screens.exams import ExamsScreen
    from coldstart.ui.screens.home import HomeScreen
    from textual.widgets import OptionList

    app = drive.app
    await drive.press("x", lambda: isinstance(app.screen, ExamsScreen), "exams list")
    blueprints = app.screen.query_one("#blueprints", OptionList)
    full = next(i for i, b in enumerate(app.course.blueprints) if b.question_count == 65)
    await drive.setup(lambda: setattr(blueprints, "highlighted", full))

    def at_question(position: int) -> Callable[[], bool]:
        return lambda: isinstance(app.screen, ExamScreen) and app.screen.position == position

    await drive.press("s", at_question(0), "start 65-question exam")
    app.screen.countdown_timer.pause()  # a FakeClock: every tick would redraw the same time
    await drive.press("n", at_question(1), "next exam question")
    await drive.press("s", lambda: isinstance(app.screen, AskScreen))
    await drive.press("y", lambda: isinstance(app.screen, ExamResultsScreen), "submit -> results")
    await drive.press("escape", lambda: isinstance(app.screen, ExamsScreen))
    await drive.press("escape", lambda: isinstance(app.screen, HomeScreen))


SCENARIOS: dict[Callable[[Driver, int], Awaitable[None]], tuple[str, ...]] = {
    topics: ("open topic", "next topic", "previous topic", "back to home"),
    lab: ("open lab", "switch simulation", "run simulation"),
    practice: ("start practice", "answer -> feedback", "next question"),
    progress_screens: ("dashboard", "question statistics"),
    exams: ("exams list", "start 65-question exam", "next exam question", "submit -> results"),
}
ACTIONS = [action for actions in SCENARIOS.values() for action in actions]


async def time_app(db_path: Path, clock: FakeClock, runs: int, size: tuple[int, int], only: frozenset[str] | None) -> Timings:
    from coldstart.ui.factory import create_app
    from coldstart.ui.screens.home import HomeScreen

    timings = Timings()
    app = create_app(None, db_path, {}, clock=clock)
    async with app.run_test(size=size) as pilot:
        drive = Driver(pilot, timings, only)
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen) and app.open_progress()
        await drive.setup(app.screen.refresh_progress)
        for run in range(runs):
            for scenario, actions in SCENARIOS.items():
                if only is None or only & set(actions):
                    await scenario(drive, run)
    return timings


# --- databases and report ----------------------------------------------------------------------------------------


def make_database(folder: Path, answers: int) -> Path:
    """A progress database of `answers` answers over the bundled course's questions (bench_progress.fill)."""
    from coldstart.core.course.cache import load_course_cached
    from coldstart.core.exam.store import MIGRATIONS as EXAM_MIGRATIONS
    from coldstart.core.paths import resolve_course_dir
    from coldstart.core.progress.store import open_store

    path = folder / f"progress-{answers}.db"
    course = load_course_cached(resolve_course_dir(None)).course
    store = open_store(path, course, clock=FakeClock(bench_progress.NOW), extra_migrations=(EXAM_MIGRATIONS,))
    if answers:
        bench_progress.fill(store, course, answers)
    store.close()
    return path


def percentile(samples: list[float], share: float) -> float:
    return bench_progress.percentile(samples, share)


def report(title: str, timings: Timings, floor_first: float, floor_full: float) -> list[str]:
    """Print one table; return the actions that miss the goal."""
    print(f"\n{title}")
    print(f"{'action':<24}{'n':>4} | {'first med':>9} {'p95':>6} {'x':>5} | {'full med':>8} {'p95':>6} {'x med':>6} {'x p95':>6} | goal")
    misses = []
    for action in ACTIONS:
        if action not in timings.full:
            continue
        first, full = timings.first[action], timings.full[action]
        first_med, full_med, full_p95 = statistics.median(first), statistics.median(full), percentile(full, 0.95)
        ratios = (first_med / floor_first, full_med / floor_full, full_p95 / floor_full)
        missed = [name for name, ratio, goal in zip(("first", "full", "p95"), ratios, (FIRST_GOAL, FULL_GOAL, FULL_P95_GOAL), strict=True) if ratio > goal]
        if missed:
            misses.append(f"{title}: {action} ({', '.join(missed)})")
        print(f"{action:<24}{len(full):>4} | {first_med:>9.1f} {percentile(first, 0.95):>6.1f} {ratios[0]:>5.1f} | "
              f"{full_med:>8.1f} {full_p95:>6.1f} {ratios[1]:>6.1f} {ratios[2]:>6.1f} | {'MISS ' + ','.join(missed) if missed else 'met'}")
    return misses


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="times each action is measured (each topic once per run: 66 topic openings)")
    parser.add_argument("--answers", type=int, default=100_000, help="answers in the large database (0: only the empty one)")
    parser.add_argument("--only", choices=ACTIONS, action="append", help="time only this action (repeat for several; the others still run, untimed, to get there)")
    parser.add_argument("--size", default="80x24", help="terminal size, COLUMNSxROWS")
    parser.add_argument("--floor", type=int, metavar="RUNS", help=argparse.SUPPRESS)  # the floor's own process
    args = parser.parse_args()
    size = tuple(int(n) for n in args.size.split("x"))
    assert len(size) == 2
    only = frozenset(args.only) if args.only else None
    Input._toggle_cursor = lambda self: None  # type: ignore[method-assign] - no blinking frames, as in the tests

    from coldstart.core.course.cache import load_course_cached
    from coldstart.core.paths import resolve_course_dir

    if args.floor:
        floor = Timings()
        prose = opening_prose(load_course_cached(resolve_course_dir(None)).course)
        asyncio.run(time_floor(prose, args.floor, size, floor))
        assert "coldstart.ui" not in sys.modules, "the floor is Textual as it comes"
        print(json.dumps({"first": floor.first, "full": floor.full}))
        return
    floor = Timings()
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        databases = [(0, make_database(Path(folder), 0))]
        if args.answers:
            databases.append((args.answers, make_database(Path(folder), args.answers)))
            print(f"made a database of {args.answers:,} answers in {time.perf_counter() - started:.1f} s")
        floor_runs = args.runs * 4  # more runs than an action: it is the yardstick
        floor_in_own_process(floor_runs, size, floor)
        results = [
            (answers, asyncio.run(time_app(path, FakeClock(bench_progress.NOW), args.runs, size, only)))
            for answers, path in databases
        ]
        floor_in_own_process(floor_runs, size, floor)  # and after, so drift in the load falls on both
    floor_first, floor_full = statistics.median(floor.first["push"]), statistics.median(floor.full["push"])
    # Every figure, the floor's included, grows with the machine's load; say what it was.
    print(f"load average at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    print(f"\nfloor, a bare Textual app at {args.size} (median / p95 ms): push a screen of one Static: first "
          f"{floor_first:.1f} / {percentile(floor.first['push'], 0.95):.1f}, full {floor_full:.1f} / "
          f"{percentile(floor.full['push'], 0.95):.1f}; pop it: full {statistics.median(floor.full['pop']):.1f}")
    print(f"goal: full content median <= {FULL_GOAL:g}x floor ({FULL_GOAL * floor_full:.0f} ms), p95 <= {FULL_P95_GOAL:g}x "
          f"({FULL_P95_GOAL * floor_full:.0f} ms); first response median <= {FIRST_GOAL:g}x ({FIRST_GOAL * floor_first:.0f} ms)")
    misses = []
    for answers, timings in sorted(results, key=lambda item: item[0]):
        misses += report(f"database of {answers:,} answers", timings, floor_first, floor_full)
    print("\nmissing the goal:" if misses else "\nevery action meets the goal")
    for miss in misses:
        print(f"  {miss}")


if __name__ == "__main__":
    main()
