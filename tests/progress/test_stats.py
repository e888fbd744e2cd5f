"""The dashboard: streak, time studied, accuracy by day, weakest topics and readiness."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from coldstart.core.progress.ranking import cram_order, miss_rate, weakest
from coldstart.core.progress.stats import dashboard, section_reading_seconds

from .conftest import answer, make_course, make_question


def test_an_empty_dashboard_has_no_nan_anywhere(store, course) -> None:
    board = dashboard(course, store)
    assert (board.due_today, board.streak_days, board.answers_total, board.questions_seen) == (0, 0, 0, 0)
    assert board.readiness.overall is None and not board.readiness.on_track  # too few answers for a figure
    assert board.weakest_topics == ()
    assert len(board.accuracy_by_day) == 30 and all(d.accuracy is None for d in board.accuracy_by_day)
    text = json.dumps(board.to_json())
    assert "NaN" not in text and "Infinity" not in text
    assert "fewer than 20 answers" in board.readiness.explanation


def test_streak_counts_consecutive_days_ending_today_or_yesterday(store, course, clock) -> None:
    for _ in range(3):  # three days in a row
        answer(store, "t1-q1", True)
        clock.advance(days=1)
    # now the morning after the third day: nothing answered yet today, the streak still stands
    board = dashboard(course, store)
    assert (board.streak_days, board.studied_today) == (3, False)
    answer(store, "t1-q2", True)
    assert dashboard(course, store).streak_days == 4
    clock.advance(days=2)  # a day missed
    assert dashboard(course, store).streak_days == 0


def test_accuracy_by_day_and_time_studied(store, course, clock) -> None:
    answer(store, "t1-q1", True, seconds=30)
    answer(store, "t1-q2", False, seconds=30)
    clock.advance(days=1)
    answer(store, "t1-q3", True, seconds=60, mode="cram")
    store.mark_section_read("t1", "s1")
    board = dashboard(course, store)
    yesterday, today = board.accuracy_by_day[-2:]
    assert (yesterday.answers, yesterday.correct, yesterday.accuracy) == (2, 1, 0.5)
    assert (today.day - yesterday.day, today.answers, today.accuracy) == (timedelta(days=1), 1, 1.0)
    assert board.time_studied.answering_seconds == 120
    section = course.topic("t1").sections[0]
    assert board.time_studied.reading_seconds == section_reading_seconds(section) == 400 * 60 / 200
    assert board.time_studied.total_seconds == 240


def test_weakest_topics_are_started_topics_with_the_lowest_mastery(store, course, clock) -> None:
    answer(store, "t1-q1", True)
    clock.advance(days=1)
    answer(store, "t2-q1", False)
    board = dashboard(course, store)
    # t1: 1 of 3 questions remembered a day on; t2: 1 of 3 just failed (retrievability ~1 right after)
    assert set(board.weakest_topics) == {"t1", "t2"}
    assert board.weakest_topics[0] == min(board.topics, key=lambda t: t.mastery).topic_id


def test_dashboard_reports_retired_and_changed_questions(db_file, clock) -> None:
    from coldstart.core.progress.store import open_store

    with open_store(db_file, make_course(), clock=clock) as store:
        answer(store, "t1-q1", True)
        answer(store, "t1-q2", True)
    edited = make_question("t1-q2", "t1", stem="New wording?")
    course = make_course(drop=("t1-q1",), extra_questions=(edited,))
    with open_store(db_file, None, clock=clock) as store:  # the dashboard brings its own course
        board = dashboard(course, store)
    assert board.retired_questions == ("t1-q1",)
    assert board.changed_questions == ("t1-q2",)
    assert board.answers_total == 2 and board.questions_seen == 1


def test_dashboard_at_a_given_moment(store, course, clock) -> None:
    answer(store, "t1-q1", False)
    assert dashboard(course, store, clock.now() + timedelta(days=2)).due_today == 1
    assert dashboard(course, store, clock.now() - timedelta(days=2)).due_today == 0


# --- ranking ---------------------------------------------------------------------------------------


class History:
    def __init__(self, answers: int, correct: int) -> None:
        self.answers, self.correct = answers, correct


def test_miss_rate_is_smoothed() -> None:
    assert miss_rate(None) == 0.5
    assert miss_rate(History(1, 0)) == pytest.approx(2 / 3)
    assert miss_rate(History(6, 1)) > miss_rate(History(1, 0))


def test_cram_order_ranks_by_topic_weakness_plus_miss_rate() -> None:
    questions = [make_question(f"q{n}", "strong" if n < 3 else "weak") for n in range(6)]
    history = {"q0": History(6, 1), "q3": History(4, 4), "q4": History(1, 1)}
    order = cram_order(questions, history, {"strong": 0.9, "weak": 0.1})
    # scores: q5 0.9 + 0.5 (unseen), q4 0.9 + 1/3, q3 0.9 + 1/6, q0 0.1 + 6/8, q1 and q2 0.1 + 0.5 (course order)
    assert order == ["q5", "q4", "q3", "q0", "q1", "q2"]


def test_weakest_leaves_out_topics_not_started() -> None:
    class T:
        def __init__(self, topic_id: str, answers: int, mastery: float, accuracy: float | None) -> None:
            self.topic_id, self.answers, self.mastery, self.accuracy = topic_id, answers, mastery, accuracy

    topics = [T("a", 0, 0.0, None), T("b", 3, 0.5, 0.3), T("c", 2, 0.5, 0.1), T("d", 1, 0.9, 1.0)]
    assert weakest(topics, 2) == ["c", "b"]


def test_the_next_topic_to_read_is_the_first_with_an_unread_section() -> None:
    from types import SimpleNamespace

    from coldstart.core.progress.ranking import next_to_read

    read = {"a": SimpleNamespace(sections=2, sections_read=2), "b": SimpleNamespace(sections=3, sections_read=1)}
    assert next_to_read(["a", "b", "c"], read) == "b"
    assert next_to_read(["a", "c", "b"], read) == "c"  # never opened counts as unread
    assert next_to_read(["a"], read) is None
