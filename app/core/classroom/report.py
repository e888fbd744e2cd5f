"""The class report: every learner's figures and the class's question statistics, read from the seats.

Per learner the figures are the dashboard's own (`progress.stats.dashboard`: readiness as the learner's
progress screen shows it), plus the exams they submitted. For the class:

- weakest topics: the topics the class has practised, ranked as the dashboard ranks one learner's
  (`ranking.weakest`), on the mean mastery of the learners who practised each topic and the class's accuracy;
- question statistics (`progress.question_stats`) over every seat's answers together, each seat one learner;
- the questions learners reported, with the seat they came from.

Reading never creates a seat's database: a learner who has not opened their link yet shows as not started.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sqlite_utils import Database

from ..clock import Clock, FakeClock
from ..course.model import Course
from ..exam.store import MIGRATIONS as EXAM_MIGRATIONS
from ..exam.store import ExamStore, HistoryEntry
from ..progress.database import MEMORY, StoreError, snapshot
from ..progress.question_stats import QuestionStatistics, question_statistics
from ..progress.ranking import weakest
from ..progress.reports import Report, list_reports
from ..progress.scheduling import iso
from ..progress.schema import create_answer_groups
from ..progress.stats import dashboard
from ..progress.store import open_store
from .seats import ClassFolder

__all__ = ["ClassReport", "LearnerReport", "TopicSummary", "class_report", "last_activity"]

WEAKEST_COUNT = 5


@dataclass(frozen=True)
class LearnerReport:
    """One seat's figures; `problem` is set (and the figures empty) when its database cannot be read."""

    name: str
    started: bool  # has a progress database
    last_activity: datetime | None
    topics_read: int  # topics with every section read
    topics_total: int
    questions_answered: int  # distinct course questions answered at least once
    answers: int
    correct: int
    readiness: float | None  # 0..1, as the learner's dashboard computes it; None with too few answers
    on_track: bool
    exams_taken: int
    best_exam_score: float | None  # percent
    problem: str = ""

    @property
    def accuracy(self) -> float | None:
        return self.correct / self.answers if self.answers else None

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "started": self.started,
            "last_activity": iso(self.last_activity) if self.last_activity else None,
            "topics_read": self.topics_read,
            "topics_total": self.topics_total,
            "questions_answered": self.questions_answered,
            "answers": self.answers,
            "correct": self.correct,
            "accuracy": self.accuracy,
            "readiness": self.readiness,
            "on_track": self.on_track,
            "exams_taken": self.exams_taken,
            "best_exam_score": self.best_exam_score,
            "problem": self.problem or None,
        }


@dataclass(frozen=True)
class TopicSummary:
    """One topic over the class. Shaped like the dashboard's TopicProgress where `ranking.weakest` looks."""

    topic_id: str
    title: str
    learners: int  # learners who practised it
    answers: int
    correct: int
    mastery: float  # mean over the learners who practised it

    @property
    def accuracy(self) -> float | None:
        return self.correct / self.answers if self.answers else None

    def to_json(self) -> dict[str, Any]:
        return {"topic_id": self.topic_id, "title": self.title, "learners": self.learners, "answers": self.answers,
                "correct": self.correct, "accuracy": self.accuracy, "mastery": self.mastery}


@dataclass(frozen=True)
class ClassReport:
    generated_at: datetime
    course_id: str
    course_title: str
    learners: tuple[LearnerReport, ...]
    topics: tuple[TopicSummary, ...]  # the course's order
    weakest_topics: tuple[TopicSummary, ...]
    questions: QuestionStatistics
    reports: tuple[Report, ...]  # newest first; `learner` is the seat name

    def to_json(self, course: Course) -> dict[str, Any]:
        return {
            "generated_at": iso(self.generated_at),
            "course_id": self.course_id,
            "course_title": self.course_title,
            "learners": [learner.to_json() for learner in self.learners],
            "weakest_topics": [topic.to_json() for topic in self.weakest_topics],
            "topics": [topic.to_json() for topic in self.topics],
            "question_statistics": self.questions.to_json(),
            "reports": [report.to_json(course) for report in self.reports],
        }


