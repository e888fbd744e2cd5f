"""The learner's progress: one SQLite file with what was read and answered, and the FSRS schedule.

- `database`: checking and opening the file (StoreError, migration sets, write transactions).
- `schema`: the tables ("coldstart" migrations); docs/progress-database.md describes every column.
- `scheduling`: answers to FSRS ratings, cards to and from rows, retrievability.
- `store`: `open_store` and `ProgressStore`: recording, due reviews, cram, retake, topic progress.
- `ranking`: cram order and weakest topics (by the evidence of misses), as pure functions.
- `plan`: the plan to the exam date (days left, today's target, the 14-day forecast); reads, never reschedules.
- `stats`: `dashboard()`: streak, time studied, accuracy by day, readiness with its explanation.
- `transfer`: export, import (merge) and reset with a backup.
"""

from __future__ import annotations

from .database import MIGRATION_SETS, StoreError
from .stats import Dashboard, dashboard
from .store import SCHEDULED_MODES, AnswerResult, ProgressStore, QuestionState, TopicProgress, open_store
from .transfer import TransferError, export_progress, import_progress, read_export, reset_progress

__all__ = [
    "MIGRATION_SETS",
    "SCHEDULED_MODES",
    "AnswerResult",
    "Dashboard",
    "ProgressStore",
    "QuestionState",
    "StoreError",
    "TopicProgress",
    "TransferError",
    "dashboard",
    "export_progress",
    "import_progress",
    "open_store",
    "read_export",
    "reset_progress",
]
