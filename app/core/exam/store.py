"""The exam tables, in the learner's progress database, written as things happen.

Two tables under their own migration set, "coldstart-exam": `exams` (one row per sitting: what was drawn,
the countdown, the question on screen and, once submitted, the outcome) and `exam_answers` (one row per
position: the answer, the flag and the time spent). Every answer, flag and visit is one small committed
transaction, so a crash or a SIGKILL loses at most the time spent on the question on screen.

Migrations are append-only: never edit one that has shipped, add a new function below it.

Answers are stored in the question's own (YAML) choice indexes, like the progress store's; the choice
permutations are stored with the exam so the screen order can be rebuilt.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlite_utils import Database, Migrations

from ..progress.database import transaction
from .draw import Paper
from .errors import ExamError
from .scoring import ExamResult, Tally
from .timer import Countdown

__all__ = ["MIGRATIONS", "AnswerRecord", "ExamRecord", "ExamStore", "HistoryEntry"]

IN_PROGRESS = "in_progress"
SUBMITTED = "submitted"

MIGRATIONS = Migrations("coldstart-exam")


@MIGRATIONS()
def create_exam_tables(db: Database) -> None:
    db.table("exams").create(
        {
            "id": int,
            "blueprint_id": str,
            "title": str,
            "seed": int,
            "question_ids": str,  # JSON list, in exam order
            "permutations": str,  # JSON list of lists: own choice indexes in screen order
            "pass_mark": float,
            "pausable": int,
            "started": str,  # ISO 8601, UTC
            "deadline": str,  # started + the blueprint's minutes; pauses push it back (see `paused`)
            "paused": str,  # JSON list of [start, end] ISO pairs
            "paused_since": str,  # an open pause (the app was closed on a pausable exam), or null
            "status": str,  # in_progress | submitted
            "score": float,
            "passed": int,
            "timed_out": int,
            "submitted_at": str,
            "per_domain": str,  # JSON {domain: {"correct": n, "total": n}}, for the history chart
            "retake_of": int,  # the exam whose missed questions this one retakes
        },
        pk="id",
        not_null={"blueprint_id", "title", "seed", "question_ids", "permutations", "started", "deadline", "status"},
        defaults={"paused": "[]", "status": IN_PROGRESS},
    )
    db.table("exams").create_index(["status"])
    db.table("exam_answers").create(
        {
            "exam_id": int,
            "position": int,
            "question_id": str,
            "picked": str,  # JSON list of own choice indexes, or null when unanswered
            "flagged": int,
            "time_spent_ms": int,
            "updated": str,
        },
        pk=("exam_id", "position"),
        not_null={"question_id", "flagged", "time_spent_ms"},
        defaults={"flagged": 0, "time_spent_ms": 0},
        foreign_keys=[("exam_id", "exams", "id")],
    )


@MIGRATIONS()
def add_current_position(db: Database) -> None:
    """`exams.current_position`: the question on screen, so a resumed exam opens where the learner was.

    Exams already in progress have none (null) and open at their first unanswered question, as before.
    """
    db.execute("ALTER TABLE exams ADD COLUMN current_position INTEGER")


@dataclass(frozen=True)
class AnswerRecord:
    """One position of a stored exam."""

    position: int
    question_id: str
    picked: frozenset[int] | None
    flagged: bool
    time_spent: timedelta
    updated: datetime | None


@dataclass(frozen=True)
class ExamRecord:
    """A stored exam: enough to rebuild its session exactly, whatever the course's blueprints say now."""

    id: int
    blueprint_id: str
    title: str
    seed: int
    question_ids: tuple[str, ...]
    permutations: tuple[tuple[int, ...], ...]
    pass_mark: float
    pausable: bool
    countdown: Countdown
    status: str
    timed_out: bool
    submitted_at: datetime | None
    retake_of: int | None
    answers: tuple[AnswerRecord, ...]
    current_position: int | None = None  # the question last on screen; None before the first was shown

    @property
    def last_activity(self) -> datetime:
        """The last moment the exam is known to have been open: its latest write."""
        moments = [self.countdown.started, *(end for _, end in self.countdown.paused)]
        moments += [a.updated for a in self.answers if a.updated is not None]
        return max(moments)

    @property
    def countdown_while_closed(self) -> Countdown:
        """The countdown while the exam is not on screen: a pausable exam's is paused since it was closed
        (or, after a crash, since its last stored change); any other exam's keeps running."""
        return self.countdown.pause(self.last_activity) if self.pausable else self.countdown

    def ran_out(self, now: datetime) -> bool:
        """Whether its time has run out by `now` while it was not on screen (never, for a pausable exam)."""
        return self.countdown_while_closed.state(now) == "expired"


