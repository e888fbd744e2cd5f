"""The course opens summary first: the home screen is drawn and takes keys before the whole course is loaded.

A large course not in the cache is read behind a loading screen until its topics are read, then the home screen
opens while its question banks are read; what needs the questions waits for them where the learner sees it.
The loading is driven by the test (`GatedRead`), never timed.
"""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from coldstart.core.course import cache
from coldstart.core.course.loader import load_course
from coldstart.ui import app as app_module
from coldstart.ui.screens.help import HelpScreen
from coldstart.ui.screens.home import HomeScreen
from coldstart.ui.screens.loading import CourseWaitScreen, LoadingScreen
from coldstart.ui.screens.practice import PracticeScreen
from coldstart.ui.screens.problems import ProblemsScreen
from coldstart.ui.screens.topic import TopicScreen
from coldstart.ui.widgets.choices import ChoiceList
from textual.widgets import Button, OptionList, Static
from ui_helpers import type_at_once, wait_until


@pytest.fixture
def course_first() -> bool:
    """These tests watch the app before its course is in."""
    return False


class GatedRead:
    """Reads the course from its files as the app would, stopping before the topics are handed over and again
    before the question banks are read, until the test opens each gate."""

    def __init__(self) -> None:
        self.topics = threading.Event()
        self.banks = threading.Event()

    def __call__(self, root: Path, *, topics_read, banks_read):  # type: ignore[no-untyped-def]  # load_course's callbacks
        def then_wait(summary) -> None:  # type: ignore[no-untyped-def]
            assert self.topics.wait(timeout=60), "the test never let the topics through"
            topics_read(summary)
            assert self.banks.wait(timeout=60), "the test never let the banks through"

        return load_course(root, topics_read=then_wait, banks_read=banks_read)

    def open(self) -> None:
        self.topics.set()
        self.banks.set()


@pytest.fixture
def gated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    """The course is not in the cache and loads as a large one would (read from its files in the background)."""
    monkeypatch.setenv(cache.CACHE_ENV, str(tmp_path / "cold-cache"))
    monkeypatch.setattr(cache, "quick_to_load", lambda root: False)
    read = GatedRead()
    monkeypatch.setattr(app_module, "CourseOpening", lambda root: cache.CourseOpening(root, read_files=read))
    yield read
    read.open()  # a failing test must not leave the loading thread waiting


def topics_listed(app) -> bool:
    return isinstance(app.screen, HomeScreen) and app.screen.query_one("#topics", OptionList).option_count > 0


def hint(app) -> str:
    return str(app.screen.query_one("#next-hint", Static).render())


async def home_before_the_banks(pilot, gated: GatedRead) -> None:
    gated.topics.set()
    await wait_until(pilot, lambda: topics_listed(pilot.app), "the home screen with its topics")


async def test_the_loading_screen_is_drawn_before_the_course_is_read(make_app, course_copy: Path, gated: GatedRead) -> None:
    app = make_app(course_dir=course_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, LoadingScreen) and app.screen.is_mounted, "the loading screen")
        await pilot.pause()
        assert app.summary is None and not app.course_ready
        assert str(course_copy) in str(app.screen.query_one("#loading-what", Static).render())
        # The app's keys are live meanwhile: help opens, and closes again.
        await pilot.press("question_mark")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen), "the help screen")
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, LoadingScreen), "back to the loading screen")
        await home_before_the_banks(pilot, gated)
        assert app.screen.query_one("#course-title", Static).render().plain == "Mini course"


async def test_the_home_screen_takes_keys_before_the_questions_are_read(make_app, course_copy: Path, gated: GatedRead) -> None:
    app = make_app(course_dir=course_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        await home_before_the_banks(pilot, gated)
        assert not app.course_ready
        assert "Loading the questions" in hint(app)  # said where the next step is shown once they are in
        topics = app.screen.query_one("#topics", OptionList)
        await pilot.press("down")
        await wait_until(pilot, lambda: topics.highlighted == 1, "the second topic highlighted")
        assert not app.course_ready  # all of that without the questions
        gated.banks.set()
        await wait_until(pilot, lambda: app.course_ready and "Loading the questions" not in hint(app), "the course loaded")
        await wait_until(pilot, lambda: app.progress_ready, "the learner's progress opened, after the course")
        assert app.loaded == load_course(course_copy)


async def test_practice_asked_for_early_opens_when_the_questions_are_in_with_the_keys_typed_meanwhile(
    make_app, course_copy: Path, gated: GatedRead
) -> None:
    app = make_app(course_dir=course_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        await home_before_the_banks(pilot, gated)
        type_at_once(app, "q", "down")  # practise the first topic, and move to its second choice at once
        await wait_until(pilot, lambda: isinstance(app.screen, CourseWaitScreen), "the screen that waits for the questions")
        assert "Loading the course's questions" in str(app.screen.query_one("#loading-what", Static).render())
        gated.banks.set()
        await wait_until(pilot, lambda: isinstance(app.screen, PracticeScreen) and app.screen.query(ChoiceList), "practice, once the questions are in")
        choices = app.screen.query_one(ChoiceList)
        await wait_until(pilot, lambda: choices.highlighted == 1, "the key typed while waiting reached the practice screen")
        assert app.screen.view.question.id == "alpha-01"
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, HomeScreen), "home again: the wait screen is gone")


