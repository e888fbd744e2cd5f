"""UI fixtures: apps built through the one factory, on the mini course, a temporary database and a fixed clock."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from coldstart.core.clock import FakeClock
from coldstart.ui.factory import create_app
from textual.widgets import Input

FIXED_START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _no_cursor_blink(monkeypatch: pytest.MonkeyPatch) -> None:
    """Blinking cursors make snapshots depend on timing."""
    monkeypatch.setattr(Input, "_toggle_cursor", lambda self: None, raising=False)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(FIXED_START)


@pytest.fixture
def make_app(tmp_path: Path, clock: FakeClock, mini_course: Path):
    """Build an app the way the CLI does; pass `course_dir=` for another course."""

    def build(course_dir: Path | None = None, **settings):
        return create_app(course_dir or mini_course, tmp_path / "progress.db", settings, clock=clock)

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
