"""The exam session and its store: answers, flags, navigation, persistence, history, retakes."""

from __future__ import annotations

import dataclasses
from datetime import timedelta

import pytest
from coldstart.core.exam import ExamError, ExamSession, ExamStore, Tally, draw_exam, result_of
from exam_bank import dva, make_course


def first_of(session: ExamSession, kind: str) -> int:
    return next(i for i, q in enumerate(session.questions) if q.type == kind)


def test_answers_are_checked_and_kept_in_the_questions_own_order(course, store, clock) -> None:
    session = ExamSession.start(course, dva(), store, clock, seed=4)
    single, multiple = first_of(session, "single"), first_of(session, "multiple")
    with pytest.raises(ValueError, match="takes one answer"):
        session.answer(single, {0, 1})
    with pytest.raises(ValueError, match="choices 0 to 3"):
        session.answer(single, {4})
    with pytest.raises(IndexError):
        session.answer(65, {0})
    session.answer(multiple, {0, 1, 2})  # the wrong number for "choose two" is kept, marked incomplete
    session.answer(single, {2})
    session.answer(single, set())  # an empty pick clears the answer
    assert session.picked(single) is None
    assert session.picked(multiple) == frozenset({0, 1, 2})


def test_shown_choices_pair_the_screen_order_with_own_indexes(course, store, clock) -> None:
    session = ExamSession.start(course, dva(), store, clock, seed=4)
    question = session.question(0)
    shown = session.shown_choices(0)
    assert [own for own, _ in shown] == list(session.record.permutations[0])
    assert all(question.choices[own] is choice for own, choice in shown)


def test_grid_and_review_show_answered_flagged_and_current(course, store, clock) -> None:
    session = ExamSession.start(course, dva(question_count=5), store, clock, seed=4)
    session.visit(2)
    session.answer(0, {0})
    session.answer(2, {1})
    session.flag(2)
    session.flag(3)
    session.flag(3, False)
    grid = session.grid()
    assert [(s.answered, s.flagged, s.current) for s in grid] == [
        (True, False, False),
        (False, False, False),
        (True, True, True),
        (False, False, False),
        (False, False, False),
    ]
    review = session.review()
    assert (review.answered, review.unanswered, review.flagged) == (2, (1, 3, 4), (2,))
    assert grid[0].stem == session.question(0).stem


def test_time_per_question_accumulates_over_visits(course, store, clock) -> None:
    session = ExamSession.start(course, dva(), store, clock, seed=4)
    session.visit(0)
    clock.advance(30)
    session.visit(1)
    clock.advance(45)
    session.visit(0)
    clock.advance(10)
    session.submit()
    times = {r.position: r.time_spent for r in session.result.questions}
    assert times[0] == timedelta(seconds=40) and times[1] == timedelta(seconds=45) and times[2] == timedelta(0)


def test_a_stored_exam_resumes_with_everything_intact(course, store, clock) -> None:
    session = ExamSession.start(course, dva(), store, clock, seed=99)
    multiple = first_of(session, "multiple")
    session.visit(0)
    session.answer(0, {1})
    session.answer(multiple, {0, 1})
    session.flag(multiple)
    clock.advance(90)
    session.visit(multiple)
    clock.advance(60)

    record = store.find_resumable()
    assert record.id == session.id and record.seed == 99
    resumed = ExamSession.resume(record, course, store, clock)
    assert resumed.questions == session.questions
    assert resumed.record.permutations == session.record.permutations == draw_exam(dva(), course, 99).permutations
    assert [resumed.picked(i) for i in range(65)] == [session.picked(i) for i in range(65)]
    assert [resumed.flagged(i) for i in range(65)] == [session.flagged(i) for i in range(65)]
    assert resumed.time_spent(0) == timedelta(seconds=90)
    assert resumed.remaining() == session.remaining() == timedelta(minutes=130) - timedelta(seconds=150)


def fifty_right_in_100_minutes(course, store, clock) -> ExamSession:  # type: ignore[no-untyped-def]
    """A 65-question exam with the first 50 answered right and the rest wrong, 100 minutes in."""
    session = ExamSession.start(course, dva(), store, clock, seed=8)
    for i, question in enumerate(session.questions):
        session.answer(i, question.correct_indexes if i < 50 else {3})
    clock.advance(minutes=100)
    return session


