"""The progress store: what the learner read and answered, and the FSRS schedule built from it.

One `ProgressStore` wraps one SQLite connection (open one per thread). Every write is one short
transaction, so an answer is on disk the moment `record_answer` returns: killing coldstart at any point
loses at most the answer not yet given, and two coldstart processes on one file both keep every answer.

Time comes from the injected clock; "today" is the learner's local day (`tz`, default the system's).
"""

from __future__ import annotations

import hashlib
import json
import math
import sqlite3
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from functools import cached_property
from pathlib import Path
from typing import Any

from fsrs import Card, Rating, Scheduler, State
from sqlite_utils import Database, Migrations

from ..clock import Clock, SystemClock, utc
from ..course.model import Course, PredictQuestion, Question
from ..quoting import quoted
from ..wording import count_of
from .database import StoreError, connect_reader, open_database, transaction
from .ranking import cram_order
from .scheduling import (
    DEFAULT_DESIRED_RETENTION,
    card_from_row,
    card_row,
    iso,
    make_scheduler,
    new_card,
    rating_for,
    recall_at,
    replay,
)
from .schema import MODES, Mode

__all__ = [
    "SCHEDULED_MODES",
    "AnswerResult",
    "Due",
    "Mode",
    "ProgressStore",
    "QuestionState",
    "TopicProgress",
    "open_store",
]

# Answers in these modes move the FSRS schedule. Cram is for the night before the exam and must not
# (Anki's filtered decks with rescheduling off); predictions before a simulation are not course questions.
SCHEDULED_MODES = frozenset({"practice", "review", "retake", "exam"})

# py-fsrs refuses desired retentions it cannot schedule sensibly; Anki advises staying below 0.97.
RETENTION_RANGE = (0.7, 0.99)
KNOWN_SETTINGS = ("desired_retention", "theme", "exam_date")


def check_setting(key: str, value: object) -> str | None:
    """Why `value` cannot be the setting `key`, in one line; None when it can (or the key is not coldstart's)."""
    if key == "desired_retention":
        low, high = RETENTION_RANGE
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not low <= value <= high:
            return f"desired_retention must be a number from {low} to {high}, not {quoted(value)}"
    elif key == "theme" and not (isinstance(value, str) and 0 < len(value) <= 100):
        return f"theme must be the name of a theme, not {quoted(value)}"
    elif key == "exam_date" and value is not None and not _is_iso_date(value):
        return f"exam_date must be a date as YYYY-MM-DD, not {quoted(value)}"
    return None


def _is_iso_date(value: object) -> bool:
    try:
        date.fromisoformat(value)  # type: ignore[arg-type]  # any stored value; a non-string raises TypeError below
    except (TypeError, ValueError):
        return False
    return isinstance(value, str) and len(value) == 10


@dataclass(frozen=True)
class AnswerResult:
    """What recording an answer did."""

    answer_id: str
    question_id: str
    correct: bool
    rating: Rating | None  # None when the mode does not schedule (cram, predict)
    due: datetime | None  # the card's next due time, when scheduled
    changed_since_last: bool  # the question's content changed since the learner last answered it


@dataclass(frozen=True)
class Due:
    """Questions due today, split as Anki splits them: "12 due · 3 in learning"."""

    reviews: tuple[str, ...]  # review-state cards due before local midnight, most overdue first
    learning: tuple[str, ...]  # learning and relearning steps due today: usually minutes after an answer
    learning_now: tuple[str, ...]  # the learning steps among them already due
    next_learning_at: datetime | None  # when the next learning step not yet due comes due

    def in_words(self, now: datetime) -> str:
        """The counts in words: '12 reviews due today · 3 in learning (next in 8 min)', or 'nothing due today'."""
        parts = [f"{count_of(len(self.reviews), 'review')} due today"] if self.reviews else []
        if self.learning:
            waiting = ""
            if not self.learning_now and self.next_learning_at is not None:
                minutes = max(1, math.ceil((self.next_learning_at - now).total_seconds() / 60))
                waiting = f" (next in {minutes} min)"
            parts.append(f"{len(self.learning)} in learning{waiting}")
        return " · ".join(parts) or "nothing due today"