async def test_escape_leaves_the_wait_and_nothing_opens_later(make_app, course_copy: Path, gated: GatedRead) -> None:
    app = make_app(course_dir=course_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        await home_before_the_banks(pilot, gated)
        await pilot.press("enter")  # open the highlighted topic
        await wait_until(pilot, lambda: isinstance(app.screen, CourseWaitScreen), "the wait for the course")
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, HomeScreen), "back home")
        gated.banks.set()
        await wait_until(pilot, lambda: app.course_ready, "the course loaded")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)  # the topic given up on does not open by itself
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, TopicScreen), "the topic, now at once")


async def test_a_broken_bank_still_reaches_the_problems_notice(make_app, course_copy: Path, gated: GatedRead) -> None:
    bank = course_copy / "quizzes" / "beta.yaml"
    bank.write_text(bank.read_text(encoding="utf-8") + "  - id: [unclosed\n", encoding="utf-8")
    app = make_app(course_dir=course_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        await home_before_the_banks(pilot, gated)
        assert not app.screen.query("#problems")  # not known yet: no count shown as if final
        gated.banks.set()
        await wait_until(pilot, lambda: bool(app.screen.query("#problems")), "the problems button")
        assert "problem" in str(app.screen.query_one("#problems", Button).label)
        await pilot.press("e")
        await wait_until(pilot, lambda: isinstance(app.screen, ProblemsScreen), "the problems")
        problem = app.loaded.problems[0]
        assert problem.file == bank and problem.line > 1
        assert f"beta.yaml:{problem.line}:{problem.column}" in problem.display(course_copy)


async def test_a_load_that_fails_says_why_and_keeps_the_app_running(make_app, course_copy: Path, monkeypatch, tmp_path: Path) -> None:
    def broken(root: Path, **_: object) -> None:
        raise OSError("the disk went away")

    monkeypatch.setenv(cache.CACHE_ENV, str(tmp_path / "cold-cache"))
    monkeypatch.setattr(cache, "quick_to_load", lambda root: False)
    monkeypatch.setattr(app_module, "CourseOpening", lambda root: cache.CourseOpening(root, read_files=broken))
    app = make_app(course_dir=course_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        what = lambda: str(app.screen.query_one("#loading-what", Static).render())  # noqa: E731
        await wait_until(pilot, lambda: isinstance(app.screen, LoadingScreen) and "Could not read the course" in what(), "the failure shown")
        assert "the disk went away" in what()
        assert app.is_running


async def test_a_load_that_fails_after_the_topics_says_so_where_the_course_is_awaited(
    make_app, course_copy: Path, monkeypatch, tmp_path: Path
) -> None:
    banks = threading.Event()

    def fails_in_the_banks(root: Path, *, topics_read, banks_read):  # type: ignore[no-untyped-def]
        def then_fail(summary) -> None:  # type: ignore[no-untyped-def]
            topics_read(summary)
            assert banks.wait(timeout=60)
            raise OSError("a bank went away")

        return load_course(root, topics_read=then_fail, banks_read=banks_read)

    monkeypatch.setenv(cache.CACHE_ENV, str(tmp_path / "cold-cache"))
    monkeypatch.setattr(cache, "quick_to_load", lambda root: False)
    monkeypatch.setattr(app_module, "CourseOpening", lambda root: cache.CourseOpening(root, read_files=fails_in_the_banks))
    app = make_app(course_dir=course_copy)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await wait_until(pilot, lambda: topics_listed(app), "the home screen")
            await pilot.press("q")
            await wait_until(pilot, lambda: isinstance(app.screen, CourseWaitScreen), "the wait for the course")
            banks.set()
            what = lambda: str(app.screen.query_one("#loading-what", Static).render())  # noqa: E731
            await wait_until(pilot, lambda: "a bank went away" in what(), "the failure shown where the learner waits")
            await pilot.press("escape")
            await wait_until(pilot, lambda: isinstance(app.screen, HomeScreen), "home again")
            assert app.is_running
    finally:
        banks.set()


def test_a_small_course_is_read_before_the_first_frame(make_app, course_copy: Path, monkeypatch, tmp_path: Path) -> None:
    """No loading screen flashes up for a course that reads in a moment (the bundled one, the tests' mini course)."""
    monkeypatch.setenv(cache.CACHE_ENV, str(tmp_path / "cold-cache"))
    app = make_app(course_dir=course_copy)
    assert app.course_ready and app.course.title == "Mini course"
    assert isinstance(app.get_default_screen(), HomeScreen)


def test_a_large_course_starts_loading_before_the_app_runs(make_app, course_copy: Path, gated: GatedRead) -> None:
    """The course is read while the app starts, not from the loading screen's first frame on."""
    app = make_app(course_dir=course_copy)
    gated.open()
    assert app.course_opening.wait().course.title == "Mini course"  # read though the app never ran


async def test_from_the_cache_the_home_screen_is_drawn_from_the_summary_and_the_course_follows(
    make_app, course_copy: Path, monkeypatch, tmp_path: Path
) -> None:
    monkeypatch.setenv(cache.CACHE_ENV, str(tmp_path / "warm-cache"))
    whole = cache.load_course_cached(course_copy)
    unpickle = threading.Event()
    stored = cache._stored

    def gated_stored(root: Path, key):  # type: ignore[no-untyped-def]
        assert unpickle.wait(timeout=60)
        return stored(root, key)

    monkeypatch.setattr(cache, "_stored", gated_stored)
    app = make_app(course_dir=course_copy)
    assert app.summary is not None and not app.course_ready
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await wait_until(pilot, lambda: topics_listed(app), "the home screen")
            assert not app.course_ready
            assert app.screen.query_one("#next-hint", Static).render().plain == ""  # a quick unpickle: no loading message
            unpickle.set()
            await wait_until(pilot, lambda: app.course_ready, "the whole course")
            assert app.loaded == whole
    finally:
        unpickle.set()
