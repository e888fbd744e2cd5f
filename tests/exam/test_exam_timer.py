"""The countdown on a FakeClock: states, auto-submit, time while closed, pausable blueprints."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from coldstart.core.exam import Countdown, ExamOver, ExamSession
from exam_bank import dva

T0 = datetime(2025, 1, 1, 9, tzinfo=UTC)


@pytest.mark.parametrize(
    ("left", "state"),
    [
        (timedelta(minutes=10, seconds=1), "normal"),
        (timedelta(minutes=10), "warning"),
        (timedelta(minutes=1, seconds=1), "warning"),
        (timedelta(minutes=1), "final"),
        (timedelta(seconds=1), "final"),
        (timedelta(0), "expired"),
        (timedelta(seconds=-5), "expired"),
    ],
)
def test_countdown_states_at_the_thresholds(left: timedelta, state: str) -> None:
    countdown = Countdown(T0, timedelta(minutes=130))
    now = countdown.nominal_deadline - left
    assert countdown.state(now) == state
    assert countdown.remaining(now) == max(left, timedelta(0))


def test_pauses_push_the_deadline_back() -> None:
    countdown = Countdown(T0, timedelta(minutes=30)).pause(T0 + timedelta(minutes=10))
    # While the pause is open the remaining time stands still.
    assert countdown.remaining(T0 + timedelta(minutes=10)) == countdown.remaining(T0 + timedelta(hours=5))
    closed = countdown.unpause(T0 + timedelta(minutes=25))
    assert closed.paused == ((T0 + timedelta(minutes=10), T0 + timedelta(minutes=25)),)
    assert closed.deadline(T0) == T0 + timedelta(minutes=45)
    assert closed.elapsed(T0 + timedelta(minutes=35)) == timedelta(minutes=20)


def test_the_session_goes_through_warning_and_final_then_submits_itself(course, store, clock) -> None:
    session = ExamSession.start(course, dva(), store, clock, seed=1)
    session.visit(0)
    session.answer(0, {0})
    assert session.tick() == "normal"
    clock.advance(minutes=120)
    assert session.tick() == "warning"
    clock.advance(minutes=9, seconds=30)
    assert session.tick() == "final"
    assert session.result is None
    clock.advance(seconds=31)
    assert session.tick() == "expired"
    result = session.result
    assert result is not None and result.timed_out
    assert result.submitted_at == T0 + timedelta(minutes=130)
    assert result.questions[0].picked == frozenset({0})
    assert sum(r.answered for r in result.questions) == 1
    # Time on the last question stops at the deadline, not at the late tick.
    assert session.time_spent(0) == timedelta(minutes=130)
    assert store.load(session.id).status == "submitted"


def test_a_change_after_time_ran_out_submits_and_is_refused(course, store, clock) -> None:
    session = ExamSession.start(course, dva(), store, clock, seed=1)
    session.answer(1, {0})
    clock.advance(minutes=131)
    with pytest.raises(ExamOver) as over:
        session.answer(2, {0})
    assert over.value.result.timed_out and over.value.result.questions[2].picked is None
    assert session.submit() is over.value.result


def test_time_keeps_running_while_closed_on_a_normal_exam(course, store, clock) -> None:
    session = ExamSession.start(course, dva(), store, clock, seed=1)
    session.visit(0)
    clock.advance(minutes=10)
    session.suspend()
    clock.advance(minutes=30)  # the app is closed
    resumed = ExamSession.resume(store.find_resumable(), course, store, clock)
    assert resumed.remaining() == timedelta(minutes=90)
    assert resumed.time_spent(0) == timedelta(minutes=10)


def test_a_normal_exam_whose_time_ran_out_while_closed_is_submitted_on_resume(course, store, clock) -> None:
    session = ExamSession.start(course, dva(), store, clock, seed=1)
    session.answer(3, {0})
    clock.advance(hours=5)
    resumed = ExamSession.resume(store.find_resumable(), course, store, clock)
    assert resumed.result is not None and resumed.result.timed_out
    assert resumed.result.submitted_at == T0 + timedelta(minutes=130)
    assert resumed.result.questions[3].picked == frozenset({0})
    assert store.find_resumable() is None


def test_a_pausable_exam_does_not_count_the_time_it_was_closed(course, store, clock) -> None:
    session = ExamSession.start(course, dva(pausable=True), store, clock, seed=1)
    session.visit(0)
    clock.advance(minutes=20)
    session.suspend()
    clock.advance(days=2)
    resumed = ExamSession.resume(store.find_resumable(), course, store, clock)
    assert resumed.remaining() == timedelta(minutes=110)
    assert resumed.state() == "normal" and resumed.result is None
    assert resumed.time_spent(0) == timedelta(minutes=20)


def test_a_pausable_exam_after_a_crash_stops_counting_at_its_last_stored_change(course, store, clock) -> None:
    session = ExamSession.start(course, dva(pausable=True), store, clock, seed=1)
    session.visit(0)
    clock.advance(minutes=15)
    session.answer(0, {0})  # last write at 15 min; then the process dies without suspend()
    clock.advance(hours=3)
    resumed = ExamSession.resume(store.find_resumable(), course, store, clock)
    assert resumed.remaining() == timedelta(minutes=115)
    # Resuming twice in a row (crash again at once) must not count the same pause twice.
    again = ExamSession.resume(store.find_resumable(), course, store, clock)
    assert again.remaining() == timedelta(minutes=115)


def test_pausing_in_the_app_stops_the_countdown_and_the_question_time(course, store, clock) -> None:
    session = ExamSession.start(course, dva(pausable=True), store, clock, seed=1)
    session.visit(0)
    clock.advance(minutes=5)
    session.pause()
    clock.advance(minutes=50)
    session.checkpoint()  # the screen's periodic save does not restart the clock
    assert session.remaining() == timedelta(minutes=125) and session.paused
    session.unpause()
    clock.advance(minutes=5)
    assert session.remaining() == timedelta(minutes=120)
    assert session.time_spent(0) == timedelta(minutes=10)


def test_a_normal_exam_cannot_be_paused(course, store, clock) -> None:
    session = ExamSession.start(course, dva(), store, clock, seed=1)
    with pytest.raises(Exception, match="cannot be paused"):
        session.pause()


def test_closing_the_app_after_time_ran_out_submits_quietly(course, store, clock) -> None:
    session = ExamSession.start(course, dva(pausable=True), store, clock, seed=1)
    clock.advance(minutes=200)
    session.suspend()
    assert session.result is not None and session.result.timed_out
