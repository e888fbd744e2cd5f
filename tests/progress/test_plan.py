"""The plan to the exam date: days left, today's target, the forecast; it never moves the schedule."""

from __future__ import annotations

import json
from datetime import UTC, date, timedelta

import pytest
from coldstart.core.progress.plan import exam_date, plan, set_exam_date
from coldstart.core.progress.store import open_store

from .conftest import START, answer, make_course


def test_no_exam_date_no_plan(store, course) -> None:
    assert exam_date(store) is None and plan(course, store) is None


def test_the_plan_spreads_new_questions_before_a_review_buffer(db_file, clock) -> None:
    course = make_course({f"t{n}": 1 for n in range(1, 6)}, questions_per_topic=8)  # 40 questions
    with open_store(db_file, course, clock=clock, tz=UTC, fuzz=False) as store:
        set_exam_date(store, START.date() + timedelta(days=12))
        first = plan(course, store)
        assert first is not None and (first.days_left, first.questions_new) == (12, 40)
        # 12 days: the last 3 (a quarter) introduce nothing new, so 40 new over 9 days: 5 a day
        assert (first.new_days_left, first.new_per_day, first.new_target) == (9, 5, 5)
        assert first.topics_to_start == ("Topic t1",)
        assert first.advice() == "Today: 5 new questions (from Topic t1); no reviews are due."
        for q in range(1, 4):
            answer(store, f"t1-q{q}", True)
        later = plan(course, store)
        assert (later.new_per_day, later.new_today, later.new_target, later.learning) == (5, 3, 2, 3)
        assert later.forecast[0].reviews == 3 and len(later.forecast) == 14
        clock.advance(days=1)
        tomorrow = plan(course, store)
        assert (tomorrow.days_left, tomorrow.new_target) == (11, 5)  # 37 over 8 days


def test_the_plan_never_changes_the_schedule(store, course, clock) -> None:
    answer(store, "t1-q1", True, seconds=1)
    before = list(store.db.query("SELECT * FROM cards"))
    set_exam_date(store, START.date() + timedelta(days=3))
    result = plan(course, store)
    assert list(store.db.query("SELECT * FROM cards")) == before
    due_day = store.card("t1-q1").due.date()
    assert sum(d.reviews for d in result.forecast if d.day == due_day) == 1
    assert 0.0 < result.recall_if_stopped < 1.0


def test_exam_day_and_a_passed_date(store, course, clock) -> None:
    set_exam_date(store, START.date())
    today = plan(course, store)
    assert (today.days_left, today.new_target) == (0, 0)
    assert today.advice() == "The exam is today: nothing new. Good luck!"
    clock.advance(days=2)
    passed = plan(course, store)
    assert passed.days_left == -2 and "has passed" in passed.advice()
    with pytest.raises(ValueError, match="already passed"):
        set_exam_date(store, START.date())
    set_exam_date(store, None)
    assert plan(course, store) is None


def test_the_plan_as_json(store, course) -> None:
    set_exam_date(store, date(2025, 3, 20))
    data = json.loads(json.dumps(plan(course, store).to_json()))
    assert data["format"] == 1 and data["exam_date"] == "2025-03-20" and data["days_left"] == 17
    assert data["forecast"][0] == {"day": "2025-03-03", "reviews": 0}
    assert data["advice"] == "Today: 1 new question (from Topic t1); no reviews are due."  # 6 new over 13 days


def test_a_stored_exam_date_that_is_not_a_date_is_passed_over(store, course) -> None:
    store.set_setting("exam_date", "next tuesday")
    assert plan(course, store) is None
    assert "YYYY-MM-DD" in store.unusable_settings()["exam_date"]


def test_the_target_names_the_topics_to_start_and_the_reviews_due(db_file, clock) -> None:
    course = make_course({f"t{n}": 1 for n in range(1, 6)}, questions_per_topic=8)
    with open_store(db_file, course, clock=clock, tz=UTC, fuzz=False) as store:
        answer(store, "t5-q1", True, seconds=1)  # Easy: a review, due in days
        set_exam_date(store, START.date() + timedelta(days=2))
        soon = plan(course, store)
        assert (soon.new_per_day, soon.topics_to_start) == (20, ("Topic t1", "Topic t2", "Topic t3"))
        assert soon.advice() == "Today: 19 new questions (from Topic t1, Topic t2 and 1 more); no reviews are due."  # 1 started today
        due_day = store.card("t5-q1").due
        clock.set(due_day)
        set_exam_date(store, store.local_day(due_day) + timedelta(days=30))
        assert plan(course, store).advice().endswith(" and 1 review.")