def class_report(folder: ClassFolder, course: Course, clock: Clock) -> ClassReport:
    """Read every seat of `folder` and put the class together, all at the same moment."""
    now = clock.now()
    learners: list[LearnerReport] = []
    per_topic: dict[str, list[tuple[int, int, float]]] = {t.id: [] for t in course.topics}
    pooled = _answer_pool()
    reports: list[Report] = []
    for name in sorted(folder.seats, key=str.casefold):
        path = folder.db_path(name)
        if not path.exists():
            learners.append(_not_started(name, len(course.topics)))
            continue
        try:
            store = open_store(path, course, clock=FakeClock(now), extra_migrations=(EXAM_MIGRATIONS,))
        except StoreError as problem:
            learners.append(_not_started(name, len(course.topics), problem=str(problem)))
            continue
        with store:
            board = dashboard(course, store, now)
            history = ExamStore(store.db, migrate=False).history()
            with snapshot(store.db):
                activity = last_activity(store.db)
                _pool_answers(pooled, store.db, name)
                reports += [_with_learner(report, name) for report in list_reports(store.db)]
        for topic in board.topics:
            if topic.answers:
                per_topic[topic.topic_id].append((topic.answers, topic.correct, topic.mastery))
        learners.append(
            LearnerReport(
                name=name,
                started=True,
                last_activity=activity,
                topics_read=sum(1 for t in board.topics if t.sections and t.sections_read >= t.sections),
                topics_total=len(board.topics),
                questions_answered=board.questions_seen,
                answers=sum(t.answers for t in board.topics),
                correct=sum(t.correct for t in board.topics),
                readiness=board.readiness.overall,
                on_track=board.readiness.on_track,
                exams_taken=len(history),
                best_exam_score=_best(history),
            )
        )
    topics = tuple(
        TopicSummary(
            topic_id=topic.id,
            title=topic.title,
            learners=len(per_topic[topic.id]),
            answers=sum(a for a, _, _ in per_topic[topic.id]),
            correct=sum(c for _, c, _ in per_topic[topic.id]),
            mastery=sum(m for _, _, m in per_topic[topic.id]) / len(per_topic[topic.id]) if per_topic[topic.id] else 0.0,
        )
        for topic in course.topics
    )
    by_id = {t.topic_id: t for t in topics}
    reports.sort(key=lambda r: r.created_at, reverse=True)
    return ClassReport(
        generated_at=now,
        course_id=course.id,
        course_title=course.title,
        learners=tuple(learners),
        topics=topics,
        weakest_topics=tuple(by_id[topic_id] for topic_id in weakest(topics, WEAKEST_COUNT)),
        questions=question_statistics(course, pooled),
        reports=tuple(reports),
    )


def last_activity(db: Database) -> datetime | None:
    """The latest moment the learner read, answered or started a session, from their database."""
    moments = [
        db.execute(sql).fetchone()[0]
        for sql in (
            "SELECT max(answered_at) FROM answers",
            "SELECT max(last_read_at) FROM sections_read",
            "SELECT max(started_at) FROM sessions",
        )
    ]
    known = [datetime.fromisoformat(m) for m in moments if m]
    return max(known) if known else None


def _not_started(name: str, topics: int, problem: str = "") -> LearnerReport:
    return LearnerReport(name, False, None, 0, topics, 0, 0, 0, 0.0, False, 0, None, problem)


def _best(history: Sequence[HistoryEntry]) -> float | None:
    return max((entry.score for entry in history), default=None)


def _with_learner(report: Report, seat: str) -> Report:
    return replace(report, learner=seat)


# The columns question_statistics reads, pooled from every seat, each answer tagged with its seat.
_POOL_COLUMNS = ("question_id", "content_hash", "picked", "correct", "duration_ms", "mode", "answered_at")


def _answer_pool() -> Database:
    db = Database(MEMORY)
    db.execute(f"CREATE TABLE answers (learner TEXT NOT NULL, {', '.join(_POOL_COLUMNS)})")
    create_answer_groups(db)  # added up as the seats' answers are poured in, as in every progress file
    return db


def _pool_answers(pool: Database, seat_db: Database, seat: str) -> None:
    rows = seat_db.execute(f"SELECT {', '.join(_POOL_COLUMNS)} FROM answers").fetchall()
    placeholders = ", ".join("?" * (len(_POOL_COLUMNS) + 1))
    pool.conn.executemany(f"INSERT INTO answers VALUES ({placeholders})", [(seat, *row) for row in rows])