@dataclass(frozen=True)
class QuestionState:
    """One question's history in a few numbers (from question_stats and cards)."""

    question_id: str
    topic_id: str
    answers: int
    correct: int
    last_answered_at: datetime
    last_correct: bool
    last_content_hash: str
    card: Card | None  # None if only ever answered in cram mode

    @property
    def accuracy(self) -> float:
        return self.correct / self.answers


@dataclass(frozen=True)
class TopicProgress:
    """Progress in one topic. Fractions are 0..1; `accuracy` is None before the first answer."""

    topic_id: str
    title: str
    sections: int
    sections_read: int
    questions: int
    questions_seen: int
    answers: int
    correct: int
    mastery: float  # mean FSRS retrievability now over the topic's questions, unseen counting as 0

    @property
    def read_fraction(self) -> float:
        return self.sections_read / self.sections if self.sections else 0.0

    @property
    def accuracy(self) -> float | None:
        return self.correct / self.answers if self.answers else None


def open_store(
    path: str | Path,
    course: Course | None = None,
    *,
    clock: Clock | None = None,
    tz: tzinfo | None = None,
    fuzz: bool = True,
    extra_migrations: Iterable[Migrations] = (),
    handed_over: bool = False,
) -> ProgressStore:
    """Check and open (or create) the progress database at `path`; see `database.open_database`.

    `course` is needed by the queries that compare history with the course (due lists, topic progress,
    retired and changed questions); recording works without it. `fuzz=False` makes FSRS intervals
    deterministic. `extra_migrations` are further sqlite-utils Migrations sets to apply to the same file.
    With a course, content hashes stored in an older format are upgraded first (see hash_upgrade).
    `handed_over=True`: opened in one thread to be used in another (see `open_database`).
    """
    db = open_database(path, extra_migrations=extra_migrations, handed_over=handed_over)
    if course is not None:
        from .hash_upgrade import upgrade_content_hashes

        upgrade_content_hashes(db, course)
    return ProgressStore(db, course=course, clock=clock or SystemClock(), tz=tz, fuzz=fuzz)


