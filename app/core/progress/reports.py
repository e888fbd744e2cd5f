"""Questions learners report from the app ("the key is wrong", "unclear", ...), for the course's instructor.

A report is one row of the `reports` table, written the moment the learner sends it. It keeps the content
hash of the version the learner saw, so `coldstart reports` can tell the instructor whether the question
has been edited since.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlite_utils import Database

from ..course.model import Course, Location, Question
from .database import transaction
from .scheduling import iso
from .schema import REPORT_REASONS, ReportReason, learner_id
from .store import ProgressStore

__all__ = ["MAX_NOTE", "REASON_LABELS", "Report", "list_reports", "report_question"]

# reason id -> how the learner and the instructor read it, in the order the app offers them
REASON_LABELS: dict[str, str] = {
    "wrong_key": "The answer key is wrong",
    "unclear": "The question is unclear",
    "outdated": "It is out of date (AWS changed)",
    "typo": "A typo",
    "other": "Something else",
}
assert tuple(REASON_LABELS) == REPORT_REASONS, "every reason the table accepts has a label, in order"

MAX_NOTE = 2000  # characters: a note, not an essay; the app's field stops there too


@dataclass(frozen=True)
class Report:
    """One report on a question."""

    id: str
    question_id: str
    content_hash: str  # the version the learner saw
    reason: str  # one of REPORT_REASONS
    note: str
    learner: str
    created_at: datetime

    @property
    def reason_label(self) -> str:
        return REASON_LABELS.get(self.reason, self.reason)

    def location(self, course: Course) -> Location | None:
        """Where the question is written now, or None if it is no longer in the course."""
        question = course.question(self.question_id)
        return question.location if question is not None else None

    def changed_since(self, course: Course) -> bool:
        """True if the question's stem, choices or key were edited after the report (False if retired)."""
        question = course.question(self.question_id)
        return question is not None and question.content_hash != self.content_hash

    def to_json(self, course: Course) -> dict[str, Any]:
        location = self.location(course)
        return {
            "id": self.id,
            "question_id": self.question_id,
            "reason": self.reason,
            "reason_label": self.reason_label,
            "note": self.note,
            "created_at": iso(self.created_at),
            "learner": self.learner,
            "content_hash": self.content_hash,
            "file": str(location.file) if location else None,
            "line": location.line if location else None,
            "in_course": course.question(self.question_id) is not None,
            "changed_since": self.changed_since(course),
        }


def report_question(store: ProgressStore, question: Question, reason: ReportReason, note: str = "") -> Report:
    """Store a report on `question` at once (one transaction) and return it."""
    if reason not in REPORT_REASONS:
        raise ValueError(f"unknown report reason {reason!r}; expected one of {', '.join(REPORT_REASONS)}")
    note = note.strip()[:MAX_NOTE]
    report_id = uuid.uuid4().hex
    created_at = store.now()
    with transaction(store.db):
        store.db.execute(
            "INSERT INTO reports (id, question_id, content_hash, reason, note, created_at) VALUES (?, ?, ?, ?, ?, ?)",
            [report_id, question.id, question.content_hash, reason, note, iso(created_at)],
        )
    return Report(report_id, question.id, question.content_hash, reason, note, learner_id(store.db), created_at)


def list_reports(db: Database) -> list[Report]:
    """Every report, newest first."""
    rows = db.execute(
        "SELECT id, question_id, content_hash, reason, note, learner, created_at FROM reports "
        "ORDER BY created_at DESC, rowid DESC"
    ).fetchall()
    return [
        Report(id=i, question_id=q, content_hash=h, reason=r, note=n, learner=lr, created_at=datetime.fromisoformat(t))
        for i, q, h, r, n, lr, t in rows
    ]
