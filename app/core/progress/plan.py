"""A plan to the exam date: how many new questions and reviews a day cover the course and keep it remembered.

The plan only reads the schedule; it never changes an FSRS interval. It answers three questions:

- days left: whole local days from today to the exam day (0 on the exam day itself).
- today's target: the reviews due today (as FSRS scheduled them, learning steps apart) and a share of the
  new questions (never scheduled) that introduces all of them in time. New questions are spread over the
  days before a review buffer: the last quarter of the time, at most a week, introduces nothing new, so the
  last questions met get a few reviews and reach the desired retention before the exam rather than being
  still in learning. The share is worked out from the new questions left this morning, so the target does
  not move while the learner works through it. Topics are started in the course's order, so every topic is
  covered.
- forecast: reviews due on each of the next 14 days from the current schedule (today's count includes
  anything overdue and today's learning steps); reviews of questions not yet introduced are not in it.

Keeping up with the reviews is what keeps recall at the desired retention: FSRS schedules each review for
when recall would fall to it. `recall_if_stopped` says what recall the exam day would see without them.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from typing import Any

from ..course.model import Course
from .scheduling import iso, recall_at
from .store import ProgressStore

__all__ = ["EXAM_DATE_SETTING", "FORECAST_DAYS", "ForecastDay", "Plan", "exam_date", "plan", "set_exam_date"]

EXAM_DATE_SETTING = "exam_date"
FORECAST_DAYS = 14
MAX_REVIEW_BUFFER_DAYS = 7


def exam_date(store: ProgressStore) -> date | None:
    """The exam date the learner set, or None."""
    value = store.setting(EXAM_DATE_SETTING)
    return date.fromisoformat(value) if value else None


def set_exam_date(store: ProgressStore, day: date | None) -> None:
    """Set the exam date (None clears it). A date before today is refused: a plan to the past is no plan."""
    if day is not None and day < store.local_day(store.now()):
        raise ValueError(f"the exam date {day.isoformat()} has already passed")
    store.set_setting(EXAM_DATE_SETTING, day.isoformat() if day else None)


@dataclass(frozen=True)
class ForecastDay:
    day: date
    reviews: int


@dataclass(frozen=True)
class Plan:
    """The plan to the exam date at one moment; see the module docstring for each figure."""

    today: date
    exam_date: date
    days_left: int  # 0: the exam is today; negative: it has passed
    questions_total: int
    questions_new: int  # never scheduled: no FSRS card yet
    new_per_day: int  # the day's share of new questions
    new_today: int  # new questions introduced today so far
    new_target: int  # new questions still to introduce today
    topics_to_start: tuple[str, ...]  # topic titles today's new questions come from, in course order
    reviews_due: int  # reviews due today (what the review run asks, learning steps apart)
    learning: int  # learning steps due today
    desired_retention: float
    recall_if_stopped: float | None  # mean recall on exam day of the questions seen, with no more reviews
    forecast: tuple[ForecastDay, ...]

    @property
    def new_days_left(self) -> int:
        """Days, today included, that still introduce new questions (before the review buffer)."""
        return _new_days(self.days_left)

    def advice(self) -> str:
        """Today's target in a sentence."""
        if self.days_left < 0:
            return f"Your exam date, {self.exam_date:%d %b %Y}, has passed. Set a new one to plan again."
        reviews = f"{self.reviews_due} review{'s' * (self.reviews_due != 1)}"
        if self.days_left == 0:
            return f"The exam is today: nothing new{f'; do your {reviews}' if self.reviews_due else ''}. Good luck!"
        if self.new_target:
            topics = f" (from {_first_names(self.topics_to_start)})" if self.topics_to_start else ""
            new = f"{self.new_target} new question{'s' * (self.new_target != 1)}{topics}"
            return f"Today: {new} and {reviews}." if self.reviews_due else f"Today: {new}; no reviews are due."
        today = f"do your {reviews}" if self.reviews_due else "no reviews are due"
        if self.questions_new:
            return f"Today's new questions are done; {today}. More new ones tomorrow."
        return f"Every question is introduced: {today} today. Each day's reviews keep recall near {self.desired_retention:.0%}."

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["today"] = self.today.isoformat()
        data["exam_date"] = self.exam_date.isoformat()
        data["forecast"] = [{"day": d.day.isoformat(), "reviews": d.reviews} for d in self.forecast]
        data["advice"] = self.advice()
        return {"format": 1, **data}