class ProgressStore:
    """Reads and writes one learner's progress. Build it with `open_store`."""

    def __init__(
        self,
        db: Database,
        *,
        course: Course | None = None,
        clock: Clock,
        tz: tzinfo | None = None,
        fuzz: bool = True,
    ) -> None:
        self.db = db
        self.course = course
        self.clock = clock
        self.tz = tz
        self.fuzz = fuzz

    # --- lifecycle -------------------------------------------------------------------------------

    @property
    def path(self) -> Path:
        """The database file."""
        return Path(self.db.conn.execute("PRAGMA database_list").fetchone()[2])

    def using(self, *, course: Course | None = None, clock: Clock | None = None) -> ProgressStore:
        """A view of the same database (same connection) with another course and/or clock."""
        return ProgressStore(
            self.db, course=course or self.course, clock=clock or self.clock, tz=self.tz, fuzz=self.fuzz
        )

    def reader(self, path: Path) -> ProgressStore:
        """The same store (course, clock, time zone) on a read-only connection of the calling thread.

        For reading in a worker thread while this store's connection stays with the thread that opened it.
        `path` is this store's file (`self.path` asks the connection, so it can only be read in that thread).
        The caller closes the reader.
        """
        return ProgressStore(connect_reader(path), course=self.course, clock=self.clock, tz=self.tz, fuzz=self.fuzz)

    def change_stamp(self) -> tuple[int, int]:
        """A stamp of the database's contents: while it is the same, nothing was written, so figures computed
        from the database still hold (the app keeps the dashboard and question statistics by it).

        Two counters SQLite keeps for free, read on this store's connection (its thread): the rows written
        through this connection (every store sharing it, the exam tables' included), and `data_version`, which
        moves whenever another connection commits (another coldstart, an import in a terminal).
        """
        return self.db.conn.total_changes, self.db.conn.execute("PRAGMA data_version").fetchone()[0]

    def close(self) -> None:
        """Close the connection (WAL is checkpointed when the last connection closes)."""
        self.db.close()

    def __enter__(self) -> ProgressStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- time --------------------------------------------------------------------------------------

    def now(self) -> datetime:
        """The clock's now, in UTC."""
        return utc(self.clock.now())

    def local_day(self, moment: datetime) -> date:
        """The learner's calendar day at `moment`."""
        local = moment.astimezone(self.tz) if self.tz is not None else moment.astimezone()
        return local.date()

    def day_start(self, day: date) -> datetime:
        """Local midnight starting `day`, in UTC."""
        naive = datetime.combine(day, time())
        local = naive.replace(tzinfo=self.tz) if self.tz is not None else naive.astimezone()
        return local.astimezone(UTC)

    # --- settings ----------------------------------------------------------------------------------

    def setting(self, key: str, default: Any = None) -> Any:
        """A stored setting (JSON-decoded), or `default` when there is none or it is not usable.

        A value that is not usable (stored by an import that did not check it, say) must not break stats and
        practice for good: it is passed over, and `unusable_settings` says so.
        """
        value = self._stored_settings().get(key, default)
        return default if check_setting(key, value) else value

    def unusable_settings(self) -> dict[str, str]:
        """The stored settings that are not usable, each with the reason: their defaults are used instead."""
        found = {key: check_setting(key, value) for key, value in self._stored_settings().items()}
        return {key: reason for key, reason in found.items() if reason}

    def _stored_settings(self) -> dict[str, Any]:
        settings: dict[str, Any] = {}
        for row in self.db.query("SELECT key, value FROM settings"):
            try:
                settings[row["key"]] = json.loads(row["value"])
            except (TypeError, ValueError, RecursionError):
                settings[row["key"]] = row["value"]  # not JSON: shown as the text it is, and judged unusable
        return settings

    def set_setting(self, key: str, value: Any) -> None:
        """Store a setting (any JSON value)."""
        with transaction(self.db):
            self.db.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                [key, json.dumps(value)],
            )

    @property
    def desired_retention(self) -> float:
        """FSRS desired retention: the recall probability a review is scheduled at (default 0.9)."""
        return float(self.setting("desired_retention", DEFAULT_DESIRED_RETENTION))

    def set_desired_retention(self, value: float) -> None:
        """Change desired retention; future reviews use it (existing due dates are left as they are)."""
        low, high = RETENTION_RANGE
        if not low <= value <= high:
            raise ValueError(f"desired retention must be between {low} and {high}, not {value}")
        self.set_setting("desired_retention", value)
        self.__dict__.pop("scheduler", None)

    @cached_property
    def scheduler(self) -> Scheduler:
        """The FSRS scheduler for the stored desired retention."""
        return make_scheduler(self.desired_retention, fuzz=self.fuzz)

    # --- recording ---------------------------------------------------------------------------------

    def mark_section_read(self, topic_id: str, section_id: str) -> None:
        """Note that a section was read now (first and last read times are kept)."""
        stamp = iso(self.now())
        with transaction(self.db):
            self.db.execute(
                """INSERT INTO sections_read (topic_id, section_id, first_read_at, last_read_at)
                   VALUES (?, ?, ?, ?)
                   ON CONFLICT (topic_id, section_id) DO UPDATE
                   SET last_read_at = excluded.last_read_at, times_read = times_read + 1""",
                [topic_id, section_id, stamp, stamp],
            )

    def start_session(self, mode: Mode, topic_id: str | None = None) -> str:
        """Open a practice session and return its id; pass it to `record_answer` to count answers in it."""
        _check_mode(mode)
        session_id = uuid.uuid4().hex
        with transaction(self.db):
            self.db.execute(
                "INSERT INTO sessions (id, mode, topic_id, started_at) VALUES (?, ?, ?, ?)",
                [session_id, mode, topic_id, iso(self.now())],
            )
        return session_id

    def end_session(self, session_id: str) -> None:
        """Close a session (its counts were kept up to date answer by answer)."""
        with transaction(self.db):
            self.db.execute("UPDATE sessions SET ended_at = ? WHERE id = ?", [iso(self.now()), session_id])

    def record_answer(
        self,
        question: Question,
        picked: Iterable[int],
        *,
        duration_ms: int | None,
        mode: Mode,
        session_id: str | None = None,
    ) -> AnswerResult:
        """Record one answer and, in a scheduling mode, review the question's FSRS card.

        `picked` are choice indexes in the question's own YAML order. The answer row, the card and the
        review log are written in one transaction, committed before this returns.
        """
        _check_mode(mode)
        chosen = sorted(set(int(i) for i in picked))
        if any(not 0 <= i < len(question.choices) for i in chosen):
            raise ValueError(f"choice index out of range for question {question.id}: {chosen}")
        correct = question.is_correct(chosen)
        rating = rating_for(question, correct, duration_ms) if mode in SCHEDULED_MODES else None
        return self._record(
            question_id=question.id,
            topic_id=question.topic,
            content_hash=question.content_hash,
            picked=chosen,
            correct=correct,
            duration_ms=duration_ms,
            mode=mode,
            session_id=session_id,
            rating=rating,
        )

    def record_prediction(
        self,
        prediction_id: str,
        topic_id: str,
        predict: PredictQuestion,
        picked: int,
        *,
        duration_ms: int | None,
        session_id: str | None = None,
    ) -> AnswerResult:
        """Record a prediction made before a simulation ran (mode "predict"; never scheduled)."""
        digest = hashlib.sha256(json.dumps([predict.stem, list(predict.choices), predict.answer]).encode())
        return self._record(
            question_id=prediction_id,
            topic_id=topic_id,
            content_hash=digest.hexdigest()[:16],
            picked=[picked],
            correct=picked == predict.answer,
            duration_ms=duration_ms,
            mode="predict",
            session_id=session_id,
            rating=None,
        )

    def _record(
        self,
        *,
        question_id: str,
        topic_id: str,
        content_hash: str,
        picked: Sequence[int],
        correct: bool,
        duration_ms: int | None,
        mode: Mode,
        session_id: str | None,
        rating: Rating | None,
    ) -> AnswerResult:
        if duration_ms is not None and duration_ms < 0:
            raise ValueError("duration_ms cannot be negative")
        now = self.now()
        answer_id = uuid.uuid4().hex
        due: datetime | None = None
        with transaction(self.db):
            if session_id is not None:
                cursor = self.db.execute(
                    "UPDATE sessions SET answered = answered + 1, correct = correct + ? WHERE id = ?",
                    [int(correct), session_id],
                )
                if cursor.rowcount == 0:
                    raise ValueError(f"no practice session {session_id!r}")
            previous = self.db.execute(
                "SELECT content_hash FROM answers WHERE question_id = ? ORDER BY answered_at DESC, rowid DESC LIMIT 1",
                [question_id],
            ).fetchone()
            self.db.execute(
                """INSERT INTO answers (id, question_id, content_hash, topic_id, picked, correct, duration_ms,
                                        mode, answered_at, session_id)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                [answer_id, question_id, content_hash, topic_id, json.dumps(list(picked)), int(correct),
                 duration_ms, mode, iso(now), session_id],
            )
            if rating is not None:
                card = self.card(question_id) or new_card(question_id, now)
                card, log = self.scheduler.review_card(card, rating, review_datetime=now, review_duration=duration_ms)
                self._save_card(question_id, topic_id, card)
                self.db.execute(
                    """INSERT INTO review_logs (answer_id, question_id, card_id, rating, review_datetime, review_duration)
                       VALUES (?, ?, ?, ?, ?, ?)""",
                    [answer_id, question_id, log.card_id, int(log.rating), iso(log.review_datetime), duration_ms],
                )
                due = card.due
        return AnswerResult(
            answer_id=answer_id,
            question_id=question_id,
            correct=correct,
            rating=rating,
            due=due,
            changed_since_last=previous is not None and previous[0] != content_hash,
        )

    def _save_card(self, question_id: str, topic_id: str, card: Card) -> None:
        row = card_row(question_id, topic_id, card)
        columns = ", ".join(row)
        updates = ", ".join(f"{column} = excluded.{column}" for column in row if column != "question_id")
        self.db.execute(
            f"INSERT INTO cards ({columns}) VALUES ({', '.join('?' for _ in row)}) "
            f"ON CONFLICT (question_id) DO UPDATE SET {updates}",
            list(row.values()),
        )

    def rebuild_card(self, question_id: str) -> None:
        """Replace a question's card by replaying all its review logs (after an import or a reset).

        Runs inside the caller's transaction. Replaying makes the card independent of the order in
        which answers from several machines arrived.
        """
        logs = [
            (row["rating"], datetime.fromisoformat(row["review_datetime"]), row["review_duration"])
            for row in self.db.query(
                "SELECT rating, review_datetime, review_duration FROM review_logs WHERE question_id = ? "
                "ORDER BY review_datetime, id",
                [question_id],
            )
        ]
        card = replay(self.scheduler, question_id, logs)
        self.db.execute("DELETE FROM cards WHERE question_id = ?", [question_id])
        if card is not None:
            topic = next(self.db.query("SELECT topic_id FROM question_stats WHERE question_id = ?", [question_id]), None)
            self._save_card(question_id, topic["topic_id"] if topic else "", card)

    # --- reading -----------------------------------------------------------------------------------

    def card(self, question_id: str) -> Card | None:
        """The question's FSRS card, or None if it was never scheduled ("new")."""
        rows = list(self.db.query("SELECT * FROM cards WHERE question_id = ?", [question_id]))
        return card_from_row(rows[0]) if rows else None

    def question_states(self, question_ids: Sequence[str] | None = None) -> dict[str, QuestionState]:
        """The state of every answered question (course or not), or of `question_ids` only.

        Two queries with one row per question each, whatever the number of answers. (Plain cursors
        rather than db.query: this runs for every question whenever a screen shows progress.)
        """
        where, params = "", []
        if question_ids is not None:
            where, params = f"WHERE question_id IN ({', '.join('?' for _ in question_ids)})", list(question_ids)
        cards = {row["question_id"]: card_from_row(row) for row in self._rows(f"SELECT * FROM cards {where}", params)}
        return {
            row["question_id"]: QuestionState(
                question_id=row["question_id"],
                topic_id=row["topic_id"],
                answers=row["answers"],
                correct=row["correct"],
                last_answered_at=datetime.fromisoformat(row["last_answered_at"]),
                last_correct=bool(row["last_correct"]),
                last_content_hash=row["last_content_hash"],
                card=cards.get(row["question_id"]),
            )
            for row in self._rows(f"SELECT * FROM question_stats {where}", params)
        }

    def _rows(self, sql: str, params: Sequence[object] = ()) -> Iterable[sqlite3.Row]:
        """Rows addressable by column name, without a dict per row."""
        cursor = self.db.conn.cursor()
        cursor.row_factory = sqlite3.Row
        return cursor.execute(sql, params)

    def question_state(self, question_id: str) -> QuestionState | None:
        """One question's state, or None if never answered."""
        return self.question_states([question_id]).get(question_id)

    def sections_read(self) -> dict[str, set[str]]:
        """Section ids read, per topic id."""
        read: dict[str, set[str]] = {}
        for row in self.db.query("SELECT topic_id, section_id FROM sections_read"):
            read.setdefault(row["topic_id"], set()).add(row["section_id"])
        return read

    def answer_count(self) -> int:
        """How many answers are stored (every mode)."""
        return int(next(self.db.query("SELECT count(*) AS n FROM answers"))["n"])

    # --- comparing history with the course ---------------------------------------------------------

    def _course(self) -> Course:
        if self.course is None:
            raise StoreError("this needs the course: open the store with open_store(path, course)")
        return self.course

    def retired_questions(self, states: dict[str, QuestionState] | None = None) -> list[str]:
        """Ids answered in the past that the course no longer has (their history is kept)."""
        course = self._course()
        states = self.question_states() if states is None else states
        return sorted(qid for qid in states if course.question(qid) is None)

    def changed_questions(self, states: dict[str, QuestionState] | None = None) -> list[str]:
        """Ids whose content changed since the learner last answered them ("changed since you last answered")."""
        hashes = content_hashes(self._course())
        states = self.question_states() if states is None else states
        return sorted(
            qid for qid, state in states.items() if qid in hashes and hashes[qid] != state.last_content_hash
        )

    def is_changed(self, question: Question) -> bool:
        """True if `question` changed since the learner last answered it (False if never answered)."""
        state = self.question_state(question.id)
        return state is not None and state.last_content_hash != question.content_hash

    # --- what to study -----------------------------------------------------------------------------

    def due_today(self, topic_id: str | None = None) -> list[str]:
        """What a review run asks: reviews due before the end of today (local midnight), most overdue first,
        then the learning steps due by now.

        "Today" for reviews, so the count shown in the morning is the day's work; "now" for learning steps
        (a question answered minutes ago, in FSRS learning or relearning), which come back in minutes and
        would be rushed if asked early. Unseen questions are new, not due.
        """
        due = self.due(topic_id)
        return list(due.reviews + due.learning_now)

    def due(self, topic_id: str | None = None) -> Due:
        """Course questions due today, reviews apart from learning steps (as Anki counts them)."""
        course = self._course()
        now = self.now()
        tomorrow = self.day_start(self.local_day(now) + timedelta(days=1))
        reviews: list[str] = []
        learning: list[tuple[str, datetime]] = []
        rows = self.db.query(
            "SELECT question_id, state, due FROM cards WHERE due < ? ORDER BY due, question_id", [iso(tomorrow)]
        )
        for row in rows:
            question = course.question(row["question_id"])
            if question is None or (topic_id is not None and question.topic != topic_id):
                continue
            if State(row["state"]) == State.Review:
                reviews.append(row["question_id"])
            else:
                learning.append((row["question_id"], datetime.fromisoformat(row["due"])))
        return Due(
            reviews=tuple(reviews),
            learning=tuple(qid for qid, _ in learning),
            learning_now=tuple(qid for qid, when in learning if when <= now),
            next_learning_at=min((when for _, when in learning if when > now), default=None),
        )

    def due_count(self) -> int:
        """How many reviews are due today (learning steps apart: see `due`)."""
        return len(self.due().reviews)

    def retake_wrong(self, topic_id: str | None = None) -> list[str]:
        """Course questions whose most recent answer (any mode) was wrong, most recently missed first."""
        course = self._course()
        states = [
            state
            for state in self.question_states().values()
            if not state.last_correct
            and (question := course.question(state.question_id)) is not None
            and (topic_id is None or question.topic == topic_id)
        ]
        states.sort(key=lambda s: (s.last_answered_at, s.question_id), reverse=True)
        return [state.question_id for state in states]

    def cram_queue(self, topic_id: str | None = None) -> list[str]:
        """Course questions for cramming: missed ones first, then the weakest topics (see ranking.cram_order).

        Answer them with mode="cram": they are recorded but never move the FSRS schedule.
        """
        course = self._course()
        questions = [q for q in course.questions if topic_id is None or q.topic == topic_id]
        return cram_order(questions, self.question_states())

    def topic_progress(self, states: dict[str, QuestionState] | None = None) -> list[TopicProgress]:
        """Progress for every topic of the course, in the author's order."""
        course = self._course()
        states = self.question_states() if states is None else states
        read = self.sections_read()
        recall = recall_at(self.scheduler, self.now())
        by_topic: dict[str, list[Question]] = {}
        for question in course.questions:
            by_topic.setdefault(question.topic, []).append(question)
        progress = []
        for topic in course.topics:
            questions = by_topic.get(topic.id, [])
            seen = [states[q.id] for q in questions if q.id in states]
            section_ids = {s.id for s in topic.sections}
            progress.append(
                TopicProgress(
                    topic_id=topic.id,
                    title=topic.title,
                    sections=len(section_ids),
                    sections_read=len(section_ids & read.get(topic.id, set())),
                    questions=len(questions),
                    questions_seen=len(seen),
                    answers=sum(s.answers for s in seen),
                    correct=sum(s.correct for s in seen),
                    mastery=sum(recall(s.card) for s in seen) / len(questions) if questions else 0.0,
                )
            )
        return progress


def content_hashes(course: Course) -> dict[str, str]:
    """Every question's content hash, computed once per Course object (each one is a JSON dump and a SHA-256)."""
    cached = course.__dict__.get("_progress_content_hashes")
    if cached is None:
        cached = {q.id: q.content_hash for q in course.questions}
        # Course is frozen; cache the way Course caches its own question index.
        object.__setattr__(course, "_progress_content_hashes", cached)
    return cached


def _check_mode(mode: str) -> None:
    if mode not in MODES:
        raise ValueError(f"unknown answer mode {mode!r}; expected one of {', '.join(MODES)}")

