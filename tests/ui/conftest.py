"""UI fixtures: apps built through the one factory, on the mini course, a temporary database and a fixed clock."""

from __future__ import annotations

from contextlib import asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path

import pytest
from coldstart.core.clock import FakeClock
from coldstart.ui import background
from coldstart.ui.factory import create_app
from textual.widgets import Input

FIXED_START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _no_cursor_blink(monkeypatch: pytest.MonkeyPatch) -> None:
    """Blinking cursors make snapshots depend on timing."""
    monkeypatch.setattr(Input, "_toggle_cursor", lambda self: None, raising=False)


@pytest.fixture(autouse=True)
def _nothing_computed_ahead(monkeypatch: pytest.MonkeyPatch) -> None:
    """Figures computed ahead after a pause (background.PREPARE_AFTER) would run beside what a test counts or
    holds, whenever a busy machine makes a test take longer than the pause; the tests of that set it themselves."""
    monkeypatch.setattr(background, "PREPARE_AFTER", 3600)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(FIXED_START)


@pytest.fixture
def course_first() -> bool:
    """Whether `run_test` hands over its pilot only once the whole course is in. The app shows home from the
    course's summary and loads the course just after the first frame; a key pressed before then opens its screen
    once the course is in (a screen says it is loading meanwhile), and a test that checked the screen straight
    after such a key saw that wait on a busy machine. Tests of start-up itself override this with False."""
    return True


@pytest.fixture
def make_app(tmp_path: Path, clock: FakeClock, mini_course: Path, course_first: bool):
    """Build an app the way the CLI does; pass `course_dir=` for another course."""

    def build(course_dir: Path | None = None, **settings):
        app = create_app(course_dir or mini_course, tmp_path / "progress.db", settings, clock=clock)
        if course_first:
            run_test = app.run_test

            @asynccontextmanager
            async def run_test_once_the_course_is_in(*args, **kwargs):
                async with run_test(*args, **kwargs) as pilot:
                    await app.course_loaded()
                    await pilot.pause()
                    yield pilot

            app.run_test = run_test_once_the_course_is_in
        return app

    return build



LONG_TITLES = {
    "title: Alpha topic": "title: Asynchronous invocation, EventBridge, S3 events and destinations",
    "title: Beta topic": "title: Event source mappings for SQS, Kinesis and DynamoDB Streams",
}


@pytest.fixture
def long_titles(course_copy: Path) -> Path:
    """The mini course with topic titles as long as the bundled course's longest: what tables must fit at 80x24."""
    for path in (course_copy / "content").glob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        for old, new in LONG_TITLES.items():
            text = text.replace(old, new)
        path.write_text(text, encoding="utf-8")
    return course_copy