@dataclass(frozen=True)
class HistoryEntry:
    """A past result, for the history list and the trend chart."""

    id: int
    blueprint_id: str
    title: str
    submitted_at: datetime
    score: float
    passed: bool
    by_domain: dict[str, Tally]
    retake_of: int | None = None  # set for a retake of the questions missed in that exam

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "blueprint": self.blueprint_id,
            "title": self.title,
            "date": self.submitted_at.isoformat(),
            "score": round(self.score, 1),
            "passed": self.passed,
            "domains": {d: t.to_json() for d, t in self.by_domain.items()},
            "retake_of": self.retake_of,
        }


def _time(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _picked(value: str | None) -> frozenset[int] | None:
    return frozenset(json.loads(value)) if value is not None else None


class ExamStore:
    """Reads and writes the exam tables of one database (the progress database)."""

    def __init__(self, db: Database, *, migrate: bool = True) -> None:
        """Use `db`, creating or updating the exam tables unless `migrate` is false (a read-only look)."""
        self.db = db
        if migrate:
            MIGRATIONS.apply(db)

    @property
    def has_tables(self) -> bool:
        """Whether the exam tables exist (a database no exam was ever taken in may lack them)."""
        return self.db.table("exams").exists()

    # --- writing, one transaction per event: a failure (a lock held too long, a read-only file, a full disk)
    # is a StoreError with nothing written, so the caller can say so and let the learner try again ---------

    def create(
        self,
        *,
        blueprint_id: str,
        title: str,
        seed: int,
        paper: Paper,
        pass_mark: float,
        pausable: bool,
        started: datetime,
        limit: timedelta,
        retake_of: int | None = None,
    ) -> int:
        """Store a new in-progress exam with an empty answer row per position; returns its id."""
        with transaction(self.db):
            exam_id = self.db.table("exams").insert(
                {
                    "blueprint_id": blueprint_id,
                    "title": title,
                    "seed": seed,
                    "question_ids": json.dumps(paper.question_ids),
                    "permutations": json.dumps(paper.permutations),
                    "pass_mark": pass_mark,
                    "pausable": int(pausable),
                    "started": started.isoformat(),
                    "deadline": (started + limit).isoformat(),
                    "paused": "[]",
                    "status": IN_PROGRESS,
                    "retake_of": retake_of,
                }
            ).last_pk
            assert exam_id is not None  # an insert always sets last_pk
            self.db.table("exam_answers").insert_all(
                {"exam_id": exam_id, "position": i, "question_id": qid, "flagged": 0, "time_spent_ms": 0}
                for i, qid in enumerate(paper.question_ids)
            )
        return int(exam_id)

    def _update_answer(self, exam_id: int, position: int, assignments: str, values: Iterable[object], now: datetime) -> None:
        with transaction(self.db):
            self.db.execute(
                f"update exam_answers set {assignments}, updated = ? where exam_id = ? and position = ?",
                [*values, now.isoformat(), exam_id, position],
            )

    def save_answer(self, exam_id: int, position: int, picked: frozenset[int] | None, now: datetime) -> None:
        value = json.dumps(sorted(picked)) if picked is not None else None
        self._update_answer(exam_id, position, "picked = ?", [value], now)

    def save_flag(self, exam_id: int, position: int, flagged: bool, now: datetime) -> None:
        self._update_answer(exam_id, position, "flagged = ?", [int(flagged)], now)

    def add_time(self, exam_id: int, position: int, spent: timedelta, now: datetime) -> None:
        ms = round(spent / timedelta(milliseconds=1))
        self._update_answer(exam_id, position, "time_spent_ms = time_spent_ms + ?", [ms], now)

    def save_position(self, exam_id: int, position: int) -> None:
        """Record the question now on screen (where a resumed exam opens)."""
        with transaction(self.db):
            self.db.table("exams").update(exam_id, {"current_position": position})

    def save_countdown(self, exam_id: int, countdown: Countdown) -> None:
        """Record the pauses taken so far and whether one is open."""
        with transaction(self.db):
            self.db.table("exams").update(
                exam_id,
                {
                    "paused": json.dumps([[s.isoformat(), e.isoformat()] for s, e in countdown.paused]),
                    "paused_since": countdown.paused_since.isoformat() if countdown.paused_since else None,
                },
            )

    def submit(self, result: ExamResult) -> None:
        """Mark the exam submitted with its outcome (answers were stored as they were given)."""
        with transaction(self.db):
            self.db.table("exams").update(
                result.exam_id,
                {
                    "status": SUBMITTED,
                    "score": result.score,
                    "passed": int(result.passed),
                    "timed_out": int(result.timed_out),
                    "submitted_at": result.submitted_at.isoformat(),
                    "per_domain": json.dumps({d: t.to_json() for d, t in result.by_domain.items()}),
                },
            )

    def discard(self, exam_id: int) -> None:
        """Delete an exam and its answers (an unfinished exam the learner chose not to resume)."""
        with transaction(self.db):
            self.db.execute("delete from exam_answers where exam_id = ?", [exam_id])
            self.db.execute("delete from exams where id = ?", [exam_id])

    # --- reading --------------------------------------------------------------------------------------

    def load(self, exam_id: int) -> ExamRecord | None:
        """The stored exam with this id, or None."""
        rows = list(self.db.query("select * from exams where id = ?", [exam_id]))
        return self._record(rows[0]) if rows else None

    def find_resumable(self) -> ExamRecord | None:
        """The exam still in progress, if any (the latest, should there somehow be several)."""
        rows = list(self.db.query("select * from exams where status = ? order by id desc limit 1", [IN_PROGRESS]))
        return self._record(rows[0]) if rows else None

    def history(self, blueprint_id: str | None = None) -> list[HistoryEntry]:
        """Submitted exams, oldest first, optionally of one blueprint only."""
        sql = "select * from exams where status = ?"
        params: list[object] = [SUBMITTED]
        if blueprint_id is not None:
            sql += " and blueprint_id = ?"
            params.append(blueprint_id)
        return [self._history_entry(row) for row in self.db.query(sql + " order by submitted_at, id", params)]

    @staticmethod
    def _history_entry(row: dict[str, Any]) -> HistoryEntry:
        try:
            return HistoryEntry(
                id=row["id"],
                blueprint_id=row["blueprint_id"],
                title=row["title"],
                submitted_at=datetime.fromisoformat(row["submitted_at"]),
                score=float(row["score"]),
                passed=bool(row["passed"]),
                by_domain={d: Tally(**t) for d, t in json.loads(row["per_domain"] or "{}").items()},
                retake_of=row["retake_of"],
            )
        except (ValueError, TypeError, AttributeError) as error:
            raise ExamError(f"exam {row['id']} is damaged in the progress database ({error})", row["id"]) from None

    def _record(self, row: dict[str, Any]) -> ExamRecord:
        """The record of an `exams` row; a row damaged by hand or by a bad disk is an ExamError, not a crash."""
        try:
            record = self._parse(row)
        except (ValueError, TypeError, KeyError) as error:
            raise ExamError(f"exam {row.get('id')} is damaged in the progress database ({error})", row.get("id")) from None
        if not len(record.question_ids) == len(record.permutations) == len(record.answers):
            raise ExamError(f"exam {record.id} is damaged in the progress database (its parts disagree)", record.id)
        return record

    def _parse(self, row: dict[str, Any]) -> ExamRecord:
        answers = tuple(
            AnswerRecord(
                position=a["position"],
                question_id=a["question_id"],
                picked=_picked(a["picked"]),
                flagged=bool(a["flagged"]),
                time_spent=timedelta(milliseconds=a["time_spent_ms"]),
                updated=_time(a["updated"]),
            )
            for a in self.db.query("select * from exam_answers where exam_id = ? order by position", [row["id"]])
        )
        started = datetime.fromisoformat(row["started"])
        countdown = Countdown(
            started=started,
            limit=datetime.fromisoformat(row["deadline"]) - started,
            paused=tuple((datetime.fromisoformat(s), datetime.fromisoformat(e)) for s, e in json.loads(row["paused"])),
            paused_since=_time(row["paused_since"]),
        )
        return ExamRecord(
            id=row["id"],
            blueprint_id=row["blueprint_id"],
            title=row["title"],
            seed=row["seed"],
            question_ids=tuple(json.loads(row["question_ids"])),
            permutations=tuple(tuple(p) for p in json.loads(row["permutations"])),
            pass_mark=row["pass_mark"],
            pausable=bool(row["pausable"]),
            countdown=countdown,
            status=row["status"],
            timed_out=bool(row["timed_out"]),
            submitted_at=_time(row["submitted_at"]),
            retake_of=row["retake_of"],
            answers=answers,
            # A file read without migrating (a read-only look by the CLI) may predate the column.
            current_position=row.get("current_position"),
        )
