"""The practice session (app/core/practice) without a terminal: the queue walk, the shuffle, the tally,
the summary, the modes and the prediction ids."""

from __future__ import annotations

import pytest
from coldstart.core.course.model import Choice, PredictQuestion, Question
from coldstart.core.practice import PracticeSession, practice_queue, prediction_id, record_prediction
from coldstart.core.progress.scheduling import iso

from .conftest import answer, make_course


def right_picks(session: PracticeSession) -> frozenset[int]:
    assert session.shown is not None
    return session.shown.question.correct_indexes


def wrong_pick(session: PracticeSession) -> frozenset[int]:
    assert session.shown is not None
    question = session.shown.question
    return frozenset({next(i for i in range(len(question.choices)) if i not in question.correct_indexes)})


def test_a_topic_run_walks_its_queue_and_tallies(course, store, clock) -> None:
    session = PracticeSession.open("practice", course, store, clock, "t1")
    assert session.queue == ["t1-q1", "t1-q2", "t1-q3"] and session.heading == "Practice: Topic t1"
    session.start()
    shown = session.show()
    assert shown is not None and shown.position == 0 and sorted(shown.order) == [0, 1, 2]
    clock.advance(12)
    assert session.submit(right_picks(session)).correct
    session.advance()
    session.show()
    assert not session.submit(wrong_pick(session)).correct
    session.advance()
    session.show()
    session.advance()  # skipped: not answered, not counted
    assert session.show() is None and session.over
    assert (session.right, session.wrong_ids) == (1, ["t1-q2"])
    assert session.summary() == (
        "You answered 2: 1 right, 1 wrong. Every answer is saved.\n"
        "Still due today: 2 in learning (next in 1 min). Next: retake the ones you got wrong while they are fresh."
    )
    rows = list(store.db.query("select question_id, duration_ms, mode, session_id from answers order by rowid"))
    assert [r["question_id"] for r in rows] == ["t1-q1", "t1-q2"]
    assert rows[0]["duration_ms"] == 12000 and {r["session_id"] for r in rows} == {session.session_id}
    ended = store.db.execute("select ended_at from sessions where id = ?", [session.session_id]).fetchone()[0]
    assert ended is not None
    retake = session.retake()
    assert (retake.mode, retake.queue, retake.topic_id) == ("retake", ["t1-q2"], "t1")


def test_nothing_is_stored_without_a_pick_or_with_the_wrong_count(store, clock) -> None:
    multiple = Question(
        id="t1-q1", topic="t1", domain="dev", type="multiple", stem="Which two?",
        choices=tuple(Choice(f"c{i}", i < 2, "why") for i in range(4)),
        explanation="", source="https://docs.aws.amazon.com/lambda/", difficulty=2,
    )  # fmt: skip
    course = make_course(extra_questions=(multiple,))
    store.course = course
    session = PracticeSession("practice", ["t1-q1"], course, store, clock, topic_id="t1")
    session.start()
    session.show()
    assert session.submit(frozenset()).problem == "Pick an answer first (number keys or click)."
    assert session.submit(frozenset({0})).problem == "Choose two: you picked one."
    assert not session.answered and store.db.execute("select count(*) from answers").fetchone()[0] == 0
    assert session.submit(frozenset({0, 1})).correct and session.answered


def test_retired_questions_are_passed_over_and_the_shuffle_follows_the_clock(store, clock) -> None:
    course = make_course(drop=("t1-q2",))
    store.course = course
    session = PracticeSession("review", ["t1-q1", "t1-q2", "t1-q3"], course, store, clock)
    session.show()
    session.advance()
    shown = session.show()
    assert shown is not None and shown.question.id == "t1-q3" and shown.position == 2
    again = PracticeSession("review", ["t1-q1", "t1-q2", "t1-q3"], course, store, clock)
    again.index = 2
    assert again.show().order == shown.order  # the same moment and place shuffle the same way


