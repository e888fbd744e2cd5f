"""The dashboard: every figure the progress screen and `coldstart stats` show, as one plain dataclass.

How each figure is defined (the on-screen `explanation` says the readiness part in plain words):

- due today: reviews whose FSRS due time is before local midnight tonight; learning steps (questions answered
  minutes ago, due again in minutes) are counted apart, as Anki does (`ProgressStore.due`).
- streak: consecutive local days with at least one answer, ending today, or yesterday if nothing has
  been answered yet today (so the streak does not read 0 at breakfast).
- time studied: the measured time of every answer to a course question, plus an estimate for reading:
  each section read counts once, at 200 words per minute of its prose.
- accuracy by day: answers and right answers per local day over the last 30 days (predictions excluded);
  accuracy is None on a day without answers, never NaN.
- topic mastery: FSRS recall probability now, averaged over all of the topic's questions, unseen ones
  counting as 0 (`ProgressStore.topic_progress`).
- weakest topics: the five topics whose answers show the most weakness, by a bound on their miss rate that
  grows with the evidence (ranking.weakest, ranking.topic_weakness).
- readiness: the expected percentage correct on a full practice exam today, with an 80% interval, or
  "not enough answers yet" (readiness.py says how it is estimated, docs/readiness.md how it was checked).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from ..clock import FakeClock
from ..course.model import (
    CalloutBlock,
    ChangedBlock,
    Course,
    DiagramBlock,
    Section,
    TableBlock,
    TextBlock,
)
from .database import snapshot
from .ranking import weakest
from .readiness import INTERVAL, DomainReadiness, Readiness, readiness
from .scheduling import iso
from .store import ProgressStore, TopicProgress

__all__ = [
    "ACCURACY_DAYS",
    "Dashboard",
    "DayAccuracy",
    "DomainReadiness",
    "Readiness",
    "StudyTime",
    "dashboard",
    "readiness",
    "section_reading_seconds",
]

ACCURACY_DAYS = 30
READING_WORDS_PER_MINUTE = 200


@dataclass(frozen=True)
class DayAccuracy:
    """Answers given on one local day."""

    day: date
    answers: int
    correct: int

    @property
    def accuracy(self) -> float | None:
        return self.correct / self.answers if self.answers else None


@dataclass(frozen=True)
class StudyTime:
    """Seconds spent: answering (measured) and reading (estimated)."""

    answering_seconds: float
    reading_seconds: float

    @property
    def total_seconds(self) -> float:
        return self.answering_seconds + self.reading_seconds


@dataclass(frozen=True)
class Dashboard:
    """Every figure of the progress screen at one moment."""

    generated_at: datetime
    course_id: str
    questions_total: int
    questions_seen: int
    answers_total: int  # answers to course questions, retired ones included, predictions not
    due_today: int
    due_questions: tuple[str, ...]
    streak_days: int
    studied_today: bool
    time_studied: StudyTime
    topics: tuple[TopicProgress, ...]
    accuracy_by_day: tuple[DayAccuracy, ...]  # oldest first, one entry per day, today last
    weakest_topics: tuple[str, ...]
    readiness: Readiness
    retired_questions: tuple[str, ...] = field(default=())
    changed_questions: tuple[str, ...] = field(default=())
    learning_today: int = 0  # learning steps due today, apart from `due_today` (reviews)

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict (dates as ISO strings, derived fractions included)."""
        data = asdict(self)
        data["generated_at"] = iso(self.generated_at)
        data["time_studied"]["total_seconds"] = self.time_studied.total_seconds
        for topic, raw in zip(self.topics, data["topics"]):
            raw["read_fraction"] = topic.read_fraction
            raw["accuracy"] = topic.accuracy
        for day, raw in zip(self.accuracy_by_day, data["accuracy_by_day"]):
            raw["day"] = day.day.isoformat()
            raw["accuracy"] = day.accuracy
        data["readiness"].update(
            on_track=self.readiness.on_track, headline=self.readiness.headline, scope=self.readiness.scope,
            interval=INTERVAL,
        )
        return data


def dashboard(course: Course, store: ProgressStore, now: datetime | None = None) -> Dashboard:
    """Compute the dashboard for `course` from `store` at `now` (default: the store's clock)."""
    # One consistent moment and course for every figure, whatever the store was opened with.
    store = store.using(course=course, clock=FakeClock(now) if now is not None else None)
    with snapshot(store.db):  # every figure from the same state, even while another window writes
        return _dashboard(course, store)


