"""Start-up: what the home screen's first frame waits for.

The progress store (sqlite-utils, fsrs and the statistics built on them) is opened in the background once the
home screen is drawn (HomeScreen._warm_up_progress). Importing any of it earlier puts its import time in front
of the first frame, which is what `bench/bench_startup.py` measures; a module-level import in a module on the
start-up path is enough to do that, so this checks what a fresh interpreter has imported when the home screen
is up.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from coldstart.ui import app as app_module
from coldstart.ui.screens import home
from coldstart.ui.screens.topic import TopicScreen
from ui_helpers import wait_until

# Loaded by the background warm-up, never before the first frame.
DEFERRED = ("sqlite_utils", "fsrs", "coldstart.core.progress", "coldstart.core.exam")


@pytest.fixture
def course_first() -> bool:
    """These tests watch the app before its course is in."""
    return False


PROBE = """
import sys
from pathlib import Path

from coldstart.ui.factory import create_app
from coldstart.ui.screens import home

home.WARM_UP_DELAY = 3600  # the warm-up must not start while this looks: only the start-up path is checked


async def look(pilot):
    while not (pilot.app.screen.query("#topics") and pilot.app.screen.query_one("#topics").option_count):
        await pilot.pause()
    print(" ".join(sorted(name for name in sys.modules if name.startswith({deferred!r}))))
    pilot.app.exit()


create_app({course!r}, {db!r}).run(headless=True, size=(80, 24), auto_pilot=look)
"""


def test_the_home_screen_comes_up_without_importing_the_progress_store(mini_course: Path, tmp_path: Path) -> None:
    script = PROBE.format(deferred=DEFERRED, course=str(mini_course), db=str(tmp_path / "progress.db"))
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "", f"imported before the first frame: {result.stdout.strip()}"


def test_from_the_cache_the_home_screen_comes_up_without_the_course_model(course_copy: Path, tmp_path: Path) -> None:
    """With the course in the cache, the home screen is drawn from the course's summary: the course model, its
    loader and the pickled course (most of what coldstart itself adds to a Textual app's start) come after."""
    from coldstart.core.course.cache import load_course_cached

    load_course_cached(course_copy)  # the cache warm (the child inherits COLDSTART_CACHE)
    script = "from coldstart.core.course.cache import CourseOpening\nCourseOpening.start = lambda self: None\n" + PROBE.format(
        deferred=("coldstart.core.course.model", "coldstart.core.course.result", "coldstart.core.course.loader", "yaml"),
        course=str(course_copy),
        db=str(tmp_path / "progress.db"),
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "", f"imported before the first frame: {result.stdout.strip()}"


async def test_the_other_screens_styles_wait_for_the_first_frame_but_not_for_a_screen_opened_at_once(
        make_app, monkeypatch: pytest.MonkeyPatch) -> None:
    """screens.tcss is parsed after the first frame, and at the latest when a screen opens: a topic opened by a key
    pressed at start-up is styled as always."""
    monkeypatch.setattr(app_module, "SCREEN_STYLES_DELAY", 3600)  # only the screen opening may parse it here
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        assert app.query_one("#topics").styles.min_height is not None  # app.tcss: the first screen is styled
        assert not app.stylesheet.has_source(str(app_module.SCREEN_STYLES), "")
        await pilot.press("enter")
        await app.course_loaded()  # the topic opens once the course is in (a busy machine takes its time)
        await wait_until(pilot, lambda: isinstance(app.screen, TopicScreen) and app.screen.is_mounted, "the topic open")
        assert app.screen.query_one("#contents").styles.width.value == 30  # a rule of screens.tcss



async def test_the_store_warm_up_is_timed_from_the_first_frame(make_app, monkeypatch: pytest.MonkeyPatch) -> None:
    """The warm-up's delay counts from the first frame: timed from mount, a first frame slower than the delay (a
    busy machine) had the store's imports competing with it."""
    app = make_app()
    frames: list[object] = []
    display = app._display
    monkeypatch.setattr(app, "_display", lambda screen, renderable: (frames.append(renderable), display(screen, renderable))[1])
    frames_when_timed: list[int] = []
    set_timer = home.HomeScreen.set_timer

    def timing(screen, delay, callback=None, *args, **kwargs):
        if getattr(callback, "__name__", "") == "_warm_up_when_course_ready":
            frames_when_timed.append(len(frames))
        return set_timer(screen, delay, callback, *args, **kwargs)

    monkeypatch.setattr(home.HomeScreen, "set_timer", timing)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: bool(frames_when_timed), "the warm-up timed")
        assert frames_when_timed[0] >= 1, "the warm-up was timed before the first frame was drawn"
