"""A write the database refuses is told in the app, the learner's work stays on screen, and trying again works.

Two ways a write fails, without waiting for anything: another process holding the write lock (with the
app's busy timeout set to zero, so it gives up at once instead of after five seconds), and a connection
that may not write (`PRAGMA query_only`, as a read-only file behaves; the tests run as root, for whom
file permissions do not apply).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from coldstart.ui.screens.ask import AskScreen
from coldstart.ui.screens.exam import ExamScreen
from coldstart.ui.screens.exam_results import ExamResultsScreen
from coldstart.ui.screens.practice import PracticeScreen
from coldstart.ui.screens.settings import SettingsScreen
from textual.widgets import Input
from ui_helpers import progress_loaded, wait_until


def not_saved(app) -> list[str]:
    return [n.message for n in app._notifications if n.title == "Not saved"]


@contextmanager
def lock_held_elsewhere(app, db: Path) -> Iterator[None]:
    """Another process takes the write lock; the app's writes give up at once."""
    app.progress.db.execute("PRAGMA busy_timeout = 0")
    other = sqlite3.connect(db, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        yield
    finally:
        other.execute("ROLLBACK")
        other.close()


@contextmanager
def read_only(app) -> Iterator[None]:
    app.progress.db.execute("PRAGMA query_only = ON")
    try:
        yield
    finally:
        app.progress.db.execute("PRAGMA query_only = OFF")


def answers_in(app) -> list[str]:
    return [row["question_id"] for row in app.progress.db.query("select question_id from answers order by rowid")]


async def practice(pilot) -> PracticeScreen:
    """The progress store opened and a practice run of the first topic on screen."""
    await progress_loaded(pilot)
    await pilot.press("q")
    screen = pilot.app.screen
    assert isinstance(screen, PracticeScreen)
    return screen


async def test_a_practice_answer_refused_by_a_held_lock_stays_on_screen_and_is_saved_on_retry(make_app, tmp_path: Path) -> None:
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await practice(pilot)
        with lock_held_elsewhere(app, tmp_path / "progress.db"):
            await pilot.press("1", "enter")
            await pilot.pause()
            assert app.screen is screen and not screen.answered and screen.view.picked  # the pick is still there
            assert len(not_saved(app)) == 1 and "locked" in not_saved(app)[0]
            assert answers_in(app) == []
        await pilot.press("enter")  # the same answer again, once the other process let go
        await pilot.pause()
        assert screen.answered and answers_in(app) == [screen.question.id]


async def test_an_exam_on_a_read_only_database_keeps_going_and_submits_once_it_can(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await progress_loaded(pilot)
        from test_exam_ui import new_session, numbers, take

        session = new_session(app)
        screen = await take(pilot, session)
        with read_only(app):
            await pilot.press(*numbers(session, 0))
            await pilot.pause()
            assert app.screen is screen and session.picked(0) is None
            assert not_saved(app) and "readonly" in not_saved(app)[0]
            await pilot.press("s", "y")  # submit: refused, the exam stays open
            await pilot.pause()
            assert isinstance(app.screen, ExamScreen) and session.result is None
        for position in range(len(session)):
            await screen.go_to(position)
            await pilot.press(*numbers(session, position))
            await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, AskScreen)
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, ExamResultsScreen) and app.screen.result.correct == len(session)
        assert sorted(answers_in(app)) == sorted(session.question(i).id for i in range(len(session)))


async def test_settings_refused_stay_open_with_what_was_typed(make_app, tmp_path: Path) -> None:
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await progress_loaded(pilot)
        app.action_settings()
        await pilot.pause()
        retention = app.screen.query_one("#retention", Input)
        retention.value = "0.85"
        retention.focus()
        with lock_held_elsewhere(app, tmp_path / "progress.db"):
            await pilot.press("enter")  # saves
            await pilot.pause()
            assert isinstance(app.screen, SettingsScreen) and retention.value == "0.85" and not_saved(app)
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, SettingsScreen) and app.progress.desired_retention == 0.85


async def test_a_refused_report_comes_back_with_what_the_learner_wrote(make_app) -> None:
    from coldstart.ui.screens.report_question import ReportQuestionScreen
    from textual.widgets import RadioSet

    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await progress_loaded(pilot)
        await pilot.press("q", "exclamation_mark")
        await pilot.pause()
        with read_only(app):
            await pilot.press("down", "enter")  # the second reason; the note takes the focus
            await pilot.press(*"Which limit?", "enter")  # sends
            await pilot.pause()
            dialog = app.screen
            assert isinstance(dialog, ReportQuestionScreen) and not_saved(app)
            assert dialog.query_one("#report-note", Input).value == "Which limit?"
            assert dialog.query_one(RadioSet).pressed_index == 1
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, PracticeScreen)
        notes = [row["note"] for row in app.progress.db.query("select note from reports")]
        assert notes == ["Which limit?"]


async def test_an_exam_refused_at_its_start_is_told_and_starts_on_the_next_try(make_app) -> None:
    """The exam flow (screens/exam_flow.py) writes through the ExamDesk: a refused start opens nothing."""
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await progress_loaded(pilot)
        before = app.screen
        blueprint = app.course.blueprint("quick")
        with read_only(app):
            app.start_exam(blueprint, seed=1)
            await pilot.pause()
            assert app.screen is before and not_saved(app)
            assert app.exams.find_resumable() is None
        app.start_exam(blueprint, seed=1)
        await pilot.pause()
        assert isinstance(app.screen, ExamScreen)


async def test_leaving_practice_when_the_run_cannot_be_closed_still_leaves(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        run = (await practice(pilot)).session  # (the kept screen, once left, is made ready for the next run)
        with read_only(app):
            await pilot.press("escape")  # nothing answered: Done leaves at once
            await wait_until(pilot, lambda: not isinstance(app.screen, PracticeScreen) and bool(not_saved(app)), "left, with a warning")
            assert not isinstance(app.screen, PracticeScreen) and not_saved(app)
        assert run.session_id is not None
        ended = app.progress.db.execute("select ended_at from sessions where id = ?", [run.session_id]).fetchone()[0]
        assert ended is None  # left open, as a run that was never closed is