def test_the_upcoming_question_is_the_one_show_gives_next(store, clock) -> None:
    course = make_course(drop=("t1-q2",))
    store.course = course
    session = PracticeSession("review", ["t1-q1", "t1-q2", "t1-q3"], course, store, clock)
    session.show()
    upcoming = session.upcoming()
    assert upcoming is not None and upcoming.question.id == "t1-q3"  # the retired one passed over, as show does
    clock.advance(minutes=3)  # the learner reads the feedback a while: the next is shown as foreseen
    session.advance()
    assert session.show() == upcoming  # drawn, shuffled and placed as foreseen
    assert session.upcoming() is None  # the last one


@pytest.mark.parametrize(
    ("mode", "summary"),
    [
        ("review", "No reviews are due now."),
        ("retake", "Nothing to retake: your last answer to every question was right."),
        ("cram", "There are no questions here yet."),
    ],
)
def test_an_empty_run_says_why_and_stores_nothing(mode, summary, store, clock) -> None:
    session = PracticeSession(mode, [], store.course, store, clock)
    session.start()
    assert session.show() is None
    assert session.summary() == summary + "\nNothing is due for the rest of today. Next: practise a topic you have not finished, or take a practice exam."
    assert store.db.execute("select count(*) from sessions").fetchone()[0] == 0


def test_the_summary_says_what_is_still_due_and_what_to_do_next(course, store, clock) -> None:
    answer(store, "t1-q1", True)  # a learning step, due again in ten minutes
    session = PracticeSession("practice", ["t1-q2"], course, store, clock)
    session.start()
    session.show()
    clock.advance(20)  # not fast: Good, a learning step too
    session.submit(right_picks(session))
    session.advance()
    assert session.show() is None
    assert session.summary().endswith(
        "Still due today: 2 in learning (next in 10 min). "
        "Next: come back for the learning steps when they are due, or practise a new topic."
    )
    clock.advance(minutes=10)
    assert session.next_step() == "Still due today: 2 in learning. Next: do your reviews."
    store.db.execute("UPDATE cards SET state = 2, due = ? WHERE question_id = 't1-q1'", [iso(clock.now())])
    assert session.next_step() == "Still due today: 1 review due today · 1 in learning. Next: do your reviews."


def test_each_mode_chooses_its_queue(course, store) -> None:
    answer(store, "t1-q2", False)
    answer(store, "t2-q1", True)
    assert practice_queue("practice", course, store, "t2") == ["t2-q1", "t2-q2", "t2-q3"]
    assert practice_queue("retake", course, store) == ["t1-q2"]
    assert practice_queue("review", course, store) == store.due_today()
    assert set(practice_queue("cram", course, store, "t1")) == {"t1-q1", "t1-q2", "t1-q3"}
    with pytest.raises(ValueError, match="unknown practice mode"):
        practice_queue("exam", course, store)


def test_a_prediction_is_kept_under_a_stable_id(store) -> None:
    predict = PredictQuestion("What happens?", ("a", "b"), 1, "because")
    assert prediction_id("t1", "concurrency", "What happens?") == prediction_id("t1", "concurrency", "What happens?")
    assert prediction_id("t1", "concurrency", "What happens?").startswith("predict:t1:")
    assert prediction_id("t1", "concurrency", "Other?") != prediction_id("t1", "concurrency", "What happens?")
    record_prediction(store, "t1", "concurrency", predict, 1)
    row = store.db.execute("select question_id, mode, correct from answers").fetchone()
    assert row == (prediction_id("t1", "concurrency", "What happens?"), "predict", 1)


def test_a_refused_end_leaves_the_run_open_and_ending_again_closes_it(course, store, clock) -> None:
    import sqlite3

    from coldstart.core.progress.database import StoreError

    session = PracticeSession.open("practice", course, store, clock, "t1")
    session.start()
    store.db.execute("PRAGMA query_only = ON")  # behaves as a read-only file does
    with pytest.raises((StoreError, sqlite3.OperationalError)):
        session.end()
    store.db.execute("PRAGMA query_only = OFF")
    session.end()
    ended = store.db.execute("select ended_at from sessions where id = ?", [session.session_id]).fetchone()[0]
    assert ended is not None
