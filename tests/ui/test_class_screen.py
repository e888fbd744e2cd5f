"""The instructor's screen: `coldstart --class DIR` opens on the class, read in a worker behind a loading state."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from classroom.conftest import study
from coldstart.core.classroom.seats import ClassFolder
from coldstart.core.course.loader import load_course
from coldstart.ui.factory import create_app
from coldstart.ui.screens import classroom
from coldstart.ui.screens.classroom import ClassScreen
from textual.widgets import DataTable, Static
from ui_helpers import content_shown


@pytest.fixture
def class_folder(tmp_path: Path, mini_course: Path, clock) -> Path:
    folder = ClassFolder.init(tmp_path / "class")
    course = load_course(mini_course).course
    for name in ("ann", "bob"):
        folder.add(name, clock)
    study(folder, "ann", course, clock, right=True)
    study(folder, "bob", course, clock, right=False)
    return folder.root


async def test_the_class_is_read_off_the_ui_thread_with_a_loading_state(
    class_folder: Path, mini_course: Path, tmp_path: Path, clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    release = threading.Event()
    threads: list[str] = []
    real_report = classroom.class_report

    def slow_report(*args, **kwargs):
        threads.append(threading.current_thread().name)
        release.wait(timeout=60)
        return real_report(*args, **kwargs)

    monkeypatch.setattr(classroom, "class_report", slow_report)
    app = create_app(mini_course, tmp_path / "instructor.db", {"class_dir": str(class_folder)}, clock=clock)
    async with app.run_test(size=(120, 50)) as pilot:
        screen = app.screen
        assert isinstance(screen, ClassScreen)
        await pilot.pause()
        assert screen.query_one("#class-body").loading
        release.set()
        await content_shown(pilot)
        assert not screen.query_one("#class-body").loading
        assert threads and threads[0] != threading.main_thread().name

        learners = screen.query_one("#class-learners", DataTable)
        assert learners.row_count == 2
        ann = [str(cell) for cell in learners.get_row("ann")]
        bob = [str(cell) for cell in learners.get_row("bob")]
        assert ann[0] == "ann" and ann[4] == "100%" and bob[4] == "0%"
        assert screen.query_one("#class-questions", DataTable).row_count == len(screen.report.questions.answered) > 0
        assert "2 learners" in str(screen.query_one("#class-questions-summary", Static).render())

        # A new answer shows after a refresh.
        (class_folder / "seats" / "bob.db").unlink()
        await pilot.press("r")
        await content_shown(pilot)
        assert [str(cell) for cell in learners.get_row("bob")][1] == "not started"


async def test_a_folder_that_is_not_a_class_says_so(mini_course: Path, tmp_path: Path, clock) -> None:
    app = create_app(mini_course, tmp_path / "instructor.db", {"class_dir": str(tmp_path)}, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await content_shown(pilot)
        assert "not a class folder" in str(app.screen.query_one("#class-summary", Static).render())
        assert not app.screen.query_one("#class-body").loading


def test_coldstart_class_refuses_a_folder_that_is_not_a_class(tmp_path: Path, capsys) -> None:
    from coldstart.cli import main

    assert main(["--class", str(tmp_path)]) == 1
    assert "not a class folder" in capsys.readouterr().err