def _first_names(names: tuple[str, ...], shown: int = 2) -> str:
    """'A', 'A, B', or 'A, B and 3 more': a list short enough for one line."""
    rest = len(names) - shown
    return ", ".join(names[:shown]) + (f" and {rest} more" if rest > 0 else "")


def _new_days(days_left: int) -> int:
    """Days that introduce new questions: all but a review buffer of a quarter of the time, at most a week."""
    if days_left <= 0:
        return 0
    return max(1, days_left - min(MAX_REVIEW_BUFFER_DAYS, days_left // 4))


def plan(course: Course, store: ProgressStore) -> Plan | None:
    """The plan to the exam date set in `store`, or None when no date is set."""
    exam = exam_date(store)
    if exam is None:
        return None
    store = store.using(course=course)
    now = store.now()
    today = store.local_day(now)
    days_left = (exam - today).days
    scheduled = {row[0] for row in store.db.execute("SELECT question_id FROM cards")}
    topic_order = {topic.id: index for index, topic in enumerate(course.topics)}
    new_questions = sorted(
        (q for q in course.questions if q.id not in scheduled), key=lambda q: topic_order.get(q.topic, len(topic_order))
    )  # topics are started in the course's order
    started_today = _introduced_since(store, iso(store.day_start(today)))
    new_days = _new_days(days_left)
    new_per_day = math.ceil((len(new_questions) + started_today) / new_days) if new_days else 0
    new_target = min(len(new_questions), max(0, new_per_day - started_today))
    due = store.due()
    cards = [s.card for s in store.question_states([q.id for q in course.questions]).values() if s.card]
    recall = recall_at(store.scheduler, store.day_start(exam))
    return Plan(
        today=today,
        exam_date=exam,
        days_left=days_left,
        questions_total=len(course.questions),
        questions_new=len(new_questions),
        new_per_day=new_per_day,
        new_today=started_today,
        new_target=new_target,
        topics_to_start=_topics_of(course, new_questions[:new_target]),
        reviews_due=len(due.reviews),
        learning=len(due.learning),
        desired_retention=store.desired_retention,
        recall_if_stopped=sum(recall(c) for c in cards) / len(cards) if cards and days_left >= 0 else None,
        forecast=_forecast(store, today),
    )


def _introduced_since(store: ProgressStore, since: str) -> int:
    """Questions whose first scheduled answer came at or after `since` (an ISO time)."""
    return int(store.db.execute(
        "SELECT count(*) FROM (SELECT min(review_datetime) AS first FROM review_logs GROUP BY question_id) WHERE first >= ?",
        [since],
    ).fetchone()[0])


def _topics_of(course: Course, questions: list[Any]) -> tuple[str, ...]:
    """The titles of the topics `questions` belong to, in course order."""
    wanted = {q.topic for q in questions}
    return tuple(t.title for t in course.topics if t.id in wanted)


def _forecast(store: ProgressStore, today: date) -> tuple[ForecastDay, ...]:
    """Cards due on each of the next FORECAST_DAYS local days; today's count includes everything overdue."""
    course = store.course
    days = []
    for offset in range(FORECAST_DAYS):
        day = today + timedelta(days=offset)
        start = "" if offset == 0 else iso(store.day_start(day))
        end = iso(store.day_start(day + timedelta(days=1)))
        ids = store.db.execute("SELECT question_id FROM cards WHERE due >= ? AND due < ?", [start, end])
        days.append(ForecastDay(day, sum(1 for (qid,) in ids if course is None or course.question(qid))))
    return tuple(days)