def test_submit_stores_the_outcome_and_history_lists_it(course, store, clock) -> None:
    session = fifty_right_in_100_minutes(course, store, clock)
    result = session.submit()
    assert session.submit() is result
    assert (result.correct, result.total, result.passed, result.timed_out) == (50, 65, True, False)
    assert result.time_used == timedelta(minutes=100)
    assert store.find_resumable() is None

    [entry] = store.history()
    assert (entry.id, entry.blueprint_id, entry.passed) == (session.id, "dva-c02", True)
    assert entry.score == pytest.approx(100 * 50 / 65)
    assert entry.by_domain == result.by_domain
    assert entry.to_json()["domains"]["security"] == result.by_domain["security"].to_json()
    assert result_of(store.load(session.id), course) == result


def test_a_preview_scores_the_exam_as_submitting_would_and_stores_nothing(course, store, clock) -> None:
    session = fifty_right_in_100_minutes(course, store, clock)
    preview = session.preview()
    assert preview is not None and (preview.correct, preview.total, preview.passed, preview.timed_out) == (50, 65, True, False)
    assert store.find_resumable() is not None and store.history() == [], "nothing stored"
    result = session.submit()
    assert (result.correct, result.score, result.by_domain, result.by_topic) == (preview.correct, preview.score, preview.by_domain, preview.by_topic)
    assert session.preview() is None  # submitted: nothing more to preview
    expiring = ExamSession.start(course, dva(), store, clock, seed=9)
    clock.advance(hours=3)  # past its time limit
    assert expiring.preview() is None


def test_history_is_oldest_first_and_filters_by_blueprint(course, store, clock) -> None:
    for blueprint in (dva(), dva(id="mini", question_count=5), dva()):
        ExamSession.start(course, blueprint, store, clock).submit()
        clock.advance(days=1)
    assert [e.blueprint_id for e in store.history()] == ["dva-c02", "mini", "dva-c02"]
    assert len(store.history("mini")) == 1
    assert [e.submitted_at for e in store.history()] == sorted(e.submitted_at for e in store.history())


def test_retake_builds_a_new_exam_of_the_missed_questions(course, store, clock) -> None:
    session = ExamSession.start(course, dva(), store, clock, seed=8)
    for i, question in enumerate(session.questions[:52]):
        session.answer(i, question.correct_indexes)
    missed = session.submit().missed_ids
    assert len(missed) == 13

    retake = ExamSession.retake_missed(course, session.id, store, clock, seed=1)
    assert sorted(q.id for q in retake.questions) == sorted(missed)
    assert retake.record.retake_of == session.id
    assert retake.remaining() == timedelta(minutes=26)  # 2 minutes a question, as in the original
    assert retake.record.pass_mark == 72.0
    assert store.find_resumable().id == retake.id
    retake.submit()
    assert [e.retake_of for e in store.history()] == [None, session.id]


def test_nothing_to_retake_and_unknown_exams_are_clear_errors(course, store, clock) -> None:
    session = ExamSession.start(course, dva(question_count=3), store, clock)
    for i, question in enumerate(session.questions):
        session.answer(i, question.correct_indexes)
    session.submit()
    with pytest.raises(ExamError, match="nothing to retake"):
        ExamSession.retake_missed(course, session.id, store, clock)
    with pytest.raises(ExamError, match="no exam 404"):
        ExamSession.retake_missed(course, 404, store, clock)


def test_submitted_answers_feed_the_review_schedule(course, store, clock) -> None:
    fed = []
    session = ExamSession.start(course, dva(), store, clock, seed=8, answer_sink=lambda *a: fed.append(a))
    session.visit(0)
    session.answer(0, {0})
    clock.advance(20)
    session.answer(3, {1})
    session.submit()
    assert fed == [
        (session.questions[0], frozenset({0}), timedelta(seconds=20)),
        (session.questions[3], frozenset({1}), timedelta(0)),
    ]


