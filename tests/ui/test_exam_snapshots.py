"""Pictures of the exam screens at 80x24: a fixed draw, a FakeClock, and the countdown's interval stopped."""

from __future__ import annotations

from coldstart.core.exam import ExamSession, feed_progress
from coldstart.ui.screens.exam import ExamScreen
from ui_helpers import content_shown

SEED = 11


async def _open_exam(pilot, *keys: str) -> ExamScreen:
    app = pilot.app
    blueprint = app.course.blueprint("quick")
    session = ExamSession.start(app.course, blueprint, app.exams, app.clock, seed=SEED, answer_sink=feed_progress(app.progress))
    screen = ExamScreen(session)
    await app.push_screen(screen)
    await pilot.pause()
    screen.countdown_timer.stop()  # no live timer in a picture; the FakeClock does not move anyway
    app.clear_notifications()  # the bank-shortfall notice would otherwise float over the question
    await pilot.press(*keys)
    await pilot.pause()
    return screen


def test_exam_screen_multiple_response_with_too_many_picks(snap_compare, make_app) -> None:
    async def run_before(pilot) -> None:
        await _open_exam(pilot, "1", "2", "3")

    assert snap_compare(make_app(), run_before=run_before, terminal_size=(80, 24))


def test_exam_screen_in_the_final_minute(snap_compare, make_app, clock) -> None:
    async def run_before(pilot) -> None:
        screen = await _open_exam(pilot, "n", "2", "f")
        clock.advance(minutes=4, seconds=15)
        screen.tick()
        await pilot.pause()

    assert snap_compare(make_app(), run_before=run_before, terminal_size=(80, 24))


def test_exam_results_screen(snap_compare, make_app, clock) -> None:
    async def run_before(pilot) -> None:
        await _open_exam(pilot, "3", "4")
        clock.advance(seconds=70)
        await pilot.press("n", "1")
        clock.advance(seconds=20)
        await pilot.press("n")
        clock.advance(seconds=5)
        await pilot.press("s", "y")
        await content_shown(pilot)  # the reviews in view are built
        pilot.app.clear_notifications()
        await pilot.pause()

    assert snap_compare(make_app(), run_before=run_before, terminal_size=(80, 24))


def test_exam_results_question_review(snap_compare, make_app, clock) -> None:
    async def run_before(pilot) -> None:
        await _open_exam(pilot, "3", "4", "n", "1", "n", "s", "y")
        pilot.app.clear_notifications()
        await pilot.press("w", "n")
        await content_shown(pilot)

    assert snap_compare(make_app(), run_before=run_before, terminal_size=(80, 24))


def test_exam_screen_in_a_light_theme(snap_compare, make_app) -> None:
    async def run_before(pilot) -> None:
        await _open_exam(pilot, "1", "2", "3")

    assert snap_compare(make_app(theme="textual-light"), run_before=run_before, terminal_size=(80, 24))
