"""The exam desk: only one exam is in progress, one whose time ran out while closed is submitted, and a
resumed exam opens where the learner was, without its clock running while the learner is asked."""

from __future__ import annotations

from datetime import timedelta

import pytest
from coldstart.core.exam import ExamDesk, ExamError, ExamInProgress, ExamSession, ExamStore
from coldstart.core.exam.draw import draw_exam
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


def test_a_resumed_pausable_exam_stays_paused_while_the_learner_is_asked(course, store, clock) -> None:
    desk = ExamDesk(course, store, clock)
    session = desk.start(dva(question_count=5, minutes=10, pausable=True), seed=1)
    session.visit(0)
    clock.advance(minutes=3)
    session.suspend()
    clock.advance(hours=5)  # closed: not exam time

    asked = desk.before_starting().unfinished  # the app rebuilds it to ask "resume or discard?"
    assert asked is not None and asked.paused and asked.remaining() == timedelta(minutes=7)
    clock.advance(seconds=20)  # the learner reads the question
    assert asked.remaining() == timedelta(minutes=7)
    # Still paused in the database too: a crash during the question, or answering "Later", costs nothing.
    record = desk.unfinished()
    assert record is not None and record.countdown_while_closed.remaining(clock.now()) == timedelta(minutes=7)
    asked.suspend()  # "Later"
    clock.advance(minutes=30)
    again = desk.resume(desk.unfinished())
    assert again.remaining() == timedelta(minutes=7)

    again.visit(again.opening_position)  # the exam is on screen: its clock runs again
    clock.advance(seconds=20)
    assert not again.paused and again.remaining() == timedelta(minutes=6, seconds=40)
    assert again.time_spent(0) == timedelta(minutes=3, seconds=20)


def test_a_timed_exam_keeps_running_while_the_learner_is_asked(course, store, clock) -> None:
    desk = ExamDesk(course, store, clock)
    desk.start(dva(question_count=5, minutes=10), seed=1).suspend()
    asked = desk.before_starting().unfinished
    assert asked is not None and not asked.paused
    clock.advance(seconds=20)
    assert asked.remaining() == timedelta(minutes=9, seconds=40)


def test_resuming_opens_at_the_question_the_learner_was_on(course, store, clock) -> None:
    desk = ExamDesk(course, store, clock)
    session = desk.start(dva(question_count=5), seed=1)
    assert session.opening_position == 0
    session.visit(0)
    session.answer(0, session.question(0).correct_indexes)
    for position in (1, 4, 3):  # looked ahead, then back: questions 1 to 4 are unanswered
        session.visit(position)
    session.suspend()

    resumed = desk.resume(desk.unfinished())
    assert resumed.opening_position == 3  # not 1, the first unanswered
    resumed.visit(2)
    resumed.checkpoint()  # staying on a question writes no new position, only its time
    assert desk.resume(desk.unfinished()).opening_position == 2


def test_an_exam_from_before_the_upgrade_keeps_its_answers_and_opens_at_the_first_unanswered(course, clock) -> None:
    from coldstart.core.exam.store import MIGRATIONS
    from sqlite_utils import Database

    db = Database(memory=True)
    MIGRATIONS.apply(db, stop_before="add_current_position")  # the exam tables as the last release made them
    old = ExamStore(db, migrate=False)
    session = ExamSession.start(course, dva(question_count=5), old, clock, seed=1)
    session.answer(0, {0})
    session.flag(1)
    session.answer(2, {1})
    assert "current_position" not in db.table("exams").columns_dict

    desk = ExamDesk(course, ExamStore(db), clock)  # the upgrade adds the column
    record = desk.unfinished()
    assert record is not None and record.current_position is None
    assert [a.picked for a in record.answers][:3] == [frozenset({0}), None, frozenset({1})] and record.answers[1].flagged
    resumed = desk.resume(record)
    assert resumed.opening_position == 1
    resumed.visit(4)
    assert desk.unfinished().current_position == 4