def _dashboard(course: Course, store: ProgressStore) -> Dashboard:
    now = store.now()
    states = store.question_states()
    in_course = {q.id for q in course.questions}
    today = store.local_day(now)
    days = _answers_by_day(store, today)
    topics = tuple(store.topic_progress(states))
    due = store.due()
    streak, studied_today = _streak(store, today)
    return Dashboard(
        generated_at=now,
        course_id=course.id,
        questions_total=len(course.questions),
        questions_seen=len(in_course & states.keys()),
        answers_total=sum(s.answers for s in states.values()),
        due_today=len(due.reviews),
        due_questions=due.reviews,
        streak_days=streak,
        studied_today=studied_today,
        time_studied=StudyTime(
            answering_seconds=_answering_ms(store) / 1000,
            reading_seconds=_reading_seconds(course, store.sections_read()),
        ),
        topics=topics,
        accuracy_by_day=days,
        weakest_topics=tuple(weakest(topics)),
        readiness=readiness(course, store, states),
        retired_questions=tuple(store.retired_questions(states)),
        changed_questions=tuple(store.changed_questions(states)),
        learning_today=len(due.learning),
    )


def _answers_by_day(store: ProgressStore, today: date) -> tuple[DayAccuracy, ...]:
    """Per local day over the last ACCURACY_DAYS days, oldest first; one range query per day on an index."""
    result = []
    for offset in range(ACCURACY_DAYS - 1, -1, -1):
        day = today - timedelta(days=offset)
        answers, correct = store.db.execute(
            """SELECT count(*), coalesce(sum(correct), 0) FROM answers
               WHERE answered_at >= ? AND answered_at < ? AND mode != 'predict'""",
            [iso(store.day_start(day)), iso(store.day_start(day + timedelta(days=1)))],
        ).fetchone()
        result.append(DayAccuracy(day, answers, correct))
    return tuple(result)


STREAK_PROBE_DAYS = 32  # days of a streak looked at in one query


def _streak(store: ProgressStore, today: date) -> tuple[int, bool]:
    """(consecutive local days with an answer ending today or yesterday, whether today is one of them).

    One indexed probe per day of the streak, so the cost grows with the streak, not with the history; the probes
    of STREAK_PROBE_DAYS days go to SQLite in one query (one query per day was most of the streak's time).
    """

    def first_without_answers(latest: date, count: int) -> int | None:
        """Of `count` days back from `latest`, the place (0: `latest`) of the first without an answer, if any."""
        # Local midnights from the end of `latest` back: each day runs from the next one's start to its own.
        midnights = [iso(store.day_start(latest + timedelta(days=1 - n))) for n in range(count + 1)]
        probes = ", ".join("(?, ?, ?)" for _ in range(count))
        row = store.db.execute(
            f"""WITH probe(n, since, until) AS (VALUES {probes})
                SELECT min(n) FROM probe
                WHERE NOT EXISTS (SELECT 1 FROM answers WHERE answered_at >= probe.since AND answered_at < probe.until)""",
            [value for n in range(count) for value in (n, midnights[n + 1], midnights[n])],
        ).fetchone()
        gap: int | None = row[0]
        return gap

    studied_today = first_without_answers(today, 1) is None
    latest = today if studied_today else today - timedelta(days=1)
    streak = 0
    while (gap := first_without_answers(latest, STREAK_PROBE_DAYS)) is None:
        streak += STREAK_PROBE_DAYS
        latest -= timedelta(days=STREAK_PROBE_DAYS)
    return streak + gap, studied_today


def _answering_ms(store: ProgressStore) -> int:
    return int(next(store.db.query("SELECT coalesce(sum(duration_ms), 0) AS ms FROM question_stats"))["ms"])


def section_reading_seconds(section: Section) -> float:
    """Estimated reading time of a section: its words at 200 words per minute."""
    words = 0
    for block in section.blocks:
        if isinstance(block, (TextBlock, CalloutBlock)):
            words += len(block.markdown.split())
        elif isinstance(block, ChangedBlock):
            words += len(block.was.split()) + len(block.now.split())
        elif isinstance(block, DiagramBlock):
            words += len(block.caption.split())
        elif isinstance(block, TableBlock):
            words += sum(len(cell.split()) for row in block.rows for cell in row) + len(block.caption.split())
    return words * 60 / READING_WORDS_PER_MINUTE


def _reading_seconds(course: Course, read: dict[str, set[str]]) -> float:
    total = 0.0
    for topic in course.topics:
        done = read.get(topic.id, set())
        total += sum(section_reading_seconds(s) for s in topic.sections if s.id in done)
    return total
