"""A large course not in the cache is read behind a loading screen, drawn before the course is loaded."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from coldstart.core.course.cache import load_course_cached
from coldstart.ui import app as app_module
from coldstart.ui.screens.help import HelpScreen
from coldstart.ui.screens.home import HomeScreen
from coldstart.ui.screens.loading import LoadingScreen
from textual.widgets import OptionList, Static
from ui_helpers import wait_until


@pytest.fixture
def gated_load(monkeypatch: pytest.MonkeyPatch):
    """The course loads as a large one would (behind the loading screen) and only once the test opens the gate."""
    gate = threading.Event()

    def load_in_background(root: Path):
        def load():
            assert gate.wait(timeout=60), "the test never opened the gate"
            return load_course_cached(root)

        return load

    monkeypatch.setattr(app_module, "quick_to_load", lambda root: False)
    monkeypatch.setattr(app_module, "load_in_background", load_in_background)
    yield gate
    gate.set()  # a failing test must not leave the loading thread waiting


def topics_listed(app) -> bool:
    return isinstance(app.screen, HomeScreen) and app.screen.query_one("#topics", OptionList).option_count > 0


async def test_the_loading_screen_is_drawn_before_the_course_is_read(make_app, course_copy: Path, gated_load) -> None:
    app = make_app(course_dir=course_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, LoadingScreen) and app.screen.is_mounted, "the loading screen")
        await pilot.pause()
        assert not app.course_ready and not app.course.topics
        assert str(course_copy) in str(app.screen.query_one("#loading-what", Static).render())
        # The app's keys are live meanwhile: help opens, and closes again.
        await pilot.press("question_mark")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen), "the help screen")
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, LoadingScreen), "back to the loading screen")

        gated_load.set()
        await wait_until(pilot, lambda: topics_listed(app), "the home screen with its topics")
        assert app.course_ready and app.course.title == "Mini course"
        assert app.screen.query_one("#course-title", Static).render().plain == "Mini course"


async def test_the_course_read_while_help_is_open_shows_when_help_closes(make_app, course_copy: Path, gated_load) -> None:
    app = make_app(course_dir=course_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, LoadingScreen) and app.screen.is_mounted, "the loading screen")
        await pilot.press("question_mark")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen), "the help screen")
        gated_load.set()
        await app.workers.wait_for_complete()  # the course is read
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)  # not pulled away from under the learner
        await pilot.press("escape")
        await wait_until(pilot, lambda: topics_listed(app), "the home screen with its topics")


async def test_a_load_that_fails_says_why_and_keeps_the_app_running(make_app, course_copy: Path, monkeypatch) -> None:
    def broken() -> None:
        raise OSError("the disk went away")

    monkeypatch.setattr(app_module, "quick_to_load", lambda root: False)
    monkeypatch.setattr(app_module, "load_in_background", lambda root: broken)
    app = make_app(course_dir=course_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        what = lambda: str(app.screen.query_one("#loading-what", Static).render())  # noqa: E731
        await wait_until(pilot, lambda: "Could not read the course" in what(), "the failure shown")
        assert "the disk went away" in what()
        assert app.is_running and isinstance(app.screen, LoadingScreen)


def test_a_small_course_is_read_before_the_first_frame(make_app, course_copy: Path) -> None:
    """No loading screen flashes up for a course that reads in a moment (the bundled one, the tests' mini course)."""
    app = make_app(course_dir=course_copy)
    assert app.course_ready and app.course.title == "Mini course"
    assert isinstance(app.get_default_screen(), HomeScreen)



def test_a_large_course_starts_loading_before_the_app_runs(make_app, course_copy: Path, monkeypatch) -> None:
    """The course is read while the app starts, not from the loading screen's first frame on."""
    started: list[Path] = []
    monkeypatch.setattr(app_module, "quick_to_load", lambda root: False)
    monkeypatch.setattr(app_module, "load_in_background", lambda root: started.append(root) or (lambda: load_course_cached(root)))
    make_app(course_dir=course_copy)
    assert started == [course_copy]