def test_an_exam_whose_questions_left_the_course_cannot_be_resumed(course, store, clock) -> None:
    session = ExamSession.start(course, dva(), store, clock, seed=8)
    gone = session.questions[0].id
    smaller = dataclasses.replace(course, questions=tuple(q for q in course.questions if q.id != gone))
    with pytest.raises(ExamError, match=f"question '{gone}' is no longer in the course"):
        ExamSession.resume(store.find_resumable(), smaller, store, clock)
    store.discard(session.id)
    assert store.find_resumable() is None and store.load(session.id) is None


def test_an_empty_bank_is_a_clear_error(store, clock) -> None:
    with pytest.raises(ExamError, match="no questions"):
        ExamSession.start(make_course({}), dva(), store, clock)


def test_the_tables_live_beside_other_data_and_migrate_once(course, clock) -> None:
    from sqlite_utils import Database

    db = Database(memory=True)
    db.table("other").insert({"x": 1})
    first = ExamStore(db)
    ExamSession.start(course, dva(), first, clock).submit()
    second = ExamStore(db)  # applying the migrations again is a no-op
    assert len(second.history()) == 1
    assert second.history()[0].by_domain["development"] == Tally(0, 21)


def test_feed_progress_records_exam_answers_in_the_progress_store(course, clock, tmp_path) -> None:
    progress_store = pytest.importorskip("coldstart.core.progress.store")
    from coldstart.core.exam import feed_progress
    from coldstart.core.exam.store import MIGRATIONS

    progress = progress_store.open_store(tmp_path / "p.db", course, clock=clock, fuzz=False, extra_migrations=[MIGRATIONS])
    exams = ExamStore(progress.db)  # the exam tables live in the same file
    session = ExamSession.start(course, dva(), exams, clock, seed=8, answer_sink=feed_progress(progress))
    session.visit(0)
    session.answer(0, session.questions[0].correct_indexes)
    clock.advance(12)
    session.submit()
    rows = list(progress.db.query("select question_id, mode, correct, duration_ms from answers"))
    assert rows == [{"question_id": session.questions[0].id, "mode": "exam", "correct": 1, "duration_ms": 12000}]
    assert exams.history()[0].id == session.id


def test_a_partial_pick_reaches_the_review_schedule_as_a_wrong_answer(course, clock, tmp_path) -> None:
    progress_store = pytest.importorskip("coldstart.core.progress.store")
    from coldstart.core.exam import feed_progress
    from coldstart.core.exam.store import MIGRATIONS

    progress = progress_store.open_store(tmp_path / "p.db", course, clock=clock, fuzz=False, extra_migrations=[MIGRATIONS])
    session = ExamSession.start(course, dva(), ExamStore(progress.db), clock, seed=8, answer_sink=feed_progress(progress))
    multiple = first_of(session, "multiple")
    question = session.question(multiple)
    session.answer(multiple, {min(question.correct_indexes)})  # one of the two keyed choices
    session.submit()
    rows = list(progress.db.query("select question_id, picked, correct from answers where mode = 'exam'"))
    assert rows == [{"question_id": question.id, "picked": f"[{min(question.correct_indexes)}]", "correct": 0}]
    assert progress.card(question.id) is not None  # it moved the schedule, as a lapse

@pytest.mark.parametrize(
    "damage",
    [
        "update exams set question_ids = 'not json'",
        "update exams set permutations = '[[0, 1]]'",
        "update exams set started = 'yesterday'",
        "delete from exam_answers where position = 3",
    ],
)
def test_a_damaged_exam_row_is_an_exam_error_naming_the_exam(course, store, clock, damage) -> None:
    session = ExamSession.start(course, dva(), store, clock, seed=8)
    store.db.execute(damage)
    with pytest.raises(ExamError, match=f"exam {session.id} is damaged") as raised:
        store.find_resumable()
    assert raised.value.exam_id == session.id
    store.discard(raised.value.exam_id)
    assert store.find_resumable() is None


def test_one_exam_at_a_time(course, store, clock) -> None:
    unfinished = ExamSession.start(course, dva(), store, clock, seed=8)
    with pytest.raises(ExamError, match="still in progress") as raised:
        ExamSession.start(course, dva(), store, clock)
    assert raised.value.exam_id == unfinished.id
    store.discard(unfinished.id)
    fresh = ExamSession.start(course, dva(), store, clock, seed=9)
    assert store.find_resumable().seed == fresh.record.seed == 9