def test_a_partial_multiple_response_pick_is_kept_incomplete_and_scored_wrong(course, store, clock) -> None:
    fed = []
    desk = ExamDesk(course, store, clock, answer_sink=lambda question, picked, _: fed.append((question.id, picked)))
    session = desk.start(dva(question_count=10), seed=3)
    multiple = next(i for i, q in enumerate(session.questions) if q.type == "multiple")
    one_key = frozenset({min(session.question(multiple).correct_indexes)})
    session.visit(multiple)
    session.answer(multiple, one_key)
    session.visit(multiple + 1)  # moving on keeps it

    assert session.picked(multiple) == one_key
    assert session.count_problem(multiple) == "Choose two: you picked one"
    slot = session.grid()[multiple]
    assert slot.answered and slot.incomplete == "Choose two: you picked one"
    review = session.review()
    assert review.incomplete == (multiple,) and multiple not in review.unanswered and review.answered == 0

    resumed = desk.resume(desk.unfinished())  # stored, not a draft of the screen
    assert resumed.picked(multiple) == one_key and resumed.review().incomplete == (multiple,)
    result = resumed.submit()
    item = result.questions[multiple]
    assert item.answered and not item.correct and result.correct == 0
    assert fed == [(session.question(multiple).id, one_key)]  # the review schedule hears of it, as wrong


def test_a_paper_drawn_ahead_is_the_next_one_started_and_only_that_one(course, store, clock, monkeypatch) -> None:
    """draw_ahead picks the seed and draws the paper while the learner chooses; the next start of that blueprint
    uses it, stores nothing before, and the start after that draws a paper of its own."""
    import coldstart.core.exam.desk as desk_module

    seeds = iter([41, 42, 43])
    monkeypatch.setattr(desk_module, "new_seed", lambda: next(seeds))
    desk = ExamDesk(course, store, clock)
    blueprint = dva(question_count=5)
    desk.draw_ahead(blueprint)
    desk.draw_ahead(blueprint)  # drawn already: kept, not drawn again
    assert desk.unfinished() is None  # nothing is stored until it starts
    first = desk.start(blueprint)
    assert first.record.seed == 41
    desk.discard(first.id)
    second = desk.start(blueprint)  # nothing drawn ahead: a fresh seed of its own
    assert second.record.seed != 41
    desk.discard(second.id)
    assert desk.start(blueprint, seed=7).record.seed == 7  # a seed asked for wins


def test_an_exam_drawn_ahead_is_shown_before_it_is_stored_and_begun_by_start(course, store, clock, monkeypatch) -> None:
    """desk.drawn gives the exam the next start would begin, not stored: it shows its questions and its whole time,
    takes no change, its clock does not run and closing it stores nothing. start(drawn=...) stores that very exam,
    its clock starting then; the same questions in the same order as an exam started from the same seed."""
    import coldstart.core.exam.desk as desk_module

    seeds = iter([41, 42])
    monkeypatch.setattr(desk_module, "new_seed", lambda: next(seeds))
    desk = ExamDesk(course, store, clock)
    blueprint = dva(question_count=5, minutes=10)
    drawn = desk.drawn(blueprint)
    assert not drawn.stored and drawn.record.seed == 41 and len(drawn) == 5
    assert drawn.remaining() == timedelta(minutes=10) and drawn.opening_position == 0
    with pytest.raises(ExamError, match="has not begun"):
        drawn.answer(0, {0})
    clock.advance(minutes=30)  # its clock is not running: shown for half an hour, it has all its time
    assert drawn.tick() != "expired" and drawn.remaining() == timedelta(minutes=10) and drawn.result is None
    drawn.suspend()  # closed before it began: nothing stored
    assert desk.unfinished() is None

    started = desk.start(blueprint, drawn=drawn)
    assert started is drawn and drawn.stored and desk.unfinished().id == drawn.id
    assert drawn.remaining() == timedelta(minutes=10)  # from now
    drawn.visit(0)
    drawn.answer(0, {0})
    paper = draw_exam(blueprint, course, 41)  # what start(seed=41) stores
    assert drawn.record.question_ids == tuple(paper.question_ids)
    assert drawn.record.permutations == tuple(tuple(order) for order in paper.permutations)


def test_an_exam_drawn_for_another_paper_is_not_begun(course, store, clock) -> None:
    """start begins `drawn` only if it is the paper drawn ahead for that blueprint and no seed asks for another."""
    desk = ExamDesk(course, store, clock)
    blueprint = dva(question_count=5)
    drawn = desk.drawn(blueprint)
    other = desk.start(blueprint, seed=7, drawn=drawn)
    assert other is not drawn and not drawn.stored and other.record.seed == 7
