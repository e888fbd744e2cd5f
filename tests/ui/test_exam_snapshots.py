"""Pictures of the exam screens at 80x24: a fixed draw, a FakeClock, and the countdown's interval stopped."""

from __future__ import annotations

import pytest
from coldstart.core.exam import ExamSession, feed_progress
from coldstart.ui.screens.exam import ExamScreen
from ui_helpers import content_shown, wait_until

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


async def _submit_an_exam(pilot, clock) -> None:
    """Answer two of the three questions (one right), taking 95 s, submit, and wait for the results."""
    from coldstart.ui.screens.exam_results import ExamResultsScreen, QuestionReviews

    await _open_exam(pilot, "3", "4")
    clock.advance(seconds=70)
    await pilot.press("n", "1")
    clock.advance(seconds=20)
    await pilot.press("n")
    clock.advance(seconds=5)
    await pilot.press("s", "y")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, ExamResultsScreen), "the results")
    await content_shown(pilot, "the results")
    # Reviews are built as they come into view, and how far that got shows in the scrollbar's thumb; build them
    # all so every picture has the same thumb.
    reviews = pilot.app.screen.query_one(QuestionReviews)
    reviews.build(*(item.position for item in reviews.items))
    await content_shown(pilot, "every review built")
    pilot.app.clear_notifications()
    await pilot.pause()


def test_exam_results_screen(snap_compare, make_app, clock) -> None:
    async def run_before(pilot) -> None:
        await _submit_an_exam(pilot, clock)

    assert snap_compare(make_app(), run_before=run_before, terminal_size=(80, 24))


def test_exam_results_by_domain_and_topic_at_80x24(snap_compare, make_app, clock, long_titles) -> None:
    """The tallies, with topic titles as long as the bundled course's: the titles wrap, Correct and % stay."""

    async def run_before(pilot) -> None:
        await _submit_an_exam(pilot, clock)
        screen = pilot.app.screen
        screen.query_one("#results-body").scroll_to_widget(screen.query_one("#by-domain"), top=True, animate=False)
        await content_shown(pilot, "the reviews that scrolled into view")

    assert snap_compare(make_app(long_titles), run_before=run_before, terminal_size=(80, 24))


def test_help_over_the_exam_results_at_80x24(snap_compare, make_app, clock) -> None:
    async def run_before(pilot) -> None:
        from coldstart.ui.screens.help import HelpScreen

        await _submit_an_exam(pilot, clock)
        await pilot.press("question_mark")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, HelpScreen), "the help")
        await content_shown(pilot, "the help over the results")

    assert snap_compare(make_app(), run_before=run_before, terminal_size=(80, 24))


def test_exams_screen_opened_at_80x24(snap_compare, make_app) -> None:
    """Opened from home: its heading and introduction above the list of exams, the first one highlighted (the list
    taller than the view is not scrolled to the middle)."""

    async def run_before(pilot) -> None:
        from coldstart.ui.screens.exams import ExamsScreen

        await pilot.press("x")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, ExamsScreen), "the exams screen")
        await content_shown(pilot, "the exams")

    assert snap_compare(make_app(), run_before=run_before, terminal_size=(80, 24))


def test_exams_screen_with_a_past_result_at_80x24(snap_compare, make_app, clock, monkeypatch: pytest.MonkeyPatch) -> None:
    """The list of exams and the history table, after one exam (dates in UTC whatever the machine's zone)."""
    import time

    monkeypatch.setenv("TZ", "UTC")
    time.tzset()

    async def run_before(pilot) -> None:
        await _submit_an_exam(pilot, clock)
        await pilot.press("escape")
        from coldstart.ui.screens.exams import ExamsScreen

        await wait_until(pilot, lambda: isinstance(pilot.app.screen, ExamsScreen), "the exams screen")
        await content_shown(pilot, "the exams and their history")

    try:
        assert snap_compare(make_app(), run_before=run_before, terminal_size=(80, 24))
    finally:
        monkeypatch.undo()
        time.tzset()


@pytest.mark.parametrize("key", ["g", "r", "s"], ids=["grid", "review-page", "submit-dialog"])
def test_exam_dialogs_at_80x24(snap_compare, make_app, key: str) -> None:
    """The grid of questions, the review page and the submit question, over an exam with a flag and one answer."""

    async def run_before(pilot) -> None:
        await _open_exam(pilot, "f", "n", "1")
        await pilot.press(key)
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
