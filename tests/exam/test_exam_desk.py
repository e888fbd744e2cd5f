"""The exam desk: only one exam is in progress, and one whose time ran out while closed is submitted."""

from __future__ import annotations

import pytest
from coldstart.core.exam import ExamDesk, ExamError, ExamInProgress
from exam_bank import dva


def test_a_second_exam_waits_for_the_unfinished_one(course, store, clock) -> None:
    desk = ExamDesk(course, store, clock)
    assert desk.before_starting().unfinished is None and desk.unfinished() is None
    first = desk.start(dva(question_count=5), seed=1)
    first.answer(0, {0})
    first.suspend()
    standing = desk.before_starting()
    assert standing.unfinished is not None and standing.unfinished.id == first.id and standing.submitted is None
    with pytest.raises(ExamInProgress, match="only one exam can be in progress") as refused:
        desk.start(dva(question_count=5), seed=2)
    assert refused.value.session.id == first.id and refused.value.exam_id == first.id
    desk.discard(first.id)
    second = desk.start(dva(question_count=5), seed=2)
    assert second.picked(0) is None and desk.unfinished().id == second.id


def test_an_exam_whose_time_ran_out_while_closed_is_submitted_before_the_next(course, store, clock) -> None:
    desk = ExamDesk(course, store, clock)
    first = desk.start(dva(question_count=5, minutes=10), seed=1)
    first.suspend()
    record = desk.unfinished()
    assert record is not None and not desk.ran_out(record)
    clock.advance(minutes=11)
    assert desk.ran_out(record)
    standing = desk.before_starting()
    assert standing.unfinished is None and standing.submitted is not None and standing.submitted.result is not None
    assert desk.unfinished() is None
    desk.start(dva(question_count=5), seed=2)  # nothing stands in the way now


def test_a_pausable_exam_never_runs_out_while_closed(course, store, clock) -> None:
    desk = ExamDesk(course, store, clock)
    desk.start(dva(question_count=5, minutes=10, pausable=True), seed=1).suspend()
    clock.advance(days=2)
    record = desk.unfinished()
    assert record is not None and not desk.ran_out(record)
    assert desk.before_starting().unfinished is not None


def test_a_retake_or_a_result_of_an_unknown_exam_is_refused(course, store, clock) -> None:
    desk = ExamDesk(course, store, clock)
    with pytest.raises(ExamError, match="there is no exam 99"):
        desk.retake(99)
    with pytest.raises(ExamError, match="there is no exam 99"):
        desk.result(99)


def test_a_stored_exam_is_scored_again_from_the_course(course, store, clock) -> None:
    desk = ExamDesk(course, store, clock)
    session = desk.start(dva(question_count=5), seed=1)
    session.answer(0, session.question(0).correct_indexes)
    submitted = session.submit()
    again = desk.result(session.id)
    assert (again.exam_id, again.score, again.passed) == (submitted.exam_id, submitted.score, submitted.passed)
